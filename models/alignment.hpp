#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::alignment {

// The alignment gap of two agents, in [0, 1]: 0 at the same position, 1 at opposite poles.
// Tie utilities use it: a tie joins states that stand together, hedgers included.
inline double gap(double x_i, double x_j) { return (x_i > x_j ? x_i - x_j : x_j - x_i) / 2; }

// The bloc distance of two agents for the costs of trade, investment and travel, in [0, 1]:
// (1 - x_i x_j) / 2, the chance that they end up in different blocs if each joins the US-led
// one with probability (1 + x) / 2 (docs/model.md). Against a pole it equals the gap ((1 + x) / 2
// from China, (1 - x) / 2 from the US); a neutral (x = 0) is at 1/2 from everyone whatever they
// do, so an economy that moves toward one pole trades no less with the non-aligned.
inline double distance(double x_i, double x_j) { return (1.0 - x_i * x_j) / 2; }

// Drivers of agent i's target alignment, each oriented so that a rise pushes toward the west.
struct Drivers {
    double rel_threat;  // threat from the east minus threat from the west
    double dependence;  // trade + FDI share with the west minus with the east
    double rel_trust;   // trust in the west minus trust in the east
};
Drivers drivers(const World& world, const State& state, int agent);

// Sets world.calib rel_threat0, dependence0, rel_trust0 from the initial state.
void calibrate(World& world, const State& initial);

// Hedging with inertia toward a target driven by changes in the drivers and in US credibility.
// The poles keep their alignment; passive economies keep theirs. Writes next.alignment, and
// next.stated_alignment, which moves toward the same target at a speed that rises with the
// salience of the question (docs/model.md), and next.salience, the salience decayed.
void step(const World& world, const State& now, State& next);

// The salience of the alignment question to `agent` in the quarter of `now`, in [0, 1]: the
// larger of what shocks set (now.salience, decayed from earlier quarters) and
// salience_incident x the incident severity in the agent's own zones beyond the routine.
double salience(const World& world, const State& now, int agent);

// GDP-weighted mean alignment of a bloc's members.
double bloc_alignment(const World& world, const State& state, int bloc);

}  // namespace geosim::alignment
