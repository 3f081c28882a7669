#include "analysis/pawn.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/sensitivity.hpp"
#include "engine/core/rng.hpp"

namespace geosim {

PawnSample::Sorted PawnSample::sort_values(const std::vector<double>& values) {
    Sorted s;
    s.order.resize(values.size());
    std::iota(s.order.begin(), s.order.end(), 0u);
    std::stable_sort(s.order.begin(), s.order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return values[a] < values[b]; });
    for (std::size_t k = 0; k < s.order.size(); ++k)
        if (k == 0 || values[s.order[k]] != values[s.order[k - 1]]) s.group.push_back(static_cast<std::uint32_t>(k));
    s.group.push_back(static_cast<std::uint32_t>(s.order.size()));
    return s;
}

PawnSample::PawnSample(const std::vector<std::vector<double>>& inputs) {
    n_ = inputs.empty() ? 0 : inputs.front().size();
    for (const auto& x : inputs) by_x_.push_back(sort_values(x));
}

void PawnSample::estimate(const std::vector<double>& y, const std::vector<std::uint32_t>& weight, std::size_t classes,
                          double* median, double* max, std::size_t* made) const {
    estimate_sorted(sort_values(y), weight, classes, median, max, made);
}

void PawnSample::estimate_sorted(const Sorted& by_y, const std::vector<std::uint32_t>& weight, std::size_t classes,
                                 double* median, double* max, std::size_t* made) const {
    std::uint64_t total = 0;
    for (std::uint32_t w : weight) total += w;
    std::vector<std::uint32_t> cls(n_);
    std::vector<std::uint64_t> size, seen;
    std::vector<double> distance;
    std::vector<std::size_t> stamp;
    std::vector<std::uint32_t> touched;
    for (std::size_t i = 0; i < by_x_.size(); ++i) {
        const Sorted& s = by_x_[i];
        // Intervals: whole groups of equal x, cut once the weight so far reaches the next share.
        std::uint64_t cum = 0;
        std::size_t current = 0;
        size.assign(1, 0);
        for (std::size_t g = 0; g + 1 < s.group.size(); ++g) {
            for (std::uint32_t k = s.group[g]; k < s.group[g + 1]; ++k) {
                cls[s.order[k]] = static_cast<std::uint32_t>(current);
                cum += weight[s.order[k]];
                size[current] += weight[s.order[k]];
            }
            const bool more = g + 2 < s.group.size();
            if (more && current + 1 < classes && size[current] > 0 &&
                cum * classes >= static_cast<std::uint64_t>(current + 1) * total) {
                ++current;
                size.push_back(0);
            }
        }
        const std::size_t m = size.size();
        seen.assign(m, 0);
        distance.assign(m, 0.0);
        stamp.assign(m, static_cast<std::size_t>(-1));
        std::uint64_t all = 0;
        const double n_all = static_cast<double>(total);
        auto gap = [&](std::uint32_t c) {
            const double d = std::fabs(static_cast<double>(all) / n_all -
                                       static_cast<double>(seen[c]) / static_cast<double>(size[c]));
            distance[c] = std::max(distance[c], d);
        };
        // Between two steps of interval c's distribution function only F moves, and it only
        // rises, so |F - F_c| is largest just before or just after one of c's steps.
        for (std::size_t g = 0; g + 1 < by_y.group.size(); ++g) {
            touched.clear();
            for (std::uint32_t k = by_y.group[g]; k < by_y.group[g + 1]; ++k) {
                const std::uint32_t r = by_y.order[k];
                if (weight[r] == 0 || stamp[cls[r]] == g) continue;
                stamp[cls[r]] = g;
                touched.push_back(cls[r]);
                gap(cls[r]);
            }
            for (std::uint32_t k = by_y.group[g]; k < by_y.group[g + 1]; ++k) {
                const std::uint32_t r = by_y.order[k];
                all += weight[r];
                seen[cls[r]] += weight[r];
            }
            for (std::uint32_t c : touched) gap(c);
        }
        std::vector<double> kept;
        for (std::size_t c = 0; c < m; ++c)
            if (size[c] > 0) kept.push_back(distance[c]);
        std::sort(kept.begin(), kept.end());
        median[i] = sorted_quantile(kept, 0.5);
        max[i] = kept.empty() ? std::nan("") : kept.back();
        if (made) made[i] = kept.size();
    }
}

std::vector<PawnIndex> pawn_indices(const PawnSample& sample, const std::vector<double>& y, std::size_t classes,
                                    std::size_t resamples, std::uint64_t seed, int threads, const ProgressFn& progress) {
    const std::size_t n = sample.runs(), k = sample.inputs();
    std::vector<PawnIndex> out(k);
    std::vector<double> median(k), max(k);
    std::vector<std::size_t> made(k);
    // The order of the runs by y is the same in every resample: sorted once.
    const PawnSample::Sorted by_y = PawnSample::sort_values(y);
    sample.estimate_sorted(by_y, std::vector<std::uint32_t>(n, 1), classes, median.data(), max.data(), made.data());
    // boot[r * 2k + i]: resample r's median for input i; boot[r * 2k + k + i]: its maximum.
    std::vector<double> boot(resamples * 2 * k);
    for_each_resample(resamples, seed, "analyze:pawn", threads, progress, [&](std::size_t r, Stream& stream) {
        std::vector<std::uint32_t> weight(n, 0);
        for (std::size_t d = 0; d < n; ++d) ++weight[draw_index(stream, n)];
        sample.estimate_sorted(by_y, weight, classes, &boot[r * 2 * k], &boot[r * 2 * k + k], nullptr);
    });
    for (std::size_t i = 0; i < k; ++i) {
        const auto [m_lo, m_hi] = bootstrap_interval(boot, resamples, 2 * k, i);
        const auto [x_lo, x_hi] = bootstrap_interval(boot, resamples, 2 * k, k + i);
        out[i] = {median[i], m_lo, m_hi, max[i], x_lo, x_hi, made[i]};
    }
    return out;
}

double pawn_noise_level(std::size_t n, std::size_t m) {
    if (m == 0 || m >= n) return std::nan("");
    return std::sqrt(-std::log(0.025) / 2) *
           std::sqrt(1.0 / static_cast<double>(m) - 1.0 / static_cast<double>(n));
}

}  // namespace geosim
