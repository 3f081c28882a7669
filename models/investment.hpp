#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::investment {

// Sets world.calib.fdi_const and outward_rate so that quarter 0 reproduces world.fdi_flow0.
void calibrate(World& world);

// Conditional-logit allocation of each source's outward FDI budget: reads `now`,
// writes next.fdi_flow and next.fdi_stock.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::investment
