#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "analysis/task_order.hpp"
#include "engine/core/rng.hpp"

namespace geosim {

void sobol_estimates(const std::vector<double>& y, std::size_t k, const std::vector<std::size_t>& points,
                     double* s1, double* st) {
    const std::size_t stride = k + 2;
    const double n = static_cast<double>(points.size());
    double mean = 0;
    for (std::size_t j : points) mean += y[j * stride] + y[j * stride + 1];
    mean /= 2 * n;
    double var = 0;
    for (std::size_t j : points) {
        const double a = y[j * stride] - mean, b = y[j * stride + 1] - mean;
        var += a * a + b * b;
    }
    var /= 2 * n;
    for (std::size_t i = 0; i < k; ++i) {
        double first = 0, total = 0;
        for (std::size_t j : points) {
            const double a = y[j * stride], b = y[j * stride + 1], ab = y[j * stride + 2 + i];
            first += (b - mean) * (ab - a);
            total += (a - ab) * (a - ab);
        }
        s1[i] = var > 0 ? first / n / var : std::nan("");
        st[i] = var > 0 ? total / n / (2 * var) : std::nan("");
    }
}

void for_each_resample(std::size_t resamples, std::uint64_t seed, const char* purpose, int threads,
                       const ProgressFn& progress, const std::function<void(std::size_t, Stream&)>& fn) {
    std::atomic<std::size_t> done{0};
    std::mutex telling;
    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    TaskOrder order;  // for ThreadSanitizer only (analysis/task_order.hpp)
    // A range and a body that oneTBB copies: the index form would have the workers read this
    // thread's lambda in place, `order` included, before they can acquire.
    const auto body = [&](const tbb::blocked_range<std::size_t>& range) {
        const TaskOrder::Step step(order);
        for (std::size_t r = range.begin(); r != range.end(); ++r) {
            Stream stream(seed, r, purpose_key(purpose), 0, 0, 0);
            fn(r, stream);
            const std::size_t d = ++done;
            // A worker never waits to report: the display only needs a recent count.
            if (progress && telling.try_lock()) {
                progress(d, resamples);
                telling.unlock();
            }
        }
    };
    order.release();
    arena.execute([&] { tbb::parallel_for(tbb::blocked_range<std::size_t>(0, resamples), body); });
    order.acquire();
}

std::size_t draw_index(Stream& stream, std::size_t n) {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(stream()) * n) >> 64);
}

double sorted_quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return std::nan("");
    const double h = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

std::pair<double, double> bootstrap_interval(const std::vector<double>& estimates, std::size_t resamples,
                                             std::size_t width, std::size_t column) {
    std::vector<double> v;
    for (std::size_t r = 0; r < resamples; ++r)
        if (const double x = estimates[r * width + column]; !std::isnan(x)) v.push_back(x);
    std::sort(v.begin(), v.end());
    return {sorted_quantile(v, 0.025), sorted_quantile(v, 0.975)};
}

std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t k, std::size_t resamples,
                                      std::uint64_t seed, int threads, const ProgressFn& progress) {
    const std::size_t n = y.size() / (k + 2);
    std::vector<SobolIndex> out(k);
    std::vector<std::size_t> all(n);
    for (std::size_t j = 0; j < n; ++j) all[j] = j;
    std::vector<double> s1(k), st(k);
    sobol_estimates(y, k, all, s1.data(), st.data());
    // boot[r * 2k + i]: resample r's S_i; boot[r * 2k + k + i]: its S_Ti. Each resample is
    // computed alone from its own stream, so the thread that computes it does not matter.
    std::vector<double> boot(resamples * 2 * k);
    for_each_resample(resamples, seed, "analyze:bootstrap", threads, progress, [&](std::size_t r, Stream& stream) {
        std::vector<std::size_t> points(n);
        for (auto& p : points) p = draw_index(stream, n);
        sobol_estimates(y, k, points, &boot[r * 2 * k], &boot[r * 2 * k + k]);
    });
    for (std::size_t i = 0; i < k; ++i) {
        const auto [a_lo, a_hi] = bootstrap_interval(boot, resamples, 2 * k, i);
        const auto [t_lo, t_hi] = bootstrap_interval(boot, resamples, 2 * k, k + i);
        out[i] = {s1[i], a_lo, a_hi, st[i], t_lo, t_hi};
    }
    return out;
}

}  // namespace geosim
