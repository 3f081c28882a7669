#include "outputs/output_dir.hpp"

#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <system_error>

#include "engine/error.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

// "results/run1/" names the same directory as "results/run1"; the temporary sibling is built
// from the last component, so drop the trailing separator.
fs::path without_trailing_separator(const fs::path& p) {
    fs::path normal = p.lexically_normal();
    return normal.has_filename() ? normal : normal.parent_path();
}

}  // namespace

OutputDir::OutputDir(const fs::path& final_path) : final_(without_trailing_separator(final_path)) {
    if (final_.empty()) throw std::invalid_argument("output directory: empty path");
    try {
        if (final_.has_parent_path()) fs::create_directories(final_.parent_path());
        // The counter keeps two OutputDirs of one process apart; the pid keeps processes apart. A
        // name left by a crashed process that had the same pid is skipped, not reused.
        static std::atomic<unsigned> counter{0};
        const std::string prefix =
            final_.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-";
        do {
            temp_ = final_.parent_path() / (prefix + std::to_string(counter++));
        } while (!fs::create_directory(temp_));
    } catch (const fs::filesystem_error& e) {
        // Permissions, a read-only or full file system: the system's problem, named.
        throw IoError("cannot create '" + e.path1().string() + "': " + e.code().message());
    }
}

OutputDir::~OutputDir() {
    if (committed_) return;
    std::error_code ignored;  // a destructor must not throw; at worst a temporary dir remains
    fs::remove_all(temp_, ignored);
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
}

}  // namespace geosim
