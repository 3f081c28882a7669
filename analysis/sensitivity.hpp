#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "analysis/progress_fn.hpp"

namespace geosim {

class Stream;

// Runs fn(r, stream) for every resample r in [0, resamples) on `threads` threads (0: as many
// as the machine has), resample r drawing from the stream keyed (seed, r, purpose), so the
// results are the same bits for any thread count. `progress` is told the resamples done, from
// the worker threads but never from two at once (a count that arrives while another is being
// told is dropped).
void for_each_resample(std::size_t resamples, std::uint64_t seed, const char* purpose, int threads,
                       const ProgressFn& progress, const std::function<void(std::size_t, Stream&)>& fn);

// An index in [0, n) from one 64-bit draw: its high 64 bits times n (bias below n / 2^64).
std::size_t draw_index(Stream& stream, std::size_t n);

// First-order and total Sobol indices of one outcome from a Saltelli design (docs/sensitivity.md).
// `y` holds the outcome of n base points, k + 2 values each in the design's run order: f(A_j),
// f(B_j), f(AB_j^(1)), ..., f(AB_j^(k)).
struct SobolIndex {
    double s1 = 0, s1_lo = 0, s1_hi = 0;  // first order and its bootstrap interval
    double st = 0, st_lo = 0, st_hi = 0;  // total and its bootstrap interval
};

// The point estimates over the base points `points` (indices into y's base points, repeats
// allowed): V the variance of f(A) and f(B) together, S_i = mean(f(B)(f(AB_i) - f(A))) / V
// (Saltelli et al. 2010, with f(B) centred on the mean of f(A) and f(B)), S_Ti =
// mean((f(A) - f(AB_i))^2) / (2V) (Jansen 1999). NaN when V is 0. Writes k values to each.
void sobol_estimates(const std::vector<double>& y, std::size_t k, const std::vector<std::size_t>& points,
                     double* s1, double* st);

// The estimates over all n base points and 95% percentile bootstrap intervals from `resamples`
// resamples of the base points with replacement. Resample r draws its points from the stream
// keyed (seed, r, "analyze:bootstrap"), so the result is the same bits for any `threads`.
// `progress` is told the resamples done of `resamples`, from the worker threads but never from
// two at once (a count that arrives while another is being told is dropped).
std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t k, std::size_t resamples,
                                      std::uint64_t seed, int threads, const ProgressFn& progress = {});

// The q-quantile (0 <= q <= 1) of `sorted` by linear interpolation between order statistics
// (Hyndman and Fan's type 7, R's default); NaN when empty.
double sorted_quantile(const std::vector<double>& sorted, double q);

// The 95% percentile interval of column `column` of bootstrap estimates laid out row by row
// (`resamples` rows of `width` values), leaving out NaN estimates: {2.5%, 97.5%} quantiles.
std::pair<double, double> bootstrap_interval(const std::vector<double>& estimates, std::size_t resamples,
                                             std::size_t width, std::size_t column);

}  // namespace geosim
