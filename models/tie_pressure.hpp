#pragma once
#include <vector>

#include "engine/core/matrix.hpp"

namespace geosim {
struct World;
struct State;
struct TiesParams;
}

namespace geosim::tie_pressure {

// The drivers of a side's wish to raise its security tie with a partner (docs/model.md, "Security ties").
// Trade shares divide by each agent's total trade, computed once per quarter by total_trade()
// and passed in, so that the pair loop does not re-sum rows and columns.

// Each agent's exports plus imports.
std::vector<double> total_trade(const State& state);

// The threat both feel from the same third agent: max over k of min(threat(a,k), threat(b,k)).
double shared_threat(const State& state, int a, int b);

// The threat matrix with -inf on its diagonal, the table shared_threat_wide() reads; empty when
// some threat is not a number (then shared_threat() is used). Made once a quarter.
Matrix threat_without_self(const State& state);

// shared_threat()'s maximum, to the bit, from threat_without_self(): four k at a time along the
// two rows, with no test for the sides themselves. O(n) a pair.
double shared_threat_wide(const Matrix& without_self, int a, int b);

// Each row's `kept` largest threats (their columns, largest first, equal threats by column) in
// threat_without_self()'s table: `top` holds n rows of `kept`. Made once a quarter, in
// O(n^2 log kept); kept 0 keeps none.
struct ThreatOrder {
    int kept = 0;
    std::vector<int> top;
};
ThreatOrder threat_order(const Matrix& without_self, int kept);

// shared_threat()'s maximum, to the bit: along a's largest threats, stopping at the first no
// larger than the shared threat found (no later one can raise it), and by shared_threat_wide()
// where the kept ones do not settle it. When a few agents hold the largest threats (the poles) a
// pair then reads a few threats rather than every third agent, and the quarter's pairs cost
// about O(n^2) rather than O(n^3); threats spread evenly still need the full scan.
double shared_threat_ordered(const Matrix& without_self, const ThreatOrder& order, int a, int b);

// Mean over the two sides of their two-way trade with each other as a share of that side's
// total trade (exports plus imports); a side with no trade counts 0.
double interdependence(const State& state, const std::vector<double>& totals, int a, int b);

// The pole on the other side of the partner's alignment may punish `side` for drawing closer:
// side's trade share with that pole times |partner's alignment|. 0 when the partner is exactly
// neutral or the pole would be `side` itself.
double expected_retaliation(const World& world, const State& state,
                            const std::vector<double>& totals, int side, int partner);

// w_threat * shared + w_interdependence * interdependence + w_trust * trust - w_retaliation *
// retaliation, the sum pressure() takes of its terms.
double pressure_of(const TiesParams& p, double shared, double interdependence, double trust, double retaliation);

// w_threat * shared threat + w_interdependence * interdependence + w_trust * trust(side, partner)
// - w_retaliation * expected retaliation.
double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner);

// pressure(a, b) and pressure(b, a), the parts the two have in common computed once (the shared
// threat from `without_self`, threat_without_self(): by shared_threat_ordered() where `order`
// keeps some threats, else by shared_threat_wide(); by shared_threat() if the table is empty):
// the same bits as the two calls.
struct PairPressures {
    double ab = 0;
    double ba = 0;
};
PairPressures pair_pressures(const World& world, const State& state, const std::vector<double>& totals,
                             const Matrix& without_self, const ThreatOrder& order, int a, int b);

}  // namespace geosim::tie_pressure
