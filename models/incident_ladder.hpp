#pragma once
#include "engine/params.hpp"

namespace geosim {
class Stream;
struct World;
struct State;
}

namespace geosim::incident_ladder {

// The rungs of an incident at sea and the odds of climbing them (model.md item 8).

// Name of a rung 1..5 ("patrol" ... "armed clash").
const char* rung_name(int rung);

// Baseline probability of climbing from `rung` (1..4) to the next.
double base_step_up(const EscalationParams& params, int rung);

// logistic(logit(base) + shift): the step-up probability moved by a log-odds shift. A base of 0
// or 1 stays put (those rungs are closed or certain whatever the shift).
double step_up(double base, double shift);

// Expected top rung of an incident at baseline: sum over r of P(rung >= r) = 1 + p1 + p1 p2 + ...
double expected_rung(const EscalationParams& params);

// Climbs from `start` (patrol, rung 1, unless a shock starts the incident higher) until the
// first failed step or the top rung; returns the rung reached.
int climb(const EscalationParams& params, double shift, Stream& stream, int start = 1);

// Defence spending (burden x GDP) and the log ratio rival / claimant in zone z; NaN when either
// spends nothing.
double capability(const World& world, const State& state, int zone);

// Deterrence facing the rival in zone z: credibility x tie(claimant, west) / 5 plus
// japan_deterrence x tie(claimant, west partner) / 5 (the world's `poles.partner`, Japan in the
// default world; nothing when the world names none).
double deterrence(const World& world, const State& state, int zone);

// The log-odds shift of every step in zone z: w_capability x (capability above its start)
// - w_deterrence x (deterrence above its start). A capability that cannot be measured adds 0.
double ladder_shift(const World& world, const State& state, int zone);

}  // namespace geosim::incident_ladder
