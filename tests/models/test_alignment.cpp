#include <catch2/catch.hpp>

#include "models/alignment.hpp"
#include "tests/models/fixtures_b.hpp"

using namespace geosim;

namespace {

// A0 is the west pole, A1 the east pole, A2 a hedger at x0 = 0.1, A3 a passive economy.
World hedging_world() {
    World w = fixtures_b::blank_world(4);
    w.west = 0;
    w.east = 1;
    w.agents[0].alignment = 1;
    w.agents[1].alignment = -1;
    w.agents[2].alignment = 0.1;
    w.agents[3].alignment = -0.5;
    w.agents[3].strategic = false;
    w.credibility0 = 0.7;
    // A2's two-way trade: 30 + 10 with the west, 40 + 20 with the east, of 100.
    w.trade0(2, 0) = 30;
    w.trade0(0, 2) = 10;
    w.trade0(2, 1) = 40;
    w.trade0(1, 2) = 20;
    // FDI stock in A2: 30 from the west, 10 from the east, 20 from A3, of 60.
    w.fdi_stock0(0, 2) = 30;
    w.fdi_stock0(1, 2) = 10;
    w.fdi_stock0(3, 2) = 20;
    w.trust0(2, 0) = 0.3;
    w.trust0(2, 1) = -0.1;
    AlignmentParams& p = w.params.alignment;
    p.adjustment = 0.25;
    p.w_threat = 3;
    p.w_dependence = 2;
    p.w_credibility = 0.6;
    p.w_trust = 0.5;
    p.adjustment_news = 0.75;
    p.salience_decay = 0.5;
    p.salience_incident = 1;
    return w;
}

State hedging_start(const World& w) {
    State s = fixtures_b::start_state(w);
    s.threat(2, 0) = 0.02;
    s.threat(2, 1) = 0.1;
    return s;
}

State one_step(const World& w, const State& now) {
    State next = fixtures_b::copy_next(now);
    alignment::step(w, now, next);
    return next;
}

}  // namespace

TEST_CASE("alignment drivers by hand", "[alignment]") {
    const World w = hedging_world();
    const alignment::Drivers d = alignment::drivers(w, hedging_start(w), 2);
    CHECK(d.rel_threat == Approx(0.08));
    // west (0.4 + 0.5) / 2 = 0.45, east (0.6 + 1/6) / 2 = 0.383333
    CHECK(d.dependence == Approx(0.45 - (0.6 + 1.0 / 6) / 2));
    CHECK(d.rel_trust == Approx(0.4));
}

TEST_CASE("alignment stays at the surveyed value when drivers are unchanged", "[alignment]") {
    World w = hedging_world();
    State s = hedging_start(w);
    alignment::calibrate(w, s);
    for (int q = 0; q < 40; ++q) s = one_step(w, s);
    CHECK(s.alignment[2] == 0.1);
    CHECK(s.alignment[3] == -0.5);
}

TEST_CASE("alignment target and one step by hand", "[alignment]") {
    World w = hedging_world();
    State s0 = hedging_start(w);
    alignment::calibrate(w, s0);
    s0.threat(2, 1) = 0.15;  // threat from the east +0.05
    s0.credibility = 0.5;    // credibility -0.2
    s0.trust(2, 0) = 0.2;    // trust in the west -0.1
    s0.threat(3, 1) = 0.5;   // the passive economy ignores its drivers
    // target 0.1 + 3 x 0.05 - 0.6 x 0.2 - 0.5 x 0.1 = 0.08; step 0.1 + 0.25 x (0.08 - 0.1)
    const State s1 = one_step(w, s0);
    CHECK(s1.alignment[2] == Approx(0.095));
    CHECK(s1.alignment[0] == 1);
    CHECK(s1.alignment[1] == -1);
    CHECK(s1.alignment[3] == -0.5);
}

TEST_CASE("alignment: a credibility drop lowers x by the hand-computed amount", "[alignment]") {
    World w = hedging_world();
    State s = hedging_start(w);
    alignment::calibrate(w, s);
    s.credibility = 0.4;  // -0.3: target 0.1 - 0.18
    for (int q = 0; q < 4; ++q) s = one_step(w, s);
    // four quarters close 1 - 0.75^4 = 0.68359375 of the gap 0.18
    CHECK(s.alignment[2] == Approx(0.1 - 0.18 * 0.68359375));
}

TEST_CASE("alignment target is clamped to [-1, 1]", "[alignment]") {
    World w = hedging_world();
    w.agents[2].alignment = 0.9;
    State s = hedging_start(w);
    alignment::calibrate(w, s);
    s.credibility = 1.0;  // target 0.9 + 0.18 -> 1
    const State s1 = one_step(w, s);
    CHECK(s1.alignment[2] == Approx(0.925));
}

TEST_CASE("bloc alignment is GDP-weighted", "[alignment]") {
    World w = hedging_world();
    Bloc b;
    b.id = "B";
    b.members = {2, 3};
    w.blocs.push_back(b);
    State s = hedging_start(w);
    s.gdp[3] = 300;
    // (100 x 0.1 + 300 x -0.5) / 400
    CHECK(alignment::bloc_alignment(w, s, 0) == Approx(-0.35));
}

TEST_CASE("stated alignment is the alignment itself while nothing is salient", "[alignment][salience]") {
    // Same start, same target, same speed (adjustment) at salience 0: the two paths coincide
    // exactly, so results that read alignment see no change from the survey measure.
    World w = hedging_world();
    State s = hedging_start(w);
    alignment::calibrate(w, s);
    s.credibility = 0.4;
    s.threat(2, 1) = 0.2;
    for (int q = 0; q < 12; ++q) {
        s = one_step(w, s);
        CHECK(s.stated_alignment[2] == s.alignment[2]);
        CHECK(s.salience[2] == 0);
    }
    CHECK(s.alignment[2] != 0.1);
}

TEST_CASE("stated alignment moves at the news speed when the question is salient, then slows",
          "[alignment][salience]") {
    World w = hedging_world();
    State s0 = hedging_start(w);
    alignment::calibrate(w, s0);
    s0.credibility = 0.5;  // -0.2: target 0.1 - 0.6 x 0.2 = -0.02, a gap of -0.12
    s0.salience[2] = 1;
    const State s1 = one_step(w, s0);
    // Alignment closes a quarter of the gap, 0.1 - 0.03; stated alignment three quarters,
    // 0.1 - 0.09; salience halves.
    CHECK(s1.alignment[2] == Approx(0.07));
    CHECK(s1.stated_alignment[2] == Approx(0.01));
    CHECK(s1.salience[2] == Approx(0.5));
    // Next quarter at salience 0.5: speed 0.25 + (0.75 - 0.25) x 0.5 = 0.5 of the gap -0.03.
    const State s2 = one_step(w, s1);
    CHECK(s2.stated_alignment[2] == Approx(-0.005));
    CHECK(s2.alignment[2] == Approx(0.07 - 0.25 * 0.09));
    CHECK(s2.salience[2] == Approx(0.25));
    // Partial salience 0.4: speed 0.25 + 0.5 x 0.4 = 0.45 of the gap -0.12.
    State p0 = s0;
    p0.salience[2] = 0.4;
    CHECK(one_step(w, p0).stated_alignment[2] == Approx(0.1 - 0.45 * 0.12));
    // Salience never moves the poles or a passive economy, and fades for them too.
    for (int i : {0, 1, 3}) p0.salience[i] = 0.8;
    const State p1 = one_step(w, p0);
    CHECK(p1.stated_alignment[0] == 1);
    CHECK(p1.stated_alignment[1] == -1);
    CHECK(p1.stated_alignment[3] == -0.5);
    CHECK(p1.salience[3] == Approx(0.4));
}

TEST_CASE("incidents in an agent's own zones beyond the routine make its alignment salient",
          "[alignment][salience]") {
    World w = hedging_world();
    Zone mine, other;
    mine.id = "mine";
    mine.claimant = 2;
    mine.rival = 1;
    other.id = "other";
    other.claimant = 3;
    other.rival = 1;
    w.zones = {mine, other};
    w.calib.severity_ref = {0.1, 0.1};
    State s = hedging_start(w);
    alignment::calibrate(w, s);
    s.credibility = 0.5;  // gap -0.12 as above
    s.severity = {0.8, 1.0};
    // A2's zone: a water-cannon incident (rung 3, severity 0.6) and a patrol (0.2), summed 0.8,
    // against a routine of 0.1: salience 1 x 0.7, speed 0.25 + 0.5 x 0.7 = 0.6. A3's zone does
    // not touch A2.
    CHECK(alignment::salience(w, s, 2) == Approx(0.7));
    State a = one_step(w, s);
    CHECK(a.stated_alignment[2] == Approx(0.1 - 0.6 * 0.12));
    CHECK(a.salience[2] == Approx(0.35));
    // At or below the routine: no salience from incidents, whatever was set before stays.
    s.severity = {0.1, 0.0};
    CHECK(alignment::salience(w, s, 2) == 0);
    s.salience[2] = 0.2;
    CHECK(alignment::salience(w, s, 2) == Approx(0.2));
    // Salience is capped at 1: severity 2.1 above the routine of 0.1 (ten clashes' worth).
    s.severity = {2.2, 0.0};
    CHECK(alignment::salience(w, s, 2) == 1);
    // The stronger of news and incidents counts, not their sum.
    s.severity = {0.4, 0.0};
    s.salience[2] = 0.5;
    CHECK(alignment::salience(w, s, 2) == Approx(0.5));
}
