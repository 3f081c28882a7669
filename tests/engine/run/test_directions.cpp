// Direction tests: each scenario is run against scenarios/baseline.yaml in pairs that share
// their random numbers (compare_worlds), and the mean paired difference must have the sign the
// historical record shows and a size inside a band taken from the literature. Where the model
// disagrees with the record the test says so with Catch's [!shouldfail], and the comment names
// the mechanism responsible: the test keeps the literature's claim rather than the model's.
#include <catch2/catch.hpp>

#include <cmath>

#include "directions_fixture.hpp"
#include "models/tourism.hpp"

using namespace directions;

namespace {

// Trade-weighted sea distance of agent i relative to the start: sum_j w_ij d_ij(t) / d_ij(0),
// with w the start shares of i's two-way trade. Pairs sharing a port (distance 0) are skipped.
double trade_weighted_distance(const World& w, const State& s, int i) {
    double num = 0, den = 0;
    for (int j = 0; j < w.n(); ++j) {
        const double d0 = w.calib.base_dist(i, j);
        // Partners cut off altogether (Taiwan under quarantine) have no route to lengthen;
        // their loss shows in the exports below.
        if (j == i || d0 <= 0 || !std::isfinite(s.sea_dist(i, j))) continue;
        const double weight = w.trade0(i, j) + w.trade0(j, i);
        num += weight * s.sea_dist(i, j) / d0;
        den += weight;
    }
    return num / den;
}

}  // namespace

TEST_CASE("directions: China's sanctions on Korea cut Korea's GDP by about the THAAD estimates",
          "[directions]") {
    const Paired p = against_baseline("scenarios/thaad_style_sanctions.yaml");
    const int first = step_of(2026, 1), last = step_of(2027, 4);
    double gdp = 0;
    for (int t = first; t <= last; ++t) gdp += p.rel({"gdp", "KOR", ""}, t) / (last - first + 1);
    INFO("THAAD: mean KOR GDP effect over the sanction quarters " << 100 * gdp << "%");
    // Bank of Korea: about 0.4% of GDP in 2017; Hyundai Research Institute: about 0.5%
    // (seed 001 context; docs/model.md's hand check of the channels gives 0.40%). The band is a
    // factor of two either side of 0.4-0.5%: [-1.0%, -0.2%]. Measured: -0.37%.
    CHECK(gdp < -0.002);
    CHECK(gdp > -0.010);

    // Korean FDI turned to ASEAN: 5.2 bn (2017) to about 9.5 bn (2019), seed 001. Part of that
    // was trend; the model should at least move the flow up while China restricts Korean
    // investment, by a few percent to a few tens of percent. Measured: +22.6% at 2027Q4.
    const auto asean = asean_ids(baseline());
    const double fdi = p.sum_diff("fdi_flow", "KOR", asean, last) / p.sum_base("fdi_flow", "KOR", asean, last);
    INFO("THAAD: KOR FDI into ASEAN " << 100 * fdi << "%");
    CHECK(fdi > 0.01);
    CHECK(fdi < 0.5);
}

TEST_CASE("directions: China's sanctions on Korea raise Korea's exports to ASEAN",
          "[directions]") {
    // Korea-ASEAN trade grew from 116 bn (2016) to 176 bn (2021) under the New Southern Policy
    // that answered THAAD (seed 001). The coercion takes Korea's trust in China from -0.62 to
    // about -0.78 to -0.81 (the cut drawn) and holds it there while it lasts, and Korea's alignment from +0.60 to about
    // +0.79 (to the floor of -1 and +0.89 before the grievance took a share of the room above -1,
    // docs/model.md, hostility and trust). When trade costs read the alignment gap
    // |x_i - x_j| / 2 that widened Korea's gap with every ASEAN member near 0 and its exports to
    // them fell (-0.74% at 2027Q4, a failure); trade costs now read the bloc distance
    // (1 - x_i x_j) / 2 (docs/model.md, trade), which does not move against a neutral partner and
    // falls against those that lean west, so the diversion away from China reaches them. Still
    // missing: FDI that leaves China for ASEAN carries no trade with it (no link from FDI to the
    // host's imports from the investor, which drove Korea's exports to Viet Nam). Measured:
    // +0.96% (+1.57% with Korea's trust at the floor and bystanders losing trust in China at 0.05
    // a unit of coercion; +1.50% in the version before diversion by goods group, with one access
    // over all goods, trade.diversion 0.5 and the price cut in every market).
    const Paired p = against_baseline("scenarios/thaad_style_sanctions.yaml");
    const auto asean = asean_ids(baseline());
    const int last = step_of(2027, 4);
    const double x = p.sum_diff("trade", "KOR", asean, last) / p.sum_base("trade", "KOR", asean, last);
    INFO("THAAD: KOR exports to ASEAN " << 100 * x << "%");
    CHECK(x > 0);
}

TEST_CASE("directions: US tariffs on China cut China's exports to the US and raise Viet Nam's",
          "[directions]") {
    // tests/data/us_tariffs_china.yaml: 25% on half of US imports from China from 2025Q2, the
    // scale of Section 301 lists 1-3 (about 250 of 505 bn USD). Read eight quarters later, as
    // 2017 against 2019.
    const Paired p = against_baseline("tests/data/us_tariffs_china.yaml");
    const int t = step_of(2027, 2);
    const double chn = p.rel({"trade", "CHN", "USA"}, t), vnm = p.rel({"trade", "VNM", "USA"}, t);
    INFO("tariffs: CHN exports to USA " << 100 * chn << "%, VNM exports to USA " << 100 * vnm << "%");
    // UNCTAD (Nicita 2019, Research Paper 37): US imports of the tariffed goods from China fell
    // by more than 25% by 2019H1; on about half of the trade that is -12% or more of the total;
    // US Census: imports from China 505 bn (2017) to 452 bn (2019) while total imports grew,
    // about -17% against trend. Band [-40%, -10%]. Measured: -23.2%.
    CHECK(chn < -0.10);
    CHECK(chn > -0.40);
    CHECK(vnm > 0);  // the direction holds; its size does not (next test)
}

TEST_CASE("directions: US tariffs on China divert as much to Viet Nam as in 2018-19",
          "[directions]") {
    // UNCTAD (Nicita 2019): of China's 35 bn loss in 2019H1, 21 bn (62%) went to other
    // suppliers, 2.6 bn of it to Viet Nam, about +10% on Viet Nam's 2018 exports to the US at an
    // annual rate. Band for Viet Nam [+3%, +25%], for the diverted share [30%, 90%].
    // Measured: Viet Nam +4.7%, diverted share 74%. Imports as a whole substitute with domestic
    // goods at the macro elasticity (about 1, Feenstra, Luck, Obstfeld and Russ 2018), below
    // theta between sources, so most of China's lost sales go to other suppliers.
    const Paired p = against_baseline("tests/data/us_tariffs_china.yaml");
    const int t = step_of(2027, 2);
    const double vnm = p.rel({"trade", "VNM", "USA"}, t);
    double others = 0;
    for (const auto& a : baseline().agents)
        if (a.id != "USA" && a.id != "CHN") others += p.diff({"trade", a.id, "USA"}, t);
    const double diverted = others / -p.diff({"trade", "CHN", "USA"}, t);
    INFO("tariffs: VNM exports to USA " << 100 * vnm << "%, diverted share " << 100 * diverted << "%");
    CHECK(vnm > 0.03);
    CHECK(diverted > 0.30);
}

TEST_CASE("directions: a Taiwan Strait blockade raises Japan's and Korea's trade costs and cuts their exports",
          "[directions]") {
    const World alt = load("scenarios/taiwan_strait_blockade.yaml");
    const World& base = baseline();
    const int jpn = base.index_of("JPN"), kor = base.index_of("KOR");
    const int mid = step_of(2027, 3);  // the blockade runs 2027Q1-2027Q4
    double cost_jpn = 0, cost_kor = 0;
    const int runs = 4;  // distances move only with leg costs; escalation premiums add a little noise
    for (int r = 0; r < runs; ++r) {
        const auto b = run_states(base, r), a = run_states(alt, r);
        cost_jpn += (trade_weighted_distance(alt, a[mid], jpn) / trade_weighted_distance(base, b[mid], jpn) - 1) / runs;
        cost_kor += (trade_weighted_distance(alt, a[mid], kor) / trade_weighted_distance(base, b[mid], kor) - 1) / runs;
    }
    const Paired p = against_baseline("scenarios/taiwan_strait_blockade.yaml");
    const int end = step_of(2027, 4);
    const double x_jpn = p.rel({"exports", "JPN", ""}, end), x_kor = p.rel({"exports", "KOR", ""}, end);
    INFO("blockade: trade-weighted distance JPN +" << 100 * cost_jpn << "%, KOR +" << 100 * cost_kor
         << "%; exports JPN " << 100 * x_jpn << "%, KOR " << 100 * x_kor << "%");
    // No blockade has been measured, so the bands come from geography and gravity. Costs: the
    // strait has short alternatives east of Taiwan (Busan to the Luzon Strait is 1,940 km
    // through it, 2,020 km around; world/sea_lanes.yaml) and the war-risk premiums touch a
    // few legs, so the rise must be well below the 2024 Red Sea detour by the Cape (roughly a third
    // on Asia-Europe routes): band [+0.5%, +15%].
    CHECK(cost_jpn > 0.005);
    CHECK(cost_jpn < 0.15);
    CHECK(cost_kor > 0.005);
    CHECK(cost_kor < 0.15);
    // Exports: a distance elasticity of about 0.9 (Head and Mayer 2014) on those cost rises,
    // half adjusted after four quarters (trade.adjustment 0.15), gives about -0.7% for Japan
    // and -2.4% for Korea before competitors' own higher costs offset part of it. Taiwan's own
    // trade stops at once (a closed route stops its trade at once), and with it what Japan and
    // Korea sell there: 45.9 of Japan's 717.3 bn of exports (6.4%; Taiwan's Ministry of Finance,
    // world/trade.yaml) and 30.64 of Korea's 632.2 bn (4.8%). Their own chip users lose Taiwan's
    // chips (0.597 of Taiwan's electronics exports, world/sectors.yaml critical_exports) and, a
    // quarter later, ship fewer of the cars, electronics and machines they make (the
    // cross-border second round): Korea 14.2 bn of Taiwanese electronics, 8.5 bn of chips, each
    // stopping about 13 USD of its users' output (downstream_va / user_va_share), of which Korea
    // exports 0.47, about 8% of its exports before orders move; Japan 9.3 bn of chips, exported
    // share about 0.27, about 5%. China, short of the same chips, buys less from both. The record
    // shows how far a chip shortage alone can cut such exports: Japan's car exports fell about
    // 40% year on year in September 2021 (Ministry of Finance trade statistics, U: recalled),
    // with Taiwan's fabs running. Gravity, chips and the direct loss add to about 12-15% for
    // Korea and 11-13% for Japan before diversion and the orders' move offset part. Bands: JPN
    // [-18%, -3%], KOR [-20%, -3%], the direct loss less most of the gravity term at the top.
    // Measured at 2027Q4 (Taiwan's ports closed, the strait closed, war-risk premiums nearby):
    // JPN -10.3% (-7.1% with Taiwan's electronics at the group's chip share, -4.1% before the
    // Northeast Asian flows were targets, -1.3% before goods groups and critical inputs), KOR
    // -11.8% (-6.8%, -5.1%); trade-weighted distance over partners still reachable JPN +1.4%,
    // KOR +4.6%.
    CHECK(x_jpn < -0.03);
    CHECK(x_jpn > -0.18);
    CHECK(x_kor < -0.03);
    CHECK(x_kor > -0.20);
}

TEST_CASE("directions: repeated incidents at the Philippine shoals move the Philippines toward the US",
          "[directions]") {
    // tests/data/scs_incidents_only.yaml: a rung-3 incident in about one quarter in three at
    // Scarborough and at Second Thomas, nothing else.
    const Paired p = against_baseline("tests/data/scs_incidents_only.yaml");
    const int t = step_of(2027, 1);
    const double x = p.diff({"alignment", "PHL", ""}, t);
    INFO("SCS: PHL alignment " << x << " after two years");
    // Band [+0.02, +0.25] after two years: 0.02 is about the smallest move the ISEAS survey
    // resolves (one point of share), 0.25 the largest all-ASEAN swing between its surveys (0.24,
    // 2021-2024; calibration.md). docs/model.md sizes the response on the Philippines after the
    // 2023-24 Second Thomas confrontations (+0.05 threat from China, +0.15 target). Measured +0.066.
    CHECK(x > 0.02);
    CHECK(x < 0.25);
    // The US tie is a treaty alliance, the top rung: it cannot rise, and must not fall.
    for (int s = 0; s <= baseline().horizon; ++s) CHECK(p.diff({"tie_level", "PHL", "USA"}, s) >= 0);
}

TEST_CASE("directions: repeated incidents at the Philippine shoals raise the Japan-Philippines tie",
          "[directions][!shouldfail]") {
    // Japan and the Philippines answered the 2023-24 confrontations with the Reciprocal Access
    // Agreement (negotiations November 2023, seed 001; signed July 2024): an upgrade within a
    // year, so over three years the mean paired difference should be at least 0.3 rung.
    // The model gives 0 (+0.06, one run in sixteen, before the two sides of a pair drew from one
    // Philox block). Why (docs/model.md, security ties):
    // shared_threat(PHL, JPN) is the smaller of the two sides' threat from China, which is the
    // Philippines' (0.065 at the start against Japan's 0.101), so the incidents do raise it, but
    // only by about 0.02 by 2028 (run 0: 0.077 -> 0.100), and never past Japan's own threat
    // (0.109), which Philippine incidents leave alone. At ties.w_threat 5 that is +0.1 log-odds
    // on an upgrade, where an upgrade within a year at rung 3 would take about +3. Trust between
    // them does not move; and as the Philippines leans further west, Japan's retaliation term
    // (its trade with China times |x_PHL|) grows and offsets the narrower alignment gap.
    // scenarios/scs_incidents.yaml scripts the upgrade with a `when:` shock instead.
    const Paired p = against_baseline("tests/data/scs_incidents_only.yaml");
    const double d = p.diff({"tie_level", "JPN", "PHL"}, step_of(2028, 1));
    INFO("SCS: JPN-PHL tie " << d << " after three years");
    CHECK(d >= 0.3);
}

TEST_CASE("directions: the scripted JPN-PHL follow-on of scenarios/scs_incidents.yaml fires",
          "[directions]") {
    // The `when:` shock needs 25 incidents in the two zones and tension(PHL, CHN) > 0.7; with the
    // extra incidents it fires in most runs within the ten years. Measured +0.94 in 2035 (+1.0
    // before the two sides of a pair drew from one Philox block).
    const Paired p = against_baseline("scenarios/scs_incidents.yaml");
    const double d = p.diff({"tie_level", "JPN", "PHL"}, baseline().horizon);
    INFO("SCS library scenario: JPN-PHL tie " << d << " in 2035");
    CHECK(d > 0.5);
    CHECK(d <= 1.0 + 1e-9);
}

TEST_CASE("directions: a restraint US election outcome moves ASEAN away from the US",
          "[directions]") {
    // tests/data/us_restraint.yaml: restraint certain in 2026Q1 (credibility 0.5 -> 0.25, 15%
    // on every partner, the treaty alliances one rung down).
    const Paired p = against_baseline("tests/data/us_restraint.yaml");
    const double x = p.diff({"asean_alignment", "ASEAN", ""}, step_of(2028, 1));
    INFO("restraint: ASEAN alignment " << x << " after two years");
    // ISEAS (calibration.md): the share choosing the US moved 53.6 -> 61.5% (2020-21, a change
    // of administration: +0.16 in x) and 61.5 -> 49.5% (2021-24: -0.24). Band [-0.35, -0.05]
    // after two years. Measured -0.188.
    CHECK(x < -0.05);
    CHECK(x > -0.35);
}

TEST_CASE("directions: a user-defined kind has the effects of its primitives", "[directions]") {
    // tests/data/user_kind_aid.yaml defines coast_guard_aid (assistance by the donor on the
    // recipient, the tie up one rung) and gives JPN -> PHL 2 bn a year for 8 quarters from 2026Q1.
    const World alt = load("tests/data/user_kind_aid.yaml");
    const World& base = baseline();
    const int jpn = base.index_of("JPN"), phl = base.index_of("PHL");
    const int fire = step_of(2026, 1), end = fire + 8;
    const auto& pp = base.params.perception;
    for (int r = 0; r < 3; ++r) {
        const auto b = run_states(base, r), a = run_states(alt, r);
        // The lever is in force in the states of the quarters the shock is active.
        for (int s = 0; s < static_cast<int>(a.size()); ++s) {
            const bool active = s >= fire && s < end;
            CHECK(a[s].assistance(phl, jpn) == (active ? 2.0 : 0.0));
        }
        // The tie moves one rung at firing, from where the run stood.
        CHECK(a[fire].ties(jpn, phl) == std::min(5, b[fire - 1].ties(jpn, phl) + 1));
        // Trust: +trust_aid * 2 a quarter, reverting at trust_reversion, so after k quarters of aid
        // the gap is 2 * trust_aid * (1 - (1 - r)^k) / r (no other driver of this pair moves).
        for (int k = 1; k <= 8; ++k) {
            const double expected = 2 * pp.trust_aid * (1 - std::pow(1 - pp.trust_reversion, k)) / pp.trust_reversion;
            CHECK(a[fire - 1 + k].trust(phl, jpn) - b[fire - 1 + k].trust(phl, jpn) == Approx(expected).margin(1e-12));
        }
    }
}

TEST_CASE("directions: a Japan-Korea rift of the publics cuts visits and trust without coercion", "[directions]") {
    // scenarios/japan_korea_rift_2019.yaml: a Korean boycott (visitors 0.63-0.72 of Korean visits
    // to Japan) and opinion shifts of -0.36 (Korea in Japan) and -0.20 (Japan in Korea), all from
    // 2026Q1; the boycott adds its own -0.05 to Japan's trust in Korea.
    const World alt = load("scenarios/japan_korea_rift_2019.yaml");
    const World& base = baseline();
    const int jpn = base.index_of("JPN"), kor = base.index_of("KOR");
    const int fire = step_of(2026, 1);
    const double r = base.params.perception.trust_reversion;
    for (int run = 0; run < 3; ++run) {
        const auto b = run_states(base, run), a = run_states(alt, run);
        // Shifts on the same pair in the same quarter add: Japan's trust in Korea -0.25, the
        // Cabinet Office's fall of 2019 (-0.254); then each gap closes at trust_reversion, to
        // half in eight quarters. No zone joins the two and no one coerces either, so nothing
        // else moves these pairs' trust (1e-12).
        for (int k = 0; k <= 8; ++k) {
            const double decay = std::pow(1 - r, k);
            CHECK(a[fire + k].trust(jpn, kor) - b[fire + k].trust(jpn, kor) == Approx(-0.25 * decay).margin(1e-12));
            CHECK(a[fire + k].trust(kor, jpn) - b[fire + k].trust(kor, jpn) == Approx(-0.36 * decay).margin(1e-12));
        }
        // Korean visits to Japan fall by the drawn share (0.628-0.722) of the trips not booked
        // before the boycott in the first quarter, 1 - f of them (f = 0.383 at the world's
        // booking lead time, docs/model.md, visitors), and by more in the second, once only the
        // trips booked more than a quarter ahead are left (1 - f r = 0.964).
        const tourism::Bookings book = tourism::bookings(alt.params.tourism.booking_lead_days);
        const double kept = a[fire].visitors(jpn, kor) / b[fire].visitors(jpn, kor);
        CHECK(kept > 1 - 0.722 * (1 - book.before) - 1e-9);
        CHECK(kept < 1 - 0.628 * (1 - book.before) + 1e-9);
        const double kept2 = a[fire + 1].visitors(jpn, kor) / b[fire + 1].visitors(jpn, kor);
        CHECK(kept2 < kept);
        // A public's boycott coerces no one.
        for (const State& s : a)
            for (double c : s.coercion.values()) CHECK(c == 0);
    }
}
