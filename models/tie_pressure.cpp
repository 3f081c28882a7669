#include "models/tie_pressure.hpp"

#include <algorithm>
#include <cmath>

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

std::vector<int> threat_order(const State& state) {
    const int n = state.threat.n();
    for (const double t : state.threat.values())
        if (std::isnan(t)) return {};
    std::vector<int> order(static_cast<std::size_t>(n) * (n > 0 ? n - 1 : 0));
    for (int a = 0; a < n; ++a) {
        const auto row = order.begin() + static_cast<std::ptrdiff_t>(a) * (n - 1);
        for (int k = 0, at = 0; k < n; ++k)
            if (k != a) row[at++] = k;
        const double* threat = &state.threat.values()[static_cast<std::size_t>(a) * n];  // row a
        std::sort(row, row + (n - 1), [threat](int x, int y) { return threat[x] > threat[y]; });
    }
    return order;
}

double shared_threat(const State& state, const std::vector<int>& order, int a, int b) {
    if (order.empty()) return shared_threat(state, a, b);
    const int n = state.threat.n();
    double best = 0.0;
    for (int at = a * (n - 1), end = at + n - 1; at < end; ++at) {
        const int k = order[at];
        // Later k have threat(a, k) no higher, so min(threat(a, k), threat(b, k)) cannot beat best.
        if (state.threat(a, k) <= best) break;
        if (k == b) continue;
        best = std::max(best, std::min(state.threat(a, k), state.threat(b, k)));
    }
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

double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner) {
    return pressure(world, state, totals, side, partner, shared_threat(state, side, partner));
}

double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner, double shared) {
    const TiesParams& p = world.params.ties;
    return p.w_threat * shared +
           p.w_interdependence * interdependence(state, totals, side, partner) +
           p.w_trust * state.trust(side, partner) -
           p.w_retaliation * expected_retaliation(world, state, totals, side, partner);
}

}  // namespace geosim::tie_pressure
