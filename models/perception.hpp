#pragma once
#include "engine/core/matrix.hpp"

namespace geosim {
struct World;
struct State;
}

namespace geosim::perception {

// Official money `donor` gives `recipient` this quarter, USD bn a year: security assistance,
// development aid, and pledged investment and credit paid in (trust gains perception.trust_aid
// per unit).
double official_from(const State& s, int donor, int recipient);

// What agent i spends on its forces, USD bn a year: its defence budget (burden x GDP) plus the
// security assistance it receives. Threat and the incident ladder's capability read this.
double capability_spending(const State& s, int i);

// Threat i perceives from j (balance of threat): power x proximity x offence x hostility.
Matrix threat(const World& world, const State& state);

// Sets world.calib.threat0 and total_threat0 from the initial state.
void calibrate(World& world, const State& initial);

// Hostility and trust move with this quarter's events; threat is recomputed.
// Reads `now`, writes every cell of next.hostility, next.trust (their diagonals as they were) and
// next.threat.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::perception
