#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::network {

// Betweenness centrality (Brandes, Boost.Graph) of every agent in the network of ties at or
// above params.network.strong_tie among strategic agents, normalised to [0, 1], and connected
// components of that network (blocs). Writes state.centrality and state.component.
void measure(const World& world, State& state);

// Mean normalised betweenness of a bloc's members.
double bloc_centrality(const World& world, const State& state, int bloc);

}  // namespace geosim::network
