#include <catch2/catch.hpp>

#include "models/network.hpp"
#include "tests/models/fixtures_a.hpp"

using namespace geosim;

namespace {

World network_world(int n, const std::vector<int>& passive) {
    World w = fixtures_a::agents_world(n, passive);
    w.params.network.strong_tie = 3;
    return w;
}

}  // namespace

TEST_CASE("network: the centre of a star lies on every path between leaves", "[network]") {
    // Five strategic agents: 0 tied to 1..4 at level 3; agent 5 is passive and tied to 0.
    World w = network_world(6, {5});
    State s = fixtures_a::blank_state(w);
    for (int leaf = 1; leaf <= 4; ++leaf) fixtures_a::set_tie(s, 0, leaf, 3);
    fixtures_a::set_tie(s, 0, 5, 5);
    network::measure(w, s);
    // The centre lies on all C(4,2) = 6 leaf-to-leaf shortest paths; the bound for n = 5 is
    // (5-1)(5-2)/2 = 6, so it scores 1. Leaves lie on none.
    CHECK(s.centrality[0] == Approx(1.0));
    for (int leaf = 1; leaf <= 4; ++leaf) CHECK(s.centrality[leaf] == 0);
    CHECK(s.centrality[5] == 0);
    CHECK(s.component[5] == -1);
    for (int i = 1; i <= 4; ++i) CHECK(s.component[i] == s.component[0]);
}

TEST_CASE("network: a path, a weak tie and an isolated agent", "[network]") {
    // Strategic 0-1-2-3 tied in a path at levels 3, 4, 5; agent 4 strategic with only a level-2
    // tie (below strong_tie = 3) to 0, so it is isolated.
    World w = network_world(5, {});
    w.blocs.push_back({"B", "B", {1, 2}});
    State s = fixtures_a::blank_state(w);
    fixtures_a::set_tie(s, 0, 1, 3);
    fixtures_a::set_tie(s, 1, 2, 4);
    fixtures_a::set_tie(s, 2, 3, 5);
    fixtures_a::set_tie(s, 0, 4, 2);
    network::measure(w, s);
    // Agent 1 is on the paths 0-2 and 0-3; agent 2 on 0-3 and 1-3: 2 pairs each out of
    // (5-1)(5-2)/2 = 6, so 1/3. The ends and the isolated agent score 0.
    CHECK(s.centrality[1] == Approx(1.0 / 3.0));
    CHECK(s.centrality[2] == Approx(1.0 / 3.0));
    CHECK(s.centrality[0] == 0);
    CHECK(s.centrality[3] == 0);
    CHECK(s.centrality[4] == 0);
    // Components numbered in agent order: the path is 0, the isolated agent 1.
    CHECK(s.component == std::vector<int>{0, 0, 0, 0, 1});
    // Bloc {1, 2}: mean of 1/3 and 1/3.
    CHECK(network::bloc_centrality(w, s, 0) == Approx(1.0 / 3.0));
}

TEST_CASE("network: raising the threshold removes edges", "[network]") {
    World w = network_world(3, {});
    w.params.network.strong_tie = 5;
    State s = fixtures_a::blank_state(w);
    fixtures_a::set_tie(s, 0, 1, 4);
    fixtures_a::set_tie(s, 1, 2, 5);
    network::measure(w, s);
    // Only 1-2 counts: components {0}, {1, 2}; no agent lies between two others.
    CHECK(s.component == std::vector<int>{0, 1, 1});
    CHECK(s.centrality == std::vector<double>{0, 0, 0});
}

TEST_CASE("network: measures again only when the strong-tie graph changed", "[network]") {
    World w = network_world(3, {});
    State s = fixtures_a::blank_state(w);
    fixtures_a::set_tie(s, 0, 1, 3);
    fixtures_a::set_tie(s, 1, 2, 3);
    network::measure(w, s);
    // Path 0-1-2: agent 1 lies on the one pair 0-2, out of (3-1)(3-2)/2 = 1.
    CHECK(s.centrality[1] == Approx(1.0));

    // A mark in the output survives a measure with unchanged edges (nothing was recomputed),
    // and a tie that moves within the strong range (3 -> 4) is not an edge change.
    s.centrality[1] = 0.5;
    fixtures_a::set_tie(s, 1, 2, 4);
    network::measure(w, s);
    CHECK(s.centrality[1] == 0.5);

    // Closing the triangle changes the graph: every pair is adjacent, no one lies between.
    fixtures_a::set_tie(s, 0, 2, 3);
    network::measure(w, s);
    CHECK(s.centrality == std::vector<double>{0, 0, 0});

    // A stricter threshold (another world, same state) is an edge change too: only 1-2 remains.
    w.params.network.strong_tie = 4;
    network::measure(w, s);
    CHECK(s.component == std::vector<int>{0, 1, 1});
}
