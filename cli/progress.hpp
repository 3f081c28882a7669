#pragma once
#include <chrono>
#include <cstdint>

namespace geosim::cli {

// A one-line progress report on stderr ("sweep: 120/200 runs, 45.3 runs/s, ETA 2 s"), redrawn
// at most four times a second. Silent unless enabled (a terminal and no --quiet), so that logs
// and tests see no carriage returns.
class Progress {
public:
    Progress(std::uint64_t done, std::uint64_t total, bool enabled);
    // `done` runs of `total` are complete (counting those done before a resume).
    void update(std::uint64_t done);
    // Clears the line.
    void finish();

private:
    std::uint64_t first_;
    std::uint64_t total_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace geosim::cli
