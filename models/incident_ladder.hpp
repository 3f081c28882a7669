#pragma once
#include "engine/core/params.hpp"

namespace geosim {
class Stream;
struct World;
struct State;
}

namespace geosim::incident_ladder {

// The rungs of an incident at sea and the odds of climbing them (docs/model.md, "Escalation at sea").

// Name of a rung 1..5 ("patrol" ... "armed clash").
const char* rung_name(int rung);

// Baseline probability of climbing from `rung` (1..4) to the next.
double base_step_up(const EscalationParams& params, int rung);

// The same in zone z: the zone's own step_up_r when its world file gives one, else the parameter.
double base_step_up(const World& world, int zone, int rung);

// logistic(logit(base) + shift): the step-up probability moved by a log-odds shift. A base of 0
// or 1 stays put (those rungs are closed or certain whatever the shift).
double step_up(double base, double shift);

// Expected top rung of an incident at baseline: sum over r of P(rung >= r) = 1 + p1 + p1 p2 + ...
double expected_rung(const EscalationParams& params);

// The same with zone z's step-ups.
double expected_rung(const World& world, int zone);

// Climbs in zone z from `start` (patrol, rung 1, unless a shock starts the incident higher)
// until the first failed step or the top rung; returns the rung reached.
int climb(const World& world, int zone, double shift, Stream& stream, int start = 1);

// Defence spending (burden x GDP) and the log ratio rival / claimant in zone z; NaN when either
// spends nothing.
double capability(const World& world, const State& state, int zone);

// Deterrence facing the rival in zone z, summed over the claimant's protectors: the west pole
// with weight credibility and the west's partner (the world's `poles.partner`, Japan in the
// default world) with weight japan_deterrence, each times tie(claimant, protector) / 5. A
// protector that is the claimant or the rival, or that is allied (tie 5) with the rival, adds
// nothing: an ally of both sides is committed to neither against the other.
double deterrence(const World& world, const State& state, int zone);

// The log-odds shift of every step in zone z: w_capability x (capability above its start)
// - w_deterrence x (deterrence above its start). A capability that cannot be measured adds 0.
double ladder_shift(const World& world, const State& state, int zone);

}  // namespace geosim::incident_ladder
