#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace geosim::cli {

// The current UTC time in strftime's `format`, e.g. "%Y%m%d-%H%M%S".
std::string utc_stamp(const char* format);

// results/<name>-<UTC time>, with a counter appended if that exists already, so two commands
// started in the same second do not collide.
std::filesystem::path default_results_dir(const std::string& name);

// "geosim <command> <args...>", as the manifest records the command that made the results.
std::string command_text(const std::string& command, const std::vector<std::string>& argv);

}  // namespace geosim::cli
