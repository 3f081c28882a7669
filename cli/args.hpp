#pragma once
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace geosim::cli {

// Wrong use of the command line: printed with the command's usage, exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Options of one subcommand: `--name VALUE` (takes a value) or `--flag`.
struct OptionSpec {
    std::string name;   // without the dashes
    bool takes_value;
};

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;  // options given, flags map to ""
    bool has(const std::string& name) const { return values.count(name) > 0; }
    std::optional<std::string> get(const std::string& name) const;
    // A whole number option in [lo, hi]; UsageError otherwise.
    std::optional<long long> get_int(const std::string& name, long long lo, long long hi) const;
};

// Parses argv (after the subcommand). Unknown options get a did-you-mean. `--name=value` works.
Args parse_args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& options);

}  // namespace geosim::cli
