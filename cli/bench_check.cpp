#include "cli/bench_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace geosim::cli {

namespace {

std::string percent(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * x);
    return buf;
}

}  // namespace

double median_of(std::vector<double> seconds) {
    if (seconds.empty()) return 0;
    std::sort(seconds.begin(), seconds.end());
    const std::size_t m = seconds.size() / 2;
    return seconds.size() % 2 ? seconds[m] : 0.5 * (seconds[m - 1] + seconds[m]);
}

double spread_of(const std::vector<double>& seconds) {
    if (seconds.size() < 2) return 0;
    const auto [lo, hi] = std::minmax_element(seconds.begin(), seconds.end());
    return (*hi - *lo) / median_of(seconds);
}

std::vector<std::string> spread_doubts(const std::string& what, const std::vector<double>& seconds, double bound) {
    const double s = spread_of(seconds);
    if (s <= bound) return {};
    return {what + ": the repeats spread " + percent(s) + " of their median (max - min), above the " + percent(bound) +
            " bound"};
}

std::vector<std::string> throughput_doubts(const std::vector<double>& one, const std::vector<double>& many,
                                           int threads, double bound) {
    std::vector<std::string> doubts = spread_doubts("1 thread", one, bound);
    for (std::string& d : spread_doubts(std::to_string(threads) + " threads", many, bound)) doubts.push_back(std::move(d));
    // Efficiency = (runs / t_many) / (runs / t_one) / threads = t_one / (t_many * threads).
    const double efficiency = median_of(one) / (median_of(many) * threads);
    if (efficiency > 1)
        doubts.push_back("parallel efficiency " + percent(efficiency) +
                         " is above 100%, which no machine gives: the 1-thread timing was slowed by other work");
    return doubts;
}

double fitted_exponent(const std::vector<double>& n, const std::vector<double>& t) {
    const std::size_t k = std::min(n.size(), t.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < k; ++i) {
        mx += std::log(n[i]);
        my += std::log(t[i]);
    }
    mx /= static_cast<double>(k);
    my /= static_cast<double>(k);
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const double dx = std::log(n[i]) - mx;
        sxy += dx * (std::log(t[i]) - my);
        sxx += dx * dx;
    }
    return sxx > 0 ? sxy / sxx : 0.0;
}

}  // namespace geosim::cli
