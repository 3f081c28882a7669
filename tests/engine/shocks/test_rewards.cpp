// Rewards and aid (docs/shocks.md, "reward" and "aid"; docs/model.md for the equations they
// enter): each check is worked out from the equations and the baseline run, not from what the
// scenario printed.
#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/state.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "models/perception.hpp"
#include "tests/cli/cli_harness.hpp"
#include "tests/engine/run/tiny_runs.hpp"

using namespace geosim;
using geosim::test::TempDir;
using geosim::test::History;
using geosim::test::run_once;
using geosim::test::tiny_with;

namespace {

std::vector<std::string> details(const History& h, int step, const std::string& kind) {
    std::vector<std::string> out;
    for (const Event& e : h.states[step].events)
        if (e.kind == kind) out.push_back(e.detail);
    return out;
}

const std::string kBan = "  - {name: ban, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, "
                         "imports_blocked: 0.4, tourism_cut: 0.5}\n";

// A reward from CHN to KOR named `name`, from `at` (a quarter or a day), that lifts `ban`.
std::string lift(const std::string& name, const std::string& at) {
    return "  - {name: " + name + ", kind: reward, at: " + at + ", sender: CHN, target: KOR, lift: ban}\n";
}

}  // namespace

TEST_CASE("rewards: a lifted shock ends in the quarter the reward fires, as if its time were up", "[shocks][rewards]") {
    TempDir dir;
    // The ban fires in step 2 (2025Q3); the reward lifts it in step 5 (2026Q2). The same ban
    // with `until: 2026Q2` must give the same run, bit for bit: the reward does nothing else.
    const World lifted = tiny_with(dir, "shocks:\n" + kBan +
                                            lift("thaw", "2026Q2"));
    const World ended = tiny_with(dir, "shocks:\n  - {name: ban, kind: sanctions, at: 2025Q3, until: 2026Q2, sender: CHN, "
                                       "target: KOR, imports_blocked: 0.4, tourism_cut: 0.5}\n");
    const History a = run_once(lifted), b = run_once(ended);
    const int chn = lifted.index_of("CHN"), kor = lifted.index_of("KOR");
    REQUIRE(a.states.size() == b.states.size());
    for (std::size_t t = 0; t < a.states.size(); ++t) {
        INFO("step " << t);
        CHECK(a.states[t].trade.values() == b.states[t].trade.values());
        CHECK(a.states[t].trust.values() == b.states[t].trust.values());
        CHECK(a.states[t].visitors.values() == b.states[t].visitors.values());
        CHECK(a.states[t].gdp == b.states[t].gdp);
    }
    CHECK(a.states[4].tourism_block(chn, kor) == 0.5);
    CHECK(a.states[5].tourism_block(chn, kor) == 0.0);
    CHECK(details(a, 5, "shock_end") == std::vector<std::string>{"ban lifted by thaw"});
    CHECK(details(a, 5, "shock") == std::vector<std::string>{"thaw: CHN rewards KOR: lifts ban"});
}

TEST_CASE("rewards: a reward from a date lifts on that day, as an until of that day would end the shock",
          "[shocks][rewards]") {
    TempDir dir;
    // 16 May 2026: 45 of 2026Q2's 91 days past, so the ban holds 45/91 of step 5; the same ban
    // with `until: 2026-05-16` gives the same run, bit for bit, and one end event, the lift's.
    const World lifted = tiny_with(dir, "shocks:\n" + kBan +
                                            lift("thaw", "2026-05-16"));
    const World ended = tiny_with(dir, "shocks:\n  - {name: ban, kind: sanctions, at: 2025Q3, until: 2026-05-16, sender: CHN, "
                                       "target: KOR, imports_blocked: 0.4, tourism_cut: 0.5}\n");
    const History a = run_once(lifted), b = run_once(ended);
    const int chn = lifted.index_of("CHN"), kor = lifted.index_of("KOR");
    for (std::size_t t = 0; t < a.states.size(); ++t) {
        INFO("step " << t);
        CHECK(a.states[t].trade.values() == b.states[t].trade.values());
        CHECK(a.states[t].visitors.values() == b.states[t].visitors.values());
    }
    CHECK(a.states[5].tourism_block(chn, kor) == Approx(0.5 * 45 / 91).epsilon(1e-14));
    CHECK(a.states[6].tourism_block(chn, kor) == 0.0);
    CHECK(details(a, 5, "shock_end") == std::vector<std::string>{"ban lifted by thaw"});
    CHECK(details(a, 6, "shock_end").empty());
    CHECK(details(b, 6, "shock_end") == std::vector<std::string>{"ban ends"});
}

TEST_CASE("rewards: of two lifts the earlier day ends the shock, a later one within the quarter lifts too, and an end that comes first stands",
          "[shocks][rewards]") {
    TempDir dir;
    const std::string ban = "  - {name: ban, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, tourism_cut: 0.5}\n";
    // Two rewards in 2026Q2 (step 5), on 16 May (45 of 91 days past) and 1 May (30 past), in
    // that order in the list: the earlier day lifts, and one event tells it.
    const World two = tiny_with(dir, "shocks:\n" + ban +
                                         lift("a", "2026-05-16") +
                                         lift("b", "2026-05-01"));
    const History h = run_once(two);
    const int chn = two.index_of("CHN"), kor = two.index_of("KOR");
    CHECK(h.states[5].tourism_block(chn, kor) == Approx(0.5 * 30 / 91).epsilon(1e-14));
    CHECK(details(h, 5, "shock_end") == std::vector<std::string>{"ban lifted by b"});
    CHECK(details(h, 6, "shock_end").empty());
    // A ban from 10 April lifted on 16 May of the same quarter: 36 of its 91 days.
    const World same = tiny_with(dir, "shocks:\n  - {name: ban, kind: sanctions, at: 2026-04-10, sender: CHN, "
                                      "target: KOR, tourism_cut: 0.5}\n" +
                                      lift("a", "2026-05-16"));
    const History q = run_once(same);
    CHECK(q.states[5].tourism_block(chn, kor) == Approx(0.5 * 36 / 91).epsilon(1e-14));
    CHECK(q.states[6].tourism_block(chn, kor) == 0.0);
    CHECK(details(q, 5, "shock_end") == std::vector<std::string>{"ban lifted by a"});
    // A ban from 17 May repeating every year, lifted on 10 April 2026, before the repeat's day:
    // the firing before holds 2026Q2's first 9 days, the repeat its last 45 from its own day.
    const World repeat = tiny_with(dir, "shocks:\n  - {name: ban, kind: sanctions, at: 2025-05-17, every: 4, sender: CHN, "
                                        "target: KOR, tourism_cut: 0.5}\n" +
                                        lift("a", "2026-04-10"));
    const History r = run_once(repeat);
    CHECK(r.states[5].tourism_block(chn, kor) == Approx(0.5 * 54 / 91).epsilon(1e-14));
    CHECK(r.states[6].tourism_block(chn, kor) == 0.5);
    CHECK(details(r, 5, "shock_end") == std::vector<std::string>{"ban lifted by a"});
    // A ban whose own end (10 April) comes before the reward's day ends as written: no lift.
    const World first = tiny_with(dir, "shocks:\n  - {name: ban, kind: sanctions, at: 2025Q3, until: 2026-04-10, "
                                       "sender: CHN, target: KOR, tourism_cut: 0.5}\n" +
                                       lift("a", "2026-05-16"));
    const History e = run_once(first);
    CHECK(e.states[5].tourism_block(chn, kor) == Approx(0.5 * 9 / 91).epsilon(1e-14));
    CHECK(details(e, 5, "shock_end").empty());
    CHECK(details(e, 6, "shock_end") == std::vector<std::string>{"ban ends"});
}

TEST_CASE("rewards: a pledge from a date pays its whole amount, its last part in the quarter after its last full one",
          "[shocks][rewards]") {
    TempDir dir;
    // USD 10 bn over 4 quarters, realised in full, from 17 May 2025 (46 of 91 days past): a flow
    // of 10 a year for 45/91 of 2025Q2, all of three quarters, and 46/91 of 2026Q2; paid in all
    // (45/91 + 3 + 46/91) x 10 / 4 = 10.
    const World w = tiny_with(dir, "shocks:\n  - {name: p, kind: reward, at: 2025-05-17, sender: CHN, target: PHL, "
                                   "pledge: {investment: 10, quarters: 4, realised: 1}}\n");
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), phl = w.index_of("PHL");
    const double flow[] = {0, 10.0 * 45 / 91, 10, 10, 10, 10.0 * 46 / 91, 0};
    double paid = 0;
    for (int t = 0; t < 7; ++t) {
        INFO("step " << t);
        CHECK(h.states[t].pledged_investment(chn, phl) == Approx(flow[t]).epsilon(1e-14));
        paid += h.states[t].pledged_investment(chn, phl) / 4;
    }
    CHECK(paid == Approx(10).epsilon(1e-14));
}

TEST_CASE("rewards: a reward before the named shock fires leaves it to act as written", "[shocks][rewards]") {
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n" + kBan +
                                       "  - {name: early, kind: reward, at: 2025Q2, sender: CHN, target: KOR, lift: [ban]}\n");
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    CHECK(details(h, 1, "shock_end").empty());
    CHECK(h.states[2].tourism_block(chn, kor) == 0.5);
    CHECK(h.states[12].tourism_block(chn, kor) == 0.5);
}

TEST_CASE("rewards: a shock firing in the reward's own quarter is not lifted", "[shocks][rewards]") {
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n" + kBan +
                                       lift("same", "2025Q3"));
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    CHECK(details(h, 2, "shock_end").empty());
    for (int t = 2; t <= 12; ++t) CHECK(h.states[t].tourism_block(chn, kor) == 0.5);
}

TEST_CASE("rewards: a lifted shock with a condition fires again only after its condition has failed",
          "[shocks][rewards]") {
    TempDir dir;
    // The condition reads the quarter before: it holds in steps 1-4 and from step 9. Fired in
    // step 1 and lifted in step 5 (2026Q2), the ban waits while the condition still holds
    // (step 5 reads quarter 4), re-arms when it fails (step 6), and fires again in step 9.
    const World w = tiny_with(dir, "shocks:\n  - {name: ban, kind: sanctions, when: \"quarter() <= 4 or quarter() >= 8\", "
                                   "sender: CHN, target: KOR, tourism_cut: 0.5}\n" +
                                   lift("thaw", "2026Q2"));
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    for (int t = 1; t <= 12; ++t) {
        INFO("step " << t);
        CHECK(h.states[t].tourism_block(chn, kor) == (t <= 4 || t >= 9 ? 0.5 : 0.0));
    }
    CHECK(details(h, 5, "shock_end") == std::vector<std::string>{"ban lifted by thaw"});
    int fired = 0;
    for (const State& s : h.states)
        for (const Event& e : s.events) fired += e.kind == "shock" && e.detail.rfind("ban:", 0) == 0;
    CHECK(fired == 2);
}

TEST_CASE("rewards: encouraged visitors close the gap at tourism.adjustment", "[shocks][rewards]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const World w = tiny_with(dir, "shocks:\n  - {name: come, kind: reward, at: 2025Q3, sender: CHN, target: KOR, visitors: 0.5}\n");
    const History h = run_once(w), b = run_once(base);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    const double a = w.params.tourism.adjustment;
    // The baseline's target T_t is read back from its own update L_t = L_{t-1} + a (T_t - L_{t-1});
    // encouragement multiplies it by 1.5. In the firing quarter (step 2) nothing else differs
    // yet, so the level is exactly L_1 + a (1.5 T_2 - L_1).
    const double l1 = b.states[1].tourism_level(kor, chn), l2 = b.states[2].tourism_level(kor, chn);
    const double target = (l2 - (1 - a) * l1) / a;
    CHECK(h.states[1].tourism_level(kor, chn) == l1);
    CHECK(h.states[2].tourism_level(kor, chn) == Approx(l1 + a * (1.5 * target - l1)).margin(1e-12));
    // Arrivals and receipts follow the level: +a x 0.5 x T_2 / L_2 in the first quarter.
    CHECK(h.states[2].visitors(kor, chn) / b.states[2].visitors(kor, chn) ==
          Approx(1 + a * 0.5 * target / l2).epsilon(1e-12));
    // Once adjusted (20 quarters: (1 - a)^20 of the gap left), arrivals are about 1.5 times the
    // baseline's; the host's higher income moves nothing on the origin's side, so within 1%.
    const History far = run_once(tiny_with(dir, "shocks:\n  - {name: come, kind: reward, at: 2025Q3, sender: CHN, "
                                                "target: KOR, visitors: 0.5}\n", 24));
    const History fb = run_once(tiny_with(dir, "", 24));
    const double left = std::pow(1 - a, 22);
    CHECK(far.states[23].visitors(kor, chn) / fb.states[23].visitors(kor, chn) == Approx(1 + 0.5 * (1 - left)).epsilon(0.01));
}

TEST_CASE("rewards: market access cuts the cost of the sender's imports from the target only", "[shocks][rewards]") {
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: open, kind: reward, at: 2025Q3, sender: CHN, target: PHL, "
                                   "market_access: 0.1}\n", 4);
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), phl = w.index_of("PHL");
    for (int g = 0; g < w.sector_count(); ++g) {
        CHECK(h.states[2].trade_promotion[g](chn, phl) == 0.1);
        CHECK(h.states[2].trade_promotion[g](phl, chn) == 0.0);
    }
    CHECK(details(h, 2, "shock") ==
          std::vector<std::string>{"open: CHN rewards PHL: opens its market to PHL's goods (barriers worth 10% of their "
                                   "price removed)"});
}

TEST_CASE("rewards: a pledge pays in amount x realised over its quarters, builds the stock and earns trust",
          "[shocks][rewards]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const World w = tiny_with(dir, "shocks:\n  - {name: p, kind: reward, at: 2025Q3, sender: CHN, target: PHL, "
                                   "pledge: {investment: 6, credit: 3, quarters: 4, realised: 0.5}}\n");
    const History h = run_once(w), b = run_once(base);
    const int chn = w.index_of("CHN"), phl = w.index_of("PHL");
    // 6 x 0.5 = 3 bn of investment over 4 quarters: 0.75 a quarter, 3 a year; credit 1.5 a year.
    for (int t = 0; t <= 12; ++t) {
        INFO("step " << t);
        const bool paying = t >= 2 && t <= 5;
        CHECK(h.states[t].pledged_investment(chn, phl) == (paying ? 3.0 : 0.0));
        CHECK(h.states[t].pledged_credit(chn, phl) == (paying ? 1.5 : 0.0));
        CHECK(perception::official_from(h.states[t], chn, phl) == (paying ? 4.5 : 0.0));
    }
    // The mechanisms of a quarter read its levers, so the money acts in the firing quarter
    // (step 2): a quarter's payment, 3 / 4, enters the stock at once (market FDI flows enter it
    // the quarter after they are decided: official money is counted when paid). At step 3
    // that part has depreciated once and a second 0.75 has come in; the model's own flows of
    // step 2 are the baseline's (they read step 1), so the difference is exactly that.
    const double dep = w.params.investment.depreciation;
    CHECK(h.states[2].fdi_stock(chn, phl) - b.states[2].fdi_stock(chn, phl) == Approx(0.75).margin(1e-9));
    CHECK(h.states[2].fdi_flow(chn, phl) == b.states[2].fdi_flow(chn, phl));
    CHECK(h.states[3].fdi_stock(chn, phl) - b.states[3].fdi_stock(chn, phl) ==
          Approx(0.75 * (1 - dep) + 0.75).margin(1e-9));
    // Trust: PHL's public gains perception.trust_aid x 4.5 in the quarter the money arrives,
    // then the gap to trust0 closes at trust_reversion while the next payment adds as much.
    const double gain = w.params.perception.trust_aid * 4.5, rev = w.params.perception.trust_reversion;
    CHECK(h.states[2].trust(phl, chn) - b.states[2].trust(phl, chn) == Approx(gain).margin(1e-12));
    CHECK(h.states[3].trust(phl, chn) - b.states[3].trust(phl, chn) == Approx(gain * (1 - rev) + gain).margin(1e-12));
    // GDP: the 4.5 a year counts with the host's FDI inflows, times macro.fdi_multiplier, in the
    // quarter it is paid, as a share of that quarter's trend applied to the same trend: 1.8 a year
    // more than the baseline, as nothing else differs by then.
    CHECK(h.states[2].gdp[phl] - b.states[2].gdp[phl] == Approx(w.params.macro.fdi_multiplier * 4.5).epsilon(1e-9));
    CHECK(details(h, 2, "shock") ==
          std::vector<std::string>{"p: CHN rewards PHL: pledges USD 6 bn of investment and USD 3 bn of credit over 4 "
                                   "quarters, 50% of it paid in"});
}

TEST_CASE("aid: security assistance adds to the recipient's capability and trust, with a tie move", "[shocks][aid]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const World w = tiny_with(dir, "shocks:\n  - {name: osa, kind: aid, at: 2025Q3, donor: USA, recipients: PHL, "
                                   "purpose: security, amount: 2, tie_move: -1}\n");
    const History h = run_once(w), b = run_once(base);
    const int usa = w.index_of("USA"), phl = w.index_of("PHL");
    CHECK(h.states[2].assistance(phl, usa) == 2.0);
    CHECK(h.states[2].aid(phl, usa) == 0.0);
    // Capability is the recipient's own budget plus the assistance: defence x GDP + 2. The
    // assistance is not in GDP; in the firing quarter GDP moves only through the trade the tie's
    // lower rung costs (trade.tie_elasticity, 3% of the pair's trade a rung), under 0.1%.
    CHECK(perception::capability_spending(h.states[2], phl) ==
          Approx(h.states[2].defence[phl] * h.states[2].gdp[phl] + 2).epsilon(1e-15));
    CHECK(h.states[2].defence[phl] == b.states[2].defence[phl]);
    CHECK(std::fabs(h.states[2].gdp[phl] / b.states[2].gdp[phl] - 1) < 1e-3);
    CHECK(h.states[1].trust(phl, usa) == b.states[1].trust(phl, usa));
    CHECK(h.states[2].trust(phl, usa) - b.states[2].trust(phl, usa) ==
          Approx(w.params.perception.trust_aid * 2).margin(1e-12));
    // The alliance (5) moves down a rung as the shock fires.
    CHECK(b.states[2].ties(phl, usa) == 5);
    CHECK(h.states[2].ties(phl, usa) == 4);
    CHECK(details(h, 2, "shock") == std::vector<std::string>{
                                        "osa: USA gives security assistance of USD 2 bn a year to PHL; their ties move down 1 rung"});
}

TEST_CASE("aid: development aid earns trust and counts in GDP, adds no capability; a schedule steps the amount",
          "[shocks][aid]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const World w = tiny_with(dir, "shocks:\n  - {name: oda, kind: aid, at: 2025Q3, donor: KOR, recipients: [PHL, CHN], "
                                   "purpose: development, schedule: [{at: 2025Q3, amount: 1}, {at: 2026Q3, amount: 0.5}]}\n");
    const History h = run_once(w), b = run_once(base);
    const int kor = w.index_of("KOR"), phl = w.index_of("PHL"), chn = w.index_of("CHN");
    for (int t = 0; t <= 12; ++t) {
        INFO("step " << t);
        const double want = t < 2 ? 0.0 : t < 6 ? 1.0 : 0.5;
        CHECK(h.states[t].aid(phl, kor) == want);
        CHECK(h.states[t].aid(chn, kor) == want);
        CHECK(h.states[t].assistance(phl, kor) == 0.0);
    }
    CHECK(perception::capability_spending(h.states[2], phl) == h.states[2].defence[phl] * h.states[2].gdp[phl]);
    CHECK(h.states[2].trust(phl, kor) - b.states[2].trust(phl, kor) ==
          Approx(w.params.perception.trust_aid * 1).margin(1e-12));
    // Spent in the recipient like FDI: fdi_multiplier x 1 a year, as in the pledge test.
    CHECK(h.states[2].gdp[phl] - b.states[2].gdp[phl] == Approx(w.params.macro.fdi_multiplier * 1.0).epsilon(1e-9));
}
