#include "cli/args.hpp"

#include <charconv>

#include "engine/core/error.hpp"

namespace geosim::cli {

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

std::optional<long long> Args::get_int(const std::string& name, long long lo, long long hi) const {
    const auto text = get(name);
    if (!text) return std::nullopt;
    long long v = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc{} || end != text->data() + text->size())
        throw UsageError("--" + name + " expects a whole number, got '" + *text + "'");
    if (v < lo || v > hi)
        throw UsageError("--" + name + " must be between " + std::to_string(lo) + " and " +
                         std::to_string(hi) + ", got " + *text);
    return v;
}

Args parse_args(const std::vector<std::string>& argv, const std::vector<OptionSpec>& options) {
    Args args;
    std::vector<std::string> names;
    for (const auto& o : options) names.push_back("--" + o.name);
    for (std::size_t k = 0; k < argv.size(); ++k) {
        const std::string& a = argv[k];
        if (a.size() < 2 || a.rfind("--", 0) != 0) {
            if (a.size() > 1 && a[0] == '-') throw UsageError("unknown option '" + a + "'" + did_you_mean(a, names));
            args.positional.push_back(a);
            continue;
        }
        std::string name = a.substr(2);
        std::optional<std::string> inline_value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const OptionSpec* spec = nullptr;
        for (const auto& o : options)
            if (o.name == name) spec = &o;
        if (!spec) throw UsageError("unknown option '--" + name + "'" + did_you_mean("--" + name, names));
        if (!spec->takes_value) {
            if (inline_value) throw UsageError("--" + name + " takes no value");
            args.values[name] = "";
        } else if (inline_value) {
            args.values[name] = *inline_value;
        } else {
            if (k + 1 >= argv.size()) throw UsageError("--" + name + " needs a value");
            args.values[name] = argv[++k];
        }
    }
    return args;
}

}  // namespace geosim::cli
