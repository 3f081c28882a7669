#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::macro {

// GDP = trend path x (1 + gap), the gap driven by export, FDI-inflow and tourism-receipt
// shortfalls against their no-shock paths; defence burden moves toward a threat-driven target (Richardson).
// Reads `now` only (this quarter's exports and inflows set next quarter's GDP),
// writes next.gdp, next.gdp_trend, next.defence.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::macro
