#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::trade {

// Sets world.calib trade fields so that quarter 0 reproduces world.trade0 exactly.
// Needs world.calib.base_dist.
void calibrate(World& world);

// Structural gravity with CES sourcing and partial adjustment: reads `now`, writes
// next.trade, next.source_share, next.import_pen.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::trade
