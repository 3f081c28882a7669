// Visitors and tourism receipts (models/tourism.cpp): bans, boycotts through bookings, the
// no-shock path, the income and alignment responses at their adjustment speed, the host's GDP
// loss, and the size of the THAAD-style tour ban against the record.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "models/macro.hpp"
#include "models/tourism.hpp"
#include "tests/models/fixtures_b.hpp"

using namespace geosim;

namespace {

// A0 hosts 10 million visitors a year from A1, who spend 20 bn (USD 2,000 each); both GDPs 100,
// no trend growth, A0 at alignment +0.6 and A1 at -1 (gap 0.8); trips booked 30 days ahead on
// average; what a ban stopped comes back at once when it ends (a half-life of 0).
World host_and_origin() {
    World w = fixtures_b::blank_world(2);
    w.visitors0(0, 1) = 10;
    w.tourism0(0, 1) = 20;
    w.agents[0].alignment = 0.6;
    w.agents[1].alignment = -1;
    w.params.tourism = {0.25, 1.5, 1.0, 30.0, 0.0};
    w.params.macro = {0.65, 0.4, 0.7, 0.1, 5};
    w.params.trade.income_elasticity = 1;  // macro's export path (no trade here)
    return w;
}

State step_tourism(const World& w, const State& now) {
    State next = fixtures_b::copy_next(now);
    tourism::step(w, now, next);
    return next;
}

// Tourism then macro, as the runner orders them (the other mechanisms have nothing to do here).
State step_both(const World& w, const State& now) {
    State next = fixtures_b::copy_next(now);
    tourism::step(w, now, next);
    macro::step(w, now, next);
    return next;
}

}  // namespace

TEST_CASE("tourism: a ban of half halves arrivals in the quarter it starts and, at a half-life of 0, they return when it ends",
          "[tourism]") {
    const World w = host_and_origin();
    State s = fixtures_b::start_state(w);
    // A1 blocks half of its tourists' spending in A0 (tourism_block(origin, host)).
    s.tourism_block(1, 0) = 0.5;
    State banned = step_tourism(w, s);
    CHECK(banned.visitors(0, 1) == 5);
    CHECK(banned.tourism_receipts(0, 1) == 10);
    // The ban leaves the unblocked level alone: it is not an income or alignment change.
    CHECK(banned.tourism_level(0, 1) == 1);
    banned.tourism_block(1, 0) = 0;
    const State after = step_tourism(w, banned);
    CHECK(after.visitors(0, 1) == 10);
    CHECK(after.tourism_receipts(0, 1) == 20);

    // The other orientation, A0 blocking its own (absent) tourists to A1, leaves A0's visitors alone.
    State other = fixtures_b::start_state(w);
    other.tourism_block(0, 1) = 0.5;
    CHECK(step_tourism(w, other).visitors(0, 1) == 10);
}

TEST_CASE("tourism: after a ban ends or eases, what it stopped comes back at the half-life's pace, worked by hand",
          "[tourism]") {
    // A quarter is three months: at a half-life of 6 months 0.5^(3/6) = 0.7071068 of the stopped
    // share is still stopped a quarter later; at 3 months 0.5; at 12 months 0.5^(1/4) = 0.8408964.
    CHECK(tourism::ban_fade(6) == Approx(0.70710678).epsilon(1e-8));
    CHECK(tourism::ban_fade(3) == 0.5);
    CHECK(tourism::ban_fade(12) == Approx(0.84089642).epsilon(1e-8));
    CHECK(tourism::ban_fade(0) == 0);

    World w = host_and_origin();
    w.params.tourism.ban_half_life_months = 6;
    State s = fixtures_b::start_state(w);
    s.tourism_block(1, 0) = 0.5;
    State q1 = step_tourism(w, s);
    // The ban bites in full in its quarter, as with no half-life: 5 million, 10 bn.
    CHECK(q1.visitors(0, 1) == 5);
    CHECK(q1.tourism_banned(1, 0) == 0.5);
    q1.tourism_block(1, 0) = 0;
    // Ended: 0.5 x 0.7071068 = 0.3535534 still stopped, 10 (1 - 0.3535534) = 6.464466 million and
    // 12.928932 bn; then 0.25 (7.5 million), then 0.1767767 (8.232233 million).
    const State q2 = step_tourism(w, q1);
    CHECK(q2.visitors(0, 1) == Approx(6.464466).epsilon(1e-7));
    CHECK(q2.tourism_receipts(0, 1) == Approx(12.928932).epsilon(1e-7));
    // The fade is the government's trips, not the public's wish: the unblocked level is untouched.
    CHECK(q2.tourism_level(0, 1) == 1);
    const State q3 = step_tourism(w, q2);
    CHECK(q3.visitors(0, 1) == Approx(7.5).epsilon(1e-12));
    CHECK(step_tourism(w, q3).visitors(0, 1) == Approx(8.232233).epsilon(1e-7));

    SECTION("a ban eased stops its new share and the released share faded; raised again, the new ban") {
        // Eased from 0.5 to 0.2: 0.2 + 0.7071068 x 0.3 = 0.4121320 stopped, 5.878680 million.
        State eased = q1;
        eased.tourism_block(1, 0) = 0.2;
        State e2 = step_tourism(w, eased);
        CHECK(e2.tourism_banned(1, 0) == Approx(0.4121320).epsilon(1e-7));
        CHECK(e2.visitors(0, 1) == Approx(5.878680).epsilon(1e-7));
        e2.tourism_block(1, 0) = 0.6;
        CHECK(step_tourism(w, e2).visitors(0, 1) == Approx(4).epsilon(1e-12));
    }
    SECTION("a ban that ends within the quarter: the mean of the days with it and the days after it") {
        // Half of the quarter still under the ban: the lever is its mean over the days, 0.25
        // (docs/shocks.md, dates within a quarter). Stopped: 0.25 + 0.7071068 x 0.25 = 0.4267767,
        // 5.732233 million, the mean of 5 (the ban all quarter) and 6.464466 (ended at its start).
        State half = q1;
        half.tourism_block(1, 0) = 0.25;
        const State h2 = step_tourism(w, half);
        CHECK(h2.visitors(0, 1) == Approx(5.732233).epsilon(1e-7));
        CHECK(h2.visitors(0, 1) == Approx((5 + q2.visitors(0, 1)) / 2).epsilon(1e-12));
    }
    SECTION("a boycott on the same trips: the larger of the boycott's and the fading ban's shares stops") {
        // A boycott of 0.5 begun as the ban ends stops 0.5 x 0.6862049 = 0.3431024 of the trips,
        // less than the ban's 0.3535534: 6.464466 million. A boycott of 0.6 stops 0.4117229: 5.882771.
        State boycott = q1;
        boycott.tourism_boycott(1, 0) = 0.5;
        CHECK(step_tourism(w, boycott).visitors(0, 1) == Approx(6.464466).epsilon(1e-7));
        boycott.tourism_boycott(1, 0) = 0.6;
        CHECK(step_tourism(w, boycott).visitors(0, 1) == Approx(5.882771).epsilon(1e-7));
    }
    SECTION("at a half-life of three months half of the stopped share comes back each quarter") {
        w.params.tourism.ban_half_life_months = 3;
        const State h2 = step_tourism(w, q1);
        CHECK(h2.visitors(0, 1) == Approx(7.5).epsilon(1e-12));
        CHECK(step_tourism(w, h2).visitors(0, 1) == Approx(8.75).epsilon(1e-12));
    }
}

TEST_CASE("tourism: the share of a quarter's trips booked before it began, worked by hand", "[tourism]") {
    // m = 30 days, D = 91: r = exp(-91/30) = exp(-3.033333) = 0.0481549 and
    // f = (30/91)(1 - r) = 0.3296703 x 0.9518451 = 0.3137951.
    const tourism::Bookings b = tourism::bookings(30);
    CHECK(b.fade == Approx(0.0481549).epsilon(1e-6));
    CHECK(b.before == Approx(0.3137951).epsilon(1e-6));
    // m = 91 days, a lead time as long as the quarter: f = 1 - 1/e = 0.6321206, r = 1/e.
    CHECK(tourism::bookings(91).before == Approx(0.6321206).epsilon(1e-6));
    CHECK(tourism::bookings(91).fade == Approx(0.3678794).epsilon(1e-6));
    // m = 0: every trip booked on its day, nothing booked before the quarter.
    CHECK(tourism::bookings(0).before == 0);
    CHECK(tourism::bookings(0).fade == 0);
    // Long lead times: almost every trip was booked before its quarter (f -> 1 as m -> infinity).
    CHECK(tourism::bookings(1e6).before == Approx(1).epsilon(1e-4));
}

TEST_CASE("tourism: a boycott stops new bookings, so booked trips go ahead and boycotted ones stay away after it",
          "[tourism]") {
    const World w = host_and_origin();
    // f = 0.3137951, r = 0.0481549 (above). The public of A1 boycotts half of its trips to A0
    // (tourism_boycott(origin, host)) for two quarters.
    State s = fixtures_b::start_state(w);
    s.tourism_boycott(1, 0) = 0.5;
    // First quarter: the 31.4% of its trips booked before the boycott go ahead, half of the rest
    // does not: 10 (1 - 0.5 x 0.6862049) = 6.568976 million, receipts twice that.
    const State q1 = step_tourism(w, s);
    CHECK(q1.visitors(0, 1) == Approx(6.568976).epsilon(1e-7));
    CHECK(q1.tourism_receipts(0, 1) == Approx(13.137951).epsilon(1e-7));
    // The boycott stops trips, not the wish to travel: the unblocked level is the baseline's.
    CHECK(q1.tourism_level(0, 1) == 1);
    // Second quarter: only the trips booked before the first began go ahead, f r = 0.0151108:
    // 10 (1 - 0.5 x 0.9848891) = 5.075554.
    const State q2 = step_tourism(w, q1);
    CHECK(q2.visitors(0, 1) == Approx(5.075554).epsilon(1e-7));
    // Ended: the trips booked during it, f (1 - r) (1 + r) of this quarter's, stay away at its
    // share: 10 (1 - 0.5 x 0.3137951 x 0.9518451 x 1.0481549) = 8.434663; a quarter on, those
    // booked two quarters ahead, f (1 - r) (r + r^2) = 0.0150757: 9.924621.
    State ended = q2;
    ended.tourism_boycott(1, 0) = 0;
    const State q3 = step_tourism(w, ended);
    CHECK(q3.visitors(0, 1) == Approx(8.434663).epsilon(1e-7));
    CHECK(step_tourism(w, q3).visitors(0, 1) == Approx(9.924621).epsilon(1e-7));

    SECTION("a government's ban on the same trips: the larger share stops") {
        // A ban of 0.3 is below the boycott's first-quarter 0.3431024: the boycott's holds.
        State both = s;
        both.tourism_block(1, 0) = 0.3;
        CHECK(step_tourism(w, both).visitors(0, 1) == Approx(6.568976).epsilon(1e-7));
        // A ban of 0.4 stops booked trips as well: 6 million.
        both.tourism_block(1, 0) = 0.4;
        CHECK(step_tourism(w, both).visitors(0, 1) == Approx(6).epsilon(1e-12));
    }
    SECTION("with no booking lead the boycott bites in full at once, as a ban does") {
        World now_only = w;
        now_only.params.tourism.booking_lead_days = 0;
        CHECK(step_tourism(now_only, s).visitors(0, 1) == 5);
    }
}

TEST_CASE("tourism: with no shock arrivals and receipts follow the origin's trend and GDP stays on trend",
          "[tourism][macro]") {
    World w = host_and_origin();
    w.agents[1].trend_growth = 0.06;
    w.agents[0].trend_growth = 0.02;
    State s = fixtures_b::start_state(w);
    for (int q = 0; q < 12; ++q) s = step_both(w, s);
    // Three years at 6% a year: 1.06^3 = 1.191016.
    CHECK(s.visitors(0, 1) == Approx(10 * 1.191016).epsilon(1e-12));
    CHECK(s.tourism_receipts(0, 1) == Approx(20 * 1.191016).epsilon(1e-12));
    CHECK(s.visitors(0, 1) == 10 * (s.gdp_trend[1] / 100));
    // Receipts exactly on their no-shock path: the host's gap is exactly 0.
    CHECK(s.gdp[0] == s.gdp_trend[0]);
    CHECK(s.gdp[1] == s.gdp_trend[1]);
}

TEST_CASE("tourism: the income and alignment responses build at the adjustment speed", "[tourism]") {
    const World w = host_and_origin();
    SECTION("income 2% below trend in the origin") {
        State s = fixtures_b::start_state(w);
        s.gdp[1] = 98;
        // Target 0.98^1.5 = 0.98 x 0.9899495 = 0.9701505; a quarter closes 0.25 of the gap 0.0298495.
        State q1 = step_tourism(w, s);
        CHECK(q1.tourism_level(0, 1) == Approx(0.9925376).epsilon(1e-7));
        CHECK(q1.visitors(0, 1) == Approx(9.925376).epsilon(1e-7));
        CHECK(q1.tourism_receipts(0, 1) == Approx(19.850752).epsilon(1e-7));
        // After two quarters 0.75^2 = 0.5625 of the gap is left: 0.9701505 + 0.5625 x 0.0298495.
        const State q2 = step_tourism(w, q1);
        CHECK(q2.visitors(0, 1) == Approx(9.869408).epsilon(1e-7));
    }
    SECTION("the host moves away from the origin") {
        State s = fixtures_b::start_state(w);
        s.alignment[0] = 0.9;  // gap (0.9 + 1) / 2 = 0.95, up 0.15 from 0.8
        // Target exp(-0.15) = 0.8607080; one quarter: 1 - 0.25 x 0.1392920 = 0.9651770.
        const State q1 = step_tourism(w, s);
        CHECK(q1.visitors(0, 1) == Approx(9.651770).epsilon(1e-7));
    }
    SECTION("a ban on top of a lower target") {
        State s = fixtures_b::start_state(w);
        s.gdp[1] = 98;
        s.tourism_block(1, 0) = 0.5;
        // The unblocked level moves as above; half of it arrives.
        const State q1 = step_tourism(w, s);
        CHECK(q1.tourism_level(0, 1) == Approx(0.9925376).epsilon(1e-7));
        CHECK(q1.visitors(0, 1) == Approx(4.962688).epsilon(1e-7));
    }
}

TEST_CASE("tourism: the host loses the value added of the receipts lost", "[tourism][macro]") {
    const World w = host_and_origin();
    State s = fixtures_b::start_state(w);
    s.tourism_block(1, 0) = 0.5;
    // Quarter 1: arrivals halve, receipts 10 of 20, and GDP moves in the same quarter, as with
    // exports: 10 bn of receipts lost x 0.7 value added / trend GDP 100 = -7%.
    const State q1 = step_both(w, s);
    CHECK(q1.gdp[0] == Approx(93).epsilon(1e-12));
    CHECK(q1.gdp[1] == 100);  // the origin's own GDP does not move
    // The ban held: the same the next quarter.
    const State q2 = step_both(w, q1);
    CHECK(q2.gdp[0] == Approx(93).epsilon(1e-12));
}

TEST_CASE("tourism: the THAAD-style tour ban cuts Chinese visitors to Korea by about the record",
          "[tourism][directions]") {
    // Korea Tourism Organization: 8.07 million Chinese visitors in 2016, 4.17 million in 2017,
    // -48.3%. scenarios/thaad_style_sanctions.yaml draws tourism_cut from 0.40 to 0.55 around it
    // and bans from 2026Q1 for eight quarters. Compared: the year of the ban (2026, steps 4-7)
    // with the year before (2025, steps 0-3), as the record compares 2017 with 2016. The band is
    // the record widened by the draw range either side (-48.3% - 7.5 pp to -48.3% + 7.5 pp) and by
    // 5 pp for China's trend growth over the year and the slow income and alignment responses,
    // which the record also contains: [-60.8%, -35.8%] for every run, and the record +- the
    // half-range [-55.8%, -40.8%] for the mean of the runs.
    const World world = compile(load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/thaad_style_sanctions.yaml"));
    const int kor = world.index_of("KOR"), chn = world.index_of("CHN");
    REQUIRE(world.visitors0(kor, chn) == 8.07);
    struct Arrivals : Observer {
        int kor, chn;
        std::vector<double> v;
        void observe(const World&, const State& s) override { v.push_back(s.visitors(kor, chn)); }
    };
    const int runs = 8;
    double mean = 0;
    for (int r = 0; r < runs; ++r) {
        Arrivals obs;
        obs.kor = kor;
        obs.chn = chn;
        run(world, RunPlan{static_cast<std::uint64_t>(r), world.seed}, obs);
        REQUIRE(obs.v.size() > 12);
        const double before = obs.v[0] + obs.v[1] + obs.v[2] + obs.v[3];
        const double during = obs.v[4] + obs.v[5] + obs.v[6] + obs.v[7];
        const double change = during / before - 1;
        INFO("run " << r << ": Chinese visitors to Korea " << 100 * change << "% in the ban's first year");
        CHECK(change > -0.608);
        CHECK(change < -0.358);
        mean += change / runs;
    }
    INFO("mean over " << runs << " runs " << 100 * mean << "%");
    CHECK(mean > -0.558);
    CHECK(mean < -0.408);
}
