#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::macro {

// GDP = trend path x (1 + gap), the gap driven by export, FDI-inflow and tourism-receipt
// shortfalls against their no-shock paths; defence burden moves toward a threat-driven target (Richardson).
// Reads the quarter's flows that trade, investment and visitors wrote into `next` (exports,
// FDI inflows, tourism receipts, the supply loss and the withheld value added: a quarter's
// flows set that quarter's GDP) and the rest from `now`; so it steps after them. Writes
// next.gdp, next.gdp_trend, next.defence.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::macro
