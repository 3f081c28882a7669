#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

// Starts a program from the source tree without a shell, so the pid is the program's own, with
// its output in files; and waits for it with a limit, for tests that kill processes.
namespace geosim::test {

inline pid_t spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err,
                   const std::vector<std::pair<std::string, std::string>>& env = {}) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);  // its own process group, so a test can end it and its children
        if (::chdir(GEOSIM_SOURCE_DIR) != 0) ::_exit(127);
        const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ::dup2(o, 1);
        ::dup2(e, 2);
        for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

// Starts `geosim ARGS...` from the source tree with its output discarded.
inline pid_t spawn_geosim(const std::vector<std::string>& args) {
    std::vector<std::string> argv{GEOSIM_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return spawn(argv, "/dev/null", "/dev/null");
}

// Waits up to `limit` for `pid`; returns its wait status, or -1 after killing its process group
// when it did not end in time.
inline int wait_for(pid_t pid, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status;
}

// Waits up to `limit` for `file` to appear (a sweep's journal, say, before a test kills the
// sweep); true when it did.
inline bool wait_until_exists(const std::filesystem::path& file, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!std::filesystem::exists(file) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return std::filesystem::exists(file);
}

// Kills `pid` with SIGKILL and reaps it; returns its wait status.
inline int kill_and_reap(pid_t pid) {
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

}  // namespace geosim::test
