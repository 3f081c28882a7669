#include "models/sea_lanes.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <cmath>
#include <limits>

#include "engine/state.hpp"
#include "engine/world.hpp"

namespace geosim::sea_lanes {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, double>>;

constexpr double kInf = std::numeric_limits<double>::infinity();

// A closed leg (+inf, or a cost that is not a number) is left out of the graph rather than given
// an infinite weight, so Dijkstra never adds infinities and unreachable ports stay at +inf.
Graph build_graph(const World& world, const std::vector<double>& leg_cost) {
    Graph g(world.nodes.size());
    for (std::size_t l = 0; l < world.legs.size(); ++l) {
        const double cost = leg_cost[l];
        if (!std::isfinite(cost)) continue;
        const SeaLeg& leg = world.legs[l];
        boost::add_edge(leg.a, leg.b, leg.km * cost, g);
    }
    return g;
}

double effective_cost(const State& state, std::size_t leg) {
    return state.leg_policy[leg] * (1.0 + state.leg_risk[leg]);
}

}  // namespace

Matrix shortest_distances(const World& world, const std::vector<double>& leg_cost) {
    const int n = world.n();
    Matrix dist(n, kInf);
    const Graph g = build_graph(world, leg_cost);
    std::vector<double> from_port(world.nodes.size());
    for (int i = 0; i < n; ++i) {
        dist(i, i) = 0;
        const int port = world.agents[i].port;
        if (port < 0) continue;
        boost::dijkstra_shortest_paths(
            g, static_cast<Graph::vertex_descriptor>(port),
            boost::distance_map(boost::make_iterator_property_map(
                                    from_port.begin(), boost::get(boost::vertex_index, g)))
                .distance_inf(kInf));
        for (int j = 0; j < n; ++j) {
            const int other = world.agents[j].port;
            if (j != i && other >= 0) dist(i, j) = from_port[other];
        }
    }
    return dist;
}

std::vector<double> effective_leg_cost(const State& state) {
    std::vector<double> cost(state.leg_policy.size());
    for (std::size_t l = 0; l < cost.size(); ++l) cost[l] = effective_cost(state, l);
    return cost;
}

void update(const World& world, State& state) {
    // Compared leg by leg before building anything: most quarters change no leg, and those
    // quarters must not allocate.
    bool changed = state.leg_cost.size() != state.leg_policy.size();
    for (std::size_t l = 0; !changed && l < state.leg_policy.size(); ++l)
        changed = effective_cost(state, l) != state.leg_cost[l];
    if (!changed) return;
    state.leg_cost = effective_leg_cost(state);
    state.sea_dist = shortest_distances(world, state.leg_cost);
    ++state.lane_solves;
}

}  // namespace geosim::sea_lanes
