#include "engine/prim.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace geosim {

namespace {

PrimBox measure(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                const std::vector<double>& lo, const std::vector<double>& hi, std::size_t total_interest) {
    PrimBox box{lo, hi, 0, 0, 0, 0, 0};
    for (std::size_t r = 0; r < x.size(); ++r) {
        bool inside = true;
        for (std::size_t c = 0; c < lo.size() && inside; ++c) inside = x[r][c] >= lo[c] && x[r][c] <= hi[c];
        if (!inside) continue;
        ++box.runs;
        if (interest[r]) ++box.interesting;
    }
    box.support = static_cast<double>(box.runs) / static_cast<double>(x.size());
    box.coverage = total_interest > 0 ? static_cast<double>(box.interesting) / static_cast<double>(total_interest) : 0;
    box.density = box.runs > 0 ? static_cast<double>(box.interesting) / static_cast<double>(box.runs) : 0;
    return box;
}

}  // namespace

PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                const PrimOptions& options) {
    const std::size_t cols = x.front().size();
    std::size_t total_interest = 0;
    for (bool i : interest) total_interest += i ? 1 : 0;
    std::vector<double> lo(cols, INFINITY), hi(cols, -INFINITY);
    for (const auto& row : x)
        for (std::size_t c = 0; c < cols; ++c) {
            lo[c] = std::min(lo[c], row[c]);
            hi[c] = std::max(hi[c], row[c]);
        }
    PrimResult result;
    result.trajectory.push_back(measure(x, interest, lo, hi, total_interest));
    const auto min_runs = static_cast<double>(x.size()) * options.min_support;
    std::vector<double> values;
    while (true) {
        const PrimBox& box = result.trajectory.back();
        if (box.density >= 1) break;
        const auto peel = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(options.alpha * static_cast<double>(box.runs))));
        std::optional<PrimBox> best;
        double best_gain = 0;
        for (std::size_t c = 0; c < cols; ++c) {
            values.clear();
            for (const auto& row : x) {
                bool inside = true;
                for (std::size_t d = 0; d < cols && inside; ++d) inside = row[d] >= box.lo[d] && row[d] <= box.hi[d];
                if (inside) values.push_back(row[c]);
            }
            std::sort(values.begin(), values.end());
            if (peel >= values.size()) continue;
            for (int side = 0; side < 2; ++side) {
                std::vector<double> nlo = box.lo, nhi = box.hi;
                if (side == 0) {
                    // Keep values above the peel-th smallest.
                    const auto it = std::upper_bound(values.begin(), values.end(), values[peel - 1]);
                    if (it == values.end()) continue;
                    nlo[c] = *it;
                } else {
                    const auto it = std::lower_bound(values.begin(), values.end(), values[values.size() - peel]);
                    if (it == values.begin()) continue;
                    nhi[c] = *(it - 1);
                }
                PrimBox candidate = measure(x, interest, nlo, nhi, total_interest);
                if (static_cast<double>(candidate.runs) < min_runs) continue;
                // Friedman and Fisher's criterion: the gain in density per run removed, so that a
                // peel of many tied values must earn its larger cut.
                const double gain = (candidate.density - box.density) / static_cast<double>(box.runs - candidate.runs);
                if (!best || gain > best_gain) {
                    best = std::move(candidate);
                    best_gain = gain;
                }
            }
        }
        if (!best) break;
        result.trajectory.push_back(std::move(*best));
    }
    double best_density = -1;
    for (std::size_t b = 0; b < result.trajectory.size(); ++b) {
        const PrimBox& box = result.trajectory[b];
        if (box.coverage >= options.min_coverage && box.density > best_density) {
            best_density = box.density;
            result.chosen = b;
        }
    }
    return result;
}

}  // namespace geosim
