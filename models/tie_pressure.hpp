#pragma once
#include <vector>

#include "engine/core/matrix.hpp"

namespace geosim {
struct World;
struct State;
}

namespace geosim::tie_pressure {

// The drivers of a side's wish to raise its security tie with a partner (model.md item 7).
// Trade shares divide by each agent's total trade, computed once per quarter by total_trade()
// and passed in, so that the pair loop does not re-sum rows and columns.

// Each agent's exports plus imports.
std::vector<double> total_trade(const State& state);

// The threat both feel from the same third agent: max over k of min(threat(a,k), threat(b,k)).
double shared_threat(const State& state, int a, int b);

// The threat matrix with -inf on its diagonal, the table shared_threat_wide() reads; empty when
// some threat is not a number (then shared_threat() is used). Made once a quarter.
Matrix threat_without_self(const State& state);

// shared_threat()'s maximum, to the bit, from threat_without_self(): two k at a time (SSE2)
// along the two rows, with no test for the sides themselves.
double shared_threat_wide(const Matrix& without_self, int a, int b);

// Mean over the two sides of their two-way trade with each other as a share of that side's
// total trade (exports plus imports); a side with no trade counts 0.
double interdependence(const State& state, const std::vector<double>& totals, int a, int b);

// The pole on the other side of the partner's alignment may punish `side` for drawing closer:
// side's trade share with that pole times |partner's alignment|. 0 when the partner is exactly
// neutral or the pole would be `side` itself.
double expected_retaliation(const World& world, const State& state,
                            const std::vector<double>& totals, int side, int partner);

// w_threat * shared threat + w_interdependence * interdependence + w_trust * trust(side, partner)
// - w_retaliation * expected retaliation.
double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner);

// pressure(a, b) and pressure(b, a), the parts the two have in common computed once (the shared
// threat by shared_threat_wide() from `without_self`, threat_without_self(), unless that is
// empty): the same bits as the two calls.
struct PairPressures {
    double ab = 0;
    double ba = 0;
};
PairPressures pair_pressures(const World& world, const State& state, const std::vector<double>& totals,
                             const Matrix& without_self, int a, int b);

}  // namespace geosim::tie_pressure
