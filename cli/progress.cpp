#include "cli/progress.hpp"

#include <cstdio>

namespace geosim::cli {

Progress::Progress(std::uint64_t done, std::uint64_t total, bool enabled, const char* label, const char* unit)
    : first_(done), total_(total), enabled_(enabled), label_(label), unit_(unit),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::uint64_t done, std::uint64_t total) {
    total_ = total;
    update(done);
}

void Progress::update(std::uint64_t done) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    // Nothing done yet, before anything was drawn: the work starts now (what came before, such
    // as reading a file whole, would make the first rate too low).
    if (done == first_ && !drawn_) {
        start_ = last_ = now;
        return;
    }
    if (now - last_ < std::chrono::milliseconds(250) && done < total_) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    // The rate counts only this process's runs, not those a resume found done.
    const double rate = seconds > 0 ? static_cast<double>(done - first_) / seconds : 0;
    // An estimated total can fall short of what is done; the ETA is then 0, not a wrapped count.
    const double eta = rate > 0 && done < total_ ? static_cast<double>(total_ - done) / rate : 0;
    // The width drawn, so that finish() clears all of it whatever the label.
    width_ = std::fprintf(stderr, "\r%s: %llu/%llu %s, %.1f %s/s, ETA %.0f s   ", label_,
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), unit_, rate, unit_, eta);
    std::fflush(stderr);
    drawn_ = true;
}

void Progress::finish() {
    if (!drawn_) return;
    std::fprintf(stderr, "\r%*s\r", width_, "");
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace geosim::cli
