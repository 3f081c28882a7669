#pragma once
#include "engine/core/matrix.hpp"

namespace geosim {
struct World;
struct State;
}

namespace geosim::trade {

// Sets world.calib trade fields so that quarter 0 reproduces world.trade0 exactly.
// Needs world.calib.base_dist.
void calibrate(World& world);

// Structural gravity by goods group with CES sourcing and partial adjustment: reads `now`,
// writes next.trade, next.sector_trade, next.source_share, next.import_pen, next.supply_loss,
// next.withheld and next.withheld_va.
void step(const World& world, const State& now, State& next);

// The change since the start of the tariff each importer j applies to each exporter i's goods
// as a whole, (j, i): the group changes weighted by the groups' shares of the pair's flow at the
// start (negative where an agreement cut the rate).
Matrix pair_tariffs(const World& world, const State& state);
// The same weighting of the applied rate: the start's rate plus the change.
Matrix pair_applied_tariffs(const World& world, const State& state);

}  // namespace geosim::trade
