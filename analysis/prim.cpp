#include "analysis/prim.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include <boost/math/special_functions/beta.hpp>

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

// Whether row lies within [lo, hi] on every column but `skip`.
bool inside_except(const std::vector<double>& row, const std::vector<double>& lo, const std::vector<double>& hi,
                   std::size_t skip) {
    for (std::size_t d = 0; d < lo.size(); ++d)
        if (d != skip && !(row[d] >= lo[d] && row[d] <= hi[d])) return false;
    return true;
}

// a denser than b, compared as fractions (interesting / runs) so that equal densities are equal
// whatever rounding would do; an empty box has density 0.
bool denser(const PrimBox& a, const PrimBox& b) {
    if (a.runs == 0) return false;
    if (b.runs == 0) return a.interesting > 0;
    return static_cast<unsigned __int128>(a.interesting) * b.runs > static_cast<unsigned __int128>(b.interesting) * a.runs;
}

// The bound of column c on `side` (0 lower, 1 upper) moved outward to take in the `take` nearest
// runs outside the box on that side that satisfy the other bounds (all of them if fewer), with
// any tied with the last; nullopt when there is no such run.
std::optional<double> pasted_bound(const std::vector<std::vector<double>>& x, const PrimBox& box, std::size_t c,
                                   int side, std::size_t take, std::vector<double>& values) {
    values.clear();
    for (const auto& row : x) {
        const bool beyond = side == 0 ? row[c] < box.lo[c] : row[c] > box.hi[c];
        if (beyond && inside_except(row, box.lo, box.hi, c)) values.push_back(row[c]);
    }
    if (values.empty()) return std::nullopt;
    const std::size_t k = std::min(take, values.size());
    // Nearest first: the largest values below the box, the smallest above it. The k-th nearest
    // is the new (inclusive) bound, so runs tied with it come in too.
    if (side == 0) {
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k - 1), values.end(),
                         std::greater<>());
    } else {
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k - 1), values.end());
    }
    return values[k - 1];
}

// The peels from `runs` runs until the next would leave fewer than min_runs, when each removes
// exactly ceil(alpha * runs in the box): the length of the trajectory without ties.
std::uint64_t expected_peels(std::size_t runs, double alpha, double min_runs) {
    std::uint64_t peels = 0;
    while (true) {
        const auto peel = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(alpha * static_cast<double>(runs))));
        if (peel >= runs || static_cast<double>(runs - peel) < min_runs) return peels;
        runs -= peel;
        ++peels;
    }
}

}  // namespace

PrimBox prim_paste(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest, const PrimBox& box,
                   const PrimOptions& options) {
    std::size_t total_interest = 0;
    for (bool i : interest) total_interest += i ? 1 : 0;
    PrimBox current = measure(x, interest, box.lo, box.hi, total_interest);
    std::vector<double> values;
    while (true) {
        const auto take = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(options.alpha * static_cast<double>(current.runs))));
        std::optional<PrimBox> best;
        for (std::size_t c = 0; c < current.lo.size(); ++c)
            for (int side = 0; side < 2; ++side) {
                const std::optional<double> bound = pasted_bound(x, current, c, side, take, values);
                if (!bound) continue;
                std::vector<double> nlo = current.lo, nhi = current.hi;
                (side == 0 ? nlo : nhi)[c] = *bound;
                PrimBox candidate = measure(x, interest, nlo, nhi, total_interest);
                // Strictly denser than the box and than any earlier candidate: ties keep the
                // first column and the lower side, and a paste that does not help is not taken.
                if (denser(candidate, best ? *best : current)) best = std::move(candidate);
            }
        if (!best) return current;
        current = std::move(*best);
    }
}

PrimResult prim(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                const PrimOptions& options, const ProgressFn& progress) {
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
    const std::uint64_t expected = progress ? expected_peels(x.size(), options.alpha, min_runs) : 0;
    if (progress) progress(0, expected);
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
        if (progress) {
            const std::uint64_t done = result.trajectory.size() - 1;
            progress(done, std::max(done, expected));
        }
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

double binomial_upper_tail(std::size_t n, std::size_t k, double p) {
    if (k == 0) return 1;
    if (k > n) return 0;
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    // P(X >= k) = I_p(k, n - k + 1), the regularised incomplete beta function.
    return boost::math::ibeta(static_cast<double>(k), static_cast<double>(n - k + 1), p);
}

bool prim_restricts(const PrimBox& box, const PrimBox& all, std::size_t c) {
    return box.lo[c] > all.lo[c] || box.hi[c] < all.hi[c];
}

std::vector<double> prim_quasi_p(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                                 const PrimBox& box, const PrimBox& all) {
    std::size_t total_interest = 0;
    for (bool i : interest) total_interest += i ? 1 : 0;
    std::vector<double> p(box.lo.size(), std::nan(""));
    for (std::size_t c = 0; c < box.lo.size(); ++c) {
        if (!prim_restricts(box, all, c)) continue;
        std::vector<double> lo = box.lo, hi = box.hi;
        lo[c] = all.lo[c];
        hi[c] = all.hi[c];
        const PrimBox wider = measure(x, interest, lo, hi, total_interest);
        p[c] = binomial_upper_tail(box.runs, box.interesting,
                                   static_cast<double>(wider.interesting) / static_cast<double>(wider.runs));
    }
    return p;
}

PrimBox prim_drop_insignificant(const std::vector<std::vector<double>>& x, const std::vector<bool>& interest,
                                const PrimBox& box, const PrimBox& all, double threshold,
                                std::vector<PrimDropped>& dropped) {
    std::size_t total_interest = 0;
    for (bool i : interest) total_interest += i ? 1 : 0;
    PrimBox current = measure(x, interest, box.lo, box.hi, total_interest);
    while (true) {
        const std::vector<double> p = prim_quasi_p(x, interest, current, all);
        std::size_t worst = p.size();
        for (std::size_t c = 0; c < p.size(); ++c)
            if (!std::isnan(p[c]) && p[c] > threshold && (worst == p.size() || p[c] > p[worst])) worst = c;
        if (worst == p.size()) return current;
        dropped.push_back({worst, p[worst]});
        std::vector<double> lo = current.lo, hi = current.hi;
        lo[worst] = all.lo[worst];
        hi[worst] = all.hi[worst];
        current = measure(x, interest, lo, hi, total_interest);
    }
}

}  // namespace geosim
