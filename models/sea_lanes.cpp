#include "models/sea_lanes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "engine/state.hpp"
#include "engine/world.hpp"

namespace geosim::sea_lanes {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The open legs as compressed adjacency lists: node u's neighbours are to[first[u]..first[u+1])
// at the matching length x cost. A closed leg (+inf, or a cost that is not a number) is left out
// rather than given an infinite weight, so no infinities are added and unreachable ports stay
// at +inf.
struct Adjacency {
    std::vector<int> first;
    std::vector<int> to;
    std::vector<double> weight;
};

Adjacency adjacency(const World& world, const std::vector<double>& leg_cost) {
    const std::size_t nodes = world.nodes.size();
    Adjacency g;
    g.first.assign(nodes + 1, 0);
    for (std::size_t l = 0; l < world.legs.size(); ++l)
        if (std::isfinite(leg_cost[l])) {
            ++g.first[world.legs[l].a + 1];
            ++g.first[world.legs[l].b + 1];
        }
    for (std::size_t u = 0; u < nodes; ++u) g.first[u + 1] += g.first[u];
    g.to.resize(g.first[nodes]);
    g.weight.resize(g.first[nodes]);
    std::vector<int> fill(g.first.begin(), g.first.end() - 1);
    for (std::size_t l = 0; l < world.legs.size(); ++l) {
        if (!std::isfinite(leg_cost[l])) continue;
        const SeaLeg& leg = world.legs[l];
        const double w = leg.km * leg_cost[l];
        g.to[fill[leg.a]] = leg.b;
        g.weight[fill[leg.a]++] = w;
        g.to[fill[leg.b]] = leg.a;
        g.weight[fill[leg.b]++] = w;
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
    const Adjacency g = adjacency(world, leg_cost);
    std::vector<double> from_port(world.nodes.size());
    // Dijkstra with a binary heap of (distance, node); an entry whose distance is above the
    // node's current one is stale and skipped. Each distance is the smallest sum, added from the
    // port outward, over the paths to the node: the same numbers whatever the order of ties.
    std::vector<std::pair<double, int>> heap;
    const auto later = std::greater<std::pair<double, int>>();
    for (int i = 0; i < n; ++i) {
        dist(i, i) = 0;
        const int port = world.agents[i].port;
        if (port < 0) continue;
        std::fill(from_port.begin(), from_port.end(), kInf);
        from_port[port] = 0;
        heap.assign(1, {0.0, port});
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end(), later);
            const auto [d, u] = heap.back();
            heap.pop_back();
            if (d > from_port[u]) continue;
            for (int e = g.first[u]; e < g.first[u + 1]; ++e) {
                const double via = d + g.weight[e];
                if (via < from_port[g.to[e]]) {
                    from_port[g.to[e]] = via;
                    heap.emplace_back(via, g.to[e]);
                    std::push_heap(heap.begin(), heap.end(), later);
                }
            }
        }
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
