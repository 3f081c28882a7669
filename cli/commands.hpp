#pragma once
#include <string>
#include <vector>

namespace geosim::cli {

// One subcommand of `geosim`: its name, a one-line summary, its usage and help text.
struct Command {
    const char* name;
    const char* summary;
    const char* usage;
    const char* help;
    int (*main)(const std::vector<std::string>& args);
};

const std::vector<Command>& commands();

int run_main(const std::vector<std::string>& args);
int compare_main(const std::vector<std::string>& args);
int sweep_main(const std::vector<std::string>& args);
int merge_main(const std::vector<std::string>& args);
int analyze_main(const std::vector<std::string>& args);
int validate_main(const std::vector<std::string>& args);
int list_main(const std::vector<std::string>& args);
int report_main(const std::vector<std::string>& args);
int serve_main(const std::vector<std::string>& args);
int bench_main(const std::vector<std::string>& args);

}  // namespace geosim::cli
