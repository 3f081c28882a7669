#include "models/sea_lanes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <utility>

#include "engine/state.hpp"
#include "engine/world.hpp"

namespace geosim::sea_lanes {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using RouteStep = State::RouteStep;

// The open legs as compressed adjacency lists: node u's neighbours are to[first[u]..first[u+1])
// at the matching length x cost, over leg[...]. A closed leg (+inf, or a cost that is not a
// number) is left out rather than given an infinite weight, so no infinities are added and
// unreachable ports stay at +inf.
struct Adjacency {
    std::vector<int> first;
    std::vector<int> to;
    std::vector<int> leg;
    std::vector<double> weight;
};

// A leg's length times its cost multiplier, the weight Dijkstra adds; +inf when closed.
double leg_weight(const World& world, const std::vector<double>& leg_cost, std::size_t l) {
    return std::isfinite(leg_cost[l]) ? world.legs[l].km * leg_cost[l] : kInf;
}

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
    g.leg.resize(g.first[nodes]);
    g.weight.resize(g.first[nodes]);
    std::vector<int> fill(g.first.begin(), g.first.end() - 1);
    for (std::size_t l = 0; l < world.legs.size(); ++l) {
        if (!std::isfinite(leg_cost[l])) continue;
        const SeaLeg& leg = world.legs[l];
        const double w = leg_weight(world, leg_cost, l);
        for (const auto& [u, v] : {std::pair{leg.a, leg.b}, std::pair{leg.b, leg.a}}) {
            g.to[fill[u]] = v;
            g.leg[fill[u]] = static_cast<int>(l);
            g.weight[fill[u]++] = w;
        }
    }
    return g;
}

// Working memory of the searches from one port after another.
struct Search {
    explicit Search(std::size_t nodes) : from_port(nodes), via(nodes), settled(nodes) {}
    std::vector<double> from_port;            // km-equivalent from the port; +inf unreached
    std::vector<RouteStep> via;               // how each node was last reached
    std::vector<char> settled;
    std::vector<std::pair<double, int>> heap;
};

// Dijkstra from `port` with a binary heap of (distance, node); an entry whose distance is above
// the node's current one is stale and skipped. Each distance is the smallest sum, added from the
// port outward, over the paths to the node: the same numbers whatever the order of ties. When
// `tree` is given, the settled nodes are written to it in settling order (the shortest-path
// tree, each node after the one it is reached from); returns how many.
int dijkstra(const Adjacency& g, int port, Search& s, RouteStep* tree) {
    const auto later = std::greater<std::pair<double, int>>();
    std::fill(s.from_port.begin(), s.from_port.end(), kInf);
    std::fill(s.settled.begin(), s.settled.end(), 0);
    s.from_port[port] = 0;
    s.via[port] = {port, -1, -1};
    s.heap.assign(1, {0.0, port});
    int count = 0;
    while (!s.heap.empty()) {
        std::pop_heap(s.heap.begin(), s.heap.end(), later);
        const auto [d, u] = s.heap.back();
        s.heap.pop_back();
        if (d > s.from_port[u] || s.settled[u]) continue;
        s.settled[u] = 1;
        if (tree) tree[count] = s.via[u];
        ++count;
        for (int e = g.first[u]; e < g.first[u + 1]; ++e) {
            const double via = d + g.weight[e];
            const int v = g.to[e];
            if (via < s.from_port[v]) {
                s.from_port[v] = via;
                s.via[v] = {v, u, g.leg[e]};
                s.heap.emplace_back(via, v);
                std::push_heap(s.heap.begin(), s.heap.end(), later);
            }
        }
    }
    return count;
}

// Distances along a tree kept from an earlier solve, under today's leg weights; false when the
// tree is no longer a shortest-path tree: one of its legs closed, or some open leg would shorten
// the way to one of its ends. A tree that passes gives exactly Dijkstra's numbers: both are the
// one solution of d(v) = min over legs (d(u) + w(u, v)), d(port) = 0, and each tree distance is
// the same floating-point sum, added from the port outward, that Dijkstra forms.
bool distances_along(const World& world, const std::vector<double>& weight, const RouteStep* tree,
                     int size, std::vector<double>& from_port) {
    std::fill(from_port.begin(), from_port.end(), kInf);
    for (int k = 0; k < size; ++k) {
        const RouteStep& st = tree[k];
        if (st.from < 0) {
            from_port[st.node] = 0;
            continue;
        }
        if (!std::isfinite(weight[st.leg])) return false;
        from_port[st.node] = from_port[st.from] + weight[st.leg];
    }
    for (std::size_t l = 0; l < world.legs.size(); ++l) {
        if (!std::isfinite(weight[l])) continue;
        const int a = world.legs[l].a, b = world.legs[l].b;
        if (from_port[a] + weight[l] < from_port[b] || from_port[b] + weight[l] < from_port[a]) return false;
    }
    return true;
}

// Row i of the distance matrix from the search out of i's port: 0 to itself, +inf to agents
// without a port, and every row +inf (but the diagonal) for an agent without one.
void fill_row(const World& world, int i, const std::vector<double>& from_port, Matrix& dist) {
    const bool has_port = world.agents[i].port >= 0;
    for (int j = 0; j < world.n(); ++j) {
        const int other = world.agents[j].port;
        dist(i, j) = j == i ? 0.0 : (has_port && other >= 0 ? from_port[other] : kInf);
    }
}

double effective_cost(const State& state, std::size_t leg) {
    return state.leg_policy[leg] * (1.0 + state.leg_risk[leg]);
}

}  // namespace

Matrix shortest_distances(const World& world, const std::vector<double>& leg_cost) {
    const int n = world.n();
    Matrix dist(n, kInf);
    const Adjacency g = adjacency(world, leg_cost);
    Search s(world.nodes.size());
    for (int i = 0; i < n; ++i) {
        dist(i, i) = 0;
        const int port = world.agents[i].port;
        if (port < 0) continue;
        dijkstra(g, port, s, nullptr);
        fill_row(world, i, s.from_port, dist);
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
    ++state.lane_solves;

    const int n = world.n();
    const std::size_t nodes = world.nodes.size();
    if (state.route_size.size() != static_cast<std::size_t>(n) ||
        state.route_steps.size() != static_cast<std::size_t>(n) * nodes) {
        state.route_size.assign(n, 0);
        state.route_steps.assign(static_cast<std::size_t>(n) * nodes, RouteStep{});
    }
    if (state.sea_dist.n() != n) state.sea_dist = Matrix(n, kInf);
    std::vector<double> weight(world.legs.size());
    for (std::size_t l = 0; l < weight.size(); ++l) weight[l] = leg_weight(world, state.leg_cost, l);
    // Risk premiums move every quarter but rarely change a route, so each port's tree is
    // re-measured and kept while it stays optimal; Dijkstra runs only for the ports whose best
    // routes changed.
    std::optional<Adjacency> g;
    Search s(nodes);
    for (int i = 0; i < n; ++i) {
        const int port = world.agents[i].port;
        if (port < 0) {
            fill_row(world, i, s.from_port, state.sea_dist);
            continue;
        }
        RouteStep* tree = state.route_steps.data() + static_cast<std::size_t>(i) * nodes;
        int& size = state.route_size[i];
        if (size == 0 || !distances_along(world, weight, tree, size, s.from_port)) {
            if (!g) g = adjacency(world, state.leg_cost);
            size = dijkstra(*g, port, s, tree);
            ++state.route_rebuilds;
        }
        fill_row(world, i, s.from_port, state.sea_dist);
    }
}

}  // namespace geosim::sea_lanes
