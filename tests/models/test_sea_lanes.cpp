#include <catch2/catch.hpp>

#include "models/sea_lanes.hpp"
#include "tests/models/fixtures_a.hpp"

using namespace geosim;
using fixtures_a::kInf;

TEST_CASE("sea lanes: shortest distances follow the open legs", "[sea_lanes]") {
    const World w = fixtures_a::lane_world();
    const Matrix d = sea_lanes::shortest_distances(w, {1, 1, 1, 1});
    // Through the strait: 100 + 100 km; the way round is 150 + 200 = 350 km.
    CHECK(d(0, 1) == Approx(200));
    CHECK(d(1, 0) == Approx(200));
    CHECK(d(0, 0) == 0);
    CHECK(d(3, 3) == 0);
    // The island has no leg and agent A3 has no port: unreachable both ways.
    CHECK(d(0, 2) == kInf);
    CHECK(d(2, 1) == kInf);
    CHECK(d(0, 3) == kInf);
    CHECK(d(3, 0) == kInf);
}

TEST_CASE("sea lanes: closing the strait reroutes, taxing it may too", "[sea_lanes]") {
    const World w = fixtures_a::lane_world();
    // Closed strait: only the way round, 150 + 200 = 350 km.
    CHECK(sea_lanes::shortest_distances(w, {kInf, 1, 1, 1})(0, 1) == Approx(350));
    // Strait taxed x1.4: 140 + 100 = 240 km-equivalent, still shorter than 350.
    CHECK(sea_lanes::shortest_distances(w, {1.4, 1, 1, 1})(0, 1) == Approx(240));
    // Taxed x3: 300 + 100 = 400 > 350, so the way round wins.
    CHECK(sea_lanes::shortest_distances(w, {3, 1, 1, 1})(0, 1) == Approx(350));
    // Both routes closed: unreachable.
    CHECK(sea_lanes::shortest_distances(w, {kInf, 1, kInf, 1})(0, 1) == kInf);
}

TEST_CASE("sea lanes: effective cost is policy times one plus risk", "[sea_lanes]") {
    const World w = fixtures_a::lane_world();
    State s = fixtures_a::blank_state(w);
    s.leg_policy = {2, 1, kInf, 1};
    s.leg_risk = {0.5, 0.25, 0, 0};
    const auto c = sea_lanes::effective_leg_cost(s);
    CHECK(c[0] == Approx(3.0));   // 2 x 1.5
    CHECK(c[1] == Approx(1.25));  // 1 x 1.25
    CHECK(c[2] == kInf);
    CHECK(c[3] == 1.0);
}

TEST_CASE("sea lanes: update re-solves only when a leg's cost changed", "[sea_lanes]") {
    const World w = fixtures_a::lane_world();
    State s = fixtures_a::blank_state(w);
    s.sea_dist = sea_lanes::shortest_distances(w, s.leg_cost);

    sea_lanes::update(w, s);
    CHECK(s.lane_solves == 0);

    s.leg_policy[0] = kInf;  // a blockade of the strait
    sea_lanes::update(w, s);
    CHECK(s.lane_solves == 1);
    CHECK(s.sea_dist(0, 1) == Approx(350));
    CHECK(s.leg_cost[0] == kInf);

    sea_lanes::update(w, s);  // nothing changed since the last solve
    CHECK(s.lane_solves == 1);

    s.leg_policy[0] = 1;
    s.leg_risk[0] = 0.4;  // escalation risk premium: 140 + 100 = 240
    sea_lanes::update(w, s);
    CHECK(s.lane_solves == 2);
    CHECK(s.sea_dist(0, 1) == Approx(240));
}
