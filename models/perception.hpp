#pragma once
#include "engine/matrix.hpp"

namespace geosim {
struct World;
struct State;
}

namespace geosim::perception {

// Threat i perceives from j (balance of threat): power x proximity x offence x hostility.
Matrix threat(const World& world, const State& state);

// Sets world.calib.threat0 and total_threat0 from the initial state.
void calibrate(World& world, const State& initial);

// Hostility and trust move with this quarter's events; threat is recomputed.
// Reads `now`, writes next.hostility, next.trust, next.threat.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::perception
