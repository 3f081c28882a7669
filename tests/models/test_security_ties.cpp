#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "engine/core/rng.hpp"
#include "models/alignment.hpp"
#include "models/security_ties.hpp"
#include "models/tie_choice.hpp"
#include "models/tie_pressure.hpp"
#include "tests/models/fixtures_a.hpp"

using namespace geosim;
using tie_choice::Choice;

namespace {

// Two strategic agents at `level`; trust (and so pressure) is calibrated at 0.
struct PairCase {
    World world;
    State now;
    PairCase(int level, const TiesParams& params) : world(fixtures_a::agents_world(2)) {
        world.params.ties = params;
        now = fixtures_a::blank_state(world);
        fixtures_a::set_tie(now, 0, 1, level);
        security_ties::calibrate(world, now);
    }
    State step(std::uint64_t run = 0) const {
        State next = fixtures_a::successor(now);
        security_ties::step(world, now, next, Streams(7, run));
        return next;
    }
};

// Level 2 with base_up 0, rung_cost 0.5 and base_down -1: with no drivers U_up = U_down = -1.
TiesParams even_odds_params() {
    TiesParams p = fixtures_a::ties_params();
    p.base_up = 0;
    p.base_down = -1;
    p.rung_cost = 0.5;
    return p;
}

int count_kind(const State& s, const std::string& kind) {
    int c = 0;
    for (const auto& e : s.events) c += e.kind == kind;
    return c;
}

}  // namespace

TEST_CASE("ties: utilities and logit probabilities by hand", "[ties]") {
    TiesParams p = fixtures_a::ties_params();
    p.base_up = -2;
    p.base_down = -6;
    p.rung_cost = 0.5;
    p.alliance_stickiness = 3;
    // Level 2, delta 0.5: up = -2 - 1 + 0.5 = -2.5, down = -6 - 0.5 = -6.5.
    auto u = tie_choice::utilities(p, 2, 0.5, 0.0);
    CHECK(u.up == Approx(-2.5));
    CHECK(u.down == Approx(-6.5));
    // Treaty alliance: up = -2 - 2.5 + 0.5 = -4, down = -6 - 0.5 - 3 = -9.5.
    u = tie_choice::utilities(p, 5, 0.5, 0.0);
    CHECK(u.up == Approx(-4));
    CHECK(u.down == Approx(-9.5));

    // U_up = -1, U_down = -2: exp(-1) / (1 + exp(-1) + exp(-2)) = 0.244728, down 0.090031.
    auto pr = tie_choice::probabilities({-1, -2}, 2);
    CHECK(pr.up == Approx(0.244728).epsilon(1e-5));
    CHECK(pr.down == Approx(0.090031).epsilon(1e-5));
    CHECK(pr.hold == Approx(0.665241).epsilon(1e-5));
    // Level 0 has no down: up = exp(-1) / (1 + exp(-1)) = 0.268941.
    pr = tie_choice::probabilities({-1, -2}, 0);
    CHECK(pr.down == 0);
    CHECK(pr.up == Approx(0.268941).epsilon(1e-5));
    // A treaty alliance has no up: down = exp(-2) / (1 + exp(-2)) = 0.119203.
    pr = tie_choice::probabilities({-1, -2}, 5);
    CHECK(pr.up == 0);
    CHECK(pr.down == Approx(0.119203).epsilon(1e-5));
    // The draw reads down, hold, up along [0, 1).
    CHECK(tie_choice::draw({0.2, 0.5, 0.3}, 0.1) == Choice::Down);
    CHECK(tie_choice::draw({0.2, 0.5, 0.3}, 0.6) == Choice::Hold);
    CHECK(tie_choice::draw({0.2, 0.5, 0.3}, 0.75) == Choice::Up);
}

TEST_CASE("ties: choose() makes the draw's choice, with or without its exp()", "[ties]") {
    // exp_bounds bounds std::exp, within 9%.
    int outside = 0, loose = 0;
    for (double u = -699.99; u <= 0; u += 0.0137) {
        const auto b = tie_choice::exp_bounds(u);
        outside += !(b.lo <= std::exp(u) && std::exp(u) <= b.hi);
        loose += !(b.hi <= 1.09 * std::exp(u) && b.lo >= std::exp(u) / 1.09);
    }
    for (const double u : {-0.0, 0.0, -1.0, -2.0, -0x1p-40, -1.0 - 0x1p-40, -699.0}) {
        const auto b = tie_choice::exp_bounds(u);
        outside += !(b.lo <= std::exp(u) && std::exp(u) <= b.hi);
    }
    CHECK(outside == 0);
    CHECK(loose == 0);
    // The same choice as draw(probabilities(...)) for every level, top and utility, at uniforms
    // spread over [0, 1) and at the hold threshold's neighbours, where the shortcut must not decide.
    const double ups[] = {-800, -700, -699.9, -40, -12.5, -3, -1, -0.1, -1e-300, -0.0, 0.0, 0.5, 3,
                          std::nan("")};
    const double downs[] = {-800, -699.9, -5, -0.5, -1e-300, -0.0, 0.0, 2, std::nan("")};
    int differ = 0, compared = 0;
    for (const double up : ups)
        for (const double down : downs)
            for (int level = 0; level <= 5; ++level)
                for (int top = 0; top <= 5; ++top) {
                    const tie_choice::Utilities u{up, down};
                    const auto p = tie_choice::probabilities(u, level, top);
                    std::vector<double> uniforms;
                    for (int k = 0; k < 200; ++k) uniforms.push_back(k / 200.0);
                    for (const double edge : {p.down, p.down + p.hold})
                        if (edge >= 0 && edge < 1)
                            for (double x = edge, k = 0; k < 4; ++k) {
                                uniforms.push_back(x);
                                uniforms.push_back(std::nextafter(x, 0.0));
                                x = std::nextafter(x, 1.0);
                            }
                    for (const double uniform : uniforms) {
                        differ += tie_choice::choose(u, level, top, uniform) != tie_choice::draw(p, uniform);
                        ++compared;
                    }
                }
    // And at random utilities of the size the default world draws at, with uniforms anywhere and
    // on either side of each threshold.
    std::mt19937_64 gen(14);
    std::uniform_real_distribution<double> utility(-12.0, 0.5), unit(0.0, 1.0);
    for (int k = 0; k < 200000; ++k) {
        const tie_choice::Utilities u{utility(gen), utility(gen)};
        const int level = static_cast<int>(gen() % 6), top = static_cast<int>(gen() % 6);
        const auto p = tie_choice::probabilities(u, level, top);
        for (const double uniform : {unit(gen), p.down, std::nextafter(p.down, 0.0), p.down + p.hold,
                                     std::nextafter(p.down + p.hold, 0.0)}) {
            if (!(uniform >= 0 && uniform < 1)) continue;
            differ += tie_choice::choose(u, level, top, uniform) != tie_choice::draw(p, uniform);
            ++compared;
        }
    }
    CHECK(compared > 1500000);
    CHECK(differ == 0);
}

TEST_CASE("ties: the alignment gap and the alliance cost make the top rungs hard to reach", "[ties]") {
    TiesParams p = fixtures_a::ties_params();
    p.base_up = -2;
    p.base_down = -6;
    p.rung_cost = 0.5;
    p.w_alignment_gap = 2;
    p.alliance_cost = 6;
    // Level 2, gap 0.25: up = -2 - 0.5 * 2 - 2 * 0.25 * 3 = -4.5; down is unaffected (-6).
    auto u = tie_choice::utilities(p, 2, 0.0, 0.25);
    CHECK(u.up == Approx(-4.5));
    CHECK(u.down == Approx(-6));
    // Level 4 to a treaty alliance, gap 0.84 (Vietnam and China):
    // up = -2 - 0.5 * 4 - 2 * 0.84 * 5 - 6 = -18.4.
    u = tie_choice::utilities(p, 4, 0.0, 0.84);
    CHECK(u.up == Approx(-18.4));
    // A bloc tie at its top level (4) cannot go up: up leaves the choice set.
    const auto pr = tie_choice::probabilities({-1, -2}, kBlocTopLevel, kBlocTopLevel);
    CHECK(pr.up == 0);
    CHECK(pr.down == Approx(std::exp(-2) / (1 + std::exp(-2))));
}

TEST_CASE("ties: consent rule for a bilateral tie", "[ties]") {
    CHECK(tie_choice::pair_move(Choice::Up, Choice::Up) == 1);
    CHECK(tie_choice::pair_move(Choice::Up, Choice::Hold) == 0);
    CHECK(tie_choice::pair_move(Choice::Hold, Choice::Up) == 0);
    CHECK(tie_choice::pair_move(Choice::Up, Choice::Down) == -1);
    CHECK(tie_choice::pair_move(Choice::Hold, Choice::Down) == -1);
    CHECK(tie_choice::pair_move(Choice::Hold, Choice::Hold) == 0);
}

TEST_CASE("ties: one side unwilling blocks an upgrade, and one side wanting down lowers", "[ties]") {
    // base_up = base_down = -20 and w_trust = 40: a side whose trust rose by 1 has U_up = +20
    // (up is all but certain); a side with unchanged trust holds with probability
    // 1 / (1 + 2 exp(-20)); a side whose trust fell by 1 has U_down = +20.
    PairCase c(2, fixtures_a::ties_params());
    c.now.trust(0, 1) = 1;
    State next = c.step();
    CHECK(next.ties(0, 1) == 2);
    CHECK(next.events.empty());

    c.now.trust(1, 0) = 1;
    next = c.step();
    CHECK(next.ties(0, 1) == 3);
    CHECK(next.ties(1, 0) == 3);
    CHECK(next.tie_cooldown(0, 1) == 2);
    CHECK(next.tie_cooldown(1, 0) == 2);
    REQUIRE(next.events.size() == 1);
    CHECK(next.events[0].kind == "tie_change");
    CHECK(next.events[0].agent == 0);
    CHECK(next.events[0].partner == 1);
    CHECK(next.events[0].detail == "A0 and A1 raise their tie to strategic partnership (3)");

    c.now.trust(1, 0) = -1;
    next = c.step();
    CHECK(next.ties(0, 1) == 1);
    CHECK(next.events[0].detail == "A0 and A1 lower their tie to dialogue partnership (1)");
}

TEST_CASE("ties: the ends of the ladder and passive agents", "[ties]") {
    PairCase low(0, fixtures_a::ties_params());
    low.now.trust(1, 0) = -1;  // wants down, but there is nothing below none
    CHECK(low.step().ties(0, 1) == 0);

    PairCase top(5, fixtures_a::ties_params());
    top.now.trust(0, 1) = top.now.trust(1, 0) = 1;  // both want up, but 5 is the top
    CHECK(top.step().ties(0, 1) == 5);

    PairCase passive(2, fixtures_a::ties_params());
    passive.world.agents[1].strategic = false;
    passive.now.trust(0, 1) = passive.now.trust(1, 0) = 1;
    CHECK(passive.step().ties(0, 1) == 2);
}

TEST_CASE("ties: a changed pair waits out its cool-down", "[ties]") {
    PairCase c(2, fixtures_a::ties_params());  // cooldown 2
    c.now.trust(0, 1) = c.now.trust(1, 0) = 1;  // both want up every quarter
    c.now.tie_cooldown(0, 1) = c.now.tie_cooldown(1, 0) = 2;
    State next = c.step();
    CHECK(next.ties(0, 1) == 2);
    CHECK(next.tie_cooldown(0, 1) == 1);
    CHECK(next.tie_cooldown(1, 0) == 1);
    c.now.tie_cooldown(0, 1) = c.now.tie_cooldown(1, 0) = 1;
    next = c.step();
    CHECK(next.ties(0, 1) == 2);
    CHECK(next.tie_cooldown(0, 1) == 0);
    c.now.tie_cooldown(0, 1) = c.now.tie_cooldown(1, 0) = 0;
    CHECK(c.step().ties(0, 1) == 3);
}

TEST_CASE("ties: a weight moved after calibration (a parameter shock) weighs changes, not start levels",
          "[ties]") {
    // Both sides distrust each other at the start (trust -0.5 both ways), level 2, base_up and
    // base_down -20, trust the only driver. Calibrated with w_trust 40, then moved to 80 as a
    // `parameter` shock moves the run's own parameters.
    auto pair = [](double w_calibrated, double w_now) {
        TiesParams p = fixtures_a::ties_params();
        p.w_trust = w_calibrated;
        PairCase c(2, p);
        c.world.trust0(0, 1) = c.world.trust0(1, 0) = -0.5;
        c.now.trust(0, 1) = c.now.trust(1, 0) = -0.5;
        security_ties::calibrate(c.world, c.now);
        c.world.params.ties.w_trust = w_now;
        return c;
    };
    // Trust where it started: no pressure under either weight, so U_up = U_down = -20 against
    // U_hold = 0, and both hold in every run. (Weighing the start level instead, delta = 80 x -0.5
    // - 40 x -0.5 = -20 made U_down 0: each side chose down with probability 1/2, and the tie fell
    // in about three runs in four.)
    const PairCase still = pair(40, 80);
    for (std::uint64_t run = 0; run < 60; ++run) CHECK(still.step(run).ties(0, 1) == 2);
    // Trust up 0.5 both ways: delta = 80 x 0.5 = +40 under the moved weight, U_up = +20, as in a
    // world calibrated with 80 from the start; under 40 (delta +20, U_up 0 = U_hold) each side
    // would choose up with probability 1/2 and the pair rise in about one run in four. The same
    // run gives the same move in both worlds.
    PairCase moved = pair(40, 80), from_start = pair(80, 80);
    for (PairCase* c : {&moved, &from_start}) c->now.trust(0, 1) = c->now.trust(1, 0) = 0.0;
    int ups = 0;
    for (std::uint64_t run = 0; run < 60; ++run) {
        const int level = moved.step(run).ties(0, 1);
        CHECK(level == from_start.step(run).ties(0, 1));
        ups += level == 3;
    }
    // Each side chooses up with e^20 / (e^20 + e^0 + e^-60) = 1 - 2e-9: both, in every run.
    CHECK(ups == 60);
}

TEST_CASE("ties: a treaty alliance resists pressure that ends a lesser tie", "[ties]") {
    // Side 1's trust fell by 1: U_down = -20 + 40 - stickiness. Without stickiness that is +20
    // (down all but certain); with stickiness 40 it is -20 (hold all but certain).
    TiesParams p = fixtures_a::ties_params();
    p.alliance_stickiness = 40;
    PairCase csp(4, p);
    csp.now.trust(1, 0) = -1;
    CHECK(csp.step().ties(0, 1) == 3);
    PairCase alliance(5, p);
    alliance.now.trust(1, 0) = -1;
    CHECK(alliance.step().ties(0, 1) == 5);
}

TEST_CASE("ties: outcome frequencies match the logit over independent draws", "[ties]") {
    // Level 2, base_up 0, rung_cost 0.5, base_down -1, no drivers: U_up = U_down = -1, so each
    // side chooses up (and down) with p = e^-1 / (1 + 2 e^-1) = 0.211942. Up needs both:
    // p^2 = 0.044919; down needs one: 1 - (1 - p)^2 = 0.378964. Over N = 20000 runs, five
    // binomial standard errors are 0.0073 and 0.0172.
    const TiesParams p = even_odds_params();
    PairCase c(2, p);
    const int runs = 20000;
    int ups = 0, downs = 0;
    for (int r = 0; r < runs; ++r) {
        const int level = c.step(static_cast<std::uint64_t>(r)).ties(0, 1);
        ups += level == 3;
        downs += level == 1;
    }
    CHECK(ups / double(runs) == Approx(0.044919).margin(0.0073));
    CHECK(downs / double(runs) == Approx(0.378964).margin(0.0172));
}

TEST_CASE("ties: a pair's two sides take the first and second numbers of the pair's stream", "[ties]") {
    // Level 2, U_up = U_down = -1 for both sides (the case above). The pair's stream is
    // ("ties", step, pair key, 0); side 0 chooses with its first uniform, side 1 with its
    // second, drawn only when side 0 did not choose down. With side 0's choice set to up by a
    // tie_stance, side 0's number is still taken, so side 1's is the same second number.
    const TiesParams p = even_odds_params();
    PairCase c(2, p);
    const tie_choice::Utilities u = tie_choice::utilities(p, 2, 0.0, alignment::gap(c.now.alignment[0], c.now.alignment[1]));
    REQUIRE(u.up == Approx(-1));
    REQUIRE(u.down == Approx(-1));
    const std::uint64_t pair = pair_key(c.world.calib.agent_keys[0], c.world.calib.agent_keys[1]);
    PairCase up_stance(2, p);
    up_stance.now.tie_stance(0, 1) = 3;
    int differ = 0, second_drawn = 0, up_stance_differ = 0, each[3] = {0, 0, 0};
    for (std::uint64_t run = 0; run < 400; ++run) {
        Stream stream = Streams(7, run).get(purpose_key("ties"), c.now.step, pair, 0);
        const double first = stream.uniform(), second = stream.uniform();
        const Choice c0 = tie_choice::choose(u, 2, 5, first), c1 = tie_choice::choose(u, 2, 5, second);
        const int move = c0 == Choice::Down ? -1 : tie_choice::pair_move(c0, c1);
        second_drawn += c0 != Choice::Down;
        ++each[move + 1];
        differ += c.step(run).ties(0, 1) != 2 + move;
        // Side 0 up by its stance: the tie moves as side 1's second number says.
        up_stance_differ += up_stance.step(run).ties(0, 1) != 2 + tie_choice::pair_move(Choice::Up, c1);
    }
    CHECK(differ == 0);
    CHECK(up_stance_differ == 0);
    // The runs cover every move and both branches.
    CHECK(second_drawn > 0);
    CHECK(second_drawn < 400);
    CHECK(each[0] > 0);
    CHECK(each[1] > 0);
    CHECK(each[2] > 0);
}

TEST_CASE("ties: pressure terms by hand", "[ties]") {
    // Agents 0 and 1; 2 the west pole, 3 the east pole.
    World w = fixtures_a::agents_world(4);
    w.west = 2;
    w.east = 3;
    w.params.ties = fixtures_a::ties_params();
    w.params.ties.w_threat = 2;
    w.params.ties.w_interdependence = 3;
    w.params.ties.w_trust = 4;
    w.params.ties.w_retaliation = 5;
    State s = fixtures_a::blank_state(w);
    s.threat(0, 3) = 0.6;  // shared threat from 3: min(0.6, 0.4) = 0.4
    s.threat(1, 3) = 0.4;
    s.threat(0, 2) = 0.1;  // from 2: min(0.1, 0.3) = 0.1
    s.threat(1, 2) = 0.3;
    // Agent 0 trades 100 in all, 40 of it with 1 and 60 with 3; agent 1 trades 200 in all,
    // 40 of it with 0 and 160 with 2.
    s.trade(0, 1) = 10;
    s.trade(1, 0) = 30;
    s.trade(0, 3) = 40;
    s.trade(3, 0) = 20;
    s.trade(1, 2) = 160;
    s.alignment = {-0.8, 0.5, 1.0, -1.0};
    s.trust(0, 1) = 0.25;
    const auto totals = tie_pressure::total_trade(s);

    CHECK(totals == std::vector<double>{100, 200, 160, 60});
    CHECK(tie_pressure::shared_threat(s, 0, 1) == Approx(0.4));
    // Mean of 40/100 and 40/200.
    CHECK(tie_pressure::interdependence(s, totals, 0, 1) == Approx(0.3));
    // Partner 1 leans west (0.5), so the east pole may punish 0: share 60/100 x 0.5 = 0.3.
    CHECK(tie_pressure::expected_retaliation(w, s, totals, 0, 1) == Approx(0.3));
    // Partner 0 leans east (-0.8), so the west pole may punish 1: share 160/200 x 0.8 = 0.64.
    CHECK(tie_pressure::expected_retaliation(w, s, totals, 1, 0) == Approx(0.64));
    // The east pole does not punish itself for drawing close to a west-leaning partner.
    CHECK(tie_pressure::expected_retaliation(w, s, totals, 3, 1) == 0);
    s.alignment[1] = 0;  // a neutral partner provokes no one
    CHECK(tie_pressure::expected_retaliation(w, s, totals, 0, 1) == 0);
    s.alignment[1] = 0.5;
    // 2 x 0.4 + 3 x 0.3 + 4 x 0.25 - 5 x 0.3 = 1.2
    CHECK(tie_pressure::pressure(w, s, totals, 0, 1) == Approx(1.2));
}

TEST_CASE("ties: veto and bloc rules", "[ties]") {
    // down - up = 2.5 > 1 vetoes; 1.5 > 1 too; 0.5 does not.
    CHECK(tie_choice::vetoes({-1, 1.5}, 1));
    CHECK(tie_choice::vetoes({-1, 0.5}, 1));
    CHECK_FALSE(tie_choice::vetoes({-1, -0.5}, 1));
    CHECK(tie_choice::bloc_move(Choice::Up, Choice::Up, false) == 1);
    CHECK(tie_choice::bloc_move(Choice::Up, Choice::Up, true) == 0);
    CHECK(tie_choice::bloc_move(Choice::Up, Choice::Hold, false) == 0);
    CHECK(tie_choice::bloc_move(Choice::Down, Choice::Up, false) == -1);
    CHECK(tie_choice::bloc_move(Choice::Hold, Choice::Down, true) == -1);
}

namespace {

// Members 0, 1, 2 form ASEAN; agent 3 is the partner, at a comprehensive partnership (2).
struct BlocCase {
    World world;
    State now;
    explicit BlocCase(const TiesParams& params) : world(fixtures_a::agents_world(4)) {
        world.params.ties = params;
        world.blocs.push_back({"ASEAN", "ASEAN", {0, 1, 2}});
        assign_stream_keys(world);
        now = fixtures_a::blank_state(world);
        now.bloc_ties(0, 3) = 2;
        // Keep the bilateral pairs out of the way.
        now.tie_cooldown.fill(5);
        security_ties::calibrate(world, now);
    }
    State step() const {
        State next = fixtures_a::successor(now);
        security_ties::step(world, now, next, Streams(11, 0));
        return next;
    }
};

}  // namespace

TEST_CASE("ties: one ASEAN member strongly against blocks an upgrade the rest want", "[ties]") {
    // base_up 5, base_down -20, w_trust 20, veto threshold 1. The partner's trust in every
    // member rose by 1: its delta is +20 and U_up = 25 (up all but certain). Members 0 and 1
    // trust the partner 1 more (delta +20); member 2 trusts it 1 less (delta -20): its
    // U_up = -15 and U_down = 0, so down - up = 15 > 1, a veto. The member mean delta is 20/3,
    // U_up = 11.7, so the bloc's own draw is up.
    TiesParams p = fixtures_a::ties_params();
    p.base_up = 5;
    p.w_trust = 20;
    BlocCase c(p);
    for (int m = 0; m < 3; ++m) c.now.trust(3, m) = 1;
    c.now.trust(0, 3) = c.now.trust(1, 3) = 1;
    c.now.trust(2, 3) = -1;
    State next = c.step();
    CHECK(next.bloc_ties(0, 3) == 2);
    CHECK(count_kind(next, "bloc_tie_change") == 0);

    c.now.trust(2, 3) = 1;  // the objector comes round
    next = c.step();
    CHECK(next.bloc_ties(0, 3) == 3);
    CHECK(next.bloc_cooldown(0, 3) == 2);
    REQUIRE(count_kind(next, "bloc_tie_change") == 1);
    CHECK(next.events.back().agent == 3);
    CHECK(next.events.back().partner == -1);
    CHECK(next.events.back().detail == "ASEAN and A3 raise their tie to strategic partnership (3)");
    // Members are never partners of their own bloc.
    for (int m = 0; m < 3; ++m) CHECK(next.bloc_ties(0, m) == 0);
}

TEST_CASE("ties: a bloc tie goes down when the partner wants down", "[ties]") {
    // w_trust 40: the partner's trust in the members fell by 1, so its U_down = -20 + 40 = 20.
    BlocCase c(fixtures_a::ties_params());
    for (int m = 0; m < 3; ++m) c.now.trust(3, m) = -1;
    State next = c.step();
    CHECK(next.bloc_ties(0, 3) == 1);
    CHECK(next.events.back().detail == "ASEAN and A3 lower their tie to dialogue partnership (1)");
    c.now.bloc_cooldown(0, 3) = 1;  // a cooling bloc tie waits
    next = c.step();
    CHECK(next.bloc_ties(0, 3) == 2);
    CHECK(next.bloc_cooldown(0, 3) == 0);
}

TEST_CASE("ties: the shared threat four at a time, and along each row's largest, gives the full scan's maximum", "[ties]") {
    World w = fixtures_a::agents_world(5);
    State s = fixtures_a::blank_state(w);
    // Agent 0 fears 4 (0.9), 3 (0.5) and 2 (0.2); agent 1 fears 4 at 0.1, 3 at 0.45, 2 at 0.8.
    // Shared: from 4 min(0.9, 0.1) = 0.1, from 3 min(0.5, 0.45) = 0.45, from 2 min(0.2, 0.8) =
    // 0.2; the maximum is 0.45 (from 3).
    s.threat(0, 4) = 0.9;
    s.threat(0, 3) = 0.5;
    s.threat(0, 2) = 0.2;
    s.threat(1, 4) = 0.1;
    s.threat(1, 3) = 0.45;
    s.threat(1, 2) = 0.8;
    s.threat(0, 1) = 0.7;  // a threat from the partner itself is not shared
    s.threat(1, 0) = 0.6;
    const Matrix without_self = tie_pressure::threat_without_self(s);
    REQUIRE(without_self.n() == 5);
    CHECK(tie_pressure::shared_threat_wide(without_self, 0, 1) == 0.45);
    CHECK(tie_pressure::shared_threat_wide(without_self, 1, 0) == 0.45);
    CHECK(tie_pressure::shared_threat(s, 0, 1) == 0.45);
    // Every pair agrees with the full scan, bit for bit, in worlds of every size up to 19 (odd
    // and even spans), with zeros of both signs and negative threats.
    std::mt19937_64 gen(14);
    std::uniform_real_distribution<double> threat(-0.2, 1.0);
    int differ = 0;
    for (int n = 2; n <= 19; ++n) {
        World wn = fixtures_a::agents_world(n);
        State sn = fixtures_a::blank_state(wn);
        for (int round = 0; round < 20; ++round) {
            for (double& t : sn.threat.values()) {
                const std::uint64_t pick = gen() % 8;
                t = pick == 0 ? 0.0 : pick == 1 ? -0.0 : threat(gen);
            }
            const Matrix table = tie_pressure::threat_without_self(sn);
            for (int a = 0; a < n; ++a)
                for (int b = 0; b < n; ++b)
                    if (a != b)
                        differ += std::bit_cast<std::uint64_t>(tie_pressure::shared_threat_wide(table, a, b)) !=
                                  std::bit_cast<std::uint64_t>(tie_pressure::shared_threat(sn, a, b));
        }
    }
    CHECK(differ == 0);
    // The ordered reading gives the same bits, with every number of rows kept in order (0: the
    // scan alone; 1 and 3: the scan often decides; n: the order alone), in worlds up to 40.
    // Threats drawn from a few values make equal threats common, and rows whose largest
    // threats are all at or below zero end the order at once.
    std::uniform_int_distribution<int> level(-2, 6);
    int ordered_differ = 0, compared = 0;
    for (int n : {2, 3, 5, 9, 17, 32, 40}) {
        World wn = fixtures_a::agents_world(n);
        State sn = fixtures_a::blank_state(wn);
        for (int round = 0; round < 20; ++round) {
            for (double& t : sn.threat.values()) {
                const std::uint64_t pick = gen() % 8;
                t = pick == 0 ? 0.0 : pick == 1 ? -0.0 : round % 2 ? threat(gen) : 0.1 * level(gen);
            }
            const Matrix table = tie_pressure::threat_without_self(sn);
            for (int kept : {0, 1, 3, n}) {
                const tie_pressure::ThreatOrder order = tie_pressure::threat_order(table, kept);
                for (int a = 0; a < n; ++a)
                    for (int b = 0; b < n; ++b)
                        if (a != b) {
                            ++compared;
                            ordered_differ +=
                                std::bit_cast<std::uint64_t>(tie_pressure::shared_threat_ordered(table, order, a, b)) !=
                                std::bit_cast<std::uint64_t>(tie_pressure::shared_threat(sn, a, b));
                        }
            }
        }
    }
    CHECK(compared == 4 * 20 * (2 * 1 + 3 * 2 + 5 * 4 + 9 * 8 + 17 * 16 + 32 * 31 + 40 * 39));
    CHECK(ordered_differ == 0);
    // The order of the example above: agent 0's threats 4 (0.9), 1 (0.7), 3 (0.5), 2 (0.2).
    const tie_pressure::ThreatOrder order = tie_pressure::threat_order(without_self, 4);
    CHECK(std::vector<int>(order.top.begin(), order.top.begin() + 4) == std::vector<int>{4, 1, 3, 2});
    CHECK(tie_pressure::shared_threat_ordered(without_self, order, 0, 1) == 0.45);
    // A threat that is not a number is found, and the pair loop uses the full scan.
    s.threat(2, 3) = std::nan("");
    CHECK(tie_pressure::threat_without_self(s).n() == 0);
}
