#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace geosim::cli {

// The current UTC time in strftime's `format`, e.g. "%Y%m%d-%H%M%S".
std::string utc_stamp(const char* format);

// results/<name>-<UTC time>, with a counter appended if that exists already, so two commands
// started in the same second do not collide.
std::filesystem::path default_results_dir(const std::string& name);

// Checks, before any work, that a results folder can be made at `out`, which must not exist or
// be an empty folder: UsageError when it is a file, a symbolic link or a folder with files in it;
// IoError naming the folder and the system's reason when the nearest existing folder above it
// cannot be written.
void check_destination(const std::filesystem::path& out);

struct Args;
// The --out of `args`, checked at once (check_destination); none when not given.
std::optional<std::filesystem::path> out_option(const Args& args);
// `out`, or else default_results_dir(name) checked the same way.
std::filesystem::path destination(const std::optional<std::filesystem::path>& out, const std::string& name);

// "geosim <command> <args...>", as the manifest records the command that made the results.
std::string command_text(const std::string& command, const std::vector<std::string>& argv);

}  // namespace geosim::cli
