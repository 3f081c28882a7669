#include "models/tie_pressure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

double shared_threat_wide(const Matrix& without_self, int a, int b) {
    // The sides themselves drop out at -inf: min(-inf, x) is -inf, below the +0 the maximum starts
    // from. The minimum and maximum of two numbers are the same numbers whichever is returned
    // for a tie, except for the sign of a zero, and the result's zero is +0 as shared_threat's is
    // (it starts from +0 and never takes a zero from max): the same bits.
    const int n = without_self.n();
    const double* ta = &without_self.values()[static_cast<std::size_t>(a) * n];
    const double* tb = &without_self.values()[static_cast<std::size_t>(b) * n];
    double best = 0.0;
    int k = 0;
#if defined(__SSE2__)
    __m128d wide = _mm_setzero_pd();
    for (; k + 2 <= n; k += 2) wide = _mm_max_pd(wide, _mm_min_pd(_mm_loadu_pd(ta + k), _mm_loadu_pd(tb + k)));
    double lanes[2];
    _mm_storeu_pd(lanes, wide);
    best = std::max(std::max(0.0, lanes[0]), std::max(0.0, lanes[1]));
#endif
    for (; k < n; ++k) best = std::max(best, std::min(ta[k], tb[k]));
    return best;
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

namespace {

// The sum that pressure() is, from its parts.
double pressure_of(const TiesParams& p, double shared, double interdependence, double trust, double retaliation) {
    return p.w_threat * shared + p.w_interdependence * interdependence + p.w_trust * trust -
           p.w_retaliation * retaliation;
}

}  // namespace

double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner) {
    return pressure_of(world.params.ties, shared_threat(state, side, partner),
                       interdependence(state, totals, side, partner), state.trust(side, partner),
                       expected_retaliation(world, state, totals, side, partner));
}

PairPressures pair_pressures(const World& world, const State& state, const std::vector<double>& totals,
                             const Matrix& without_self, int a, int b) {
    const double shared =
        without_self.n() > 0 ? shared_threat_wide(without_self, a, b) : shared_threat(state, a, b);
    // interdependence(a, b) and (b, a) add the same two shares in the other order: the same bits.
    const double both = interdependence(state, totals, a, b);
    const TiesParams& p = world.params.ties;
    return {pressure_of(p, shared, both, state.trust(a, b), expected_retaliation(world, state, totals, a, b)),
            pressure_of(p, shared, both, state.trust(b, a), expected_retaliation(world, state, totals, b, a))};
}

}  // namespace geosim::tie_pressure
