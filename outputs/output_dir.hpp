#pragma once
#include <filesystem>

namespace geosim {

// A results directory that appears whole or not at all. Writers fill a temporary sibling
// ("<final>.tmp-<pid>-<counter>"); commit() renames it to the final path in one step, and a
// run that fails before commit() leaves nothing behind, because the destructor removes it.
class OutputDir {
public:
    // Creates the temporary directory (and any missing parents of the final path), after removing
    // the temporaries of `final_path` that processes no longer running left (killed with
    // SIGKILL, say).
    // Throws std::invalid_argument for an empty path and IoError (naming the folder and the
    // system's reason) when a directory cannot be created.
    explicit OutputDir(const std::filesystem::path& final_path);
    ~OutputDir();
    OutputDir(const OutputDir&) = delete;
    OutputDir& operator=(const OutputDir&) = delete;

    // Where writers put files: the temporary directory, or the final one after commit().
    const std::filesystem::path& path() const { return committed_ ? final_ : temp_; }
    const std::filesystem::path& final_path() const { return final_; }

    // Moves the temporary directory to the final path. An existing empty directory there is
    // replaced; anything else there is left alone and std::runtime_error says why.
    void commit();

private:
    std::filesystem::path final_;
    std::filesystem::path temp_;
    bool committed_ = false;
};

// Removes the temporary directories of the OutputDirs alive in this process: what a command
// stopped by SIGINT or SIGTERM does before it ends (cli/main.cpp). No OutputDir of the process
// can be made afterwards (its constructor would wait for ever), so call it only on the way out.
void remove_output_temporaries();

}  // namespace geosim
