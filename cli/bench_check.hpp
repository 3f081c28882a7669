#pragma once
// What makes a `geosim bench` timing a measurement and not noise: repeats that agree, and a
// parallel efficiency no machine can exceed. docs/performance.md, "Reading geosim bench".
#include <string>
#include <vector>

namespace geosim::cli {

// The repeats of one timing may differ by at most this share of their median, (max - min) /
// median, or another load on the machine moved them.
constexpr double kBenchSpreadBound = 0.10;

// Times a disturbed measurement is taken again before it is reported as disturbed.
constexpr int kBenchAttempts = 3;

// (max - min) / median of the repeats; 0 for fewer than two.
double spread_of(const std::vector<double>& seconds);

// The median of the repeats.
double median_of(std::vector<double> seconds);

// Why the throughput measurement cannot be a result, one reason per line (empty when it can):
// 1-thread and `threads`-thread repeats of the same sweep, in seconds.
std::vector<std::string> throughput_doubts(const std::vector<double>& one, const std::vector<double>& many,
                                           int threads, double bound = kBenchSpreadBound);

// The same for the repeats of one timing (`what` names it in the reason).
std::vector<std::string> spread_doubts(const std::string& what, const std::vector<double>& seconds,
                                       double bound = kBenchSpreadBound);

// The exponent b of t = a n^b fitted by least squares to the logarithms of the sizes n and
// the times t (at least two distinct sizes).
double fitted_exponent(const std::vector<double>& n, const std::vector<double>& t);

}  // namespace geosim::cli
