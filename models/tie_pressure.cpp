#include "models/tie_pressure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <cstring>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim::tie_pressure {

namespace {

double two_way(const State& state, int i, int j) {
    return state.trade(i, j) + state.trade(j, i);
}

double share_of(const State& state, const std::vector<double>& totals, int side, int other) {
    return totals[side] > 0 ? two_way(state, side, other) / totals[side] : 0.0;
}

}  // namespace

std::vector<double> total_trade(const State& state) {
    std::vector<double> totals(state.trade.n());
    for (int i = 0; i < state.trade.n(); ++i)
        totals[i] = state.trade.row_sum(i) + state.trade.col_sum(i);
    return totals;
}

double shared_threat(const State& state, int a, int b) {
    double best = 0.0;
    for (int k = 0; k < state.threat.n(); ++k) {
        if (k == a || k == b) continue;
        best = std::max(best, std::min(state.threat(a, k), state.threat(b, k)));
    }
    return best;
}

Matrix threat_without_self(const State& state) {
    const int n = state.threat.n();
    for (const double t : state.threat.values())
        if (std::isnan(t)) return Matrix();
    Matrix out = state.threat;
    for (int i = 0; i < n; ++i) out(i, i) = -std::numeric_limits<double>::infinity();
    return out;
}

// The largest min(ta[k], tb[k]) over k, and +0. The sides themselves drop out at -inf: min(-inf,
// x) is -inf, below the +0 the maximum starts from. The minimum and maximum of two numbers are
// the same numbers whichever is returned for a tie, except for the sign of a zero, and the
// result's zero is +0 as shared_threat's is (it starts from +0 and never takes a zero from max):
// the same bits at every width. Four k at a time, in GCC's vector types: min and max as minpd
// and maxpd define them (x < y ? x : y and x > y ? x : y), exact, so the width moves no bit. Compiled for AVX2 too, picked at
// load time where the processor has it (one ymm operation for four k; two xmm ones without).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
double shared_threat_wide(const Matrix& without_self, int a, int b) {
    const int n = without_self.n();
    const double* ta = &without_self.values()[static_cast<std::size_t>(a) * n];
    const double* tb = &without_self.values()[static_cast<std::size_t>(b) * n];
    int k = 0;
    double best = 0.0;
#if defined(__GNUC__)
    typedef double Four __attribute__((vector_size(32)));
    Four wide = {0.0, 0.0, 0.0, 0.0};
    for (; k + 4 <= n; k += 4) {
        Four x, y;
        std::memcpy(&x, ta + k, sizeof x);
        std::memcpy(&y, tb + k, sizeof y);
        const Four m = x < y ? x : y;
        wide = wide > m ? wide : m;
    }
    for (int l = 0; l < 4; ++l) best = std::max(best, wide[l]);
#endif
    for (; k < n; ++k) best = std::max(best, std::min(ta[k], tb[k]));
    return best;
}

ThreatOrder threat_order(const Matrix& without_self, int kept) {
    const int n = without_self.n();
    ThreatOrder order;
    order.kept = std::min(kept, n);
    if (order.kept <= 0) return order;
    order.top.resize(static_cast<std::size_t>(n) * order.kept);
    std::vector<int> index(n);
    for (int a = 0; a < n; ++a) {
        const double* row = &without_self.values()[static_cast<std::size_t>(a) * n];
        std::iota(index.begin(), index.end(), 0);
        std::partial_sort(index.begin(), index.begin() + order.kept, index.end(),
                          [row](int x, int y) { return row[x] > row[y] || (row[x] == row[y] && x < y); });
        std::copy(index.begin(), index.begin() + order.kept, order.top.begin() + static_cast<std::ptrdiff_t>(a) * order.kept);
    }
    return order;
}

double shared_threat_ordered(const Matrix& without_self, const ThreatOrder& order, int a, int b) {
    // Along a's threats from the largest: min(t_ak, t_bk) <= t_ak, so once t_ak is no larger
    // than the best so far, no later k can raise it. The sides drop out at -inf as in the scan
    // (t_bb and t_aa are -inf). The same maximum of the same numbers, so the same bits; where
    // the kept threats do not settle it, the scan over every k decides, and taking the larger
    // of the two maxima changes nothing.
    const int n = without_self.n();
    const double* ta = &without_self.values()[static_cast<std::size_t>(a) * n];
    const double* tb = &without_self.values()[static_cast<std::size_t>(b) * n];
    const int* top = order.top.data() + static_cast<std::ptrdiff_t>(a) * order.kept;
    double best = 0.0;
    for (int r = 0; r < order.kept; ++r) {
        const int k = top[r];
        if (ta[k] <= best) return best;
        best = std::max(best, std::min(ta[k], tb[k]));
    }
    return std::max(best, shared_threat_wide(without_self, a, b));
}

double interdependence(const State& state, const std::vector<double>& totals, int a, int b) {
    return 0.5 * (share_of(state, totals, a, b) + share_of(state, totals, b, a));
}

double expected_retaliation(const World& world, const State& state,
                            const std::vector<double>& totals, int side, int partner) {
    const double x = state.alignment[partner];
    const int pole = x > 0 ? world.east : (x < 0 ? world.west : -1);
    if (pole < 0 || pole == side) return 0.0;
    return share_of(state, totals, side, pole) * std::fabs(x);
}

double pressure_of(const TiesParams& p, double shared, double interdependence, double trust, double retaliation) {
    return p.w_threat * shared + p.w_interdependence * interdependence + p.w_trust * trust -
           p.w_retaliation * retaliation;
}

double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner) {
    return pressure_of(world.params.ties, shared_threat(state, side, partner),
                       interdependence(state, totals, side, partner), state.trust(side, partner),
                       expected_retaliation(world, state, totals, side, partner));
}

PairPressures pair_pressures(const World& world, const State& state, const std::vector<double>& totals,
                             const Matrix& without_self, const ThreatOrder& order, int a, int b) {
    const double shared =
        without_self.n() == 0 ? shared_threat(state, a, b)
        : order.kept > 0      ? shared_threat_ordered(without_self, order, a, b)
                              : shared_threat_wide(without_self, a, b);
    // interdependence(a, b) and (b, a) add the same two shares in the other order: the same bits.
    const double both = interdependence(state, totals, a, b);
    const TiesParams& p = world.params.ties;
    return {pressure_of(p, shared, both, state.trust(a, b), expected_retaliation(world, state, totals, a, b)),
            pressure_of(p, shared, both, state.trust(b, a), expected_retaliation(world, state, totals, b, a))};
}

}  // namespace geosim::tie_pressure
