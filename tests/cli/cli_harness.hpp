#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

// Runs the real geosim binary, as a user would, and captures what it prints.
namespace geosim::test {

namespace fs = std::filesystem;

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A fresh temporary directory, removed when the test ends.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("geosim-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }
    fs::path write(const std::string& name, const std::string& text) const {
        const fs::path p = path_ / name;
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

private:
    fs::path path_;
};

struct Result {
    int code = -1;
    std::string out;
    std::string err;
};

// Runs `geosim ARGS` from the source tree (so scenarios/ resolves), capturing both streams;
// `wrapper`, if given, is a command that runs it (`setpriv ...`, say).
// The four-economy test world's text with its includes made absolute, so that a copy of it
// written in any folder loads (and a test can edit it there).
inline std::string tiny_world_text() {
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / "tests/data/tiny_world.yaml");
    const std::string up = "../../scenarios/";
    for (auto at = text.find(up); at != std::string::npos; at = text.find(up))
        text.replace(at, up.size(), (fs::path(GEOSIM_SOURCE_DIR) / "scenarios").string() + "/");
    return text;
}

inline Result run_geosim(const std::string& args, const std::string& wrapper = "") {
    TempDir io;
    const std::string cmd = std::string("cd '") + GEOSIM_SOURCE_DIR + "' && " + wrapper + " '" + GEOSIM_BINARY +
                            "' " + args + " >'" + (io / "out").string() + "' 2>'" +
                            (io / "err").string() + "'";
    const int status = std::system(cmd.c_str());
    Result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(io / "out");
    r.err = slurp(io / "err");
    return r;
}

}  // namespace geosim::test
