#include "models/sea_lanes.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim::sea_lanes {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using RouteStep = State::RouteStep;

// The open legs as compressed adjacency lists: node u's neighbours are to[first[u]..first[u+1])
// at the matching length x cost, over leg[...]. A closed leg (a weight that is +inf or not a
// number) is left out rather than given an infinite weight, so no infinities are added and
// unreachable ports stay at +inf.
struct Adjacency {
    std::vector<int> first;
    std::vector<int> to;
    std::vector<int> leg;
    std::vector<double> weight;
};

// A leg's length times its cost multiplier, the weight Dijkstra adds; +inf when closed (a cost
// of +inf, or a product that is not a finite number, which no search could ever lower again).
double leg_weight(const World& world, const std::vector<double>& leg_cost, std::size_t l) {
    const double w = world.legs[l].km * leg_cost[l];
    return std::isfinite(w) ? w : kInf;
}

Adjacency adjacency(const World& world, const std::vector<double>& leg_cost) {
    const std::size_t nodes = world.nodes.size();
    Adjacency g;
    g.first.assign(nodes + 1, 0);
    for (std::size_t l = 0; l < world.legs.size(); ++l)
        if (std::isfinite(leg_weight(world, leg_cost, l))) {
            ++g.first[world.legs[l].a + 1];
            ++g.first[world.legs[l].b + 1];
        }
    for (std::size_t u = 0; u < nodes; ++u) g.first[u + 1] += g.first[u];
    g.to.resize(g.first[nodes]);
    g.leg.resize(g.first[nodes]);
    g.weight.resize(g.first[nodes]);
    std::vector<int> fill(g.first.begin(), g.first.end() - 1);
    for (std::size_t l = 0; l < world.legs.size(); ++l) {
        if (!std::isfinite(leg_weight(world, leg_cost, l))) continue;
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

// The open legs (finite weight) in leg order, with their ends, whether they moved since the
// last solve and their weights side by side: what the pass over the arcs of every search reads.
struct OpenLeg {
    int a = 0, b = 0, leg = 0;
    bool moved = true;
    double weight = 0;
};

std::vector<OpenLeg> open_legs(const World& world, const std::vector<double>& weight, const std::vector<char>& moved) {
    std::vector<OpenLeg> open;
    open.reserve(weight.size());
    for (std::size_t l = 0; l < weight.size(); ++l)
        if (std::isfinite(weight[l]))
            open.push_back({world.legs[l].a, world.legs[l].b, static_cast<int>(l), moved[l] != 0, weight[l]});
    return open;
}

// The heap's order: the smallest (distance, node) on top, as std::greater on the pair (no
// distance is ever NaN: closed legs are left out).
struct Later {
    bool operator()(const std::pair<double, int>& x, const std::pair<double, int>& y) const {
        return x.first > y.first || (x.first == y.first && x.second > y.second);
    }
};

// Working memory of the searches from one port after another.
struct Search {
    explicit Search(std::size_t nodes)
        : from_port(nodes), via(nodes), moved_path(nodes), lowered(nodes), first_child(nodes + 1) {}
    std::vector<double> from_port;            // km-equivalent from the port; +inf unreached
    std::vector<RouteStep> via;               // how each node is reached
    std::vector<char> moved_path;             // some leg of the node's path in the kept tree moved
    std::vector<char> lowered;                // the pass over the arcs set the node's via (all 0 between solves)
    std::vector<std::pair<double, int>> heap;
    std::vector<int> first_child, children;   // the tree by parent, to list it port first
    bool repaired = false;                    // the last search changed the tree it started from
};

void push(Search& s, double d, int v) {
    s.heap.emplace_back(d, v);
    std::push_heap(s.heap.begin(), s.heap.end(), Later{});
}

// Shortest distances from `port` into s.from_port, starting from the route tree `tree` of an
// earlier solve (size 0: none) and today's weights, and the tree of the result written back to
// `tree` when it changed; returns the tree's size.
//
// The kept tree, measured under today's weights, gives each node the length of a real path (or
// +inf below a closed leg): an upper bound. Every open leg that shortens the way to one of its
// ends starts a Dijkstra search (a binary heap of (distance, node); an entry above its node's
// current distance is stale), which lowers the bounds until no leg shortens any way. Then the
// numbers are Dijkstra's bit for bit, whatever the tree started from: each is a sum, rounded leg
// by leg from the port outward, along a real path, so none is below the smallest such sum,
// which Dijkstra finds; and since rounded addition is monotone and no leg shortens any way, none
// is above it either (follow the path of that smallest sum from the port: each node's value is
// at most its predecessor's plus the leg). In most quarters a risk premium moved without
// changing which legs are shortest, and the search ends after one pass over the arcs; where it
// did change a tree, only the part it reaches is searched again.
//
// `moved` (by leg) marks the legs whose weight differs from the solve that left the tree. A leg
// that did not move, between two nodes whose tree paths have no moved leg, cannot shorten
// either way at the start of the pass: both ends have the distances of that solve, bit for bit,
// under which no leg shortened any way. So the pass visits only the moved legs and those with
// an end below a moved tree leg; what they lower is searched from as before, and the search
// relaxes every leg of every node it lowers, so again no leg shortens any way at the end.
int solve_from(const Adjacency& g, const std::vector<double>& weight, const std::vector<OpenLeg>& open,
               const std::vector<char>& moved, int port, RouteStep* tree, int size, Search& s) {
    std::fill(s.from_port.begin(), s.from_port.end(), kInf);
    std::fill(s.moved_path.begin(), s.moved_path.end(), 0);
    s.from_port[port] = 0;
    s.via[port] = {port, -1, -1};
    bool cut = false;  // some node of the tree is no longer reached along it
    for (int k = 1; k < size; ++k) {  // tree[0] is the port; each node comes after its parent
        const RouteStep& st = tree[k];
        s.from_port[st.node] = s.from_port[st.from] + weight[st.leg];  // +inf once a leg closed
        s.moved_path[st.node] = moved[st.leg] | s.moved_path[st.from];
        cut = cut || !std::isfinite(s.from_port[st.node]);
    }
    s.heap.clear();
    if (size == 0) push(s, 0.0, port);
    double* from_port = s.from_port.data();
    const char* below_moved = s.moved_path.data();
    const bool every_leg = size == 0;  // no tree: the pass over every leg, as a first solve
    for (const OpenLeg& e : open) {
        if (!every_leg && !e.moved && !below_moved[e.a] && !below_moved[e.b]) continue;
        // a -> b, then b -> a (reading what the first may have lowered)
        const double to_b = from_port[e.a] + e.weight;
        if (to_b < from_port[e.b]) {
            from_port[e.b] = to_b;
            s.via[e.b] = {e.b, e.a, e.leg};
            push(s, to_b, e.b);
        }
        const double to_a = from_port[e.b] + e.weight;
        if (to_a < from_port[e.a]) {
            from_port[e.a] = to_a;
            s.via[e.a] = {e.a, e.b, e.leg};
            push(s, to_a, e.a);
        }
    }
    // A closed tree leg cut its subtree off: those nodes stay +inf unless the search reaches
    // them, and the tree must be listed again without them. (With nothing on the heap the pass
    // above lowered no distance, so the tree's distances are those just measured.)
    const bool changed = !s.heap.empty() || cut;
    s.repaired = changed;
    if (!changed) return size;
    // The kept tree's steps, which the new tree is built from, are copied into via only now (most
    // solves end above): each node the pass lowered (it is on the heap) keeps the via the pass
    // gave it, every other node takes its step in the kept tree.
    for (const auto& entry : s.heap) s.lowered[entry.second] = 1;
    for (int k = 1; k < size; ++k)
        if (!s.lowered[tree[k].node]) s.via[tree[k].node] = tree[k];
    for (const auto& entry : s.heap) s.lowered[entry.second] = 0;
    while (!s.heap.empty()) {
        std::pop_heap(s.heap.begin(), s.heap.end(), Later{});
        const auto [d, u] = s.heap.back();
        s.heap.pop_back();
        if (d > s.from_port[u]) continue;
        for (int e = g.first[u]; e < g.first[u + 1]; ++e) {
            const double via = d + g.weight[e];
            const int v = g.to[e];
            if (via < s.from_port[v]) {
                s.from_port[v] = via;
                s.via[v] = {v, u, g.leg[e]};
                push(s, via, v);
            }
        }
    }
    // The new tree, port first and every node after its parent (breadth first over children
    // grouped by parent), so that the next quarter can measure it in one pass.
    const int nodes = static_cast<int>(s.from_port.size());
    std::fill(s.first_child.begin(), s.first_child.end(), 0);
    for (int v = 0; v < nodes; ++v)
        if (v != port && std::isfinite(s.from_port[v])) ++s.first_child[s.via[v].from + 1];
    for (int v = 0; v < nodes; ++v) s.first_child[v + 1] += s.first_child[v];
    s.children.resize(s.first_child[nodes]);
    for (int v = 0; v < nodes; ++v)
        if (v != port && std::isfinite(s.from_port[v])) s.children[s.first_child[s.via[v].from]++] = v;
    // first_child[u] now ends u's children; they start where u - 1's ended.
    int count = 0;
    tree[count++] = s.via[port];
    for (int k = 0; k < count; ++k) {
        const int u = tree[k].node;
        for (int c = u == 0 ? 0 : s.first_child[u - 1]; c < s.first_child[u]; ++c) tree[count++] = s.via[s.children[c]];
    }
    return count;
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
    std::vector<double> weight(world.legs.size());
    for (std::size_t l = 0; l < weight.size(); ++l) weight[l] = leg_weight(world, leg_cost, l);
    const std::vector<char> every(weight.size(), 1);
    const std::vector<OpenLeg> open = open_legs(world, weight, every);
    Search s(world.nodes.size());
    std::vector<RouteStep> tree(world.nodes.size());
    for (int i = 0; i < n; ++i) {
        dist(i, i) = 0;
        const int port = world.agents[i].port;
        if (port < 0) continue;
        solve_from(g, weight, open, every, port, tree.data(), 0, s);
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
    // The weights of the last solve, which left the kept trees, to tell which legs moved since.
    const std::vector<double> before = std::move(state.leg_cost);
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
    const Adjacency g = adjacency(world, state.leg_cost);
    std::vector<char> moved(weight.size(), 1);
    if (before.size() == weight.size())
        for (std::size_t l = 0; l < weight.size(); ++l) moved[l] = leg_weight(world, before, l) != weight[l];
    const std::vector<OpenLeg> open = open_legs(world, weight, moved);
    Search s(nodes);
    for (int i = 0; i < n; ++i) {
        const int port = world.agents[i].port;
        if (port >= 0) {
            RouteStep* tree = state.route_steps.data() + static_cast<std::size_t>(i) * nodes;
            int& size = state.route_size[i];
            size = solve_from(g, weight, open, moved, port, tree, size, s);
            state.route_repairs += s.repaired;
        }
        fill_row(world, i, s.from_port, state.sea_dist);
    }
}

}  // namespace geosim::sea_lanes
