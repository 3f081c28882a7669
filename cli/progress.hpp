#pragma once
#include <chrono>
#include <cstdint>

namespace geosim::cli {

// A one-line progress report on stderr ("sweep: 120/200 runs, 45.3 runs/s, ETA 2 s"), redrawn
// at most four times a second. Silent unless enabled (a terminal and no --quiet), so that logs
// and tests see no carriage returns. `label` and `unit` name the work and what is counted
// ("analyze, reading runs.csv", "rows"); they must outlive the Progress.
class Progress {
public:
    Progress(std::uint64_t done, std::uint64_t total, bool enabled, const char* label = "sweep",
             const char* unit = "runs");
    // `done` runs of `total` are complete (counting those done before a resume). A first call
    // with nothing done restarts the clock of the rate.
    void update(std::uint64_t done);
    // The same when the total is only known as the work goes (an estimate that may change).
    void update(std::uint64_t done, std::uint64_t total);
    // Clears the line.
    void finish();

private:
    std::uint64_t first_;
    std::uint64_t total_;
    bool enabled_;
    const char* label_;
    const char* unit_;
    bool drawn_ = false;
    int width_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace geosim::cli
