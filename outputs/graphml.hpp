#pragma once
#include <ostream>

namespace geosim {

struct World;
struct State;

// The security-tie network of one quarter as GraphML, for Gephi, yEd, networkx or igraph.
// Nodes: one per agent (kind "agent", with name, strategic, gdp and alignment of `state`) and
// one per bloc (kind "bloc", with its name); node ids are the agent and bloc ids. Edges, all
// undirected and carrying the tie level: one per agent pair with ties >= 1, and one from each
// bloc to each partner with bloc_ties >= 1.
void write_ties_graphml(std::ostream& out, const World& world, const State& state);

}  // namespace geosim
