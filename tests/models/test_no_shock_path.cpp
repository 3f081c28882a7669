#include <catch2/catch.hpp>

#include <cmath>

#include "models/alignment.hpp"
#include "models/investment.hpp"
#include "models/macro.hpp"
#include "models/perception.hpp"
#include "models/tourism.hpp"
#include "models/trade.hpp"
#include "tests/models/fixtures_b.hpp"

using namespace geosim;

namespace {

// Four economies growing at the same trend (4% a year), trading, investing and visiting one
// another, with no shock. A0 is the west pole, A1 the east pole.
World four_economies() {
    World w = fixtures_b::blank_world(4);
    w.west = 0;
    w.east = 1;
    w.credibility0 = 0.7;
    const double gdp[] = {100, 200, 50, 80};
    const double x0[] = {1, -1, 0.2, -0.3};
    for (int i = 0; i < 4; ++i) {
        Agent& a = w.agents[i];
        a.gdp = gdp[i];
        a.trend_growth = 0.04;
        a.defence = 0.02 * gdp[i];
        a.alignment = x0[i];
        a.offence = 0.1 * (i + 1);
        a.projection = 0.1 * i;
        for (int j = 0; j < 4; ++j) {
            if (i == j) continue;
            w.trade0(i, j) = 1 + i + 2 * j;
            w.fdi_flow0(i, j) = 0.1 * (1 + i) + 0.05 * j;
            w.fdi_stock0(i, j) = 12 * w.fdi_flow0(i, j);
            w.tourism0(i, j) = 0.2;
            w.visitors0(i, j) = 0.1;
            w.trust0(i, j) = 0.1 * (j - i);
            w.calib.base_dist(i, j) = 1000 + 500 * (i + j);
        }
    }
    // theta 4, half the sourcing gap closed a quarter, and the other trade parameters as in the
    // default world's ranges; income elasticity 1.3.
    w.params.trade = {4.0, 0.5, 0.9, 0.6, 0.03, 1.3, 1.0, 4.0};
    w.params.tourism = {0.25, 1.5, 1.0, 30.0, 0.0};
    w.params.investment = {0.15, 0.0125, 0.8, 0.05, 0.3, 1, 3, 1, 2.5, 3, 0.5};
    w.params.perception = {2000, 0.159, 0.1, 0.15, 0.05, 0.083, 0.4, 0.05, 0.04, 0.01, 0.45};
    w.params.alignment = {0.25, 3, 1, 0.6, 0.5, 0.75, 0.5, 1};
    w.params.macro = {0.65, 0.4, 0.7, 0.1, 5};
    return w;
}

}  // namespace

TEST_CASE("no shock: GDP stays on trend, flows on their paths, alignment on the survey", "[macro][investment][alignment][perception]") {
    World w = four_economies();
    trade::calibrate(w);
    investment::calibrate(w);
    State s = fixtures_b::start_state(w);
    s.import_pen = w.calib.import_pen0;
    s.sector_trade = w.sector_trade0;
    s.source_share = w.calib.sector_pref;
    s.trade_block = s.export_control = s.trade_promotion = {Matrix(4)};
    s.ban = Matrix(4);
    s.threat = perception::threat(w, s);
    perception::calibrate(w, s);
    alignment::calibrate(w, s);
    for (int q = 0; q < 12; ++q) {
        // Every mechanism that writes a flow macro reads, in the runner's order: trade and
        // visitors deliver the quarter's exports and receipts, which macro compares with the
        // no-shock paths it computes itself; on a world at rest they must agree.
        State next = fixtures_b::copy_next(s);
        trade::step(w, s, next);
        investment::step(w, s, next);
        tourism::step(w, s, next);
        perception::step(w, s, next);
        alignment::step(w, s, next);
        macro::step(w, s, next);
        s = next;
    }
    // Twelve quarters at 4% a year: three years, factor 1.04^3 = 1.124864.
    for (int i = 0; i < 4; ++i) {
        CHECK(s.gdp_trend[i] == Approx(w.agents[i].gdp * 1.124864).epsilon(1e-12));
        CHECK(s.gdp[i] == Approx(s.gdp_trend[i]).epsilon(1e-12));
        CHECK(s.alignment[i] == Approx(w.agents[i].alignment).margin(1e-12));
        CHECK(s.defence[i] == Approx(0.02).epsilon(1e-12));
        for (int h = 0; h < 4; ++h) {
            CHECK(s.fdi_flow(i, h) == Approx(w.fdi_flow0(i, h) * 1.124864).epsilon(1e-12));
            CHECK(s.trust(i, h) == Approx(w.trust0(i, h)).margin(1e-12));
            CHECK(s.threat(i, h) == Approx(w.calib.threat0(i, h)).margin(1e-12));
            if (h == i) continue;
            // Exports grow with the buyer's absorption at the income elasticity, 1.124864^1.3;
            // visitors and their spending with the origin's income, 1.124864.
            CHECK(s.trade(i, h) == Approx(w.trade0(i, h) * std::pow(1.124864, 1.3)).epsilon(1e-12));
            CHECK(s.visitors(i, h) == Approx(w.visitors0(i, h) * 1.124864).epsilon(1e-12));
            CHECK(s.tourism_receipts(i, h) == Approx(w.tourism0(i, h) * 1.124864).epsilon(1e-12));
        }
    }
}
