#include "cli/results_dir.hpp"

#include <ctime>

namespace geosim::cli {

namespace fs = std::filesystem;

std::string utc_stamp(const char* format) {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, format, &tm);
    return buf;
}

fs::path default_results_dir(const std::string& name) {
    const fs::path base = fs::path("results") / (name + "-" + utc_stamp("%Y%m%d-%H%M%S"));
    fs::path out = base;
    for (int k = 2; fs::exists(out); ++k) out = base.string() + "-" + std::to_string(k);
    return out;
}

std::string command_text(const std::string& command, const std::vector<std::string>& argv) {
    std::string text = "geosim " + command;
    for (const auto& a : argv) text.append(" ").append(a);
    return text;
}

}  // namespace geosim::cli
