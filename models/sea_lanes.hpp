#pragma once
#include <vector>

#include "engine/core/matrix.hpp"

namespace geosim {
struct World;
struct State;
}

namespace geosim::sea_lanes {

// Shortest sea distance (km) between every pair of agents' ports, each leg's length multiplied
// by leg_cost[leg] (1 open, >1 taxed or risky, +inf closed), by Dijkstra on the sea-lane
// graph. Unreachable pairs and closed routes give +inf; the diagonal is 0.
Matrix shortest_distances(const World& world, const std::vector<double>& leg_cost);

// The effective cost multiplier of each leg: leg_policy * (1 + leg_risk).
std::vector<double> effective_leg_cost(const State& state);

// Recomputes state.sea_dist only when some leg's effective cost changed since the last solve
// (state.leg_cost is the cache key); counts solves in state.lane_solves. Each port's
// shortest-path tree is kept in the state, re-measured under the new costs and repaired by a
// search only where some leg now offers a shorter way (the trees that changed are counted in
// state.route_repairs). The distances are bit for bit those of shortest_distances().
void update(const World& world, State& state);

}  // namespace geosim::sea_lanes
