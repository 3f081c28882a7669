// The `tie_stance` shock (a side's choice on its security ties set in place of its draw) and the
// run cursor that workshop sessions fork: checked against outcomes worked out from the rules of
// docs/model.md ("Security ties": an upgrade needs both sides, a downgrade one, a changed pair
// waits out `ties.cooldown` quarters) and against uninterrupted runs.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/core/state.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "tests/cli/cli_harness.hpp"
#include "tests/engine/run/tiny_runs.hpp"

using namespace geosim;
using geosim::test::History;
using geosim::test::run_once;
using geosim::test::TempDir;
using geosim::test::tiny_with;

TEST_CASE("tie stance: both sides up raise the tie each time the cool-down allows", "[shocks][ties]") {
    TempDir dir;
    // CHN and KOR have no tie in the test world. Both want up from 2025Q2 (step 1) to the end.
    const World w = tiny_with(dir,
                              "shocks:\n"
                              "  - {name: c, kind: tie_stance, agent: CHN, partner: KOR, stance: up, at: 2025Q2}\n"
                              "  - {name: k, kind: tie_stance, agent: KOR, partner: [CHN], stance: up, at: 2025Q2}\n",
                              24);
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    const int cooldown = static_cast<int>(std::lround(w.params.ties.cooldown));
    REQUIRE(cooldown == 8);
    // Up at step 1, then the pair waits 8 quarters (steps 2-9 count it down) and decides again
    // at step 10, and at step 19: levels 1, 2, 3.
    for (int t = 0; t <= 24; ++t) {
        const int want = t < 1 ? 0 : t < 10 ? 1 : t < 19 ? 2 : 3;
        INFO("step " << t);
        CHECK(h.states[t].ties(chn, kor) == want);
        CHECK(h.states[t].ties(kor, chn) == want);
    }
}

TEST_CASE("tie stance: one side up is not enough, one side down is", "[shocks][ties]") {
    TempDir dir;
    const int steps = 12;
    // Only CHN wants up with KOR and KOR holds: no upgrade, whatever the draws (mutual consent).
    // PHL lowers its alliance with the US (5) at once: a downgrade needs one side.
    const World w = tiny_with(dir,
                              "shocks:\n"
                              "  - {name: c, kind: tie_stance, agent: CHN, partner: KOR, stance: up, at: 2025Q2}\n"
                              "  - {name: k, kind: tie_stance, agent: KOR, partner: CHN, stance: hold, at: 2025Q2}\n"
                              "  - {name: p, kind: tie_stance, agent: PHL, partner: USA, stance: down, at: 2025Q2, duration: 1}\n",
                              steps);
    for (std::uint64_t run = 0; run < 8; ++run) {
        const History h = run_once(w, 5, run);
        const int chn = w.index_of("CHN"), kor = w.index_of("KOR"), phl = w.index_of("PHL"), usa = w.index_of("USA");
        for (int t = 0; t <= steps; ++t) CHECK(h.states[t].ties(chn, kor) == 0);
        CHECK(h.states[0].ties(phl, usa) == 5);
        CHECK(h.states[1].ties(phl, usa) == 4);
    }
}

TEST_CASE("tie stance: a side that holds never raises its ties", "[shocks][ties]") {
    TempDir dir;
    // Without a stance, PHL's ties move up somewhere in 40 quarters of some run (checked below as
    // the control); with PHL holding toward everyone, no tie of PHL ever rises.
    const std::string all = "shocks:\n  - {name: h, kind: tie_stance, agent: PHL, partner: [USA, CHN, KOR], stance: hold, at: 2025Q2}\n";
    const World held = tiny_with(dir, all, 40);
    const World free = tiny_with(dir, "shocks: []\n", 40);
    const int phl = held.index_of("PHL");
    int rises_free = 0;
    for (std::uint64_t run = 0; run < 16; ++run) {
        const History h = run_once(held, 5, run), f = run_once(free, 5, run);
        for (int t = 1; t <= 40; ++t)
            for (int j = 0; j < held.n(); ++j) {
                if (j == phl) continue;
                CHECK(h.states[t].ties(phl, j) <= h.states[t - 1].ties(phl, j));
                rises_free += f.states[t].ties(phl, j) > f.states[t - 1].ties(phl, j);
            }
    }
    CHECK(rises_free > 0);
}

TEST_CASE("tie stance: a bloc decides its ties as a bloc, a partner its side of them", "[shocks][ties]") {
    TempDir dir;
    // The test world's ASEAN has one member, PHL; ASEAN-CHN starts with no tie and ASEAN-KOR at
    // comprehensive strategic partnership (4, the bloc ladder's top).
    const std::string both_up = "  - {name: a, kind: tie_stance, agent: ASEAN, partner: CHN, stance: up, at: 2025Q2}\n"
                                "  - {name: c, kind: tie_stance, agent: CHN, partner: ASEAN, stance: up, at: 2025Q2}\n";
    const World w = tiny_with(dir, "shocks:\n" + both_up, 24);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    const int asean = w.bloc_index("ASEAN");
    REQUIRE(w.bloc_ties0(asean, chn) == 0);
    for (std::uint64_t run = 0; run < 4; ++run) {
        const History h = run_once(w, 5, run);
        // Both sides up at step 1, then every cool-down (8 quarters): 1, 2, 3 at steps 1, 10, 19,
        // whatever the draws.
        for (int t = 0; t <= 24; ++t) {
            const int want = t < 1 ? 0 : t < 10 ? 1 : t < 19 ? 2 : 3;
            INFO("run " << run << ", step " << t);
            CHECK(h.states[t].bloc_ties(asean, chn) == want);
        }
    }
    // Against that: either side holding stops the bloc tie from rising, the bloc with China up,
    // or China with the bloc up (consent holds for blocs too). Neither stance touches the
    // member's own tie with China: PHL-CHN follows the same draws as in the run without them.
    const World none = tiny_with(dir, "", 24);
    for (const std::string shocks :
         {"  - {name: a, kind: tie_stance, agent: ASEAN, partner: CHN, stance: hold, at: 2025Q2}\n"
          "  - {name: c, kind: tie_stance, agent: CHN, partner: ASEAN, stance: up, at: 2025Q2}\n",
          "  - {name: a, kind: tie_stance, agent: ASEAN, partner: CHN, stance: up, at: 2025Q2}\n"
          "  - {name: c, kind: tie_stance, agent: CHN, partner: ASEAN, stance: hold, at: 2025Q2}\n"}) {
        const World hold = tiny_with(dir, "shocks:\n" + shocks, 24);
        const int phl = hold.index_of("PHL");
        for (std::uint64_t run = 0; run < 8; ++run) {
            INFO(shocks << "run " << run);
            const History h = run_once(hold, 5, run), free = run_once(none, 5, run);
            for (int t = 0; t <= 24; ++t) {
                CHECK(h.states[t].bloc_ties(asean, chn) == 0);
                CHECK(h.states[t].ties(phl, chn) == free.states[t].ties(phl, chn));
            }
        }
    }
    // A downgrade needs one side: the bloc lowers its top-rung tie with Korea at once.
    const World down = tiny_with(dir, "shocks:\n  - {name: a, kind: tie_stance, agent: ASEAN, partner: KOR, stance: down, "
                                      "at: 2025Q2, duration: 1}\n", 4);
    REQUIRE(down.bloc_ties0(asean, kor) == 4);
    const History h = run_once(down);
    CHECK(h.states[0].bloc_ties(asean, kor) == 4);
    CHECK(h.states[1].bloc_ties(asean, kor) == 3);
    bool seen = false;
    for (const Event& e : h.states[1].events)
        if (e.kind == "shock") {
            seen = true;
            CHECK(e.detail == "a: ASEAN lowers its security tie with KOR as a bloc (until 2025Q3)");
        }
    CHECK(seen);
}

TEST_CASE("tie stance: bad arguments name the file, line and column", "[shocks][ties][errors]") {
    TempDir dir;
    auto message = [&](const std::string& shock) {
        try {
            tiny_with(dir, "shocks:\n  - " + shock + "\n");
        } catch (const InputError& e) {
            const std::string text = e.what();
            return text.substr(text.find("s.yaml"));
        }
        return std::string("no error");
    };
    CHECK(message("{name: a, kind: tie_stance, agent: PHL, partner: USA, stance: upp, at: 2025Q2}") ==
          "s.yaml:7:67: shocks[0].stance: unknown stance 'upp': down, hold or up (did you mean 'up'?)");
    CHECK(message("{name: a, kind: tie_stance, agent: ROW, partner: USA, stance: up, at: 2025Q2}") ==
          "s.yaml:7:40: shocks[0].agent: ROW takes no part in security ties (it is not strategic in the world)");
    CHECK(message("{name: a, kind: tie_stance, agent: PHL, partner: [PHL, ROW], stance: up, at: 2025Q2}") ==
          "s.yaml:7:54: shocks[0].partner: the partners must include a strategic agent other than PHL, or a bloc it is not in");
}

TEST_CASE("defence: a government's share replaces the arms-race target and the budget moves toward it", "[shocks][macro]") {
    TempDir dir;
    // PHL sets 5% of GDP from 2025Q2 (step 1) to the end: the burden closes
    // macro.defence_adjustment (0.1) of the gap a quarter, b_t = 0.05 - (0.05 - b_0) 0.9^t.
    const World w = tiny_with(dir, "shocks:\n  - {name: d, kind: defence, agent: PHL, share: 0.05, at: 2025Q2}\n", 20);
    REQUIRE(w.params.macro.defence_adjustment == 0.1);
    const History h = run_once(w);
    const int phl = w.index_of("PHL");
    const double b0 = h.states[0].defence[phl];
    REQUIRE(b0 < 0.04);
    for (int t = 1; t <= 20; ++t) CHECK(h.states[t].defence[phl] == Approx(0.05 - (0.05 - b0) * std::pow(0.9, t)).epsilon(1e-12));
    // Without the shock the burden stays near its start (the arms-race target moves with threat).
    const World free = tiny_with(dir, "shocks: []\n", 20);
    CHECK(std::abs(run_once(free).states[20].defence[phl] - b0) < 0.005);
}

namespace {

// The states of a cursor from its present to the horizon.
std::vector<State> rest_of(RunCursor c) {
    std::vector<State> out;
    while (!c.done()) {
        c.advance();
        out.push_back(c.state());
    }
    return out;
}

bool same(const State& a, const State& b) {
    return a.gdp == b.gdp && a.alignment == b.alignment && a.trade.values() == b.trade.values() &&
           a.ties.values() == b.ties.values() && a.trust.values() == b.trust.values();
}

}  // namespace

TEST_CASE("run cursor: a fork with the run's own id continues the run to the bit", "[runner]") {
    TempDir dir;
    const World w = tiny_with(dir,
                              "shocks:\n"
                              "  - {name: t, kind: tariff, sender: USA, targets: [CHN], rate: {uniform: [0.1, 0.3]}, at: 2025Q3}\n"
                              "  - {name: i, kind: maritime_incident, zone: scarborough, hazard: 0.2}\n",
                              20);
    const History whole = run_once(w, 5, 3);
    RunCursor c(w, RunPlan{3, 5});
    for (int t = 0; t < 7; ++t) c.advance();
    const std::vector<State> continued = rest_of(c.fork(3));
    REQUIRE(continued.size() == 13);
    for (std::size_t k = 0; k < continued.size(); ++k) CHECK(same(continued[k], whole.states[8 + k]));
}

TEST_CASE("run cursor: a fork keeps the draws of shocks that fired and draws the rest anew", "[runner]") {
    TempDir dir;
    // `early` fires at step 2 and `late` at step 10, each with a tariff drawn from its run's
    // stream; the fork at step 5 with run 7 keeps run 0's draw of `early` and takes run 7's of
    // `late`. The tariff changes are read off the levers (CHN's ELE-like single group: the tiny
    // world has one group, index 0).
    const World w = tiny_with(dir,
                              "shocks:\n"
                              "  - {name: early, kind: tariff, sender: USA, targets: [CHN], rate: {uniform: [0.1, 0.3]}, at: 2025Q3}\n"
                              "  - {name: late, kind: tariff, sender: KOR, targets: [CHN], rate: {uniform: [0.1, 0.3]}, at: 2027Q3}\n",
                              14);
    const int usa = w.index_of("USA"), kor = w.index_of("KOR"), chn = w.index_of("CHN");
    const History run0 = run_once(w, 5, 0), run7 = run_once(w, 5, 7);
    auto early = [&](const State& s) { return s.tariff[0](usa, chn); };
    auto late = [&](const State& s) { return s.tariff[0](kor, chn); };
    REQUIRE(early(run0.states[3]) != early(run7.states[3]));  // the two runs draw differently
    RunCursor c(w, RunPlan{0, 5});
    for (int t = 0; t < 5; ++t) c.advance();
    const std::vector<State> fork = rest_of(c.fork(7));  // steps 6..14
    CHECK(early(fork[0]) == early(run0.states[6]));
    CHECK(late(fork[10 - 6]) == late(run7.states[10]));
    CHECK(late(fork[10 - 6]) != late(run0.states[10]));
    // Two forks of one present with the same id are the same bits.
    const std::vector<State> again = rest_of(c.fork(7));
    for (std::size_t k = 0; k < fork.size(); ++k) CHECK(same(fork[k], again[k]));
}
