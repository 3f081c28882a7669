#include "outputs/graphml.hpp"

#include <catch2/catch.hpp>

#include <sstream>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

using namespace geosim;

namespace {

World three_agents() {
    World world;
    world.agents.resize(3);
    world.agents[0].id = "IDN";
    world.agents[0].name = "Indonesia";
    world.agents[1].id = "USA";
    world.agents[1].name = "United States";
    world.agents[2].id = "TLS";
    world.agents[2].name = "Timor-Leste & \"Friends\" <x>";
    world.agents[2].strategic = false;
    world.blocs.push_back({"ASEAN", "Association of Southeast Asian Nations", {0, 2}});
    return world;
}

State three_agent_state() {
    State state;
    state.gdp = {1371.2, 27360, 2.2};
    state.alignment = {-0.1, 1, 0.25};
    state.ties = IntMatrix(3);
    state.ties(0, 1) = state.ties(1, 0) = 3;
    state.ties(1, 2) = state.ties(2, 1) = 1;
    state.bloc_ties = IntMatrix(3);
    state.bloc_ties(0, 1) = 4;
    return state;
}

}  // namespace

TEST_CASE("write_ties_graphml lists agents, blocs and ties of level 1 and above", "[outputs][graphml]") {
    std::ostringstream out;
    write_ties_graphml(out, three_agents(), three_agent_state());
    CHECK(out.str() ==
          R"(<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="name" for="node" attr.name="name" attr.type="string"><desc>full name</desc></key>
  <key id="kind" for="node" attr.name="kind" attr.type="string"><desc>agent or bloc</desc></key>
  <key id="strategic" for="node" attr.name="strategic" attr.type="boolean"><desc>true: takes security decisions; false: a passive economy (trades only)</desc></key>
  <key id="gdp" for="node" attr.name="gdp" attr.type="double"><desc>GDP at an annual rate, USD bn a year (agents only)</desc></key>
  <key id="alignment" for="node" attr.name="alignment" attr.type="double"><desc>position between China (-1) and the US (+1), in [-1, 1] (agents only)</desc></key>
  <key id="level" for="edge" attr.name="level" attr.type="int"><desc>security tie, 0-5: 0 none, 1 dialogue partner, 2 comprehensive partnership, 3 strategic partnership, 4 comprehensive strategic partnership, 5 treaty alliance</desc></key>
  <graph id="ties" edgedefault="undirected">
    <node id="IDN">
      <data key="name">Indonesia</data>
      <data key="kind">agent</data>
      <data key="strategic">true</data>
      <data key="gdp">1371.2</data>
      <data key="alignment">-0.1</data>
    </node>
    <node id="USA">
      <data key="name">United States</data>
      <data key="kind">agent</data>
      <data key="strategic">true</data>
      <data key="gdp">27360</data>
      <data key="alignment">1</data>
    </node>
    <node id="TLS">
      <data key="name">Timor-Leste &amp; &quot;Friends&quot; &lt;x&gt;</data>
      <data key="kind">agent</data>
      <data key="strategic">false</data>
      <data key="gdp">2.2</data>
      <data key="alignment">0.25</data>
    </node>
    <node id="ASEAN">
      <data key="name">Association of Southeast Asian Nations</data>
      <data key="kind">bloc</data>
    </node>
    <edge source="IDN" target="USA">
      <data key="level">3</data>
    </edge>
    <edge source="USA" target="TLS">
      <data key="level">1</data>
    </edge>
    <edge source="ASEAN" target="USA">
      <data key="level">4</data>
    </edge>
  </graph>
</graphml>
)");
}

TEST_CASE("write_ties_graphml replaces characters XML cannot hold", "[outputs][graphml]") {
    World world = three_agents();
    world.agents[0].name = "tab\there, bell\x07, it's";
    std::ostringstream out;
    write_ties_graphml(out, world, three_agent_state());
    CHECK(out.str().find("<data key=\"name\">tab\there, bell\xEF\xBF\xBD, it&apos;s</data>") !=
          std::string::npos);
}
