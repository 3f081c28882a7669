#include "cli/results_dir.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "cli/args.hpp"
#include "engine/core/error.hpp"

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

void check_destination(const fs::path& out) {
    // (Built by appending: GCC 12 warns, wrongly, about "'" + a temporary string.)
    const std::string name = std::string("'").append(out.string()).append("'");
    fs::path p = out.lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    if (p.empty()) throw UsageError("--out is empty; give a folder that does not exist or is empty");
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(p, ec);
    if (fs::is_symlink(status))
        throw UsageError(name + " is a symbolic link; give a folder that does not exist or is empty");
    if (fs::exists(status)) {
        if (!fs::is_directory(status)) throw UsageError(name + " exists and is not a folder");
        if (!fs::is_empty(p, ec) || ec) throw UsageError(name + " exists and is not empty");
    }
    // The results are assembled in a sibling folder and renamed: the folder above must take new
    // entries (and so must the nearest existing one, when folders above are missing).
    // A relative path whose folders are all missing (the default results/NAME) ends at the
    // working folder.
    fs::path parent = p.parent_path();
    while (!parent.empty() && !fs::exists(fs::symlink_status(parent, ec)) && parent != parent.parent_path())
        parent = parent.parent_path();
    if (parent.empty()) parent = ".";
    if (!fs::is_directory(parent, ec))
        throw UsageError("cannot write results to " + name + ": '" + parent.string() + "' is not a folder");
    if (::access(parent.c_str(), W_OK | X_OK) != 0)
        throw IoError("cannot write results to " + name + ": '" + parent.string() + "' is not writable (" +
                      std::strerror(errno) + ")");
}

std::optional<fs::path> out_option(const Args& args) {
    const std::optional<std::string> out = args.get("out");
    if (!out) return std::nullopt;
    check_destination(*out);
    return fs::path(*out);
}

fs::path destination(const std::optional<fs::path>& out, const std::string& name) {
    if (out) return *out;
    const fs::path dir = default_results_dir(name);
    check_destination(dir);
    return dir;
}

std::string command_text(const std::string& command, const std::vector<std::string>& argv) {
    std::string text = "geosim " + command;
    for (const auto& a : argv) text.append(" ").append(a);
    return text;
}

}  // namespace geosim::cli
