#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace geosim {

// Running mean and variance of a stream of values (Welford's update). Memory does not grow
// with the number of values, and unlike sum-of-squares formulas it loses no precision when the
// mean is large against the spread (GDP in USD bn, differences of a few millions).
struct RunningStats {
    std::uint64_t count = 0;
    double mean = 0;
    double m2 = 0;  // sum of squared deviations from the running mean

    void add(double x);
    // Adds `other`'s values as if they had been added after this one's: the pairwise update of
    // Chan, Golub and LeVeque (n = na + nb, delta = mean_b - mean_a, mean = mean_a + delta nb / n,
    // m2 = m2_a + m2_b + delta^2 na nb / n). Exact when either side is empty; otherwise equal to
    // adding the values one by one up to rounding, so callers merge in a fixed order.
    void merge(const RunningStats& other);
    double variance() const;  // sample variance (divides by count - 1); NaN below 2 values
    double sd() const;        // sqrt(variance())
};

// The t such that a Student's t variable with n - 1 degrees of freedom lies in [-t, t] with
// probability `level` (0.90 gives t(0.95, n - 1)). NaN for n < 2.
double t_critical(double level, std::uint64_t n);

// Half-width of the t interval of the mean of n values with sample standard deviation sd:
// t * sd / sqrt(n), with t = t_critical(level, n) (computed once for many rows of n runs).
double t_half_width(double t, double sd, std::uint64_t n);

// Per-row statistics of paired runs of a baseline and an alternative: the mean of base, the
// mean of alt and the running mean and variance of the paired difference alt - base. A row is
// one recorded value of a run (an indicator of an agent at a step). The bits depend on the
// order runs are added in, so callers add them in run-id order.
class PairedStats {
public:
    PairedStats() = default;
    explicit PairedStats(std::size_t rows) : rows_(rows) {}

    // Folds one run; base and alt hold one value per row. Throws std::invalid_argument when
    // their sizes differ from rows().
    void add(std::span<const double> base, std::span<const double> alt);

    std::size_t rows() const { return rows_.size(); }
    std::uint64_t runs() const { return runs_; }
    double base_mean(std::size_t row) const { return rows_[row].base; }
    double alt_mean(std::size_t row) const { return rows_[row].alt; }
    // Mean of alt - base over runs (not alt_mean - base_mean, which may differ in the last bit).
    double diff_mean(std::size_t row) const { return rows_[row].diff; }
    double diff_sd(std::size_t row) const;  // sample sd of alt - base; NaN below 2 runs

private:
    struct Row {
        double base = 0;
        double alt = 0;
        double diff = 0;
        double diff_m2 = 0;
    };
    std::vector<Row> rows_;
    std::uint64_t runs_ = 0;
};

}  // namespace geosim
