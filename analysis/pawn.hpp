#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "analysis/progress_fn.hpp"

namespace geosim {

// PAWN, a moment-independent sensitivity measure that works on any sample of runs (Pianosi and
// Wagener 2015, Environ. Model. Softw. 67:1-11; its "given data" form, Pianosi and Wagener 2018,
// Environ. Model. Softw. 108:197-207; docs/sensitivity.md). The runs are split by the value of
// input i into `classes` intervals holding about as many runs each; in each interval the
// Kolmogorov-Smirnov distance between the outcome's empirical distribution over all runs and
// over the interval's runs measures how much knowing that x_i lies there changes the
// outcome's distribution, not only its mean or variance. The index is the median (and, as a
// second figure, the maximum) of those distances over the intervals: 0 when the outcome does not
// depend on the input at all, up to 1.
//
// Intervals: the runs sorted by x_i (the lower run first on ties) are cut after the run that
// brings the count to k x runs / classes or more, k = 1 .. classes - 1, but never between runs of
// equal x_i, so an input with fewer distinct values than `classes` has one interval per value and
// fewer intervals. The distance of an interval is the largest |F(y) - F_m(y)| over y, F and F_m
// the empirical distribution functions (ties of y are one step).
struct PawnIndex {
    double median = 0, median_lo = 0, median_hi = 0;  // the median and its bootstrap interval
    double max = 0, max_lo = 0, max_hi = 0;           // the maximum and its bootstrap interval
    std::size_t classes = 0;                          // intervals the input's values made
};

// Sorted views of a sample, computed once and shared by every outcome and resample.
class PawnSample {
public:
    // inputs[i][r]: input i of run r; all of equal length n >= 1.
    explicit PawnSample(const std::vector<std::vector<double>>& inputs);
    std::size_t runs() const { return n_; }
    std::size_t inputs() const { return by_x_.size(); }

    // The median and maximum KS distance of each input for outcome y (y[r] of run r) when run r
    // counts weight[r] times (1 for the sample itself, the multiplicities of a bootstrap
    // resample); `classes` >= 1. Writes inputs() values to each of median and max, and the
    // intervals made to `made` if given.
    void estimate(const std::vector<double>& y, const std::vector<std::uint32_t>& weight, std::size_t classes,
                  double* median, double* max, std::size_t* made = nullptr) const;

private:
    struct Sorted {
        std::vector<std::uint32_t> order;  // run ids by increasing value, ties by run id
        std::vector<std::uint32_t> group;  // index into order where each run of equal values starts, then n
    };
    static Sorted sort_values(const std::vector<double>& values);
    void estimate_sorted(const Sorted& by_y, const std::vector<std::uint32_t>& weight, std::size_t classes,
                         double* median, double* max, std::size_t* made) const;
    friend std::vector<PawnIndex> pawn_indices(const PawnSample&, const std::vector<double>&, std::size_t,
                                               std::size_t, std::uint64_t, int, const ProgressFn&);
    std::size_t n_ = 0;
    std::vector<Sorted> by_x_;
};

// The indices of outcome y over all runs of `sample`, with 95% percentile bootstrap intervals
// from `resamples` resamples of the runs with replacement; resample r draws its runs from the
// stream keyed (seed, r, "analyze:pawn"), so the result is the same bits for any `threads`.
// `progress` is told the resamples done, as sobol_indices tells it.
std::vector<PawnIndex> pawn_indices(const PawnSample& sample, const std::vector<double>& y, std::size_t classes,
                                    std::size_t resamples, std::uint64_t seed, int threads,
                                    const ProgressFn& progress = {});

// The Kolmogorov-Smirnov distance that chance alone exceeds with probability 0.05 between all n
// runs and an interval of m of them, when the outcome does not depend on the input: the
// interval's runs are then a random part of the whole, F - F_m = (n - m) / n (F_rest - F_m), and
// Smirnov's two-sample limit for m and n - m runs gives sqrt(-ln(0.025) / 2) sqrt(1/m - 1/n)
// = 1.358 sqrt(1/m - 1/n). The median over intervals is lower by chance, so this marks noise
// conservatively. NaN when m is 0 or m >= n.
double pawn_noise_level(std::size_t n, std::size_t m);

}  // namespace geosim
