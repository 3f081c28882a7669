#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/state.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "engine/shocks/shock_run.hpp"
#include "models/tourism.hpp"
#include "tests/cli/cli_harness.hpp"
#include "tests/engine/run/tiny_runs.hpp"

using namespace geosim;
using geosim::test::TempDir;
using geosim::test::History;
using geosim::test::run_once;
using geosim::test::tiny_with;

namespace {

int count_kind(const History& h, const std::string& kind) {
    int c = 0;
    for (const State& s : h.states)
        for (const Event& e : s.events) c += e.kind == kind;
    return c;
}

}  // namespace

TEST_CASE("shocks: a lasting lever holds for its duration and then returns exactly", "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: t, kind: tariff, at: 2025Q3, duration: 3, "
                                   "sender: USA, targets: CHN, rate: 0.5, coverage: 0.5}\n");
    const int usa = w.index_of("USA"), chn = w.index_of("CHN");
    const History h = run_once(w);
    // Fires in step 2 (2025Q3), holds in steps 2, 3, 4, ends in step 5; rate x coverage = 0.25.
    for (int t = 0; t <= 12; ++t) {
        INFO("step " << t);
        CHECK(h.states[t].tariff[0](usa, chn) == (t >= 2 && t <= 4 ? 0.25 : 0.0));
    }
    CHECK(count_kind(h, "shock") == 1);
    CHECK(count_kind(h, "shock_end") == 1);
    // The tariff diverts US imports away from China while it holds.
    CHECK(h.states[5].trade(chn, usa) < h.states[1].trade(chn, usa));
}

TEST_CASE("shocks: every, after with a delay, and when fire on the right quarters", "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir,
                              "shocks:\n"
                              "  - {name: a, kind: parameter, parameter: trade.theta, set: 6, at: 2025Q2, every: 4, duration: 1}\n"
                              "  - {name: b, kind: maritime_incident, zone: scarborough, rung: 2, after: a, delay: 2}\n"
                              "  - {name: c, kind: partnership, a: CHN, b: KOR, move: -1, when: \"quarter() >= 6\"}\n");
    const History h = run_once(w);
    std::vector<std::pair<int, std::string>> fired;
    for (const State& s : h.states)
        for (const Event& e : s.events)
            if (e.kind == "shock") fired.emplace_back(s.step, e.detail.substr(0, 2));
    // a at steps 1, 5, 9; b two quarters after each; c once, in the first quarter whose previous
    // quarter reached step 6 (the condition reads the state at the end of the last quarter).
    // Within a quarter, shocks that follow others are evaluated after them: c before b.
    const std::vector<std::pair<int, std::string>> want = {
        {1, "a:"}, {3, "b:"}, {5, "a:"}, {7, "c:"}, {7, "b:"}, {9, "a:"}, {11, "b:"}};
    CHECK(fired == want);
    // The incident started by b at step 3 reaches at least its starting rung.
    CHECK(h.states[3].max_rung[0] >= 2);
    // c's move down from no tie (the test world has none between CHN and KOR) stays at 0.
    CHECK(h.states[7].ties(w.index_of("CHN"), w.index_of("KOR")) == 0);
}

TEST_CASE("shocks: a hazard fires with its probability", "[shocks]") {
    // p = 0.25 over 400 quarters: mean 100, sd sqrt(400 x 0.25 x 0.75) = 8.66; allow 5 sd.
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: h, kind: maritime_incident, zone: scarborough, hazard: 0.25}\n", 400);
    const int fired = count_kind(run_once(w), "shock");
    CHECK(std::abs(fired - 100) <= 43);
}

TEST_CASE("shocks: distributions are drawn once per run and recorded", "[shocks]") {
    // uniform(0.2, 0.6) over 400 runs: mean 0.4, sd 0.4 / sqrt(12) = 0.1155; se 0.00577, allow 5.
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: t, kind: tariff, at: 2025Q2, sender: USA, targets: CHN, "
                                   "rate: {uniform: [0.2, 0.6]}}\n");
    double sum = 0;
    for (std::uint64_t r = 0; r < 400; ++r) {
        const auto d = ShockRun(w, Streams(5, r)).drawn(w);
        REQUIRE(d.size() == 1);
        REQUIRE(d[0].first == "t.rate");
        REQUIRE(d[0].second >= 0.2);
        REQUIRE(d[0].second <= 0.6);
        sum += d[0].second;
    }
    CHECK(std::fabs(sum / 400 - 0.4) < 5 * 0.00577);
    // The run uses the drawn value: the tariff from step 1 equals it.
    const double drawn = ShockRun(w, Streams(5, 3)).drawn(w)[0].second;
    const History h = run_once(w, 5, 3);
    CHECK(h.states[1].tariff[0](w.index_of("USA"), w.index_of("CHN")) == drawn);
}

TEST_CASE("shocks: an unrelated shock leaves another's draws alone (common random numbers)", "[shocks]") {
    TempDir a, b;
    const std::string t = "  - {name: t, kind: tariff, at: 2025Q2, sender: USA, targets: CHN, rate: {normal: [0.3, 0.1]}}\n";
    const World one = tiny_with(a, "shocks:\n" + t);
    const World two = tiny_with(b, "shocks:\n  - {name: s, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, "
                                   "imports_blocked: {uniform: [0, 1]}}\n" + t);
    const double x = ShockRun(one, Streams(9, 1)).drawn(one)[0].second;
    const auto both = ShockRun(two, Streams(9, 1)).drawn(two);
    REQUIRE(both.size() == 2);
    CHECK(both[1].first == "t.rate");
    CHECK(both[1].second == x);
}

TEST_CASE("shocks: a user-defined kind applies its primitives", "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir,
                              "kinds:\n"
                              "  coast_guard_aid:\n"
                              "    args: [donor, recipient, amount]\n"
                              "    effects:\n"
                              "      - {relation: assistance, by: $donor, on: $recipient, set: $amount}\n"
                              "      - {tie: {a: $donor, b: $recipient, move: 1}}\n"
                              "shocks:\n"
                              "  - {name: osa, kind: coast_guard_aid, at: 2025Q2, duration: 4, donor: KOR, recipient: PHL, amount: 0.5}\n");
    const int kor = w.index_of("KOR"), phl = w.index_of("PHL");
    const History h = run_once(w);
    // assistance(recipient, donor) holds 0.5 for steps 1-4; the tie rises one rung at step 1.
    CHECK(h.states[0].assistance(phl, kor) == 0);
    CHECK(h.states[1].assistance(phl, kor) == 0.5);
    CHECK(h.states[4].assistance(phl, kor) == 0.5);
    CHECK(h.states[5].assistance(phl, kor) == 0);
    CHECK(h.states[1].ties(kor, phl) == w.ties0(kor, phl) + 1);
    // The event names the agents of the first two one-agent arguments, donor then recipient.
    REQUIRE(w.shocks.size() == 1);
    CHECK(w.shocks[0].agent == kor);
    CHECK(w.shocks[0].partner == phl);
    bool logged = false;
    for (const Event& ev : h.states[1].events)
        if (ev.kind == "shock" && ev.agent == kor && ev.partner == phl) logged = true;
    CHECK(logged);
    // Aid raises the recipient's trust in the donor against a run without it.
    const World base = tiny_with(dir, "");
    const History b = run_once(base);
    CHECK(h.states[4].trust(phl, kor) > b.states[4].trust(phl, kor));
}

TEST_CASE("shocks: a kind's argument used twice is drawn once", "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir,
                              "kinds:\n"
                              "  squeeze:\n"
                              "    args: [by, on, share]\n"
                              "    effects:\n"
                              "      - {relation: trade_block, by: $by, on: $on, set: $share}\n"
                              "      - {relation: tourism_block, by: $by, on: $on, set: $share}\n"
                              "shocks:\n"
                              "  - {name: s, kind: squeeze, at: 2025Q2, by: CHN, on: KOR, share: {uniform: [0.2, 0.8]}}\n");
    const auto d = ShockRun(w, Streams(5, 0)).drawn(w);
    REQUIRE(d.size() == 1);
    CHECK(d[0].first == "s.share");
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    CHECK(h.states[1].trade_block[0](chn, kor) == d[0].second);
    CHECK(h.states[1].tourism_block(chn, kor) == d[0].second);
}

TEST_CASE("shocks: a user-defined kind may hold back new bookings (tourism_boycott) rather than trips",
          "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir,
                              "kinds:\n"
                              "  shun:\n"
                              "    args: [by, on, share]\n"
                              "    effects:\n"
                              "      - {relation: tourism_boycott, by: $by, on: $on, set: $share}\n"
                              "shocks:\n"
                              "  - {name: s, kind: shun, at: 2025Q2, by: CHN, on: KOR, share: 1}\n");
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    // Its own lever; the ban's is left alone.
    CHECK(h.states[1].tourism_boycott(chn, kor) == 1.0);
    CHECK(h.states[1].tourism_block(chn, kor) == 0.0);
    // All new bookings stopped: in the first quarter only the trips booked before it arrive, f of
    // the baseline's (the tourism level is still the baseline's), none of those of the quarter after.
    const History b = run_once(tiny_with(dir, ""));
    const double f = tourism::bookings(w.params.tourism.booking_lead_days).before;
    CHECK(h.states[1].visitors(kor, chn) / b.states[1].visitors(kor, chn) == Approx(f).epsilon(1e-12));
}

TEST_CASE("shocks: past its until a shock no longer fires", "[shocks]") {
    // The condition holds from step 2 on; until 2025Q4 (step 3) leaves one firing, at step 2.
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: c, kind: maritime_incident, zone: scarborough, "
                                   "when: \"quarter() >= 1\", until: 2025Q4}\n");
    CHECK(count_kind(run_once(w), "shock") == 1);
}

TEST_CASE("shocks: a shock from a date holds for the share of its quarters the days give", "[shocks]") {
    TempDir dir;
    // 16 August 2025: 31 days of July and 15 of August have passed, 46 of 2025Q3's 92 (0.5);
    // until 16 November: 31 of October and 15 of November, 46 of 2025Q4's 92 (0.5).
    const World w = tiny_with(dir, "shocks:\n  - {name: t, kind: tariff, at: 2025-08-16, until: 2025-11-16, "
                                   "sender: USA, targets: CHN, rate: 0.5, coverage: 0.5}\n"
                                   "  - {name: s, kind: sanctions, at: 2025-08-16, duration: 2, sender: CHN, "
                                   "target: KOR, tourism_cut: 0.4}\n");
    const int usa = w.index_of("USA"), chn = w.index_of("CHN"), kor = w.index_of("KOR");
    const History h = run_once(w);
    // The tariff's quarterly lever is its mean over the quarter: 0.25 on half of 2025Q3 (step
    // 2) and half of 2025Q4 (step 3), so 0.125 in each.
    const double tariff[] = {0, 0, 0.125, 0.125, 0, 0};
    // Two quarters from 16 August end on the same day of 2026Q1 (step 4): half of step 2,
    // all of step 3, half of step 4; a cut of 0.4 holds 0.2, 0.4, 0.2.
    const double cut[] = {0, 0, 0.2, 0.4, 0.2, 0};
    for (int t = 0; t < 6; ++t) {
        INFO("step " << t);
        CHECK(h.states[t].tariff[0](usa, chn) == tariff[t]);
        CHECK(h.states[t].tourism_block(chn, kor) == cut[t]);
    }
    std::vector<std::string> words;
    for (const State& s : h.states)
        for (const Event& ev : s.events)
            if (ev.kind == "shock" || ev.kind == "shock_end") words.push_back(ev.detail.substr(0, 1) + " " + ev.kind);
    CHECK(words == std::vector<std::string>{"t shock", "s shock", "t shock_end", "s shock_end"});
    std::string tariff_words;
    for (const Event& ev : h.states[2].events)
        if (ev.kind == "shock" && ev.detail[0] == 't') tariff_words = ev.detail;
    CHECK(tariff_words.find("(from 2025-08-16) (until 2025-11-16)") != std::string::npos);
    // The rate in force from the firing's day, not the quarter's mean (12.5%).
    INFO(tariff_words);
    CHECK(tariff_words.find("tariffs now in force on average: USA on CHN 25%") != std::string::npos);
    // The same on its day for a tariff that ends within its own quarter (16 August to 1 September).
    const World brief = tiny_with(dir, "shocks:\n  - {name: t, kind: tariff, at: 2025-08-16, until: 2025-09-01, "
                                       "sender: USA, targets: CHN, rate: 0.5, coverage: 0.5}\n");
    const History bh = run_once(brief);
    std::string brief_words;
    for (const Event& ev : bh.states[2].events)
        if (ev.kind == "shock") brief_words = ev.detail;
    INFO(brief_words);
    CHECK(brief_words.find("tariffs now in force on average: USA on CHN 25%") != std::string::npos);
}

TEST_CASE("shocks: a date within one quarter gives that quarter the days between", "[shocks]") {
    TempDir dir;
    // 1 to 31 May 2025: 30 of 2025Q2's 91 days.
    const World w = tiny_with(dir, "shocks:\n  - {name: t, kind: sanctions, at: 2025-05-01, until: 2025-05-31, "
                                   "sender: CHN, target: KOR, tourism_cut: 0.91}\n");
    const History h = run_once(w);
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    CHECK(h.states[1].tourism_block(chn, kor) == Approx(0.3).epsilon(1e-14));
    CHECK(h.states[2].tourism_block(chn, kor) == 0);
    // A repeat that would start on or after `until` does not fire: from 20 May 2025 (49 of
    // 2025Q2's 91 days past) every two quarters until 10 November (40 of 2025Q4's 92 past), the
    // second firing, 20 November, comes after the end. One firing, holding 42/91 of step 1, all
    // of step 2 and 40/92 of step 3.
    const World repeat = tiny_with(dir, "shocks:\n  - {name: r, kind: tariff, at: 2025-05-20, every: 2, "
                                        "until: 2025-11-10, sender: USA, targets: KOR, rate: 0.1}\n");
    const History r = run_once(repeat);
    const int usa = repeat.index_of("USA");
    CHECK(count_kind(r, "shock") == 1);
    CHECK(r.states[1].tariff[0](usa, kor) == Approx(0.1 * 42 / 91).epsilon(1e-14));
    CHECK(r.states[2].tariff[0](usa, kor) == 0.1);
    CHECK(r.states[3].tariff[0](usa, kor) == Approx(0.1 * 40 / 92).epsilon(1e-14));
    CHECK(r.states[4].tariff[0](usa, kor) == 0);
    // A repeat while the shock still holds keeps the days of its quarter before its own day:
    // every quarter from 17 May for four quarters holds 45/91 of step 1 and then all of each.
    const World every = tiny_with(dir, "shocks:\n  - {name: e, kind: tariff, at: 2025-05-17, every: 1, duration: 4, "
                                       "sender: USA, targets: KOR, rate: 0.1}\n");
    const History ev = run_once(every);
    CHECK(ev.states[1].tariff[0](usa, kor) == Approx(0.1 * 45 / 91).epsilon(1e-14));
    for (int t = 2; t <= 12; ++t) {
        INFO("step " << t);
        CHECK(ev.states[t].tariff[0](usa, kor) == 0.1);  // the two parts make the quarter whole, exactly
    }
    // A repeating pledge from a date: each firing pays over its own two quarters from its day
    // (USD 10 bn at 20 a year), not through the days its repeat's quarter carries.
    const World pledges = tiny_with(dir, "shocks:\n  - {name: p, kind: reward, at: 2025-05-17, every: 6, sender: CHN, "
                                         "target: PHL, pledge: {investment: 10, quarters: 2, realised: 1}}\n");
    const History pl = run_once(pledges);
    const int phl = pledges.index_of("PHL");
    const double flow[] = {0, 20.0 * 45 / 91, 20, 20.0 * 46 / 91, 0, 0, 0, 20.0 * 45 / 91, 20, 20.0 * 46 / 91, 0};
    for (int t = 0; t < 11; ++t) {
        INFO("step " << t);
        CHECK(pl.states[t].pledged_investment(chn, phl) == Approx(flow[t]).epsilon(1e-14));
    }
    // A repeating election from a date: in a quarter where the draw changes, the outcome before
    // holds the days before the repeat's day, so US credibility lies between the two outcomes'.
    const World votes = tiny_with(dir, "shocks:\n  - name: e\n    kind: us_election\n    at: 2025-05-17\n    every: 1\n"
                                       "    outcomes:\n      - {name: low, probability: 0.5, credibility: 0.2}\n"
                                       "      - {name: high, probability: 0.5, credibility: 0.8}\n");
    const History vo = run_once(votes);
    int changes = 0;
    for (int t = 2; t < static_cast<int>(vo.states.size()); ++t) {
        const double before = vo.states[t - 1].credibility, now = vo.states[t].credibility;
        const bool was_low = std::fabs(before - 0.2) < 1e-12, was_high = std::fabs(before - 0.8) < 1e-12;
        if (!was_low && !was_high) continue;  // the quarter before was itself a change
        if ((was_low && std::fabs(now - 0.2) < 1e-12) || (was_high && std::fabs(now - 0.8) < 1e-12)) continue;
        INFO("step " << t << ": credibility " << before << " -> " << now);
        ++changes;
        CHECK(now > 0.2 + 0.05);
        CHECK(now < 0.8 - 0.05);
    }
    CHECK(changes > 0);
    // A follower fires on its leader's day: a cut one quarter after a tariff from 17 May holds
    // 45/91 of step 1 and 46/91 of step 2, as its leader does.
    const World follow = tiny_with(dir, "shocks:\n  - {name: l, kind: tariff, at: 2025-05-17, duration: 1, "
                                        "sender: USA, targets: KOR, rate: 0.1}\n"
                                        "  - {name: f, kind: sanctions, after: l, duration: 1, sender: CHN, target: KOR, "
                                        "tourism_cut: 0.4}\n");
    const History fo = run_once(follow);
    CHECK(fo.states[1].tourism_block(chn, kor) == Approx(0.4 * 45 / 91).epsilon(1e-14));
    CHECK(fo.states[2].tourism_block(chn, kor) == Approx(0.4 * 46 / 91).epsilon(1e-14));
    CHECK(fo.states[3].tourism_block(chn, kor) == 0);
    // From 17 May (46 of 2025Q2's 91 days past) for one quarter: 45/91 of step 1, 46/91 of
    // step 2. A lane is open or closed for a whole quarter: closed in the quarter the closure
    // holds half or more of (step 2), open in the other; a tax on a lane is its quarter's mean.
    const World lanes = tiny_with(dir, "shocks:\n  - {name: c, kind: blockade, at: 2025-05-17, duration: 1, "
                                       "legs: [luzon_strait], close: true}\n"
                                       "  - {name: x, kind: blockade, at: 2025-05-17, duration: 1, "
                                       "legs: [pacific], tax: 0.91}\n");
    std::size_t closed = 0, taxed = 0;
    for (std::size_t l = 0; l < lanes.legs.size(); ++l) {
        if (lanes.legs[l].id == "luzon_strait") closed = l;
        if (lanes.legs[l].id == "pacific") taxed = l;
    }
    const History p = run_once(lanes);
    CHECK(p.states[1].leg_policy[closed] == 1.0);
    CHECK(std::isinf(p.states[2].leg_policy[closed]));
    CHECK(p.states[3].leg_policy[closed] == 1.0);
    CHECK(p.states[1].leg_policy[taxed] == Approx(1.45).epsilon(1e-14));
    CHECK(p.states[2].leg_policy[taxed] == Approx(1.46).epsilon(1e-14));
    CHECK(p.states[3].leg_policy[taxed] == 1.0);
}

TEST_CASE("shocks: a promotion subsidises the origin's investment in its hosts and cuts their trade costs", "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: p, kind: promotion, at: 2025Q2, duration: 4, origin: KOR, "
                                   "hosts: [PHL, KOR], investment: 0.05, trade: 0.02}\n"
                                   "  - {name: q, kind: promotion, at: 2025Q3, duration: 1, origin: KOR, "
                                   "hosts: PHL, investment: 0.03}\n");
    const int kor = w.index_of("KOR"), phl = w.index_of("PHL"), chn = w.index_of("CHN");
    const History h = run_once(w);
    // The origin among its hosts is left out; the subsidy is the origin's (source, host), the
    // cut is on both directions of the pair (importer, exporter); promotions add up, and ending
    // both restores the levers exactly.
    CHECK(h.states[0].invest_promotion(kor, phl) == 0);
    CHECK(h.states[1].invest_promotion(kor, phl) == 0.05);
    CHECK(h.states[2].invest_promotion(kor, phl) == Approx(0.08).epsilon(1e-15));
    CHECK(h.states[3].invest_promotion(kor, phl) == 0.05);
    CHECK(h.states[5].invest_promotion(kor, phl) == 0);
    CHECK(h.states[1].invest_promotion(phl, kor) == 0);
    CHECK(h.states[1].invest_promotion(kor, kor) == 0);
    CHECK(h.states[1].trade_promotion[0](phl, kor) == 0.02);
    CHECK(h.states[1].trade_promotion[0](kor, phl) == 0.02);
    CHECK(h.states[1].trade_promotion[0](chn, kor) == 0);
    CHECK(h.states[5].trade_promotion[0](phl, kor) == 0);
    // Korea's investment in the Philippines rises against a run without the promotion.
    const History b = run_once(tiny_with(dir, ""));
    CHECK(h.states[4].fdi_flow(kor, phl) > b.states[4].fdi_flow(kor, phl));
    CHECK(h.states[4].trade(kor, phl) > b.states[4].trade(kor, phl));
    // The event row names the origin and its one host, in words.
    CHECK(w.shocks[0].agent == kor);
    CHECK(w.shocks[0].partner == phl);
    std::string words;
    for (const Event& ev : h.states[1].events)
        if (ev.kind == "shock" && ev.agent == kor && ev.partner == phl) words = ev.detail;
    CHECK(words == "p: KOR promotes its firms' investment (a subsidy of 5% of its cost) and trade (prices cut by 2%) "
                   "with PHL (until 2026Q2)");
}

TEST_CASE("shocks: a boycott stops the shares of visits and goods and coerces no one", "[shocks]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const World w = tiny_with(dir, "shocks:\n  - {name: b, kind: boycott, at: 2025Q3, duration: 2, "
                                   "public: CHN, target: KOR, visitors: 0.5, goods: 0.2}\n");
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    const History h = run_once(w), b = run_once(base);
    // Fires in step 2 (2025Q3), holds in steps 2 and 3. The levers are the shares given, on
    // every goods group; the visitors' share is of new bookings (tourism_boycott, not a ban's
    // tourism_block), so in the quarter it starts the trips booked before it go ahead: with the
    // tourism level still on the baseline path (nothing differed before step 2), 1 - 0.5 (1 - f)
    // of China's visitors to Korea arrive, f the share of a quarter's trips booked before it
    // began at the world's tourism.booking_lead_days (docs/model.md, visitors).
    for (int t = 0; t <= 12; ++t) {
        INFO("step " << t);
        const bool on = t == 2 || t == 3;
        CHECK(h.states[t].tourism_boycott(chn, kor) == (on ? 0.5 : 0.0));
        CHECK(h.states[t].tourism_block(chn, kor) == 0.0);
        for (const Matrix& m : h.states[t].trade_block) CHECK(m(chn, kor) == (on ? 0.2 : 0.0));
        // No government acts: no coercion of anyone, and Korea's hostility toward China is the
        // baseline's.
        for (double c : h.states[t].coercion.values()) CHECK(c == 0);
        CHECK(h.states[t].hostility(kor, chn) == b.states[t].hostility(kor, chn));
    }
    const double f = tourism::bookings(w.params.tourism.booking_lead_days).before;
    CHECK(f > 0.3);  // 38.5 days: 0.383
    CHECK(h.states[2].visitors(kor, chn) / b.states[2].visitors(kor, chn) == Approx(1 - 0.5 * (1 - f)).epsilon(1e-12));
    // Goods: the blocked share's weight leaves China's sourcing of each group, which is then
    // renormalised (models/trade.cpp), so Korea's goods fall by less than the 20% blocked, but fall.
    const double goods = h.states[2].trade(kor, chn) / b.states[2].trade(kor, chn);
    CHECK(goods >= 0.8);
    CHECK(goods < 0.99);
    // Korea's public trusts China's 0.05 less (the default) in the firing quarter.
    CHECK(h.states[2].trust(kor, chn) - b.states[2].trust(kor, chn) == Approx(-0.05).margin(1e-12));
    // The event row names the boycotting public and the target.
    bool seen = false;
    for (const Event& e : h.states[2].events)
        if (e.kind == "shock") {
            seen = true;
            CHECK(e.agent == chn);
            CHECK(e.partner == kor);
            CHECK(e.detail == "b: the public of CHN boycotts KOR: 20% of goods from KOR and 50% of visits to KOR "
                              "stopped; KOR's trust in CHN moves by -0.05 (until 2026Q1)");
        }
    CHECK(seen);
}

TEST_CASE("shocks: a boycott and a government's ban on the same pair hold the larger share in any order",
          "[shocks]") {
    TempDir dir;
    const std::string boycott = "  - {name: b, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 0.6, goods: 0.2}\n";
    const std::string ban = "  - {name: s, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, tourism_cut: 0.3, "
                            "imports_blocked: 0.5}\n";
    const int chn = 1, kor = 2;
    const History base = run_once(tiny_with(dir, "", 4));
    for (const std::string& shocks : {boycott + ban, ban + boycott}) {
        const World w = tiny_with(dir, "shocks:\n" + shocks, 4);
        REQUIRE(w.index_of("CHN") == chn);
        REQUIRE(w.index_of("KOR") == kor);
        const History run = run_once(w);
        const State& s = run.states[2];
        // Each on its lever: the ban stops 0.3 of the trips at once, the boycott 0.6 of new
        // bookings. In the first quarter the boycott stops 0.6 (1 - f) = 0.37 of the trips at the
        // world's lead time (f = 0.383), the larger: the pair keeps 1 - 0.6 (1 - f) of the
        // trips, whatever the order (tourism_level is the baseline's: nothing differed before).
        CHECK(s.tourism_block(chn, kor) == 0.3);
        CHECK(s.tourism_boycott(chn, kor) == 0.6);
        const double f = tourism::bookings(w.params.tourism.booking_lead_days).before;
        REQUIRE(0.6 * (1 - f) > 0.3);
        CHECK(s.visitors(kor, chn) / base.states[2].visitors(kor, chn) ==
              Approx(1 - 0.6 * (1 - f)).epsilon(1e-12));
        CHECK(s.trade_block[0](chn, kor) == 0.5);  // the ban's, larger
        // Coercion is the ban's alone: the largest of its own levers, 0.5, not the boycott's 0.6.
        CHECK(s.coercion(kor, chn) == 0.5);
    }
}

TEST_CASE("shocks: an opinion shift halves in the half-life of trust and moves alignment toward the west",
          "[shocks]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const World w = tiny_with(dir, "shocks:\n  - {name: o, kind: opinion, at: 2025Q3, public: KOR, toward: CHN, shift: -0.3}\n");
    const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
    const History h = run_once(w), b = run_once(base);
    auto moved = [&](int t) { return h.states[t].trust(kor, chn) - b.states[t].trust(kor, chn); };
    CHECK(moved(1) == 0);
    // The full shift in the firing quarter (step 2), then the gap closes at trust_reversion
    // 0.083 a quarter: 0.3 x 0.917^8 = 0.1500 eight quarters on, half of it (0.083 is
    // 1 - 0.5^(1/8) rounded, so 0.917^8 = 0.49997: 1e-4 covers the rounding). Nothing else
    // moves Korea's trust in China here (no zone joins them, no coercion), so the paired
    // difference is the shift alone.
    CHECK(moved(2) == Approx(-0.3).margin(1e-12));
    CHECK(moved(6) == Approx(-0.3 * std::pow(0.917, 4)).margin(1e-12));
    CHECK(moved(10) == Approx(-0.15).margin(1e-4));
    // Alignment reads trust in the west minus trust in the east: Korea's relative trust rises by
    // 0.3, its target by w_trust x 0.3 = 0.15, and its alignment moves a quarter (adjustment 0.25)
    // of that the next quarter: +0.0375, toward the west. The other drivers are still on the
    // baseline path at step 2.
    CHECK(h.states[2].alignment[kor] == b.states[2].alignment[kor]);
    CHECK(h.states[3].alignment[kor] - b.states[3].alignment[kor] == Approx(0.0375).margin(1e-9));
    for (const Event& e : h.states[2].events)
        if (e.kind == "shock") {
            CHECK(e.agent == kor);
            CHECK(e.partner == chn);
            CHECK(e.detail == "o: the public of KOR changes its trust in CHN by -0.3 (halving every 8 quarters)");
        }
}

TEST_CASE("shocks: two export controls on one pair hold the larger share in any order", "[shocks]") {
    TempDir dir;
    const std::string big = "  - {name: a, kind: export_controls, at: 2025Q3, sender: CHN, targets: KOR, share: 0.6}\n";
    const std::string small = "  - {name: b, kind: export_controls, at: 2025Q3, sender: CHN, targets: KOR, share: 0.3}\n";
    for (const std::string& shocks : {big + small, small + big}) {
        const World w = tiny_with(dir, "shocks:\n" + shocks, 4);
        const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
        const History run = run_once(w);
        // export_control(importer, exporter): KOR's purchases from CHN.
        for (const Matrix& m : run.states[2].export_control) CHECK(m(kor, chn) == 0.6);
    }
}

TEST_CASE("shocks: relations that change within a quarter give the mean of each day's levers, in any order",
          "[shocks]") {
    TempDir dir;
    // 16 August 2025 leaves 46 of 2025Q3's 92 days (step 2): the quarter's two halves.
    // A tour ban of 0.3 for the whole quarter and one of 0.5 from 16 August: 0.3 on the first
    // half, the larger 0.5 on the second, 0.4 on average, whichever is listed first.
    const std::string whole = "  - {name: a, kind: sanctions, at: 2025Q3, duration: 1, sender: CHN, target: KOR, "
                              "tourism_cut: 0.3}\n";
    const std::string half = "  - {name: b, kind: sanctions, at: 2025-08-16, duration: 1, sender: CHN, target: KOR, "
                             "tourism_cut: 0.5}\n";
    // An export control eased on a date, written as the control until that day and a smaller
    // one from it: 0.5 on the first half, 0.3 on the second, 0.4, as a control of 0.4 for the
    // whole quarter would give; 0.3 in the quarter after.
    const std::string until = "  - {name: c, kind: export_controls, at: 2025Q3, until: 2025-08-16, sender: CHN, "
                              "targets: KOR, share: 0.5}\n";
    const std::string from = "  - {name: d, kind: export_controls, at: 2025-08-16, sender: CHN, targets: KOR, "
                             "share: 0.3}\n";
    for (const std::string& shocks : {whole + half + until + from, half + whole + from + until}) {
        const World w = tiny_with(dir, "shocks:\n" + shocks, 4);
        const int chn = w.index_of("CHN"), kor = w.index_of("KOR");
        const History h = run_once(w);
        INFO(shocks);
        CHECK(h.states[2].tourism_block(chn, kor) == Approx(0.4).epsilon(1e-14));
        // From 16 November only the whole-quarter ban has ended (16 August plus one quarter):
        // 0.5 on the first half of step 3, nothing on the second.
        CHECK(h.states[3].tourism_block(chn, kor) == Approx(0.25).epsilon(1e-14));
        for (const Matrix& m : h.states[2].export_control) CHECK(m(kor, chn) == Approx(0.4).epsilon(1e-14));
        for (const Matrix& m : h.states[3].export_control) CHECK(m(kor, chn) == 0.3);
    }
}

TEST_CASE("shocks: a tour ban from a date fades after it ends from the share it stopped on its last day",
          "[shocks][tourism]") {
    TempDir dir;
    // A ban of 0.5 from 16 August 2025 (half of step 2). rho = 0.5^(3/6) a quarter at the
    // default six-month half-life (docs/model.md, visitors).
    const double rho = std::pow(0.5, 0.5);
    const World base = tiny_with(dir, "", 6);
    // Lifted from 2025Q4: half of step 2 under the ban, then what it stopped on its last day,
    // 0.5, faded once: 0.5 rho in step 3, 0.5 rho^2 in step 4.
    const World to_q4 = tiny_with(dir, "shocks:\n  - {name: s, kind: sanctions, at: 2025-08-16, until: 2025Q4, "
                                       "sender: CHN, target: KOR, tourism_cut: 0.5}\n", 6);
    // For one quarter, to 16 November: step 3 has half its days under the ban and half after
    // it, 0.25 + 0.5 x 0.5 rho. Step 4 is the first quarter after the ban's day for its first half
    // (0.5 rho) and the second for its second (0.5 rho^2): rho (0.25 + 0.5 x 0.5 rho).
    const World one = tiny_with(dir, "shocks:\n  - {name: s, kind: sanctions, at: 2025-08-16, duration: 1, "
                                     "sender: CHN, target: KOR, tourism_cut: 0.5}\n", 6);
    const int chn = base.index_of("CHN"), kor = base.index_of("KOR");
    const History b = run_once(base);
    // The share of China's trips to Korea stopped in step t: 1 - arrivals over the baseline's,
    // each taken at its own unblocked level (the ban's coercion moves alignment a little).
    auto stopped = [&](const History& h, int t) {
        return 1 - (h.states[t].visitors(kor, chn) / h.states[t].tourism_level(kor, chn)) /
                       (b.states[t].visitors(kor, chn) / b.states[t].tourism_level(kor, chn));
    };
    const History h = run_once(to_q4);
    CHECK(stopped(h, 2) == Approx(0.25).epsilon(1e-12));
    CHECK(h.states[2].tourism_banned(chn, kor) == 0.5);
    CHECK(stopped(h, 3) == Approx(0.5 * rho).epsilon(1e-12));
    CHECK(stopped(h, 4) == Approx(0.5 * rho * rho).epsilon(1e-12));
    const History o = run_once(one);
    CHECK(stopped(o, 2) == Approx(0.25).epsilon(1e-12));
    CHECK(stopped(o, 3) == Approx(0.25 + 0.5 * 0.5 * rho).epsilon(1e-12));  // 0.4267767
    CHECK(stopped(o, 4) == Approx(rho * (0.25 + 0.5 * 0.5 * rho)).epsilon(1e-12));
    // A ban that begins and ends within one quarter fades within it too: from 16 August to
    // 16 September 2025 (31 of step 2's 92 days; 15 after it), then the ban's 0.5, faded once,
    // for the rest of the quarter; step 3 is the first quarter from the ban's end for 77 of its
    // 92 days and the second for 15: 0.5 (rho 77/92 + rho^2 15/92).
    const World within = tiny_with(dir, "shocks:\n  - {name: s, kind: sanctions, at: 2025-08-16, until: 2025-09-16, "
                                        "sender: CHN, target: KOR, tourism_cut: 0.5}\n", 6);
    const History in = run_once(within);
    CHECK(stopped(in, 2) == Approx(0.5 * 31.0 / 92 + 0.5 * rho * 15.0 / 92).epsilon(1e-12));
    CHECK(stopped(in, 3) == Approx(0.5 * (rho * 77.0 / 92 + rho * rho * 15.0 / 92)).epsilon(1e-12));
    // From the quarter's first day to a date within it: the days after the date are faded once.
    const World from_start = tiny_with(dir, "shocks:\n  - {name: s, kind: sanctions, at: 2025Q3, until: 2025-08-16, "
                                            "sender: CHN, target: KOR, tourism_cut: 0.5}\n", 6);
    const History fs = run_once(from_start);
    CHECK(stopped(fs, 2) == Approx(0.25 + 0.5 * 0.5 * rho).epsilon(1e-12));
    CHECK(stopped(fs, 3) == Approx(rho * (0.25 + 0.5 * 0.5 * rho)).epsilon(1e-12));
}

TEST_CASE("shocks: an incident that leads the news costs both publics a share of their trust above -1",
          "[shocks]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const int chn = base.index_of("CHN"), phl = base.index_of("PHL");
    const History b = run_once(base);
    // The shock fires in step 2 and reads step 1's trust; the incident's severity reaches trust
    // only a quarter later (perception reads the quarter's incidents in the next step), so step
    // 2's trust differs by the impulse alone: -incident_salience (0.19) x salience x (1 + t1),
    // on each side.
    REQUIRE(base.params.perception.incident_salience == 0.19);
    const double p1 = b.states[1].trust(phl, chn), c1 = b.states[1].trust(chn, phl);
    struct Case {
        std::string args;
        double salience;
    };
    // A seizure leads the news by default, water cannon does not unless the file says so.
    for (const Case& c : {Case{"rung: 4", 1.0}, Case{"rung: 5", 1.0}, Case{"rung: 3", 0.0},
                          Case{"rung: 3, salience: 1", 1.0}, Case{"rung: 4, salience: 0.5", 0.5}}) {
        INFO("maritime incident, " << c.args);
        const History h = run_once(tiny_with(
            dir, "shocks:\n  - {name: x, kind: maritime_incident, at: 2025Q3, zone: scarborough, " + c.args + "}\n"));
        CHECK(h.states[1].trust(phl, chn) == p1);
        CHECK(h.states[2].trust(phl, chn) - b.states[2].trust(phl, chn) ==
              Approx(-0.19 * c.salience * (1 + p1)).margin(1e-12));
        CHECK(h.states[2].trust(chn, phl) - b.states[2].trust(chn, phl) ==
              Approx(-0.19 * c.salience * (1 + c1)).margin(1e-12));
        // The event names it.
        bool seen = false;
        for (const Event& e : h.states[2].events)
            if (e.detail.find("starts at rung") != std::string::npos)
                seen = seen || e.detail.find("; salience " + std::string(c.salience == 0.5 ? "0.5" : c.salience == 1 ? "1" : "0")) !=
                                   std::string::npos;
        CHECK(seen);
    }
    // A user kind's incident primitive carries the same news, by default and when given.
    for (const Case& c : {Case{"rung: 4", 1.0}, Case{"rung: 3", 0.0}, Case{"rung: 2, salience: $s", 0.5}}) {
        INFO("incident primitive, " << c.args);
        const History h = run_once(tiny_with(dir, "kinds:\n  arrest:\n    args: [s]\n    effects:\n"
                                                  "      - {incident: {zone: scarborough, " + c.args + "}}\n"
                                                  "shocks:\n  - {name: x, kind: arrest, at: 2025Q3, s: 0.5}\n"));
        CHECK(h.states[2].trust(phl, chn) - b.states[2].trust(phl, chn) ==
              Approx(-0.19 * c.salience * (1 + p1)).margin(1e-12));
    }
}

TEST_CASE("shocks: a salient act costs the target public a share of its trust in the sender above -1",
          "[shocks]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const int chn = base.index_of("CHN"), kor = base.index_of("KOR");
    const History b = run_once(base);
    // Export controls withholding nothing: no coercion, so only the act's salience moves trust.
    // The shock fires in step 2; the impulse reads step 1's trust t1 and step 2's trust shows it:
    // -trust_salience (0.38) x salience x (1 + t1).
    const double t1 = b.states[1].trust(kor, chn);
    REQUIRE(base.params.perception.trust_salience == 0.38);
    struct Case {
        std::string args;
        double salience;
    };
    for (const Case& c : {Case{"", 1.0}, Case{", salience: 0.5", 0.5}, Case{", salience: 0", 0.0}}) {
        INFO("export controls" << c.args);
        const World w = tiny_with(dir, "shocks:\n  - {name: x, kind: export_controls, at: 2025Q3, sender: CHN, "
                                       "targets: [KOR], share: 0" + c.args + "}\n");
        const History h = run_once(w);
        CHECK(h.states[1].trust(kor, chn) == t1);
        CHECK(h.states[2].trust(kor, chn) - b.states[2].trust(kor, chn) ==
              Approx(-0.38 * c.salience * (1 + t1)).margin(1e-12));
        for (double v : h.states[2].coercion.values()) CHECK(v == 0);
    }
    // Sanctions carry the same impulse on their target (here with nothing blocked either).
    const World s = tiny_with(dir, "shocks:\n  - {name: s, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, "
                                   "salience: 0.8}\n");
    const History h = run_once(s);
    CHECK(h.states[2].trust(kor, chn) - b.states[2].trust(kor, chn) == Approx(-0.38 * 0.8 * (1 + t1)).margin(1e-12));
    // Two acts in one quarter compound: the second takes 0.38 of the room the first left,
    // 0.38 + 0.38 x 0.62 = 0.6156 of it in all (three would take 0.762, never past -1).
    const World two = tiny_with(dir, "shocks:\n  - {name: a, kind: export_controls, at: 2025Q3, sender: CHN, targets: [KOR], share: 0}\n"
                                     "  - {name: b, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR}\n");
    CHECK(run_once(two).states[2].trust(kor, chn) - b.states[2].trust(kor, chn) == Approx(-0.6156 * (1 + t1)).margin(1e-12));
    // The event names the salience.
    bool seen = false;
    for (const Event& e : h.states[2].events)
        if (e.kind == "shock") {
            seen = true;
            CHECK(e.detail.find("; salience 0.8") != std::string::npos);
        }
    CHECK(seen);
}

TEST_CASE("shocks: a statement moves the speaker's public a share of its room toward the side its words point to",
          "[shocks]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const int chn = base.index_of("CHN"), kor = base.index_of("KOR");
    const History b = run_once(base);
    // The shock fires in step 2 and reads step 1's trust t1 (as the salience impulse does):
    // warm words add statement_warm (0.32) x salience x (1 - t1), critical ones take
    // statement_critical (0.04) x salience x (1 + t1).
    const double t1 = b.states[1].trust(kor, chn);
    REQUIRE(base.params.perception.statement_warm == 0.32);
    REQUIRE(base.params.perception.statement_critical == 0.04);
    struct Case {
        std::string args;
        double moved;
    };
    // Two warm statements in one quarter compound: the second takes 0.32 of the room the first
    // left, 0.32 + 0.32 x 0.68 = 0.5376 of it in all.
    const std::string twice = "tone: warm}\n  - {name: s2, kind: statement, at: 2025Q3, speaker: KOR, toward: CHN, tone: warm";
    for (const Case& c : {Case{"tone: warm", 0.32 * (1 - t1)}, Case{"tone: critical", -0.04 * (1 + t1)},
                          Case{"tone: warm, salience: 0.5", 0.5 * 0.32 * (1 - t1)}, Case{twice, 0.5376 * (1 - t1)}}) {
        INFO(c.args);
        const World w = tiny_with(dir, "shocks:\n  - {name: s, kind: statement, at: 2025Q3, speaker: KOR, toward: CHN, " +
                                           c.args + "}\n");
        const History h = run_once(w);
        CHECK(h.states[1].trust(kor, chn) == t1);
        CHECK(h.states[2].trust(kor, chn) - b.states[2].trust(kor, chn) == Approx(c.moved).margin(1e-12));
        // Only the speaker's public moves: China's public hears nothing it did not already know.
        CHECK(h.states[2].trust(chn, kor) == b.states[2].trust(chn, kor));
    }
    const World w = tiny_with(dir, "shocks:\n  - {name: s, kind: statement, at: 2025Q3, speaker: KOR, toward: CHN, tone: critical}\n");
    const History h = run_once(w);
    bool seen = false;
    for (const Event& e : h.states[2].events)
        if (e.kind == "shock") {
            seen = true;
            CHECK(e.agent == kor);
            CHECK(e.partner == chn);
            CHECK(e.detail == "s: KOR denounces CHN in public: the public of KOR loses a share of its trust above -1 in CHN "
                              "(salience 1)");
        }
    CHECK(seen);
}

TEST_CASE("shocks: a statement's bad arguments are located", "[shocks]") {
    TempDir dir;
    auto message = [&](const std::string& args) {
        try {
            (void)tiny_with(dir, "shocks:\n  - {name: s, kind: statement, at: 2025Q3, " + args + "}\n");
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string file = (dir / "s.yaml").string();
    CHECK(message("speaker: KOR, toward: CHN, tone: angry") ==
          file + ":7:77: shocks[0].tone: unknown tone 'angry': warm or critical");
    CHECK(message("speaker: KOR, toward: KOR, tone: warm") ==
          file + ":7:66: shocks[0].toward: toward must include an agent other than the speaker");
    CHECK(message("speaker: KOR, toward: CHN, tone: warm, salience: 2") ==
          file + ":7:93: shocks[0].salience: value 2 is out of range [0, 1]");
    CHECK(message("speaker: KOR, toward: CHN") == file + ":7:5: shocks[0]: missing key 'tone'");
}

namespace {

// The tiny world with applied tariffs at the start: MFN rates by importer, KOR and PHL at zero
// with each other (an older agreement), and 19% on the US's imports from China.
const char* kTinyTariffs =
    "tariffs:\n"
    "  unit: applied ad valorem rate\n"
    "  year: 2023\n"
    "  source: \"test fixture\"\n"
    "  mfn:\n"
    "    - {importer: USA, value: 0.03, source: \"t\"}\n"
    "    - {importer: CHN, value: 0.05, source: \"t\"}\n"
    "    - {importer: KOR, value: 0.08, source: \"t\"}\n"
    "    - {importer: PHL, value: 0.06, source: \"t\"}\n"
    "    - {importer: ROW, value: 0.05, source: \"t\"}\n"
    "  preferences:\n"
    "    - {importers: [KOR, PHL], exporters: [KOR, PHL], rate: 0, source: \"t\"}\n"
    "    - {importers: USA, exporters: CHN, rate: 0.19, source: \"t\"}\n";

World tariff_world_with(const TempDir& dir, const std::string& shocks) {
    std::string text = geosim::test::slurp(std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny_world.yaml");
    for (std::size_t at; (at = text.find("../../scenarios")) != std::string::npos;)
        text.replace(at, 15, std::string(GEOSIM_SOURCE_DIR) + "/scenarios");
    const std::string world = dir.write("world.yaml", text + kTinyTariffs).string();
    const std::string scenario = "name: t\nworld: " + world + "\nstart: 2025Q1\nhorizon: 12\nseed: 5\n" + shocks;
    return compile(load_scenario(dir.write("s.yaml", scenario).string()));
}

}  // namespace

TEST_CASE("tariffs: the world's applied rates, MFN then preferences in file order", "[shocks][tariffs]") {
    TempDir dir;
    const World w = tariff_world_with(dir, "");
    const int usa = w.index_of("USA"), chn = w.index_of("CHN"), kor = w.index_of("KOR"), phl = w.index_of("PHL");
    REQUIRE(w.tariff0.size() == 1);
    const Matrix& t = w.tariff0[0];
    CHECK(t(usa, chn) == 0.19);
    CHECK(t(chn, usa) == 0.05);
    CHECK(t(kor, phl) == 0);
    CHECK(t(phl, kor) == 0);
    CHECK(t(kor, chn) == 0.08);
    CHECK(t(phl, chn) == 0.06);
    CHECK(t(usa, usa) == 0);
    // The start's rates are in the data: without a shock, nothing differs from the same world
    // without them.
    TempDir plain;
    const History h = run_once(w), b = run_once(tiny_with(plain, ""));
    CHECK(h.states[12].trade.values() == b.states[12].trade.values());
    CHECK(h.states[12].gdp == b.states[12].gdp);
}

TEST_CASE("tariffs: a schedule steps the rate by date, and a cut stops at zero", "[shocks][tariffs]") {
    TempDir dir;
    const World w = tariff_world_with(
        dir, "shocks:\n"
             "  - {name: cut, kind: tariff, at: 2025Q2, until: 2026Q2, sender: USA, targets: CHN,\n"
             "     schedule: [{at: 2025Q2, rate: -0.05}, {at: 2025Q4, rate: -0.25}]}\n"
             "  - {name: raise, kind: tariff, at: 2025Q2, until: 2025Q4, sender: USA, targets: CHN, rate: 0.1}\n");
    const int usa = w.index_of("USA"), chn = w.index_of("CHN");
    const History h = run_once(w);
    // Steps 1-2: -5 + 10 points; steps 3-4: the second step's -25 points alone would take the
    // 19% rate below zero, so the change stops at -19 points; step 5 (2026Q2) on: nothing.
    const double expected[] = {0, 0.05, 0.05, -0.19, -0.19, 0, 0};
    for (int t = 0; t <= 6; ++t) {
        INFO("step " << t);
        CHECK(h.states[t].tariff[0](usa, chn) == Approx(expected[t]).margin(1e-15));
    }
    // The firing's words give each step, and the rate then in force.
    std::string words;
    for (const Event& ev : h.states[1].events)
        if (ev.kind == "shock" && ev.detail.rfind("cut:", 0) == 0) words = ev.detail;
    CHECK(words == "cut: USA sets a tariff of -5% from 2025Q2, -25% from 2025Q4 on 100% of goods from CHN "
                   "(until 2026Q2); tariffs now in force on average: USA on CHN 24%");
    // With the whole tariff gone, the US buys more from China than on the baseline.
    const History b = run_once(tiny_with(dir, ""));
    CHECK(h.states[4].trade(chn, usa) > b.states[4].trade(chn, usa) * 1.05);
}

TEST_CASE("tariffs: an agreement cuts members' applied rates by schedule on the share that qualifies", "[shocks][tariffs]") {
    TempDir dir;
    const World w = tariff_world_with(
        dir, "shocks:\n"
             "  - {name: fta, kind: agreement, at: 2025Q2, members: [CHN, KOR, PHL], utilisation: 0.8, trust: 0.1,\n"
             "     schedule: [{at: 2025Q2, cut: 0.5}, {at: 2026Q1, cut: 1}]}\n");
    const int usa = w.index_of("USA"), chn = w.index_of("CHN"), kor = w.index_of("KOR"), phl = w.index_of("PHL");
    const History h = run_once(w), b = run_once(tariff_world_with(dir, ""));
    // Korea's 8% on China: -0.5 x 0.8 x 8 = -3.2 points from 2025Q2, -6.4 points from 2026Q1.
    CHECK(h.states[1].tariff[0](kor, chn) == Approx(-0.032).epsilon(1e-14));
    CHECK(h.states[3].tariff[0](kor, chn) == Approx(-0.032).epsilon(1e-14));
    CHECK(h.states[4].tariff[0](kor, chn) == Approx(-0.064).epsilon(1e-14));
    CHECK(h.states[4].tariff[0](chn, phl) == Approx(-0.04).epsilon(1e-14));
    // KOR and PHL already trade at zero: nothing to cut. Outsiders keep their rates.
    CHECK(h.states[4].tariff[0](kor, phl) == 0);
    CHECK(h.states[4].tariff[0](usa, chn) == 0);
    CHECK(h.states[4].tariff[0](kor, usa) == 0);
    // Members buy more from each other, the outsider sells less to them (diversion).
    CHECK(h.states[6].trade(chn, kor) > b.states[6].trade(chn, kor));
    CHECK(h.states[6].trade(usa, kor) < b.states[6].trade(usa, kor));
    // Each member public's trust in the others moves by 0.1 in the firing quarter.
    CHECK(h.states[1].trust(kor, chn) - b.states[1].trust(kor, chn) == Approx(0.1).epsilon(1e-9));
    CHECK(h.states[1].trust(usa, chn) == b.states[1].trust(usa, chn));
}

TEST_CASE("shocks: a closure's event names the agent whose port every closed leg reaches", "[shocks]") {
    // scenarios/taiwan_strait_blockade.yaml: the strait itself joins no agent's port; both legs
    // from Kaohsiung reach Taiwan's, so the ports' closure names TWN (and the report opens on it).
    const World w = compile(load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/taiwan_strait_blockade.yaml"));
    REQUIRE(w.shocks.size() == 3);
    CHECK(w.shocks[0].name == "strait_closed");
    CHECK(w.shocks[0].partner == -1);
    CHECK(w.shocks[1].name == "taiwan_ports");
    CHECK(w.shocks[1].partner == w.index_of("TWN"));
    // A premium on routes around Taiwan, one of them from Shanghai, names no one (not China).
    CHECK(w.shocks[2].name == "war_risk");
    CHECK(w.shocks[2].partner == -1);
}

TEST_CASE("shocks: elections, coercion and boycotts make alignment salient to the agents they reach",
          "[shocks][salience]") {
    // A shock fires in step 2 (2025Q3); its news sets the salience of step 1's state (at least
    // the shock's salience) and the alignment step of quarter 2 records it decayed by
    // alignment.salience_decay (0.5): step 2 shows 0.5 x salience. Agents the shock does not
    // reach keep the baseline's salience (PHL's comes from incidents at Scarborough).
    TempDir dir;
    const World base = tiny_with(dir, "");
    REQUIRE(base.params.alignment.salience_decay == 0.5);
    REQUIRE(base.params.alignment.adjustment_news == 0.75);
    const int usa = base.index_of("USA"), chn = base.index_of("CHN"), kor = base.index_of("KOR"),
              phl = base.index_of("PHL");
    const History b = run_once(base);
    CHECK(b.states[2].salience[kor] == 0);
    auto salience_after = [&](const std::string& shocks) {
        return run_once(tiny_with(dir, "shocks:\n" + shocks)).states[2].salience;
    };
    const std::string election = "  - name: e\n    kind: us_election\n    at: 2025Q3\n";
    const std::string outcome = "    outcomes:\n      - {name: same, probability: 1}\n";
    {
        INFO("an election reaches every agent, at salience 1 by default");
        const std::vector<double> s = salience_after(election + outcome);
        for (int i = 0; i < base.n(); ++i) CHECK(s[i] == 0.5);
    }
    {
        INFO("an election with salience 0.3");
        const std::vector<double> s = salience_after(election + "    salience: 0.3\n" + outcome);
        for (int i = 0; i < base.n(); ++i) CHECK(s[i] == std::max(0.15, b.states[2].salience[i]));
    }
    {
        INFO("sanctions reach their target only");
        const std::vector<double> s =
            salience_after("  - {name: s, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, salience: 0.8}\n");
        CHECK(s[kor] == Approx(0.4));
        for (int i : {usa, chn, phl}) CHECK(s[i] == b.states[2].salience[i]);
    }
    {
        INFO("export controls reach each target");
        const std::vector<double> s = salience_after(
            "  - {name: x, kind: export_controls, at: 2025Q3, sender: CHN, targets: [KOR, PHL], share: 0}\n");
        CHECK(s[kor] == 0.5);
        CHECK(s[phl] == 0.5);
        CHECK(s[usa] == b.states[2].salience[usa]);
    }
    {
        INFO("a boycott reaches the boycotted agent, 1 by default");
        CHECK(salience_after("  - {name: y, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 0.1}\n")[kor] ==
              0.5);
        const std::vector<double> s = salience_after(
            "  - {name: y, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 0.1, salience: 0.4}\n");
        CHECK(s[kor] == Approx(0.2));
        CHECK(s[chn] == b.states[2].salience[chn]);
    }
    {
        INFO("two acts in one quarter: the stronger sets the salience, in either order");
        const std::string sanctions = "  - {name: s, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, salience: 0.2}\n";
        const std::string boycott =
            "  - {name: y, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 0.1, salience: 0.6}\n";
        CHECK(salience_after(sanctions + boycott)[kor] == Approx(0.3));
        CHECK(salience_after(boycott + sanctions)[kor] == Approx(0.3));
    }
}

TEST_CASE("shocks: after an election, stated alignment closes three quarters of the gap, alignment one quarter",
          "[shocks][salience]") {
    TempDir dir;
    const World base = tiny_with(dir, "");
    const int kor = base.index_of("KOR");
    const History b = run_once(base);
    // The baseline's target for quarter 2, from its own alignment step (speed 0.25, KOR has no
    // zones so its stated alignment is its alignment): T = x1 + (x2 - x1) / 0.25.
    const double x1 = b.states[1].alignment[kor], x2 = b.states[2].alignment[kor];
    REQUIRE(b.states[1].stated_alignment[kor] == x1);
    REQUIRE(base.params.alignment.adjustment == 0.25);
    REQUIRE(base.params.alignment.w_credibility == 0.6);
    REQUIRE(base.credibility0 == 0.6);
    const double target = x1 + (x2 - x1) / 0.25;
    // The election sets credibility 0.8 (+0.2): the target rises by w_credibility x 0.2 = 0.12.
    const History h = run_once(tiny_with(dir, "shocks:\n  - name: e\n    kind: us_election\n    at: 2025Q3\n"
                                              "    outcomes:\n      - {name: engagement, probability: 1, credibility: 0.8}\n"));
    CHECK(h.states[1].stated_alignment[kor] == x1);
    CHECK(h.states[2].alignment[kor] == Approx(x1 + 0.25 * (target + 0.12 - x1)).margin(1e-12));
    CHECK(h.states[2].stated_alignment[kor] == Approx(x1 + 0.75 * (target + 0.12 - x1)).margin(1e-12));
}

TEST_CASE("shocks: a sanctions event reads its cuts as signed shares, and a cut of nothing as 0%", "[shocks]") {
    TempDir dir;
    const World w = tiny_with(dir, "shocks:\n  - {name: fruit, kind: sanctions, at: 2025Q3, sender: CHN, target: PHL, "
                                   "imports_blocked: 0.25}\n"
                                   "  - {name: thaad, kind: sanctions, at: 2025Q4, sender: CHN, target: KOR, "
                                   "imports_blocked: 0.1, tourism_cut: 0.4, investment_restricted: 0.3}\n");
    const History h = run_once(w);
    std::vector<std::string> details;
    for (const State& s : h.states)
        for (const Event& e : s.events)
            if (e.kind == "shock") details.push_back(e.detail);
    REQUIRE(details.size() == 2);
    // Nothing of tourism or investment is cut: "0%", never "-0%".
    CHECK(details[0] == "fruit: CHN restricts imports from PHL (informal): 25% of trade blocked, tourism 0%, "
                        "investment 0%, 0% of PHL's investment in CHN closed; salience 1");
    CHECK(details[1] == "thaad: CHN restricts imports from KOR (informal): 10% of trade blocked, tourism -40%, "
                        "investment -30%, 0% of KOR's investment in CHN closed; salience 1");
}
