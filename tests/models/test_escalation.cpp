#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/rng.hpp"
#include "models/escalation.hpp"
#include "models/incident_ladder.hpp"
#include "models/sea_lanes.hpp"
#include "tests/models/fixtures_a.hpp"

using namespace geosim;

namespace {

State step_once(const World& w, const State& now, std::uint64_t run = 0) {
    State next = fixtures_a::successor(now);
    escalation::step(w, now, next, Streams(3, run));
    return next;
}

}  // namespace

TEST_CASE("escalation: ladder arithmetic by hand", "[escalation]") {
    const EscalationParams p = fixtures_a::escalation_params();
    // 1 + 0.5 + 0.5 x 0.4 + 0.2 x 0.25 + 0.05 x 0.1 = 1.755
    CHECK(incident_ladder::expected_rung(p) == Approx(1.755));
    // logistic(logit(0.5) + ln 3) = 3 / 4
    CHECK(incident_ladder::step_up(0.5, std::log(3.0)) == Approx(0.75));
    CHECK(incident_ladder::step_up(0.2, 0.0) == Approx(0.2));
    CHECK(incident_ladder::step_up(0.0, 5.0) == 0.0);
    CHECK(incident_ladder::step_up(1.0, -5.0) == 1.0);
    CHECK(std::string(incident_ladder::rung_name(3)) == "water cannon or ramming");
}

TEST_CASE("escalation: calibration of severity, capability and deterrence", "[escalation]") {
    World w = fixtures_a::zone_world(2.0, 0.4);
    State s = fixtures_a::blank_state(w);
    s.gdp = {200, 1000, 20000, 4000};
    s.defence = {0.01, 0.02, 0.03, 0.01};
    s.credibility = 0.8;
    fixtures_a::set_tie(s, 0, 2, 5);
    fixtures_a::set_tie(s, 0, 3, 3);
    escalation::calibrate(w, s);
    // 2 incidents a quarter x 1.755 / 5 = 0.702
    CHECK(w.calib.severity_ref[0] == Approx(0.702));
    // ln(0.02 x 1000 / (0.01 x 200)) = ln 10
    CHECK(w.calib.capability0[0] == Approx(std::log(10.0)));
    // 0.8 x 5/5 + 0.5 x 3/5 = 1.1
    CHECK(w.calib.deterrence0[0] == Approx(1.1));
    CHECK(incident_ladder::ladder_shift(w, s, 0) == Approx(0.0).margin(1e-12));

    // The claimant doubles its spending (capability falls by ln 2) and US credibility falls to
    // 0.3 (deterrence 0.3 + 0.3 = 0.6, down 0.5): shift = 0.5 x (-ln 2) + 2 x 0.5 = 0.653426.
    s.defence[0] = 0.02;
    s.credibility = 0.3;
    CHECK(incident_ladder::ladder_shift(w, s, 0) == Approx(0.653426).epsilon(1e-5));
}

TEST_CASE("escalation: a zone's own step-ups replace the parameters in its ladder", "[escalation]") {
    World w = fixtures_a::zone_world(2.0, 0.4);
    w.zones[0].step_up[1] = 0.05;  // shadowing to water cannon: 0.05 here, 0.4 elsewhere
    State s = fixtures_a::blank_state(w);
    escalation::calibrate(w, s);
    CHECK(incident_ladder::base_step_up(w, 0, 1) == 0.5);
    CHECK(incident_ladder::base_step_up(w, 0, 2) == 0.05);
    // 1 + 0.5 + 0.5 x 0.05 + 0.025 x 0.25 + 0.00625 x 0.1 = 1.531875
    CHECK(incident_ladder::expected_rung(w, 0) == Approx(1.531875));
    // severity_ref = 2 x 1.531875 / 5 = 0.61275
    CHECK(w.calib.severity_ref[0] == Approx(0.61275));
    // Every step certain but the zone's own first one closed: incidents stay at patrol.
    auto& p = w.params.escalation;
    p.step_up_1 = p.step_up_2 = p.step_up_3 = p.step_up_4 = 1;
    w.zones[0].step_up[0] = 0;
    w.zones[0].base_rate = 20;
    escalation::calibrate(w, s);
    const State next = step_once(w, s);
    REQUIRE(next.incidents[0] > 0);
    CHECK(next.max_rung[0] == 1);
}

TEST_CASE("escalation: deterrence comes from the claimant's protectors, none allied with the rival",
          "[escalation]") {
    World w = fixtures_a::zone_world(2.0, 0.4);
    State s = fixtures_a::blank_state(w);
    s.credibility = 0.8;
    fixtures_a::set_tie(s, 0, 2, 5);  // CLM-USA alliance
    fixtures_a::set_tie(s, 0, 3, 3);  // CLM-JPN strategic
    // 0.8 x 5/5 + 0.5 x 3/5 = 1.1
    CHECK(incident_ladder::deterrence(w, s, 0) == Approx(1.1));
    // The US allied with the rival too: it deters neither; Japan still adds 0.3.
    fixtures_a::set_tie(s, 1, 2, 5);
    CHECK(incident_ladder::deterrence(w, s, 0) == Approx(0.3));
    fixtures_a::set_tie(s, 1, 2, 4);  // short of an alliance with the rival: the US counts again
    CHECK(incident_ladder::deterrence(w, s, 0) == Approx(1.1));
    // A zone where Japan is the rival (as at Dokdo): Japan does not deter itself, and the US,
    // allied with Japan, adds nothing either.
    w.zones[0].rival = 3;
    fixtures_a::set_tie(s, 3, 2, 5);
    CHECK(incident_ladder::deterrence(w, s, 0) == 0.0);
    // A zone where Japan is the claimant (as at the Senkakus): the US alone, 0.8 x 5/5.
    w.zones[0].rival = 1;
    w.zones[0].claimant = 3;
    fixtures_a::set_tie(s, 1, 2, 0);
    CHECK(incident_ladder::deterrence(w, s, 0) == Approx(0.8));
}

TEST_CASE("escalation: base tension is stationary in expectation", "[escalation]") {
    // Rate 2 at base tension 0.4. Top rung probabilities 0.5, 0.3, 0.15, 0.045, 0.005 give
    // E[(rung/5)^2] = 3.895 / 25, so Var S = 2 x 0.1558 = 0.3116. Next tension is
    // 0.75 x 0.4 + 0.1 x S / 0.702; its mean is 0.4 and its standard deviation
    // (0.1 / 0.702) x sqrt(0.3116) = 0.07952; over 20000 runs five standard errors are 0.00281.
    // Mean count 2, five standard errors 5 x sqrt(2 / 20000) = 0.05.
    World w = fixtures_a::zone_world(2.0, 0.4);
    const State now = fixtures_a::blank_state(w);
    escalation::calibrate(w, now);
    const int runs = 20000;
    double tension = 0, count = 0;
    for (int r = 0; r < runs; ++r) {
        const State next = step_once(w, now, static_cast<std::uint64_t>(r));
        tension += next.tension[0];
        count += next.incidents[0];
    }
    CHECK(tension / runs == Approx(0.4).margin(0.00281));
    CHECK(count / runs == Approx(2.0).margin(0.05));
}

TEST_CASE("escalation: tension above base raises the incident rate", "[escalation]") {
    // Base rate 1.5 at base tension 0.4, hazard 2; forced tension 0.65 gives
    // 1.5 x exp(2 x 0.25) = 2.473082 incidents a quarter; five standard errors of a Poisson
    // mean over 20000 runs: 5 x sqrt(2.473082 / 20000) = 0.0556.
    World w = fixtures_a::zone_world(1.5, 0.4);
    State now = fixtures_a::blank_state(w);
    escalation::calibrate(w, now);
    now.tension[0] = 0.65;
    const int runs = 20000;
    double count = 0;
    for (int r = 0; r < runs; ++r) count += step_once(w, now, static_cast<std::uint64_t>(r)).incidents[0];
    CHECK(count / runs == Approx(2.473082).margin(0.0556));
}

TEST_CASE("escalation: incidents, tension and a product ban that fires and expires", "[escalation]") {
    // Every incident stays at patrol (no step up) and any rung can trigger a certain ban for 2
    // quarters. At rate 20 the chance of a quiet quarter is exp(-20).
    World w = fixtures_a::zone_world(20.0, 0.4);
    w.params.escalation.step_up_1 = 0;
    w.params.escalation.ban_rung = 1;
    w.params.escalation.ban_probability = 1;
    State s0 = fixtures_a::blank_state(w);
    escalation::calibrate(w, s0);

    const State s1 = step_once(w, s0);
    const int count = s1.incidents[0];
    REQUIRE(count > 0);
    CHECK(s1.incidents_total[0] == count);
    CHECK(s1.max_rung[0] == 1);
    // severity_ref = 20 x 1 / 5 = 4; S = count / 5; tension = 0.3 + 0.1 x (count / 5) / 4.
    CHECK(s1.tension[0] == Approx(0.3 + 0.005 * count));
    CHECK(s1.ban(1, 0) == Approx(0.3));
    CHECK(s1.ban_left(1, 0) == 2);
    int incidents = 0, bans = 0;
    for (const auto& e : s1.events) {
        if (e.kind == "incident") {
            ++incidents;
            CHECK(e.agent == 1);
            CHECK(e.partner == 0);
            CHECK(e.detail == "Test Shoal: RIV and CLM incident reaches patrol (rung 1)");
        }
        if (e.kind == "ban") {
            ++bans;
            CHECK(e.detail == "RIV bans 30% of imports from CLM for 2 quarters after an incident at Test Shoal");
        }
    }
    CHECK(incidents == count);
    CHECK(bans == 1);

    w.zones[0].base_rate = 0;  // no further incidents: the ban only runs down
    const State s2 = step_once(w, s1);
    CHECK(s2.ban(1, 0) == Approx(0.3));
    CHECK(s2.ban_left(1, 0) == 1);
    CHECK(s2.incidents_total[0] == count);
    const State s3 = step_once(w, s2);
    CHECK(s3.ban(1, 0) == 0);
    CHECK(s3.ban_left(1, 0) == 0);
    REQUIRE(s3.events.size() == 1);
    CHECK(s3.events[0].kind == "ban_end");
    CHECK(s3.events[0].detail == "RIV lifts its ban on imports from CLM");

    // Incidents again in the quarter the ban would run out: the new ban restarts it, as one
    // during the ban does, with no lifting logged in between (the ban never lapses).
    w.zones[0].base_rate = 20;
    const State renewed = step_once(w, s2);
    CHECK(renewed.ban(1, 0) == Approx(0.3));
    CHECK(renewed.ban_left(1, 0) == 2);
    int lifted = 0, imposed = 0;
    for (const auto& e : renewed.events) {
        lifted += e.kind == "ban_end";
        imposed += e.kind == "ban";
    }
    CHECK(lifted == 0);
    CHECK(imposed == 1);
}

TEST_CASE("escalation: a certain ladder reaches armed clash, and below ban_rung there is no ban", "[escalation]") {
    World w = fixtures_a::zone_world(20.0, 0.4);
    auto& p = w.params.escalation;
    p.step_up_1 = p.step_up_2 = p.step_up_3 = p.step_up_4 = 1;
    p.ban_rung = 5;
    p.ban_probability = 1;
    State s0 = fixtures_a::blank_state(w);
    escalation::calibrate(w, s0);
    const State s1 = step_once(w, s0);
    REQUIRE(s1.incidents[0] > 0);
    CHECK(s1.max_rung[0] == 5);
    CHECK(s1.ban(1, 0) == Approx(0.3));

    p.step_up_4 = 0;  // now every incident stops at seizure (4) < ban_rung
    escalation::calibrate(w, s0);
    const State t1 = step_once(w, s0);
    CHECK(t1.max_rung[0] == 4);
    CHECK(t1.ban(1, 0) == 0);
    CHECK(t1.events.back().detail == "Test Shoal: RIV and CLM incident reaches seizure (rung 4)");
}

TEST_CASE("escalation: risk premiums land on each zone's legs", "[escalation]") {
    // No incidents (rate 0, severity_ref 0), tension_memory 0.5, risk_premium 0.5:
    // zone 0 (legs 0, 1): base 0.2, tension 0.6 -> 0.5 x 0.6 + 0.5 x 0.2 = 0.4, premium 0.5 x 0.2 = 0.1
    // zone 1 (legs 1, 2): base 0.3, tension 0.9 -> 0.6, premium 0.5 x 0.3 = 0.15
    // zone 2 (leg 3):     base 0.5, tension 0.1 -> 0.3, below base: 0.5 x -0.2 = -0.1 (cheaper).
    // Leg 1 carries the larger of its two zones' premiums; leg 4 is in no zone.
    World w = fixtures_a::zone_world(0.0, 0.2);
    for (const char* id : {"c", "d", "e"}) fixtures_a::add_leg(w, id, 0, 2, 100);
    w.zones[0].legs = {0, 1};
    Zone z1 = w.zones[0];
    z1.legs = {1, 2};
    z1.base_tension = 0.3;
    Zone z2 = w.zones[0];
    z2.legs = {3};
    z2.base_tension = 0.5;
    w.zones.push_back(z1);
    w.zones.push_back(z2);
    assign_stream_keys(w);
    w.params.escalation.tension_memory = 0.5;
    State s = fixtures_a::blank_state(w);
    escalation::calibrate(w, s);
    s.tension = {0.6, 0.9, 0.1};
    const State next = step_once(w, s);
    CHECK(next.tension[0] == Approx(0.4));
    CHECK(next.tension[1] == Approx(0.6));
    CHECK(next.tension[2] == Approx(0.3));
    CHECK(next.leg_risk[0] == Approx(0.1));
    CHECK(next.leg_risk[1] == Approx(0.15));
    CHECK(next.leg_risk[2] == Approx(0.15));
    CHECK(next.leg_risk[3] == Approx(-0.1));
    CHECK(next.leg_risk[4] == 0);
}

TEST_CASE("escalation: a zone's risk premium lengthens the route through it next quarter", "[escalation]") {
    // CLM's port is node 0, RIV's node 2; the route is near (500 km, in the zone) + far (500 km).
    // No incidents (rate 0), tension 0.9 against base 0.2, memory 0.25:
    // 0.75 x 0.9 + 0.25 x 0.2 = 0.725, premium 0.5 x 0.525 = 0.2625 on "near", so the route
    // becomes 500 x 1.2625 + 500 = 1131.25 km-equivalent.
    World w = fixtures_a::zone_world(0.0, 0.2);
    w.agents[0].port = 0;
    w.agents[1].port = 2;
    State s = fixtures_a::blank_state(w);
    s.sea_dist = sea_lanes::shortest_distances(w, s.leg_cost);
    CHECK(s.sea_dist(0, 1) == Approx(1000));
    escalation::calibrate(w, s);
    s.tension[0] = 0.9;
    State next = step_once(w, s);
    CHECK(next.leg_risk[0] == Approx(0.2625));
    sea_lanes::update(w, next);
    CHECK(next.lane_solves == 1);
    CHECK(next.sea_dist(1, 0) == Approx(1131.25));
}
