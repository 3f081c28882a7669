#include <catch2/catch.hpp>

#include <cmath>

#include "models/investment.hpp"
#include "tests/models/fixtures_b.hpp"

using namespace geosim;

namespace {

// Source A0 (GDP 100) invests 1, 2 and 1 a year in hosts A1, A2, A3: shares 1/4, 1/2, 1/4 and an
// outward rate of 4 / 100. Stocks are 12 times the flows.
World three_hosts() {
    World w = fixtures_b::blank_world(4);
    w.fdi_flow0(0, 1) = 1;
    w.fdi_flow0(0, 2) = 2;
    w.fdi_flow0(0, 3) = 1;
    for (int h = 1; h < 4; ++h) w.fdi_stock0(0, h) = 12 * w.fdi_flow0(0, h);
    InvestmentParams& p = w.params.investment;
    p.adjustment = 1;
    p.depreciation = 0.0125;
    p.beta_size = 1;
    p.beta_growth = 0;
    p.beta_agglomeration = 0.5;
    p.beta_risk = 3;
    p.beta_restriction = 2 * std::log(2.0);  // a 50% restriction halves exp(V)
    p.beta_alignment = 2;
    p.beta_subsidy = 2;
    p.beta_trust = 2;
    p.nest_lambda = 0.5;
    investment::calibrate(w);
    return w;
}

}  // namespace

TEST_CASE("investment calibration gives log shares and the outward rate", "[investment]") {
    const World w = three_hosts();
    CHECK(w.calib.outward_rate[0] == Approx(0.04));
    CHECK(w.calib.fdi_const(0, 1) == Approx(std::log(0.25)));
    CHECK(w.calib.fdi_const(0, 2) == Approx(std::log(0.5)));
    CHECK(std::isinf(w.calib.fdi_const(0, 0)));
    CHECK(std::isinf(w.calib.fdi_const(1, 2)));  // A1 invests nowhere
    CHECK(w.calib.outward_rate[1] == 0);
}

TEST_CASE("investment reproduces the start flows and accumulates stocks", "[investment]") {
    const World w = three_hosts();
    const State s0 = fixtures_b::start_state(w);
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    CHECK(s1.fdi_flow(0, 1) == Approx(1).epsilon(1e-12));
    CHECK(s1.fdi_flow(0, 2) == Approx(2).epsilon(1e-12));
    CHECK(s1.fdi_flow(0, 3) == Approx(1).epsilon(1e-12));
    CHECK(s1.fdi_flow(1, 0) == 0);
    // 12 x (1 - 0.0125) + 1 / 4 = 11.85 + 0.25
    CHECK(s1.fdi_stock(0, 1) == Approx(12.1));
    // 24 x 0.9875 + 2 / 4 = 23.7 + 0.5
    CHECK(s1.fdi_stock(0, 2) == Approx(24.2));
}

TEST_CASE("investment logit over three hosts by hand", "[investment]") {
    World w = three_hosts();
    w.params.investment.beta_growth = 0;  // isolate the size term
    State s0 = fixtures_b::start_state(w);
    // Host A1's GDP is twice its trend path (size is measured against trend):
    // V1 = ln(1/4) + 1 * ln 2 = ln(1/2). exp(V) = 1/2, 1/2, 1/4, sum 5/4: shares 0.4, 0.4, 0.2
    // of the budget 4.
    s0.gdp[1] = 200;
    // The source's own GDP rising 10% raises its budget to 4.4 without moving the shares.
    s0.gdp[0] = 110;
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    CHECK(s1.fdi_flow(0, 1) == Approx(0.4 * 4.4));
    CHECK(s1.fdi_flow(0, 2) == Approx(0.4 * 4.4));
    CHECK(s1.fdi_flow(0, 3) == Approx(0.2 * 4.4));
}

TEST_CASE("investment restriction on one host moves flows to the others (China+1)", "[investment]") {
    World w = three_hosts();
    w.params.investment.adjustment = 0.5;
    State s0 = fixtures_b::start_state(w);
    s0.invest_block(1, 0) = 0.5;  // host A1 restricts half of A0's investment
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    // exp(V) = 1/4 x 1/2, 1/2, 1/4 = 1/8, 4/8, 2/8: shares 1/7, 4/7, 2/7, targets 4/7, 16/7, 8/7.
    // Half the gap closes: 1 + (4/7 - 1)/2 = 11/14, 2 + (16/7 - 2)/2 = 15/7, 1 + (8/7 - 1)/2 = 15/14.
    CHECK(s1.fdi_flow(0, 1) == Approx(11.0 / 14));
    CHECK(s1.fdi_flow(0, 2) == Approx(15.0 / 7));
    CHECK(s1.fdi_flow(0, 3) == Approx(15.0 / 14));
    // The others gain in proportion to their shares (2 : 1), the logit's independence of
    // irrelevant alternatives; the budget is unchanged.
    CHECK((s1.fdi_flow(0, 2) - 2) / (s1.fdi_flow(0, 3) - 1) == Approx(2));
    CHECK(s1.fdi_flow.row_sum(0) == Approx(4));

    // The shares adjust partially but the budget follows the source's GDP at once: with GDP
    // 110 every flow is 1.1 times the above.
    s0.gdp[0] = 110;
    State g1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, g1);
    CHECK(g1.fdi_flow(0, 1) == Approx(1.1 * 11 / 14));
    CHECK(g1.fdi_flow(0, 2) == Approx(1.1 * 15 / 7));
}

TEST_CASE("investment: a source's subsidy for one host draws its flows there (a promotion)", "[investment]") {
    const World w = three_hosts();
    State s0 = fixtures_b::start_state(w);
    // A0's government pays a share ln(3) / 2 of the cost of its investment in A1; with
    // beta_subsidy 2, V1 rises by ln 3: exp(V) = 3/4, 1/2, 1/4, sum 3/2, shares 1/2, 1/3, 1/6
    // of the budget 4 (adjustment 1).
    s0.invest_promotion(0, 1) = std::log(3.0) / 2;
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    CHECK(s1.fdi_flow(0, 1) == Approx(2));
    CHECK(s1.fdi_flow(0, 2) == Approx(4.0 / 3));
    CHECK(s1.fdi_flow(0, 3) == Approx(2.0 / 3));
}

TEST_CASE("investment flows away from a host whose zone heats up or whose alignment drifts", "[investment]") {
    World w = three_hosts();
    Zone z;
    z.id = "z";
    z.claimant = 2;
    z.rival = 1;
    z.base_tension = 0.2;
    w.zones.push_back(z);
    State s0 = fixtures_b::start_state(w);
    // Tension 0.2 -> 0.2 + ln 2 / 3: V2 falls by ln 2, exp(V) = 1/4, 1/4, 1/4: equal shares of 4.
    s0.tension[0] = 0.2 + std::log(2.0) / 3;
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    CHECK(s1.fdi_flow(0, 2) == Approx(4.0 / 3));
    CHECK(s1.fdi_flow(0, 1) == Approx(4.0 / 3));

    // The bloc distance (1 - x0 x3) / 2 of a neutral source (x0 = 0) does not move
    // whatever the host does: the start shares hold.
    State n0 = fixtures_b::start_state(w);
    n0.alignment[3] = std::log(2.0);
    State n1 = fixtures_b::copy_next(n0);
    investment::step(w, n0, n1);
    CHECK(n1.fdi_flow(0, 3) == Approx(1).epsilon(1e-12));

    // A source at the west pole (x0 = 1): A3 drifting to x3 = -ln 2 moves the distance from 1/2
    // to (1 + ln 2) / 2, up ln 2 / 2, so with beta_alignment 2 V3 falls by ln 2: exp(V) = 1/4,
    // 1/2, 1/8 and A3 takes 1/8 of 7/8 of the budget 4.
    World west = w;
    west.agents[0].alignment = 1;
    State a0 = fixtures_b::start_state(west);
    a0.alignment[3] = -std::log(2.0);
    State a1 = fixtures_b::copy_next(a0);
    investment::step(west, a0, a1);
    CHECK(a1.fdi_flow(0, 3) == Approx(4 * (1.0 / 8) / (7.0 / 8)));
}

TEST_CASE("investment: a host public's loss of trust in a source drives the source's firms away", "[investment]") {
    const World w = three_hosts();
    State s0 = fixtures_b::start_state(w);
    // A2's public trusts A0 ln(2) / 2 less than at the start; with beta_trust 2, V2 falls by
    // ln 2: exp(V) = 1/4, 1/4, 1/4, equal shares of the budget 4. A0's own trust in A2 does not
    // count.
    s0.trust(2, 0) -= std::log(2.0) / 2;
    s0.trust(0, 1) -= 0.5;
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    CHECK(s1.fdi_flow(0, 1) == Approx(4.0 / 3));
    CHECK(s1.fdi_flow(0, 2) == Approx(4.0 / 3));
    CHECK(s1.fdi_flow(0, 3) == Approx(4.0 / 3));
}

TEST_CASE("investment: nested hosts take most of what leaves one of them (nested logit)", "[investment]") {
    // A1 and A2 form a nest, A3 is alone; start shares 1/4, 1/2, 1/4 (nest 3/4), lambda 1/2.
    World w = three_hosts();
    w.host_nest = {0, 1, 1, 2};
    investment::calibrate(w);  // the nests are calibrated data
    State s0 = fixtures_b::start_state(w);
    {
        // No change: the start shares exactly.
        State s1 = fixtures_b::copy_next(s0);
        investment::step(w, s0, s1);
        CHECK(s1.fdi_flow(0, 1) == Approx(1).epsilon(1e-12));
        CHECK(s1.fdi_flow(0, 2) == Approx(2).epsilon(1e-12));
        CHECK(s1.fdi_flow(0, 3) == Approx(1).epsilon(1e-12));
    }
    // A2's public turns on A0: V2 falls by (ln 2) / 2 (beta_trust 2, trust -ln(2)/4), so
    // exp(dV2 / lambda) = 1/2. Within the nest: weights 1/3 and (2/3)(1/2) = 1/3, so
    // D = 2/3 and each takes half of the nest. The nest's weight 3/4 x (2/3)^(1/2) = 0.612372
    // against A3's 1/4: the nest keeps 0.612372 / 0.862372 = 0.710102 of the budget, A3 0.289898.
    // Flows of the budget 4: A1 and A2 1.420204 each, A3 1.159592. In the plain logit A1 and A3
    // would each have 4 x 0.25 / (0.25 + 0.5 / sqrt 2 + 0.25) = 1.171573: with the nest, A2's
    // nest partner gains more and the outsider less.
    s0.trust(2, 0) -= std::log(2.0) / 4;
    State s1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, s1);
    const double nest = 0.75 * std::sqrt(2.0 / 3.0);
    CHECK(s1.fdi_flow(0, 1) == Approx(4 * 0.5 * nest / (nest + 0.25)).epsilon(1e-12));
    CHECK(s1.fdi_flow(0, 2) == Approx(4 * 0.5 * nest / (nest + 0.25)).epsilon(1e-12));
    CHECK(s1.fdi_flow(0, 3) == Approx(4 * 0.25 / (nest + 0.25)).epsilon(1e-12));
    CHECK(s1.fdi_flow(0, 1) == Approx(1.420204).epsilon(1e-6));
    CHECK(s1.fdi_flow(0, 3) == Approx(1.159592).epsilon(1e-6));

    // With lambda 1 the nests make no difference: the plain logit.
    w.params.investment.nest_lambda = 1;
    State p1 = fixtures_b::copy_next(s0);
    investment::step(w, s0, p1);
    CHECK(p1.fdi_flow(0, 1) == Approx(4 * 0.25 / (0.5 + 0.5 / std::sqrt(2.0))).epsilon(1e-12));
    CHECK(p1.fdi_flow(0, 3) == Approx(1.171573).epsilon(1e-6));

    // Every host alone in its nest: a host's weight is s0 exp(dV) at any lambda, taken directly
    // (docs/model.md), so lambda 1/2 gives the plain logit to the bit, and the figures above.
    // Over 64 moves of A2's and A3's publics (the nest formula's pow rounds differently from
    // the direct weight in some of them).
    w.host_nest = {0, 1, 2, 3};
    investment::calibrate(w);
    State alone_half = fixtures_b::copy_next(s0), alone_one = fixtures_b::copy_next(s0);
    w.params.investment.nest_lambda = 0.5;
    investment::step(w, s0, alone_half);
    w.params.investment.nest_lambda = 1;
    investment::step(w, s0, alone_one);
    for (int h = 1; h <= 3; ++h) CHECK(alone_half.fdi_flow(0, h) == alone_one.fdi_flow(0, h));
    CHECK(alone_half.fdi_flow(0, 1) == Approx(4 * 0.25 / (0.5 + 0.5 / std::sqrt(2.0))).epsilon(1e-12));
    int differ = 0;
    for (int k = 0; k < 64; ++k) {
        State moved = s0;
        moved.trust(2, 0) = -0.013 * k;
        moved.trust(3, 0) = 0.007 * k - 0.2;
        State half = fixtures_b::copy_next(moved), one = fixtures_b::copy_next(moved);
        w.params.investment.nest_lambda = 0.5;
        investment::step(w, moved, half);
        w.params.investment.nest_lambda = 1;
        investment::step(w, moved, one);
        for (int h = 1; h <= 3; ++h) differ += half.fdi_flow(0, h) != one.fdi_flow(0, h);
    }
    CHECK(differ == 0);
}
