#include "outputs/output_dir.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>

#include "engine/core/error.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

// "results/run1/" names the same directory as "results/run1"; the temporary sibling is built
// from the last component, so drop the trailing separator.
fs::path without_trailing_separator(const fs::path& p) {
    fs::path normal = p.lexically_normal();
    return normal.has_filename() ? normal : normal.parent_path();
}

// The temporary directories of this process's OutputDirs not yet committed or removed.
std::mutex g_live_mutex;
std::set<fs::path> g_live;

// Creates `temp` and records it in one step, so that remove_output_temporaries never misses a
// folder that exists; false when it exists already.
bool create_tracked(const fs::path& temp) {
    const std::lock_guard<std::mutex> lock(g_live_mutex);
    if (!fs::create_directory(temp)) return false;
    g_live.insert(temp);
    return true;
}

void untrack(const fs::path& temp) {
    const std::lock_guard<std::mutex> lock(g_live_mutex);
    g_live.erase(temp);
}

// Removes `<name>.tmp-<pid>-<n>` in `parent` whose process has ended: a process killed before it
// could clean up left it, and nothing else writes such a name.
void remove_stale_temporaries(const fs::path& parent, const std::string& name) {
    const std::string prefix = name + ".tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent.empty() ? fs::path(".") : parent, ec)) {
        const std::string file = entry.path().filename().string();
        if (file.rfind(prefix, 0) != 0) continue;
        const std::string rest = file.substr(prefix.size());
        const auto dash = rest.find('-');
        if (dash == 0 || dash == std::string::npos || rest.find_first_not_of("0123456789-") != std::string::npos)
            continue;
        const long pid = std::stol(rest.substr(0, dash));
        if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
            std::error_code ignored;
            fs::remove_all(entry.path(), ignored);
        }
    }
}

}  // namespace

void remove_output_temporaries() {
    // Held until the process ends: no OutputDir may create a folder after these are gone.
    g_live_mutex.lock();
    for (const fs::path& temp : g_live) {
        std::error_code ignored;
        fs::remove_all(temp, ignored);
    }
    g_live.clear();
}

OutputDir::OutputDir(const fs::path& final_path) : final_(without_trailing_separator(final_path)) {
    if (final_.empty()) throw std::invalid_argument("output directory: empty path");
    try {
        if (final_.has_parent_path()) fs::create_directories(final_.parent_path());
        remove_stale_temporaries(final_.parent_path(), final_.filename().string());
        // The counter keeps two OutputDirs of one process apart; the pid keeps processes apart. A
        // name left by a crashed process that had the same pid is skipped, not reused.
        static std::atomic<unsigned> counter{0};
        const std::string prefix =
            final_.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-";
        do {
            temp_ = final_.parent_path() / (prefix + std::to_string(counter++));
        } while (!create_tracked(temp_));
    } catch (const fs::filesystem_error& e) {
        // Permissions, a read-only or full file system: the system's problem, named.
        throw IoError("cannot create '" + e.path1().string() + "': " + e.code().message());
    }
}

OutputDir::~OutputDir() {
    if (committed_) return;
    std::error_code ignored;  // a destructor must not throw; at worst a temporary dir remains
    fs::remove_all(temp_, ignored);
    untrack(temp_);
}

void OutputDir::commit() {
    if (committed_)
        throw std::logic_error("output directory '" + final_.string() + "' committed twice");
    const fs::file_status status = fs::symlink_status(final_);
    if (fs::exists(status)) {
        if (!fs::is_directory(status))
            throw std::runtime_error("cannot write results to '" + final_.string() +
                                     "': it exists and is not a directory");
        if (!fs::is_empty(final_))
            throw std::runtime_error("cannot write results to '" + final_.string() +
                                     "': the directory exists and is not empty");
    }
    // rename(2) replaces an empty directory atomically, so the final path never goes missing.
    fs::rename(temp_, final_);
    committed_ = true;
    untrack(temp_);
}

}  // namespace geosim
