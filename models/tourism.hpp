#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::tourism {

// Visitor arrivals by host and origin (docs/model.md, "Visitors and tourism receipts"). The
// unblocked level, relative to the no-shock path (arrivals growing with the origin's trend
// GDP), moves toward a target set by the origin's income against its trend and by the pair's
// bloc distance; a tour ban or boycott (the origin's tourism_block on the host) removes its share
// in the quarter it applies. Receipts are arrivals times the start spending per visitor, in the
// constant USD of GDP. Reads `now`, writes next.visitors, next.tourism_receipts,
// next.tourism_level.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::tourism
