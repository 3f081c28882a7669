#include "cli/progress.hpp"

#include <cstdio>

namespace geosim::cli {

Progress::Progress(std::uint64_t done, std::uint64_t total, bool enabled)
    : first_(done), total_(total), enabled_(enabled), start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::uint64_t done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250) && done < total_) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    // The rate counts only this process's runs, not those a resume found done.
    const double rate = seconds > 0 ? static_cast<double>(done - first_) / seconds : 0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0;
    std::fprintf(stderr, "\rsweep: %llu/%llu runs, %.1f runs/s, ETA %.0f s   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), rate, eta);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r%60s\r", "");
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace geosim::cli
