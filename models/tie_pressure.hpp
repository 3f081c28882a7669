#pragma once
#include <vector>

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

// The same maximum from a threat_order() table, visiting each agent's largest threats first and
// stopping at the first k whose threat(a, k) cannot raise it: typically a few k instead of n.
double shared_threat(const State& state, const std::vector<int>& order, int a, int b);

// For each agent a, the other agents in order of the threat a perceives from them, highest
// first: row a of an n x (n - 1) table. Empty when some threat is not a number, and then
// shared_threat(state, order, a, b) scans every k as shared_threat(state, a, b) does.
std::vector<int> threat_order(const State& state);

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
// The same with the shared threat of the two given (it is symmetric: computed once per pair).
double pressure(const World& world, const State& state, const std::vector<double>& totals,
                int side, int partner, double shared);

}  // namespace geosim::tie_pressure
