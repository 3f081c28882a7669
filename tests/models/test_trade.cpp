#include <catch2/catch.hpp>

#include <limits>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/trade.hpp"

using namespace geosim;

namespace {

// Three economies A, B, C with GDP 100 each and exports (row -> column):
//        A   B   C
//   A    0  10  20
//   B   30   0  10
//   C   20  30   0
// so imports are A 50, B 40, C 30 and absorption (GDP + imports) 150, 140, 130.
// Three economies A, B, C with GDP 100 each and no trend growth.
World three_agents() {
    World w;
    for (const char* id : {"A", "B", "C"}) {
        Agent a;
        a.id = id;
        a.name = id;
        a.gdp = 100;
        a.trend_growth = 0;
        w.agents.push_back(a);
    }
    return w;
}

World three_economies(double adjustment) {
    World w = three_agents();
    w.trade0 = Matrix(3);
    w.trade0(0, 1) = 10; w.trade0(0, 2) = 20;
    w.trade0(1, 0) = 30; w.trade0(1, 2) = 10;
    w.trade0(2, 0) = 20; w.trade0(2, 1) = 30;
    w.ties0 = IntMatrix(3);
    // macro elasticity = theta: one CES nest, so the hand computations below stay simple.
    w.params.trade = {4.0, adjustment, 0.9, 0.6, 0.03, 1.0, 0.0, 4.0};
    w.calib.base_dist = Matrix(3, 1000.0);
    trade::calibrate(w);
    return w;
}

State start_of(const World& w) {
    State s;
    s.gdp = {100, 100, 100};
    s.alignment = {0, 0, 0};
    s.import_pen = w.calib.import_pen0;
    s.trade = w.trade0;
    s.sector_trade = w.sector_trade0;
    s.source_share = w.calib.sector_pref;
    s.tariff = s.trade_block = s.export_control = s.trade_promotion = {Matrix(3)};
    s.ban = Matrix(3);
    s.supply_loss.assign(3, 0.0);
    s.sea_dist = w.calib.base_dist;
    s.ties = w.ties0;
    return s;
}

}  // namespace

TEST_CASE("trade: calibration reproduces the observed flows at the start", "[trade]") {
    const World w = three_economies(1.0);
    REQUIRE(w.calib.import_pen0[1] == Approx(40.0 / 140.0).epsilon(1e-15));
    REQUIRE(w.calib.sector_pref[0](0, 1) == Approx(0.25).epsilon(1e-15));
    const State now = start_of(w);
    State next = now;
    trade::step(w, now, next);
    // No change in costs and zero trend growth: every flow stays where it was.
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) REQUIRE(next.trade(i, j) == Approx(w.trade0(i, j)).epsilon(1e-12));
}

TEST_CASE("trade: a 25% tariff diverts B's imports from A to C (hand-solved gravity)", "[trade]") {
    // B taxes A's goods at 25%, theta = 4, full adjustment (lambda = 1):
    //   S_AB = 0.25 * 1.25^-4 = 0.1024, S_CB = 0.75, Phi_B = 0.8524
    //   domestic weight D_B = (1 - 2/7) / (2/7) = 2.5; import share = 0.8524 / 3.3524
    //   imports of B = 140 * 0.8524 / 3.3524 = 35.59718...
    //   A -> B = 140 * 0.1024 / 3.3524 = 4.276339..., C -> B = 140 * 0.75 / 3.3524 = 31.320844...
    const World w = three_economies(1.0);
    State now = start_of(w);
    now.tariff[0](1, 0) = 0.25;
    State next = now;
    trade::step(w, now, next);
    REQUIRE(next.trade(0, 1) == Approx(140 * 0.1024 / 3.3524).epsilon(1e-12));
    REQUIRE(next.trade(2, 1) == Approx(140 * 0.75 / 3.3524).epsilon(1e-12));
    // Other importers are untouched.
    REQUIRE(next.trade(1, 0) == Approx(30).epsilon(1e-12));
    REQUIRE(next.trade(0, 2) == Approx(20).epsilon(1e-12));
}

TEST_CASE("trade: a tariff change moves the price by (1 + t0 + t) / (1 + t0) over the start's applied rate", "[trade][tariffs]") {
    // B applies 25% to A's goods at the start (t0 = 0.25); theta = 4, lambda = 1.
    // A further 25 points: the price rises by 1.5 / 1.25 = 1.2, not 1.25:
    //   S_AB = 0.25 * 1.2^-4 = 0.120563271604938..., S_CB = 0.75, Phi_B = 0.870563271604938...
    //   A -> B = 140 * S_AB / (Phi_B + 2.5) = 10.01474..., C -> B = 140 * 0.75 / (Phi_B + 2.5)
    World w = three_economies(1.0);
    w.tariff0 = {Matrix(3)};
    w.tariff0[0](1, 0) = 0.25;
    State now = start_of(w);
    now.tariff[0](1, 0) = 0.25;
    State next = now;
    trade::step(w, now, next);
    const double s_ab = 0.25 / (1.2 * 1.2 * 1.2 * 1.2);
    REQUIRE(next.trade(0, 1) == Approx(140 * s_ab / (s_ab + 0.75 + 2.5)).epsilon(1e-12));
    REQUIRE(next.trade(2, 1) == Approx(140 * 0.75 / (s_ab + 0.75 + 2.5)).epsilon(1e-12));
    // A cut of the whole 25% (t = -t0) lowers the price by 1 / 1.25 = 0.8, the same wedge as
    // a 20% promotion: S_AB = 0.25 * 0.8^-4 = 0.6103515625 (see the promotion case below).
    now.tariff[0](1, 0) = -0.25;
    State cut = now;
    trade::step(w, now, cut);
    REQUIRE(cut.trade(0, 1) == Approx(140 * 0.6103515625 / 3.8603515625).epsilon(1e-12));
    REQUIRE(cut.trade(2, 1) == Approx(140 * 0.75 / 3.8603515625).epsilon(1e-12));
    // Without a change, the start's rate moves nothing: it is in the data.
    now.tariff[0](1, 0) = 0;
    State same = now;
    trade::step(w, now, same);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) REQUIRE(same.trade(i, j) == Approx(w.trade0(i, j)).epsilon(1e-12));
}

TEST_CASE("trade: a promotion's cost cut draws B's imports toward A, and offsets a tariff", "[trade]") {
    // B's purchases from A cost 20% less (theta = 4, lambda = 1):
    //   S_AB = 0.25 * 0.8^-4 = 0.6103515625, S_CB = 0.75, Phi_B = 1.3603515625
    //   A -> B = 140 * 0.6103515625 / (1.3603515625 + 2.5), C -> B = 140 * 0.75 / (the same)
    const World w = three_economies(1.0);
    State now = start_of(w);
    now.trade_promotion[0](1, 0) = 0.2;
    State next = now;
    trade::step(w, now, next);
    REQUIRE(next.trade(0, 1) == Approx(140 * 0.6103515625 / 3.8603515625).epsilon(1e-12));
    REQUIRE(next.trade(2, 1) == Approx(140 * 0.75 / 3.8603515625).epsilon(1e-12));
    REQUIRE(next.trade(1, 0) == Approx(30).epsilon(1e-12));
    // A 25% tariff on the same goods raises their price by 1.25 and the cut lowers it by 0.8:
    // the wedges multiply to 1 and every flow stays at the start.
    now.tariff[0](1, 0) = 0.25;
    State both = now;
    trade::step(w, now, both);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) REQUIRE(both.trade(i, j) == Approx(w.trade0(i, j)).epsilon(1e-12));
}

TEST_CASE("trade: partial adjustment moves sourcing and import share part of the way", "[trade]") {
    // lambda = 0.5: share of A in B's imports = 0.25 + 0.5 (0.1024/0.8524 - 0.25) = 0.1850657;
    // import share = 2/7 + 0.5 (0.8524/3.3524 - 2/7) = 0.2699899; A -> B = 0.1850657 * 140 * 0.2699899.
    const World w = three_economies(0.5);
    State now = start_of(w);
    now.tariff[0](1, 0) = 0.25;
    State next = now;
    trade::step(w, now, next);
    const double share = 0.25 + 0.5 * (0.1024 / 0.8524 - 0.25);
    const double pen = 2.0 / 7 + 0.5 * (0.8524 / 3.3524 - 2.0 / 7);
    REQUIRE(next.source_share[0](0, 1) == Approx(share).epsilon(1e-12));
    REQUIRE(next.import_pen[1] == Approx(pen).epsilon(1e-12));
    REQUIRE(next.trade(0, 1) == Approx(share * 140 * pen).epsilon(1e-12));
}

TEST_CASE("trade: a closed route stops a flow and a blocked share scales its weight", "[trade]") {
    const World w = three_economies(1.0);
    State now = start_of(w);
    now.sea_dist(0, 1) = std::numeric_limits<double>::infinity();
    now.trade_block[0](2, 1) = 0.5;  // C blocks half its imports from B
    State next = now;
    trade::step(w, now, next);
    REQUIRE(next.trade(0, 1) == 0.0);
    // C's sourcing weights: from A 20/30, from B 10/30 * 0.5 -> Phi = 5/6; D_C = (1 - 3/13)/(3/13) = 10/3
    // B -> C = 130 * (1/6) / (5/6 + 10/3) = 130 / 25 = 5.2
    REQUIRE(next.trade(1, 2) == Approx(5.2).epsilon(1e-12));
}

TEST_CASE("trade: an exporter shut out of one market sells more in the others (diversion)", "[trade]") {
    // B blocks half its imports from A. A's market access: (10 x 0.5 + 20) / 30 = 5/6; with
    // diversion 1 its weight rises by 6/5 in the markets that did not act on its goods.
    //   C's market: S_AC = 20/30 x 6/5 = 0.8, S_BC = 1/3, Phi_C = 17/15, D_C = 10/3:
    //     A -> C = 0.8 / Phi_C x 130 x Phi_C / (Phi_C + D_C) = 0.8 x 130 / (67/15) = 1560/67
    //   B's market, which holds the cell, gets no price cut: S_AB = 0.25 x 0.5 = 0.125,
    //   S_CB = 0.75, Phi_B = 0.875, D_B = 2.5:
    //     A -> B = 140 x 0.125 / 3.375
    World w = three_economies(1.0);
    w.params.trade.diversion = 1.0;
    State now = start_of(w);
    now.trade_block[0](1, 0) = 0.5;
    State next = now;
    trade::step(w, now, next);
    REQUIRE(next.trade(0, 2) == Approx(1560.0 / 67).epsilon(1e-12));
    REQUIRE(next.trade(0, 1) == Approx(140 * 0.125 / 3.375).epsilon(1e-12));
    // Without diversion A's sales to C do not move.
    w.params.trade.diversion = 0.0;
    trade::step(w, now, next);
    REQUIRE(next.trade(0, 2) == Approx(20).epsilon(1e-12));
}

TEST_CASE("trade: a lower macro elasticity keeps imports as a whole from shrinking as much", "[trade]") {
    // Same 25% tariff by B on A, macro elasticity 1 instead of 4: the import bundle's weight is
    // Phi^(1/4) = 0.8524^0.25, so B's import share is 0.8524^0.25 / (0.8524^0.25 + 2.5) and
    // A -> B = 140 x (0.1024 / 0.8524) x that share; C -> B likewise with 0.75.
    World w = three_economies(1.0);
    w.params.trade.macro_elasticity = 1.0;
    State now = start_of(w);
    now.tariff[0](1, 0) = 0.25;
    State next = now;
    trade::step(w, now, next);
    const double bundle = std::pow(0.8524, 0.25);
    const double pen = bundle / (bundle + 2.5);
    REQUIRE(next.trade(0, 1) == Approx(140 * 0.1024 / 0.8524 * pen).epsilon(1e-12));
    REQUIRE(next.trade(2, 1) == Approx(140 * 0.75 / 0.8524 * pen).epsilon(1e-12));
    // C gains more than with one nest (31.3208): spending on imports falls less.
    REQUIRE(next.trade(2, 1) > 31.4);
}

namespace {

// The same three economies with their goods in two groups, G1 and G2 (row -> column):
//   G1:  A -> B 10, C -> B 30, B -> A 30, C -> A 20, A -> C 20
//   G2:  A -> B 20, C -> B 10, B -> C 10
// B imports 40 of G1 and 30 of G2 (absorption 170). Equal elasticities (theta 4 each), macro
// elasticity 1. G1 is an input whose missing deliveries cost 0.5 x 1 x 2 = 1 USD of value added
// per USD.
World two_groups(double adjustment) {
    World w = three_agents();
    w.sectors = {Sector{.id = "G1", .name = "", .theta = 4, .intermediate = 0.5, .critical = 1, .downstream_va = 2, .users = {}},
                 Sector{.id = "G2", .name = "", .theta = 4, .users = {}}};
    w.sector_trade0 = {Matrix(3), Matrix(3)};
    Matrix& x1 = w.sector_trade0[0];
    Matrix& x2 = w.sector_trade0[1];
    x1(0, 1) = 10; x1(2, 1) = 30; x1(1, 0) = 30; x1(2, 0) = 20; x1(0, 2) = 20;
    x2(0, 1) = 20; x2(2, 1) = 10; x2(1, 2) = 10;
    w.trade0 = Matrix(3);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) w.trade0(i, j) = x1(i, j) + x2(i, j);
    w.ties0 = IntMatrix(3);
    w.params.trade = {4.0, adjustment, 0.9, 0.6, 0.03, 1.0, 0.0, 1.0};
    w.calib.base_dist = Matrix(3, 1000.0);
    trade::calibrate(w);
    return w;
}

State start_of_groups(const World& w) {
    State s = start_of(w);
    s.tariff = s.trade_block = s.export_control = s.trade_promotion = {Matrix(3), Matrix(3)};
    return s;
}

}  // namespace

TEST_CASE("trade by group: a tariff on one group moves its suppliers, not the other group's", "[trade][sectors]") {
    // B taxes A's G1 at 25%, lambda = 1, theta 4 in both groups, macro elasticity 1:
    //   G1 weights: A 0.25 x 1.25^-4 = 0.1024, C 0.75, Phi_1 = 0.8524; G2 unchanged, Phi_2 = 1.
    //   spending weights: G1 (4/7) Phi_1^(1/4), G2 3/7; bundle = their sum.
    //   import share = bundle / (bundle + 10/7); imports = 170 x share.
    const World w = two_groups(1.0);
    REQUIRE(w.calib.theta_rel[0] == 1.0);
    State now = start_of_groups(w);
    now.tariff[0](1, 0) = 0.25;
    State next = now;
    trade::step(w, now, next);
    const double g1 = 4.0 / 7 * std::pow(0.8524, 0.25), g2 = 3.0 / 7, bundle = g1 + g2;
    const double imports = 170 * bundle / (bundle + 10.0 / 7);
    const double m1 = imports * g1 / bundle, m2 = imports * g2 / bundle;
    CHECK(next.sector_trade[0](0, 1) == Approx(m1 * 0.1024 / 0.8524).epsilon(1e-12));
    CHECK(next.sector_trade[0](2, 1) == Approx(m1 * 0.75 / 0.8524).epsilon(1e-12));
    CHECK(next.sector_trade[1](0, 1) == Approx(m2 * 2 / 3).epsilon(1e-12));
    CHECK(next.sector_trade[1](2, 1) == Approx(m2 / 3).epsilon(1e-12));
    CHECK(next.trade(2, 1) == Approx(m1 * 0.75 / 0.8524 + m2 / 3).epsilon(1e-12));
    // The supplier of the same goods gains by tens of percent (C's G1: 30 -> 34.1), the other
    // group's suppliers by under one (C's G2: 10 -> 10.09); in the one-good model C's whole
    // flow would rise by one percentage.
    CHECK(next.sector_trade[0](2, 1) / 30 - 1 == Approx(0.1377).margin(5e-4));
    CHECK(next.sector_trade[1](2, 1) / 10 - 1 == Approx(0.0093).margin(5e-4));
    // Tariffs are no quantity restriction: nothing goes missing.
    CHECK(next.supply_loss[1] == 0);
}

TEST_CASE("trade by group: an exporter shut out diverts the goods it lost, not its other goods", "[trade][sectors]") {
    // B blocks half its G1 imports from A; diversion 1, lambda = 1, macro elasticity 1.
    // A's G1 access: (10 x 0.5 + 20) / 30 = 5/6, so its G1 weight in C rises by 6/5; A sold
    // no G2 in the market that shut it out (it lost no G2 sales), so its G2 access is 1 and its
    // G2 weight in B does not move.
    // (A single access over all goods, (5 + 20 + 20) / 50 = 0.9, would raise both by 10/9.)
    //   C's G1: A the only supplier, Phi = 6/5; spending weights G1 (2/3) (6/5)^(1/4), G2 1/3,
    //   D_C = 10/3: A -> C in G1 = 130 x g1 / (bundle + 10/3).
    //   B's G1, which holds the cell: A 0.25 x 0.5 = 0.125, C 0.75, Phi = 0.875.
    World w = two_groups(1.0);
    w.params.trade.diversion = 1.0;
    State now = start_of_groups(w);
    now.trade_block[0](1, 0) = 0.5;
    State next = now;
    trade::step(w, now, next);
    const double g1 = 2.0 / 3 * std::pow(1.2, 0.25), bundle = g1 + 1.0 / 3;
    CHECK(next.sector_trade[0](0, 2) == Approx(130 * g1 / (bundle + 10.0 / 3)).epsilon(1e-12));
    CHECK(next.source_share[0](0, 1) == Approx(0.125 / 0.875).epsilon(1e-12));
    // A's G2 in B: the same with diversion 1 as with none.
    const double g2_to_b = next.sector_trade[1](0, 1);
    w.params.trade.diversion = 0.0;
    State plain = now;
    trade::step(w, now, plain);
    CHECK(next.sector_trade[1](0, 1) == plain.sector_trade[1](0, 1));
    CHECK(plain.sector_trade[0](0, 2) == Approx(130 * (2.0 / 3) / (1 + 10.0 / 3)).epsilon(1e-12));
    CHECK(g2_to_b > 0);
    // The price cut is judged group by group within a pair: a tariff by C on A's G2 (a flow A
    // does not have) leaves C's G1 market open to A's cut, so A -> C in G1 is as above.
    w.params.trade.diversion = 1.0;
    now.tariff[1](2, 0) = 0.25;
    State taxed = now;
    trade::step(w, now, taxed);
    CHECK(taxed.sector_trade[0](0, 2) == Approx(130 * g1 / (bundle + 10.0 / 3)).epsilon(1e-12));
}

TEST_CASE("trade by group: export controls bite at once, sourcing then moves and the input loss fades", "[trade][sectors]") {
    // A withholds all its G1 exports from B; lambda = 0.5. Orders of B for G1 from A move from
    // 0.25 halfway to 0 each quarter (0.125, 0.0625, ...) but nothing of them arrives; C's orders
    // rise to 1 - A's. The missing share of B's G1 imports is A's remaining orders, and B's
    // industries lose 1 USD of value added per USD missing.
    const World w = two_groups(0.5);
    State now = start_of_groups(w);
    now.export_control[0](1, 0) = 1.0;
    double missing = 0.25;
    for (int q = 1; q <= 3; ++q) {
        State next = now;
        trade::step(w, now, next);
        missing /= 2;
        INFO("quarter " << q);
        CHECK(next.sector_trade[0](0, 1) == 0);
        CHECK(next.source_share[0](0, 1) == Approx(missing).epsilon(1e-12));
        CHECK(next.source_share[0](2, 1) == Approx(1 - missing).epsilon(1e-12));
        double g1 = 0;
        for (int i = 0; i < 3; ++i) g1 += next.sector_trade[0](i, 1) / (1 - missing);
        CHECK(next.supply_loss[1] == Approx(1.0 * missing * g1).epsilon(1e-12));
        // A's G2 goods still arrive, and A and C import their G1 in full.
        CHECK(next.sector_trade[1](0, 1) > 0);
        CHECK(next.supply_loss[0] == 0);
        CHECK(next.supply_loss[2] == 0);
        now = next;
    }
}

TEST_CASE("trade by group: a supplier whose goods carry more of the critical input costs more when withheld",
          "[trade][sectors]") {
    // As above (A withholds all its G1 from B, lambda = 0.5), with 0.9 of A's G1 exports the
    // critical input against the group's 0.5 x 1 = 0.5: each USD of A's goods missing is 1.8 USD
    // of the input, so B loses 1.8 times what it loses when A's goods are the group's average.
    // C's goods, which arrive, carry a share of their own (0.1) that changes nothing.
    World w = two_groups(0.5);
    w.critical_content = {0.9, -1, 0.1, -1, -1, -1};  // [s * n + i]: G1 of A and C
    trade::calibrate(w);
    REQUIRE(w.calib.critical_weight[0] == Approx(1.8).epsilon(1e-15));
    REQUIRE(w.calib.critical_weight[1] == 1.0);
    REQUIRE(w.calib.critical_weight[2] == Approx(0.2).epsilon(1e-15));
    State now = start_of_groups(w);
    now.export_control[0](1, 0) = 1.0;
    State next = now;
    trade::step(w, now, next);
    const double missing = 0.125;  // A's orders, halfway from 0.25 to 0, none of them delivered
    REQUIRE(next.source_share[0](0, 1) == Approx(missing).epsilon(1e-12));
    double g1 = 0;
    for (int i = 0; i < 3; ++i) g1 += next.sector_trade[0](i, 1) / (1 - missing);
    CHECK(next.supply_loss[1] == Approx(1.8 * missing * g1).epsilon(1e-12));
}

TEST_CASE("trade by group: orders left unplaced by a closed route count at the closed supplier's critical share",
          "[trade][sectors]") {
    // A's route to B closes (lambda = 0.5): A's orders drop to 0 at once and C's move halfway
    // from 0.75 to 1, so 1 - 0.875 = 0.125 of B's G1 is neither ordered elsewhere yet nor
    // delivered. With A's goods 0.9 critical (1.8 times the group's 0.5), that gap costs B 1.8
    // USD per USD; with the group's average, 1.
    for (const double content : {-1.0, 0.9}) {
        World w = two_groups(0.5);
        w.critical_content = {content, -1, -1, -1, -1, -1};
        trade::calibrate(w);
        State now = start_of_groups(w);
        now.sea_dist(0, 1) = std::numeric_limits<double>::infinity();
        State next = now;
        trade::step(w, now, next);
        INFO("A's critical share " << content);
        REQUIRE(next.sector_trade[0](0, 1) == 0);
        REQUIRE(next.source_share[0](2, 1) == Approx(0.875).epsilon(1e-12));
        const double g1 = next.sector_trade[0](2, 1) / 0.875;
        const double weight = content < 0 ? 1.0 : 1.8;
        CHECK(next.supply_loss[1] == Approx(weight * 0.125 * g1).epsilon(1e-12));
    }
}

TEST_CASE("trade by group: critical contents equal to the group's give the unweighted losses, closed, reopened or withheld",
          "[trade][sectors]") {
    // Every exporter at the group's own 0.5 x 1 = 0.5 (weights 1) takes the weighted path and must
    // give the losses of the unweighted one: an export control on A's G1 to B in quarters 1-2, or
    // A's route to B closed in quarters 1-2, then lifted or open again in 3-4.
    for (const bool closure : {false, true}) {
        World plain = two_groups(0.5), weighted = two_groups(0.5);
        weighted.critical_content = {0.5, 0.5, 0.5, -1, -1, -1};
        trade::calibrate(weighted);
        REQUIRE(weighted.calib.weighted_group[0] == 1);
        State a = start_of_groups(plain), b = start_of_groups(weighted);
        for (int q = 1; q <= 4; ++q) {
            for (State* s : {&a, &b}) {
                if (closure) s->sea_dist(0, 1) = q <= 2 ? std::numeric_limits<double>::infinity() : 1000.0;
                else s->export_control[0](1, 0) = q <= 2 ? 1.0 : 0.0;
            }
            State na = a, nb = b;
            trade::step(plain, a, na);
            trade::step(weighted, b, nb);
            INFO((closure ? "closure" : "export control") << ", quarter " << q);
            // Once a control ends or a route reopens nothing is missing: the orders waiting on A
            // arrive again.
            if (q <= 2) REQUIRE(na.supply_loss[1] > 0);
            CHECK(nb.supply_loss[1] == Approx(na.supply_loss[1]).epsilon(1e-12).margin(1e-15));
            a = na, b = nb;
        }
    }
}

TEST_CASE("trade by group: orders waiting on a closed route arrive again when it reopens", "[trade][sectors]") {
    // A's route to B closes for two quarters and reopens (lambda = 0.5). B's orders from A move
    // toward 0 (0.125, 0.0625) and none of them arrive: that is what B misses, at A's weight 1.8
    // (A's goods 0.9 critical against the group's 0.5). When the route reopens the orders still
    // placed with A arrive at once and rebuild toward A's share, so nothing is missing any more.
    World plain = two_groups(0.5), weighted = two_groups(0.5);
    weighted.critical_content = {0.9, -1, -1, -1, -1, -1};
    trade::calibrate(weighted);
    State a = start_of_groups(plain), b = start_of_groups(weighted);
    double waiting = 0.25;
    for (int q = 1; q <= 4; ++q) {
        const bool closed = q <= 2;
        for (State* s : {&a, &b}) s->sea_dist(0, 1) = closed ? std::numeric_limits<double>::infinity() : 1000.0;
        State na = a, nb = b;
        trade::step(plain, a, na);
        trade::step(weighted, b, nb);
        INFO("quarter " << q);
        double ordered = 0;
        for (int i = 0; i < 3; ++i) ordered += na.source_share[0](i, 1);
        CHECK(ordered == Approx(1).epsilon(1e-12));
        if (closed) {
            waiting /= 2;
            CHECK(na.source_share[0](0, 1) == Approx(waiting).epsilon(1e-12));
            CHECK(na.sector_trade[0](0, 1) == 0);
            const double g1 = na.sector_trade[0](2, 1) / (1 - waiting);
            CHECK(na.supply_loss[1] == Approx(waiting * g1).epsilon(1e-12));
            CHECK(nb.supply_loss[1] == Approx(1.8 * na.supply_loss[1]).epsilon(1e-12));
        } else {
            CHECK(na.sector_trade[0](0, 1) > 0);
            CHECK(na.supply_loss[1] == 0);
            CHECK(nb.supply_loss[1] == 0);
        }
        a = na, b = nb;
    }
    // Reopened, A's orders rebuild from where they waited: 0.0625 + 0.5 (0.25 - 0.0625) in the
    // first quarter after (A's target back at its start share, 0.25, the pair terms unchanged).
    CHECK(a.source_share[0](0, 1) == Approx(0.0625 + 0.5 * (0.25 - 0.0625) + 0.5 * (0.25 - 0.15625)).epsilon(1e-12));
}

TEST_CASE("trade by group: the users' domestic suppliers lose with them", "[trade][sectors]") {
    // As above with the users' value-added share 0.25 and B's domestic content 0.75 (A and C
    // have no figure: the macro export multiplier). Each USD of G1 missing stops 1 / 0.25 x 1 =
    // 4 USD of the users' output (their own value added 1 USD), which carried 0.75 x 4 = 3 USD
    // of B's value added in all: three times the loss without the suppliers.
    World w = two_groups(0.5);
    w.sectors[0].user_va_share = 0.25;
    w.export_va = {std::nan(""), 0.75, std::nan("")};
    trade::calibrate(w);
    REQUIRE(w.calib.input_loss[1] == Approx(3.0).epsilon(1e-15));
    State now = start_of_groups(w);
    now.export_control[0](1, 0) = 1.0;
    State next = now;
    trade::step(w, now, next);
    const double missing = 0.125;
    REQUIRE(next.source_share[0](0, 1) == Approx(missing).epsilon(1e-12));
    double g1 = 0;
    for (int i = 0; i < 3; ++i) g1 += next.sector_trade[0](i, 1) / (1 - missing);
    CHECK(next.supply_loss[1] == Approx(3.0 * missing * g1).epsilon(1e-12));
}

TEST_CASE("trade by group: an importer short of a critical input ships less to its own customers", "[trade][sectors]") {
    // A withholds all its G1 from B (lambda = 0.5). G1's users keep 0.5 of their gross output as
    // value added and make G1 and G2 in the ratio 1 : 3; every economy's domestic content is 0.5,
    // B's 0.75. By hand:
    //   gross output stopped per USD of G1 missing = 0.5 x 1 x 2 / 0.5 = 2;
    //   B's imported content of exports (1 - 0.75) x 40 = 10 over its imported intermediates
    //   0.5 x 40 (G1) + 0 x 30 (G2) = 20: half the stopped output was for export.
    //   B's users make G1 and G2 in the world's ratio 1 : 3 tilted by B's revealed comparative
    //   advantage: B exports 30 of G1 and 10 of G2, the world 110 and 40 of 150, so the RCAs are
    //   (30/40)/(110/150) = 45/44 and (10/40)/(40/150) = 15/16, and the mix 0.25 x 45/44 :
    //   0.75 x 15/16 = 4 : 11.
    //   Quarter 1: 0.125 of B's G1 orders (A's) are missing, M = 0.125 g1 USD; B's users stop
    //   2M of output, 8/15 M of G1 and 22/15 M of G2, and B withholds next quarter half of it:
    //   4/15 M of its G1 exports and 11/15 M of its G2 exports.
    World w = two_groups(0.5);
    w.sectors[0].user_va_share = 0.5;
    w.sectors[0].users = {0.25, 0.75};
    w.export_va = {0.5, 0.75, 0.5};
    trade::calibrate(w);
    REQUIRE(w.calib.chain_output[0] == Approx(2.0).epsilon(1e-15));
    REQUIRE(w.calib.chain_output[1] == 0);
    REQUIRE(w.calib.chain_export[1] == Approx(0.5).epsilon(1e-15));
    // A and C: (1 - 0.5) x 50 / (0.5 x 50) = 1 and (1 - 0.5) x 60 / (0.5 x 20) = 3, capped at 1.
    REQUIRE(w.calib.chain_export[0] == 1.0);
    REQUIRE(w.calib.chain_export[2] == 1.0);
    REQUIRE(w.calib.chain_users[0][0 * 3 + 1] == Approx(4.0 / 15).epsilon(1e-12));
    REQUIRE(w.calib.chain_users[0][1 * 3 + 1] == Approx(11.0 / 15).epsilon(1e-12));
    REQUIRE(w.calib.chain_users[1].empty());
    State now = start_of_groups(w);
    now.export_control[0](1, 0) = 1.0;
    State q1 = now;
    trade::step(w, now, q1);
    double g1 = 0;
    for (int i = 0; i < 3; ++i) g1 += q1.sector_trade[0](i, 1) / (1 - 0.125);
    const double missing = 0.125 * g1;
    // B's value added lost: 1 x max(1, 0.75 / 0.5) = 1.5 per USD missing; nothing withheld yet.
    CHECK(q1.supply_loss[1] == Approx(1.5 * missing).epsilon(1e-12));
    CHECK(q1.withheld_va[1] == 0);
    const double b_g1 = q1.sector_trade[0].row_sum(1), b_g2 = q1.sector_trade[1].row_sum(1);
    const double held1 = 4.0 / 15 * missing / b_g1, held2 = 11.0 / 15 * missing / b_g2;
    CHECK(q1.withheld[0 * 3 + 1] == Approx(held1).epsilon(1e-12));
    CHECK(q1.withheld[1 * 3 + 1] == Approx(held2).epsilon(1e-12));
    // Nobody else is short: A and C withhold nothing.
    CHECK(q1.withheld[0] == 0);
    CHECK(q1.withheld[2] == 0);
    CHECK(q1.withheld[3] == 0);
    CHECK(q1.withheld[5] == 0);

    // Quarter 2: B's G1 reaches A short by held1. A's orders of G1 stay 0.6 with B (nothing
    // levered on A's imports), so 0.6 held1 of A's G1 is missing, and A loses 1 x max(1, 0.5 /
    // 0.5) = 1 USD of value added per USD. B's withheld exports carried 0.75 of value added each.
    State q2 = q1;
    trade::step(w, q1, q2);
    REQUIRE(q2.source_share[0](1, 0) == Approx(0.6).epsilon(1e-12));
    REQUIRE(q2.source_share[0](2, 0) == Approx(0.4).epsilon(1e-12));
    const double a_g1 = q2.sector_trade[0](2, 0) / 0.4;  // A's spending on G1 (C's orders arrive in full)
    CHECK(q2.sector_trade[0](1, 0) == Approx(0.6 * (1 - held1) * a_g1).epsilon(1e-12));
    CHECK(q2.supply_loss[0] == Approx(0.6 * held1 * a_g1).epsilon(1e-12));
    const double cut1 = 0.6 * held1 * a_g1;                                        // B's G1 to A
    const double cut2 = held2 * q2.sector_trade[1](1, 2) / (1 - held2);            // B's G2 to C
    CHECK(q2.withheld_va[1] == Approx(0.75 * (cut1 + cut2)).epsilon(1e-12));
    CHECK(q2.withheld_va[0] == 0);
    // A, short in its turn only through B's withheld goods, does not withhold in turn (no third
    // round), while B, still short of A's G1, keeps withholding.
    CHECK(q2.withheld[0] == 0);
    CHECK(q2.withheld[3] == 0);
    // B is still short of A's G1: A's orders are 0.0625 now, C's 0.9375 arrive in full, so
    // M' = 0.0625 g1' with g1' B's G1 spending; it withholds 4/15 M' of its G1 and 11/15 M' of
    // its G2 exports as made this quarter, before its own withholding (what arrived plus the cut).
    const double g1_next = q2.sector_trade[0](2, 1) / 0.9375, missing_next = 0.0625 * g1_next;
    CHECK(q2.withheld[0 * 3 + 1] == Approx(4.0 / 15 * missing_next / (q2.sector_trade[0](1, 0) + cut1)).epsilon(1e-12));
    CHECK(q2.withheld[1 * 3 + 1] == Approx(11.0 / 15 * missing_next / (q2.sector_trade[1](1, 2) + cut2)).epsilon(1e-12));
    // B's own loss counts only what it misses: A's orders, nothing withheld from B.
    CHECK(q2.supply_loss[1] == Approx(1.5 * missing_next).epsilon(1e-12));
}

TEST_CASE("trade by group: goods a supplier's stopped users did not make count at the group's average content",
          "[trade][sectors]") {
    // The second-round fixture above (A withholds its G1 from B; B's users stop and B withholds
    // part of its G1 and G2 exports the next quarter), once with no critical contents by
    // exporter and once with B's G1 0.9 critical (weight 1.8) and A's at the group's 0.5
    // (weight 1). B's withheld G1 goods are finished goods of its stopped users, so A, short of
    // them, loses what it loses without the weights, not 1.8 times that; B, short of A's goods,
    // loses at A's weight 1. Every loss and withheld share is the same in both (1e-12).
    std::vector<State> runs[2];
    for (int weighted = 0; weighted < 2; ++weighted) {
        World w = two_groups(0.5);
        w.sectors[0].user_va_share = 0.5;
        w.sectors[0].users = {0.25, 0.75};
        w.export_va = {0.5, 0.75, 0.5};
        if (weighted) w.critical_content = {0.5, 0.9, -1, -1, -1, -1};
        trade::calibrate(w);
        REQUIRE(w.calib.weighted_group.size() == 2);
        REQUIRE(static_cast<int>(w.calib.weighted_group[0]) == weighted);
        State now = start_of_groups(w);
        now.export_control[0](1, 0) = 1.0;
        for (int q = 1; q <= 3; ++q) {
            State next = now;
            trade::step(w, now, next);
            runs[weighted].push_back(next);
            now = next;
        }
    }
    for (int q = 0; q < 3; ++q) {
        INFO("quarter " << q + 1);
        for (int j = 0; j < 3; ++j) CHECK(runs[1][q].supply_loss[j] == Approx(runs[0][q].supply_loss[j]).epsilon(1e-12).margin(1e-15));
        for (std::size_t k = 0; k < runs[0][q].withheld.size(); ++k)
            CHECK(runs[1][q].withheld[k] == Approx(runs[0][q].withheld[k]).epsilon(1e-12).margin(1e-15));
    }
    // A is short of B's withheld G1 from quarter 2 on: the check above compares a real loss.
    REQUIRE(runs[0][1].supply_loss[0] > 0);
}

TEST_CASE("trade by group: an exporter withholds at most all of a group's exports", "[trade][sectors]") {
    // As above, with B's users making only G2 (users {0, 1}: no comparative advantage can tilt
    // a zero share) and downstream_va 100: 0.5 x 1 x 100 / 0.5 = 100 USD of output stopped per
    // USD missing, half of it exported, against M = 0.125 g1 (about 5): about 250 USD of G2
    // exports stopped against B's 10. It withholds all of them, not more, and none of its G1.
    World w = two_groups(0.5);
    w.sectors[0].user_va_share = 0.5;
    w.sectors[0].users = {0.0, 1.0};
    w.sectors[0].downstream_va = 100;
    w.export_va = {0.5, 0.75, 0.5};
    trade::calibrate(w);
    REQUIRE(w.calib.chain_output[0] == Approx(100.0).epsilon(1e-15));
    REQUIRE(w.calib.chain_users[0][1 * 3 + 1] == 1.0);
    State now = start_of_groups(w);
    now.export_control[0](1, 0) = 1.0;
    State q1 = now;
    trade::step(w, now, q1);
    CHECK(q1.withheld[0 * 3 + 1] == 0);
    CHECK(q1.withheld[1 * 3 + 1] == 1.0);
    State q2 = q1;
    trade::step(w, q1, q2);
    CHECK(q2.sector_trade[1](1, 2) == 0);
    CHECK(q2.sector_trade[1].row_sum(1) == 0);
    // C imports G1 from A (20) only; A's G1 exports are not yet cut, so C has nothing missing.
    CHECK(q2.supply_loss[2] == 0);
}

TEST_CASE("trade by group: a partial block arrives at its restricted share in the first quarter", "[trade][sectors]") {
    // B blocks half its G1 imports from A; lambda = 0.25. Target share of A in G1:
    // 0.25 x 0.5 / (0.125 + 0.75) = 1/7; orders move a quarter of the way (0.25 -> 0.2232),
    // but only the target 1/7 arrives; C's orders 0.75 + 0.25 (6/7 - 0.75) = 0.7768 arrive in full.
    const World w = two_groups(0.25);
    State now = start_of_groups(w);
    now.trade_block[0](1, 0) = 0.5;
    State next = now;
    trade::step(w, now, next);
    const double order_a = 0.25 + 0.25 * (1.0 / 7 - 0.25), order_c = 0.75 + 0.25 * (6.0 / 7 - 0.75);
    CHECK(next.source_share[0](0, 1) == Approx(order_a).epsilon(1e-12));
    CHECK(next.source_share[0](2, 1) == Approx(order_c).epsilon(1e-12));
    const double g1 = next.sector_trade[0](2, 1) / order_c;  // B's spending on G1
    CHECK(next.sector_trade[0](0, 1) == Approx(g1 / 7).epsilon(1e-12));
    CHECK(next.supply_loss[1] == Approx(1.0 * (order_a - 1.0 / 7) * g1).epsilon(1e-12));
}

TEST_CASE("trade by group: an importer cut off from every supplier resumes its orders when the routes reopen", "[trade][sectors]") {
    // Every route into B is closed for three quarters (lambda = 0.5): B imports nothing, spends
    // nothing on imports and so records no missing input, and its orders wait at the start's
    // 0.25 (A) and 0.75 (C) of G1. In the first quarter after the routes reopen the targets are
    // the start's again, so the orders stay there and everything ordered arrives: no input is
    // missing. (Orders rebuilt from nothing at lambda would leave half of B's G1 missing in that
    // quarter, a loss deeper than during the closure.)
    const World w = two_groups(0.5);
    State now = start_of_groups(w);
    const double inf = std::numeric_limits<double>::infinity();
    now.sea_dist(0, 1) = inf;
    now.sea_dist(2, 1) = inf;
    for (int q = 1; q <= 3; ++q) {
        State next = now;
        trade::step(w, now, next);
        INFO("closed quarter " << q);
        CHECK(next.trade(0, 1) == 0);
        CHECK(next.trade(2, 1) == 0);
        CHECK(next.supply_loss[1] == 0);
        CHECK(next.source_share[0](0, 1) == 0.25);
        CHECK(next.source_share[0](2, 1) == 0.75);
        now = next;
    }
    now.sea_dist = w.calib.base_dist;
    State next = now;
    trade::step(w, now, next);
    CHECK(next.source_share[0](0, 1) == Approx(0.25).epsilon(1e-12));
    CHECK(next.source_share[0](2, 1) == Approx(0.75).epsilon(1e-12));
    CHECK(next.supply_loss[1] == 0);
    CHECK(next.sector_trade[0](2, 1) == Approx(3 * next.sector_trade[0](0, 1)).epsilon(1e-12));
    CHECK(next.trade(2, 1) > 0);
}
