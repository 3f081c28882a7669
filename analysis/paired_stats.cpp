#include "analysis/paired_stats.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace geosim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Welford's step for the n-th value x: the mean moves by (x - mean) / n.
double update_mean(double& mean, double x, std::uint64_t n) {
    const double delta = x - mean;
    mean += delta / static_cast<double>(n);
    return delta;
}

// The same step, also adding x's squared deviation (against the old and the new mean) to m2.
void update_mean_m2(double& mean, double& m2, double x, std::uint64_t n) {
    const double delta = update_mean(mean, x, n);
    m2 += delta * (x - mean);
}

double sample_variance(double m2, std::uint64_t n) {
    return n < 2 ? kNaN : m2 / static_cast<double>(n - 1);
}

}  // namespace

void RunningStats::add(double x) {
    ++count;
    update_mean_m2(mean, m2, x, count);
}

void RunningStats::merge(const RunningStats& other) {
    if (other.count == 0) return;
    if (count == 0) {
        *this = other;
        return;
    }
    const double na = static_cast<double>(count);
    const double nb = static_cast<double>(other.count);
    const double n = na + nb;
    const double delta = other.mean - mean;
    mean += delta * (nb / n);
    m2 += other.m2 + delta * delta * (na * nb / n);
    count += other.count;
}

double RunningStats::variance() const { return sample_variance(m2, count); }

double RunningStats::sd() const { return std::sqrt(variance()); }

double t_critical(double level, std::uint64_t n) {
    if (n < 2) return kNaN;
    const boost::math::students_t dist(static_cast<double>(n - 1));
    return boost::math::quantile(dist, 1 - (1 - level) / 2);
}

double t_half_width(double t, double sd, std::uint64_t n) {
    return t * sd / std::sqrt(static_cast<double>(n));
}

void PairedStats::add(std::span<const double> base, std::span<const double> alt) {
    if (base.size() != rows_.size() || alt.size() != rows_.size())
        throw std::invalid_argument("PairedStats::add: a run has " + std::to_string(base.size()) +
                                    " base and " + std::to_string(alt.size()) +
                                    " alt values for " + std::to_string(rows_.size()) + " rows");
    ++runs_;
    for (std::size_t k = 0; k < rows_.size(); ++k) {
        Row& r = rows_[k];
        update_mean(r.base, base[k], runs_);
        update_mean(r.alt, alt[k], runs_);
        update_mean_m2(r.diff, r.diff_m2, alt[k] - base[k], runs_);
    }
}

double PairedStats::diff_sd(std::size_t row) const {
    return std::sqrt(sample_variance(rows_[row].diff_m2, runs_));
}

}  // namespace geosim
