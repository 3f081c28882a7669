#include "models/network.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/connected_components.hpp>

#include <cmath>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim::network {

namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// Refreshes state.strong_edges from the ties; true when any edge differs from the last measure
// (or nothing was measured yet), so that quarters without a tie change cost no graph work.
bool refresh_edges(const World& world, State& state) {
    const int n = world.n();
    const int strong = static_cast<int>(std::lround(world.params.network.strong_tie));
    bool changed = state.strong_edges.n() != n;
    if (changed) state.strong_edges = IntMatrix(n, 0);
    std::vector<char> strategic(n);  // gathered once, not read from each Agent n times
    for (int i = 0; i < n; ++i) strategic[i] = world.agents[i].strategic;
    for (int i = 0; i < n; ++i) {
        const int* ties = &state.ties.values()[static_cast<std::size_t>(i) * n];
        int* edges = &state.strong_edges.values()[static_cast<std::size_t>(i) * n];
        for (int j = 0; j < n; ++j) {
            const int edge = i != j && strategic[i] && strategic[j] && ties[j] >= strong;
            if (edges[j] == edge) continue;
            edges[j] = edge;
            changed = true;
        }
    }
    return changed;
}

}  // namespace

void measure(const World& world, State& state) {
    if (!refresh_edges(world, state) && static_cast<int>(state.centrality.size()) == world.n())
        return;
    const int n = world.n();

    // Vertices are the strategic agents in agent order, so component numbers are deterministic.
    std::vector<int> agent_of;
    agent_of.reserve(n);
    std::vector<int> vertex_of(n, -1);
    for (int i = 0; i < n; ++i) {
        if (!world.agents[i].strategic) continue;
        vertex_of[i] = static_cast<int>(agent_of.size());
        agent_of.push_back(i);
    }
    const int m = static_cast<int>(agent_of.size());

    Graph g(m);
    for (int u = 0; u < m; ++u)
        for (int v = u + 1; v < m; ++v)
            if (state.strong_edges(agent_of[u], agent_of[v])) boost::add_edge(u, v, g);

    std::vector<double> between(m, 0.0);
    boost::brandes_betweenness_centrality(
        g, boost::centrality_map(
               boost::make_iterator_property_map(between.begin(), boost::get(boost::vertex_index, g))));
    std::vector<int> comp(m, 0);
    boost::connected_components(
        g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));

    // Boost already halves the undirected counts, so the raw score counts unordered pairs whose
    // shortest paths pass through the vertex; at most (m-1)(m-2)/2 of them (the centre of a star).
    const double pairs = m > 2 ? (m - 1.0) * (m - 2.0) / 2.0 : 0.0;
    state.centrality.assign(n, 0.0);
    state.component.assign(n, -1);
    for (int i = 0; i < n; ++i) {
        const int v = vertex_of[i];
        if (v < 0) continue;
        state.centrality[i] = pairs > 0 ? between[v] / pairs : 0.0;
        state.component[i] = comp[v];
    }
}

double bloc_centrality(const World& world, const State& state, int bloc) {
    const auto& members = world.blocs[bloc].members;
    if (members.empty()) return 0.0;
    double sum = 0;
    for (int m : members) sum += state.centrality[m];
    return sum / static_cast<double>(members.size());
}

}  // namespace geosim::network
