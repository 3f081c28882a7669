// Backtests: documented episodes written in the scenario language with the record's lever
// values (scenarios/history/, each file's header gives the levers and their sources), run
// against the baseline with common random numbers, and checked for direction and size against
// the recorded outcome. docs/backtests.md lists the episodes, the recorded figures with their
// sources and the reasoning behind each tolerance; the bands below are those, not what the
// model printed. A record the model still misses is a [!shouldfail] case whose comment names
// the mechanism responsible.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "directions_fixture.hpp"
#include "models/perception.hpp"
#include "tests/cli/cli_harness.hpp"

using namespace directions;

namespace {

// Eight paired runs: the checked flows move with the levers, not with incidents at sea, so
// their spread across runs is small next to the bands.
constexpr int kBacktestRuns = 8;

// A scenario of scenarios/history/ and the baseline over the same quarters, both run
// kBacktestRuns times with the scenario's seed (run r of each shares its random numbers).
struct Episode {
    World base, alt;
    std::vector<std::vector<State>> b, a;  // [run][step]
};

const Episode& episode(const std::string& file) {
    static std::map<std::string, Episode> cache;
    auto it = cache.find(file);
    if (it != cache.end()) return it->second;
    Episode e;
    const ScenarioSpec alt = load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/history/" + file);
    ScenarioSpec base = load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
    base.horizon = alt.horizon;
    e.base = compile(base);
    e.alt = compile(alt);
    for (int r = 0; r < kBacktestRuns; ++r) {
        AllStates ob, oa;
        run(e.base, RunPlan{.run_id = static_cast<std::uint64_t>(r), .seed = alt.seed}, ob);
        run(e.alt, RunPlan{.run_id = static_cast<std::uint64_t>(r), .seed = alt.seed}, oa);
        e.b.push_back(std::move(ob.states));
        e.a.push_back(std::move(oa.states));
    }
    return cache.emplace(file, std::move(e)).first->second;
}

// One checked value of a state: trade (exporter agent -> importer partner, of one goods group
// when `sector` is given), visitors and tourism receipts (host agent, origin partner), FDI flows
// (source agent -> host partner), GDP.
struct Row {
    std::string indicator, agent, partner, sector;
};

double value(const World& w, const State& s, const Row& row) {
    const int i = w.index_of(row.agent);
    const int j = row.partner.empty() ? -1 : w.index_of(row.partner);
    if (row.indicator == "gdp") return s.gdp[i];
    if (row.indicator == "visitors") return s.visitors(i, j);
    if (row.indicator == "tourism_receipts") return s.tourism_receipts(i, j);
    if (row.indicator == "fdi_flow") return s.fdi_flow(i, j);
    if (row.indicator == "official_finance") return perception::official_from(s, i, j);
    if (row.indicator == "trade")
        return row.sector.empty() ? s.trade(i, j) : s.sector_trade[w.sector_index(row.sector)](i, j);
    throw std::invalid_argument("no backtest value " + row.indicator);
}

// The paired effect over quarters [first, last] of the rows' sum: the sum over those quarters
// of the mean difference (scenario - baseline) over the sum of the baseline's mean.
double effect(const std::string& file, const std::vector<Row>& rows, int first, int last) {
    const Episode& e = episode(file);
    double diff = 0, base = 0;
    for (int r = 0; r < kBacktestRuns; ++r)
        for (int t = first; t <= last; ++t)
            for (const Row& row : rows) {
                const double b = value(e.base, e.b[r][t], row), a = value(e.alt, e.a[r][t], row);
                diff += a - b;
                base += b;
            }
    return diff / base;
}

double effect(const std::string& file, const Row& row, int first, int last) {
    return effect(file, std::vector<Row>{row}, first, last);
}


// The change of a row's value summed over quarters [first, last] and averaged over the runs
// (USD bn a year times quarters for flows).
double change(const std::string& file, const Row& row, int first, int last) {
    const Episode& e = episode(file);
    double diff = 0;
    for (int r = 0; r < kBacktestRuns; ++r)
        for (int t = first; t <= last; ++t) diff += value(e.alt, e.a[r][t], row) - value(e.base, e.b[r][t], row);
    return diff / kBacktestRuns;
}

// The share of an exporter's lost sales of one goods group in the market that shut them out
// that reached its other markets over quarters [first, last]: the paired gain in every other
// market over the paired loss in that one.
double diverted_share(const std::string& file, const std::string& exporter, const std::string& market,
                      const std::string& sector, int first, int last) {
    const World& w = episode(file).alt;
    double gained = 0;
    for (const Agent& a : w.agents)
        if (a.id != exporter && a.id != market) gained += change(file, {"trade", exporter, a.id, sector}, first, last);
    return gained / -change(file, {"trade", exporter, market, sector}, first, last);
}

// Quarters of the replays: 2026Q1 is each episode's first full quarter.
const int q1 = step_of(2026, 1), q2 = step_of(2026, 2), q3 = step_of(2026, 3), q4 = step_of(2026, 4);
const int q5 = step_of(2027, 1), q8 = step_of(2027, 4);

}  // namespace

TEST_CASE("backtest THAAD 2017: Chinese visitors and receipts halve, Korea loses about 0.4% of GDP",
          "[backtests]") {
    const std::string f = "thaad_2017.yaml";
    // Chinese visitors 8.0 m (2016) -> 4.16 m (2017), -48.3%, with -66% in the worst months
    // (Korea Tourism Organization). Band [-70%, -40%]: the package-tour share (44%) is the
    // floor less adjustment, the monthly trough the ceiling.
    const double visitors = effect(f, {"visitors", "KOR", "CHN", ""}, q1, q4);
    const double receipts = effect(f, {"tourism_receipts", "KOR", "CHN", ""}, q1, q4);
    // Bank of Korea: -0.2 points of 2017 growth; Hyundai Research Institute: -0.5% of GDP;
    // band the spread widened a quarter at each end.
    const double gdp = effect(f, {"gdp", "KOR", "", ""}, q1, q4);
    // Korea's exports to China rose 14% in 2017 on chips; the goods lever is about 1% of them,
    // so a paired fall beyond 3% would contradict the year (MOTIE; HRI).
    const double exports = effect(f, {"trade", "KOR", "CHN", ""}, q1, q4);
    INFO("THAAD: visitors " << 100 * visitors << "%, receipts " << 100 * receipts << "%, GDP " << 100 * gdp
                            << "%, exports to China " << 100 * exports << "%");
    CHECK(visitors < -0.40);
    CHECK(visitors > -0.70);
    CHECK(receipts < -0.40);
    CHECK(receipts > -0.70);
    CHECK(gdp < -0.0015);
    CHECK(gdp > -0.010);
    CHECK(exports < 0);
    CHECK(exports > -0.03);
}

TEST_CASE("backtest THAAD 2017: Korea's agri-food exports to China fall by about a tenth",
          "[backtests]") {
    // Korea's agri-food exports to China -9.8% in January-November 2017 (aT, via Yonhap): band
    // [-20%, -4%]. The file blocks the record's value of goods (HRI) on the two groups the
    // record names, food (AGF) and cosmetics (CHM), evenly: 7.9% of each. When it blocked all
    // goods evenly (no sectors) AGF fell by the same ~1% as everything else, -2.2%, a fail.
    const double agf = effect("thaad_2017.yaml", {"trade", "KOR", "CHN", "AGF"}, q1, q4);
    INFO("THAAD: KOR AGF exports to China " << 100 * agf << "%");
    CHECK(agf < -0.04);
    CHECK(agf > -0.20);
}

TEST_CASE("backtest Scarborough 2012: a quarter's hold on bananas costs the year a few percent of agri-food",
          "[backtests]") {
    // Banana volume to China still rose about 5% in 2012 (Bureau of Plant Industry, via
    // fruitnet); the hold delayed about a quarter's shipments. Band [-10%, 0%].
    const double agf = effect("scarborough_2012.yaml", {"trade", "PHL", "CHN", "AGF"}, q1, q4);
    INFO("Scarborough: PHL AGF exports to China over the year " << 100 * agf << "%");
    CHECK(agf < 0);
    CHECK(agf > -0.10);
}

TEST_CASE("backtest Japan's export controls 2019: chemicals from Japan fall a little, Korea's output holds",
          "[backtests]") {
    const std::string f = "japan_export_controls_korea_2019.yaml";
    // HF from Japan -86% (2018-2020), a USD 67 m line inside about 15 bn of chemicals: band
    // [-2%, 0%] for the group; no measured loss of Korean output: GDP above -0.1%.
    const double chm = effect(f, {"trade", "JPN", "KOR", "CHM"}, q1, q8);
    const double gdp = effect(f, {"gdp", "KOR", "", ""}, q1, q4);
    INFO("JP controls: JPN CHM to KOR " << 100 * chm << "%, KOR GDP " << 100 * gdp << "%");
    CHECK(chm < 0);
    CHECK(chm > -0.02);
    CHECK(gdp > -0.001);
}

TEST_CASE("backtest Korean boycott of Japan 2019: Korean visitors to Japan fall by about two thirds",
          "[backtests]") {
    // October-November 2019 -65% (Japan Tourism Agency, via Kyodo): band [-75%, -45%] for the
    // boycott's second quarter.
    const double second = effect("korea_boycott_japan_2019.yaml", {"visitors", "JPN", "KOR", ""}, q2, q2);
    INFO("boycott: KOR visitors to JPN, 2026Q2 " << 100 * second << "%");
    CHECK(second < -0.45);
    CHECK(second > -0.75);
}

TEST_CASE("backtest Korean boycott of Japan 2019: the first quarter falls less than the second",
          "[backtests]") {
    // July -7.6%, August -48%, September -58% (JTA, via Kyodo): the first quarter averaged
    // about -38% (U: the months weighted evenly), the second about -65%, 27 points apart. A
    // public's boycott acts on new bookings, so the trips booked before it still went ahead; at
    // tourism.booking_lead_days (38.5 days, Hana Tour's short-haul package trips, not fitted
    // here) 38% of the first quarter's trips were booked before it began (docs/model.md,
    // visitors). Band for the first quarter [-48%, -28%], the record's -38% +-10 points: the
    // weights of months that moved by 50 points within the quarter shift the record by a few
    // points, the lever's draw (0.628-0.722) moves the model's quarter by about 3 points either
    // way, and the mechanism leaves out cancellations of booked trips (a deeper first quarter)
    // and a share taking part that rose through the months (62.8% in July, 72.2% in November:
    // a shallower one). And the gap: at least half the record's, 13.5 points.
    const double first = effect("korea_boycott_japan_2019.yaml", {"visitors", "JPN", "KOR", ""}, q1, q1);
    const double second = effect("korea_boycott_japan_2019.yaml", {"visitors", "JPN", "KOR", ""}, q2, q2);
    INFO("boycott: KOR visitors to JPN, 2026Q1 " << 100 * first << "%, 2026Q2 " << 100 * second << "%");
    CHECK(first < -0.28);
    CHECK(first > -0.48);
    CHECK(first - second > 0.135);
}

TEST_CASE("backtest Korean boycott of Japan 2019: Japanese car imports halve",
          "[backtests][!shouldfail]") {
    // Japanese car imports -51.9% in 2019Q4 (Korea Customs Service, via Korea Herald): band
    // [-60%, -5%] for VEH (which also carries parts). The record gives the boycotted consumer
    // goods' value but not its split by group, so the file spreads its goods lever over all
    // groups and VEH falls by about the same 4% as the rest. Spreading it over the groups the
    // record names instead passes (-27%) but puts more on vehicles than all of Korea's Japanese
    // car imports (the scenario's header), so the pass would not be the model's.
    const double veh = effect("korea_boycott_japan_2019.yaml", {"trade", "JPN", "KOR", "VEH"}, q2, q2);
    INFO("boycott: JPN VEH exports to KOR " << 100 * veh << "%");
    CHECK(veh < -0.05);
    CHECK(veh > -0.60);
}

TEST_CASE("backtest Korean boycott of Japan 2019: the public's boycott coerces no one, the same levels as sanctions would",
          "[backtests]") {
    const std::string f = "korea_boycott_japan_2019.yaml";
    const Episode& e = episode(f);
    const int jpn = e.alt.index_of("JPN"), kor = e.alt.index_of("KOR");
    // The same shock written as Korean government sanctions: the boycott's levels as
    // imports_blocked and tourism_cut.
    std::string text = geosim::test::slurp(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/history/" + f);
    for (auto [from, to] : {std::pair<std::string, std::string>{"kind: boycott", "kind: sanctions"},
                            {"public: KOR", "sender: KOR"}, {"    goods:", "    imports_blocked:"},
                            {"    visitors:", "    tourism_cut:"},
                            {"../world/default.yaml", std::string(GEOSIM_SOURCE_DIR) + "/scenarios/world/default.yaml"}}) {
        const auto at = text.find(from, from[0] == '.' ? 0 : text.find("\nshocks:"));
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    }
    geosim::test::TempDir dir;
    const World sanctioned = compile(load_scenario(dir.write("sanctions.yaml", text).string()));
    AllStates by_state;
    run(sanctioned, RunPlan{.run_id = 0, .seed = 20190701}, by_state);
    const std::vector<State>& st = by_state.states;
    // Sanctions: Japan is coerced by Korea at the largest lever, the tourism cut C drawn in
    // [0.628, 0.722]. In the first quarter Japan's trust in Korea loses trust_coercion_target
    // (0.15) x C of its room above -1, and the act's salience (1 by default) trust_salience (0.38)
    // of the same room, the room being read from the quarter before (1 + T, T = -0.3 at the start:
    // 0.7, so [-0.3419, -0.3319] in all). Against the baseline run of the same seed everything else
    // that moves the pair's trust (the quarter's reversion, the incidents at Dokdo) is the same,
    // so the paired difference is -(0.15 C + 0.38)(1 + T) to rounding.
    const double before = e.b[0][q1 - 1].trust(jpn, kor), c = st[q1].coercion(jpn, kor);
    const double moved = st[q1].trust(jpn, kor) - e.b[0][q1].trust(jpn, kor);
    INFO("sanctions: coercion of JPN by KOR " << c << ", JPN trust in KOR the quarter before " << before
                                              << ", moves " << moved << " against the baseline");
    CHECK(c >= 0.628);
    CHECK(c <= 0.722);
    REQUIRE(st[q1 - 1].trust(jpn, kor) == before);
    CHECK(moved == Approx(-(0.15 * c + 0.38) * (1 + before)).margin(1e-12));
    CHECK(moved < -0.3319);
    CHECK(moved > -0.3420);
    CHECK(st[q1].hostility(jpn, kor) > 0);
    // The boycott: the same levels of visitors and goods stopped, but no coercion by Korea's
    // government of anyone in any quarter, no hostility, and Japan's trust in Korea moves only by
    // the boycott's impulse, -0.05 in the first quarter, then reverting at trust_reversion
    // (0.083): -0.05 x 0.917^8 = -0.0250 eight quarters on (1e-9: the same arithmetic, nothing
    // else moves that pair's trust).
    for (int r = 0; r < kBacktestRuns; ++r) {
        for (int t = 0; t < static_cast<int>(e.a[r].size()); ++t) {
            INFO("run " << r << " step " << t);
            CHECK(e.a[r][t].coercion.col_sum(kor) == 0);
            CHECK(e.a[r][t].hostility(jpn, kor) == e.b[r][t].hostility(jpn, kor));
        }
        CHECK(e.a[r][q1].trust(jpn, kor) - e.b[r][q1].trust(jpn, kor) == Approx(-0.05).margin(1e-9));
        CHECK(e.a[r][q1 + 8].trust(jpn, kor) - e.b[r][q1 + 8].trust(jpn, kor) ==
              Approx(-0.05 * std::pow(0.917, 8)).margin(1e-9));
    }
}

TEST_CASE("backtest US-China tariffs 2018-19: bilateral trade falls by the recorded fifth",
          "[backtests]") {
    const std::string f = "us_china_tariffs_2018.yaml";
    // US imports from China -16% in 2019 (Census, via Slate): band [-35%, -8%]; US exports to
    // China -26% October 2018 - March 2019 (Census, via Washington Post): band [-35%, -10%];
    // US real income -0.04% (Fajgelbaum et al. 2020), buyers' loss 0.27% the outer edge.
    const double cn_us = effect(f, {"trade", "CHN", "USA", ""}, q3, q3 + 3);
    const double us_cn = effect(f, {"trade", "USA", "CHN", ""}, q3, q3 + 3);
    const double gdp = effect(f, {"gdp", "USA", "", ""}, q3, q3 + 3);
    INFO("US-China: CHN -> USA " << 100 * cn_us << "%, USA -> CHN " << 100 * us_cn << "%, US GDP " << 100 * gdp << "%");
    CHECK(cn_us < -0.08);
    CHECK(cn_us > -0.35);
    CHECK(us_cn < -0.10);
    CHECK(us_cn > -0.35);
    CHECK(gdp < 0);
    CHECK(gdp > -0.003);
}

namespace {

// The gain the tariffs brought a supplier's sales to the US in their first full year
// (2026Q3-2027Q2 = 2019), USD bn a year, over its sales of 2018 as recorded. Growth rates of the
// replay's 2023 flows would not do: Viet Nam's sales to the US more than doubled between 2018
// and 2023, so the same gain in dollars is a smaller share of the 2023 flow.
double gain_on_2018(const std::string& exporter, double sales_2018) {
    return change("us_china_tariffs_2018.yaml", {"trade", exporter, "USA", ""}, q3, q3 + 3) / 4 / sales_2018;
}

}  // namespace

TEST_CASE("backtest US-China tariffs 2018-19: Viet Nam's sales to the US gain about a tenth",
          "[backtests]") {
    // UNCTAD (Nicita 2019, Research Paper 37): tariff diversion brought Viet Nam USD 2.6 bn in
    // H1 2019, about +10% on its H1 2018 sales to the US; its sales grew 36% in 2019, +17.5 bn
    // (US Census, via Slate), so 2018 was 17.5 / 0.36 = 48.6 bn (computed) and the first half
    // about 24.3, giving +10.7% attributable to the tariffs. Band a factor of two: [+5.3%, +21%].
    // The rest of the 36% was trend and relocation (FDI carries no trade in the model).
    const double vnm = gain_on_2018("VNM", 48.6);
    INFO("US-China: VNM -> USA gains " << 100 * vnm << "% of its 2018 sales");
    CHECK(vnm > 0.053);
    CHECK(vnm < 0.21);
}

TEST_CASE("backtest US-China tariffs 2018-19: Taiwan's sales to the US gain about a fifth",
          "[backtests][!shouldfail]") {
    // UNCTAD (Nicita 2019): diversion brought Taiwan USD 4.2 bn in H1 2019, mostly office
    // machinery and communication equipment, on 2018 sales to the US of 45.8 bn (Commerce
    // Department, via Breitbart, Feb 2020; 54.3 bn in 2019): +18.3% of the first half's 22.9 bn
    // (computed). Band a factor of two: [+9.2%, +37%]. The model gives Taiwan its 2023 share of
    // US electronics imports from suppliers other than China; the record's gain came with
    // Taiwanese firms moving server and network-equipment assembly from China back to Taiwan,
    // and FDI does not carry trade in the model (docs/model.md, investment), the same miss as
    // the share test below.
    const double twn = gain_on_2018("TWN", 45.8);
    INFO("US-China: TWN -> USA gains " << 100 * twn << "% of its 2018 sales");
    CHECK(twn > 0.092);
    CHECK(twn < 0.37);
}

TEST_CASE("backtest US-China tariffs 2018-19: other suppliers take the recorded shares of China's lost sales",
          "[backtests]") {
    // UNCTAD (Nicita 2019, Research Paper 37): of the USD 35 bn that US tariffs cost China's
    // tariffed exports to the US in H1 2019, about 21 bn (62%) went to other suppliers: Viet Nam
    // 2.6 bn (7.4%), the EU 2.7 bn (7.7%), Korea, Canada and India 0.9-1.5 bn each. Shares of
    // China's loss, unlike growth rates, do not depend on how much larger the replay's 2023
    // flows are than 2018's (Viet Nam's sales to the US more than doubled in between), so they
    // are the well-posed check of where diverted demand goes. Bands: a factor of two around
    // each share, [3.7%, 14.8%] for Viet Nam and [3.9%, 15.4%] for the EU; for Korea the top of
    // UNCTAD's range (1.5 bn, 4.3%) doubled, (0, 8.6%]; and the
    // total taken by others between a third and all of it: the model has no US producers
    // expanding and UNCTAD's 38% remainder is "lost or captured by US producers".
    const std::string f = "us_china_tariffs_2018.yaml";
    const int first = q3, last = q3 + 3;  // 2019
    const double cn = change(f, {"trade", "CHN", "USA", ""}, first, last);
    const double vnm = change(f, {"trade", "VNM", "USA", ""}, first, last) / -cn;
    const double eur = change(f, {"trade", "EUR", "USA", ""}, first, last) / -cn;
    const double kor = change(f, {"trade", "KOR", "USA", ""}, first, last) / -cn;
    double others = 0;
    const Episode& e = episode(f);
    for (const Agent& a : e.alt.agents)
        if (a.id != "CHN" && a.id != "USA") others += change(f, {"trade", a.id, "USA", ""}, first, last);
    others /= -cn;
    INFO("US-China 2019: China's loss " << cn / 4 << " bn a year; taken by VNM " << 100 * vnm << "%, EUR " << 100 * eur
                                        << "%, KOR " << 100 * kor << "%, all others " << 100 * others << "%");
    CHECK(cn < 0);
    CHECK(vnm > 0.037);
    CHECK(vnm < 0.148);
    CHECK(eur > 0.039);
    CHECK(eur < 0.154);
    CHECK(kor > 0);
    CHECK(kor < 0.086);
    CHECK(others > 0.31);
    CHECK(others < 1.0);
}

TEST_CASE("backtest US-China tariffs 2018-19: Taiwan takes the recorded eighth of China's lost sales",
          "[backtests][!shouldfail]") {
    // UNCTAD (Nicita 2019): Taiwan gained 4.2 bn of China's 35 bn loss in H1 2019 (12%), mostly
    // office machinery and communication equipment; band [6%, 24%]. The model gives Taiwan its
    // 2023 share of US electronics imports from suppliers other than China (about 3.6%): the
    // record's gain came with Taiwanese firms moving server and network-equipment assembly from
    // China back to Taiwan, and FDI does not carry trade in the model (docs/model.md, investment).
    const std::string f = "us_china_tariffs_2018.yaml";
    const double cn = change(f, {"trade", "CHN", "USA", ""}, q3, q3 + 3);
    const double twn = change(f, {"trade", "TWN", "USA", ""}, q3, q3 + 3) / -cn;
    INFO("US-China 2019: TWN takes " << 100 * twn << "% of China's loss");
    CHECK(twn > 0.06);
    CHECK(twn < 0.24);
}

TEST_CASE("backtest China's curbs on travel to Taiwan 2016 and 2019: mainland visitors fall by a third to a half",
          "[backtests]") {
    // 2016 group-tour curbs: tourists -33% May-December 2016 (National Immigration Agency, via
    // Taipei Times): band [-45%, -15%] for the first two quarters; about -34% for 2017 on 2015
    // (CASS; Ministry of the Interior), band [-55%, -15%] for the next four.
    const double first = effect("china_taiwan_group_tours_2016.yaml", {"visitors", "TWN", "CHN", ""}, q1, q2);
    const double next = effect("china_taiwan_group_tours_2016.yaml", {"visitors", "TWN", "CHN", ""}, q3, q3 + 3);
    // 2019 suspension of individual travel: September -68%, October -52.5% (MAC, via CNA;
    // Tourism Bureau, via Bloomberg): band [-75%, -30%].
    const double y2019 = effect("china_taiwan_individual_travel_2019.yaml", {"visitors", "TWN", "CHN", ""}, q1, q2);
    INFO("Taiwan: 2016 curbs " << 100 * first << "% then " << 100 * next << "%; 2019 suspension " << 100 * y2019 << "%");
    CHECK(first < -0.15);
    CHECK(first > -0.45);
    CHECK(next < -0.15);
    CHECK(next > -0.55);
    CHECK(y2019 < -0.30);
    CHECK(y2019 > -0.75);
}

TEST_CASE("backtest China's fruit bans on Taiwan 2021: agri-food to China dips", "[backtests]") {
    const std::string f = "taiwan_fruit_bans_2021.yaml";
    // China's share of Taiwan's agri exports 20.8% -> 20.1% (COA, via RTI), about -3.4%
    // relative: band [-15%, 0%].
    const double cn = effect(f, {"trade", "TWN", "CHN", "AGF"}, q1, q4);
    INFO("fruit bans: TWN AGF to CHN " << 100 * cn << "%");
    CHECK(cn < 0);
    CHECK(cn > -0.15);
}

TEST_CASE("backtest China's fruit bans on Taiwan 2021: Japan takes some of Taiwan's agri-food",
          "[backtests]") {
    // Pineapples to Japan +726% (COA, via Taipei Times), a small part of AGF to Japan: band
    // [0%, +5%]. The bans' salience lowers Taiwan's trust in China and Taiwan's alignment moves
    // west (0.80 to 0.86 in a year). When trade costs read the alignment gap |x_i - x_j| / 2, the
    // gap with Japan (0.80) widened and trade with Japan fell (-0.1%, a failure); they now read
    // the bloc distance (1 - x_i x_j) / 2, which falls between two economies that lean
    // the same way, so Japan's sourcing from Taiwan rises a little. Nothing in the model makes a
    // third public buy from the coerced economy in solidarity, so the rise stays small.
    const double jp = effect("taiwan_fruit_bans_2021.yaml", {"trade", "TWN", "JPN", "AGF"}, q1, q4);
    INFO("fruit bans: TWN AGF to JPN " << 100 * jp << "%");
    CHECK(jp >= 0);
    CHECK(jp < 0.05);
}

TEST_CASE("backtest China's fruit bans on Taiwan 2021: half the pineapples China refused were sold elsewhere",
          "[backtests][!shouldfail]") {
    // Pineapple exports about 45,000 t in 2020 (EconoTimes), 41,661 t of them to China (COA via
    // Taiwan News), 93%; 28,000 t in 2021, those to markets other than China +533% (Japan
    // 18,000 t, +726%) (COA via Taipei Times, 7 April 2022). So the others took about 3,300 x 5.33 = 17,800 t more while China
    // took about 34,800 t less: about half of the lost tonnes went elsewhere (computed). Band a
    // factor two below and up to all: [25%, 100%], over the three quarters when only pineapples
    // were banned. The model sells 11.8% elsewhere (trade.diversion 1, the fixed-output limit).
    // Why it misses (docs/backtests.md, episode 8): Japanese buyers ordered Taiwanese pineapples
    // in solidarity (a record 10,000 t of orders in the first weeks, Japan Taiwanese Chamber of
    // Commerce, via EconoTimes) and Taiwan paid for promotion abroad; the model has no public that
    // buys a country's goods to support it (the mirror of a boycott), and the file does not carry
    // the subsidies, whose size by market is not in a checked source.
    const double share = diverted_share("taiwan_fruit_bans_2021.yaml", "TWN", "CHN", "AGF", q1, q3);
    INFO("fruit bans: share of TWN's lost AGF sales in CHN sold elsewhere, 2026Q1-Q3 " << 100 * share << "%");
    CHECK(share > 0.25);
    CHECK(share <= 1.0);
}

TEST_CASE("backtest China's seafood ban on Japan 2023: agri-food to China falls by about two fifths",
          "[backtests]") {
    const std::string f = "japan_seafood_ban_2023.yaml";
    // The basket's exports to China -43.8% in H1 2024 (MAFF, via Kyodo): band [-55%, -25%];
    // exports to the US +19.9% (MAFF): sign only (weak yen and trend not separated).
    const double cn = effect(f, {"trade", "JPN", "CHN", "AGF"}, q1, q2);
    const double us = effect(f, {"trade", "JPN", "USA", "AGF"}, q1, q2);
    INFO("seafood: JPN AGF to CHN " << 100 * cn << "%, to USA " << 100 * us << "%");
    CHECK(cn < -0.25);
    CHECK(cn > -0.55);
    CHECK(us > 0);
}

TEST_CASE("backtest China's seafood ban on Japan 2023: a fifth to three tenths of the lost sales go elsewhere",
          "[backtests]") {
    // "We've managed to redirect 20-30% of the scallop exports lost due to China's import ban"
    // (JETRO's chairman, August 2024, a year into the ban; via Kyodo and Kaohoon). Band: a factor
    // two either side of that range, [10%, 60%]: the record is scallops, the model's group all
    // agri-food and fish, and the year's sales elsewhere were also lifted by JETRO's promotion
    // (5 bn yen) and held back by too few shelling plants outside China. trade.diversion (1) is
    // calibrated on this record: 0.5 gave 11.4%.
    const std::string f = "japan_seafood_ban_2023.yaml";
    const double share = diverted_share(f, "JPN", "CHN", "AGF", q1, q4);
    INFO("seafood: share of JPN's lost AGF sales in CHN sold elsewhere over the first year " << 100 * share << "%");
    CHECK(share > 0.10);
    CHECK(share < 0.60);
}

TEST_CASE("backtest US tariffs of 2025: China's sales to the US fall, Viet Nam's do not",
          "[backtests]") {
    const std::string f = "us_reciprocal_tariffs_2025.yaml";
    // China's exports to the US -15.5% January-August 2025 (China customs, via China Briefing),
    // -40% in 2025Q3 (Census, secondary): band [-50%, -10%]; Viet Nam's +26.4% (Viet Nam
    // customs, via Reuters) with trend and front-loading not separated: above -5%.
    const double cn = effect(f, {"trade", "CHN", "USA", ""}, q1, q3);
    const double vn = effect(f, {"trade", "VNM", "USA", ""}, q1, q3);
    INFO("US 2025: CHN -> USA " << 100 * cn << "%, VNM -> USA " << 100 * vn << "%");
    CHECK(cn < -0.10);
    CHECK(cn > -0.50);
    CHECK(vn > -0.05);
}

TEST_CASE("backtest China's advisory against travel to Japan 2025: mainland visitors fall by about half",
          "[backtests]") {
    const std::string f = "china_japan_travel_advisory_2025.yaml";
    // -45.3% in December 2025, -60.7% in January 2026 (JNTO, via Xinhua and Jiji): band
    // [-70%, -35%] for visitors and receipts (spend per visitor held).
    const double visitors = effect(f, {"visitors", "JPN", "CHN", ""}, q1, q1);
    const double receipts = effect(f, {"tourism_receipts", "JPN", "CHN", ""}, q1, q1);
    INFO("advisory: CHN visitors to JPN " << 100 * visitors << "%, receipts " << 100 * receipts << "%");
    CHECK(visitors < -0.35);
    CHECK(visitors > -0.70);
    CHECK(receipts < -0.35);
    CHECK(receipts > -0.70);
}

TEST_CASE("backtest China's advisory against travel to Japan 2025: the quarter of the advisory loses about a quarter of its visitors",
          "[backtests]") {
    // The advisory of 14 November 2025 held 48 of 2025Q4's 92 days. Mainland visitors 715,700
    // (October, +22.8%), 562,600 (November, +3.0%), 330,400 (December, -45.3%) (JNTO, via Jiji
    // and Xinhua): 1,608,700 in the quarter against 582,800 + 546,200 + 604,000 = 1,733,000 a
    // year before (computed), -7.2% year on year. Arrivals had been growing fast, +22.8% in
    // October and +40.7% in January-October: against October's growth the quarter is
    // 1,608,700 / (1,733,000 x 1.228) - 1 = -24.4%, against the year's -34.0% (computed). Band
    // [-36%, -16%]: between the two readings, with room of a third of the shallower one at the
    // shallow end (growth may have slowed further after October) and 2 points at the deep end.
    // The file's lever is the 60% flight cut of February and March 2026; the record's cut grew over
    // the advisory's first weeks (November's -16% against October's growth covers half a month
    // before it), so the model may sit toward the band's deep end.
    const std::string f = "china_japan_travel_advisory_2025.yaml";
    const double visitors = effect(f, {"visitors", "JPN", "CHN", ""}, q1 - 1, q1 - 1);
    INFO("advisory: CHN visitors to JPN in 2025Q4 " << 100 * visitors << "%");
    CHECK(visitors < -0.16);
    CHECK(visitors > -0.36);
}

TEST_CASE("backtest China's rare-earth halt 2010: ores and metals from China to Japan dip for a quarter",
          "[backtests]") {
    // Rare-earth imports from China -72% September -> November 2010 (Japan MoF, via Reuters),
    // about 1.5% of MIN from China: band [-5%, 0%] for the quarter; Japanese output held (firms
    // drew on stocks): GDP above -0.1%.
    const double min = effect("china_rare_earths_japan_2010.yaml", {"trade", "CHN", "JPN", "MIN"}, q1, q1);
    const double gdp = effect("china_rare_earths_japan_2010.yaml", {"gdp", "JPN", "", ""}, q1, q1);
    INFO("rare earths: CHN MIN to JPN " << 100 * min << "%, JPN GDP " << 100 * gdp << "%");
    CHECK(min < 0);
    CHECK(min > -0.05);
    CHECK(gdp > -0.001);
}

TEST_CASE("backtest Senkaku/Diaoyu 2012: Japanese investment leaves China for its neighbours",
          "[backtests]") {
    // scenarios/history/senkaku_boycott_2012.yaml: September 2012 replayed as 2026Q1, so 2013 is
    // 2026Q3-2027Q2 and 2014 is 2027Q3-2028Q2. Recorded: Japanese FDI in China -32.5% in 2013
    // (JETRO, via fDi Intelligence and People's Daily); China's Ministry of Commerce has -4.3% in
    // 2013 and -38.8% in 2014 (via Mainichi and Bloomberg Businessweek), -41% on 2012 after two
    // years. investment.beta_trust is calibrated on the first year (docs/model.md), so the 2013
    // band only checks that calibration: JETRO's fall with rising wages and the weak yen given
    // between none and half of it, [-45%, -16%]. The second year is not calibrated: MOFCOM's -41%
    // within a factor of two, [-60%, -20%] (capped at -60% as the public's trust recovers).
    // Where the leavers go is not calibrated either: JETRO recorded very strong growth in
    // Thailand, the Philippines and Viet Nam and Japan's FDI in ASEAN 2.2 times 2012's (with one
    // large bank purchase in Thailand and a weak yen); the five ASEAN platforms in China's nest
    // (world/investment.yaml) must gain at least a tenth and proportionally several times what
    // the US gains (the plain logit would give every other host the same percentage).
    const std::string f = "senkaku_boycott_2012.yaml";
    const int y13 = q3, y14 = q3 + 4;
    const double cn13 = effect(f, {"fdi_flow", "JPN", "CHN", ""}, y13, y13 + 3);
    const double cn14 = effect(f, {"fdi_flow", "JPN", "CHN", ""}, y14, y14 + 3);
    std::vector<Row> asean;
    for (const char* h : {"VNM", "THA", "MYS", "IDN", "PHL"}) asean.push_back({"fdi_flow", "JPN", h, ""});
    const double asean13 = effect(f, asean, y13, y13 + 3);
    const double us13 = effect(f, {"fdi_flow", "JPN", "USA", ""}, y13, y13 + 3);
    INFO("Senkaku 2012: JPN FDI to CHN " << 100 * cn13 << "% (2013), " << 100 * cn14 << "% (2014); to five ASEAN "
                                        << 100 * asean13 << "%, to the US " << 100 * us13 << "% (2013)");
    CHECK(cn13 < -0.16);
    CHECK(cn13 > -0.45);
    CHECK(cn14 < -0.20);
    CHECK(cn14 > -0.60);
    CHECK(asean13 > 0.10);
    CHECK(asean13 > 3 * us13);
    CHECK(us13 > 0);
}

namespace {

// The share of a public's favourable view (trust above -1 on the 2p - 1 scale) lost in quarter
// t, averaged over the runs: (trust_base - trust_alt) / (1 + trust_base).
double favour_lost(const std::string& file, const std::string& pub, const std::string& toward, int t) {
    const Episode& e = episode(file);
    const int i = e.alt.index_of(pub), j = e.alt.index_of(toward);
    double lost = 0;
    for (int r = 0; r < kBacktestRuns; ++r) {
        const double b = e.b[r][t].trust(i, j), a = e.a[r][t].trust(i, j);
        lost += (b - a) / (1 + b) / kBacktestRuns;
    }
    return lost;
}

}  // namespace

TEST_CASE("backtest Reed Bank 2019: a sinking at sea costs the Filipino public a fifth of its trust in China",
          "[backtests]") {
    // SWS net trust in China -6 (March 2019) -> -24 (June 2019), two weeks after the sinking:
    // 0.19 of the room above -1 lost (scenarios/history/reed_bank_2019.yaml). It calibrates
    // perception.incident_salience, so the band is the surveys' own error: each net figure
    // carries about 6 points (two standard errors of 1,200 interviews), their difference about
    // 8.5, so [9.5, 26.5] points of 94: [0.10, 0.28].
    const double phl = favour_lost("reed_bank_2019.yaml", "PHL", "CHN", q1);
    INFO("Reed Bank: Filipinos' trust in China, share of the room lost in the quarter " << 100 * phl << "%");
    CHECK(phl > 0.10);
    CHECK(phl < 0.28);
}

TEST_CASE("backtest THAAD 2017: the Korean public loses two fifths of its favourable view of China and it holds "
          "while the ban lasts",
          "[backtests]") {
    // Pew: Koreans favourable to China 61% (2015), 34% (spring 2017, the ban's first quarter):
    // 0.443 of the favourable view lost. That figure calibrates perception.trust_salience together
    // with perception.trust_coercion_target (0.38 + 0.15 x the tourism cut 0.44 of the room), so
    // the first check only checks the calibration. Band: two standard errors of the difference
    // of two polls of about 1,000 interviews (4.4 points) over the 61 points: [0.37, 0.51].
    // The hold: Koreans unfavourable to China 61% (2017), 60% (2018) (Pew, via the Hankyoreh)
    // while the group-tour ban went on. A year on (2027Q1 = 2018Q2) the trust the first quarter
    // left moves by no more than two standard errors of a difference on the 2p - 1 scale (0.09)
    // over the room the Korean public then had above -1 (0.68 at 34% favourable): 0.13 of the
    // room (U: the unfavourable share read as the mirror of the favourable one). Read as a share
    // of the room, because the replay starts from the default world's trust of -0.62, so the room
    // after the first quarter is about a third of the polls'. trust_coercion_target is calibrated
    // on this hold, so it checks the calibration; it fails for a grievance off by a factor of
    // two or more (no grievance: +0.23 of the room back; 0.4 in the room's form: -0.2). The
    // double count of the previous version (0.4 a unit of coercion whatever the room, with the
    // salience fitted to the same polls) fails the first check: 0.90 of the view lost at once,
    // and trust at -1 for the file's two years.
    const std::string f = "thaad_2017.yaml";
    const double first = favour_lost(f, "KOR", "CHN", q1);
    const Episode& e = episode(f);
    const int kor = e.alt.index_of("KOR"), chn = e.alt.index_of("CHN");
    double held = 0;  // mean over the runs of the change from 2026Q1 to 2027Q1, over 2026Q1's room
    for (int r = 0; r < kBacktestRuns; ++r) {
        const double then = e.a[r][q1].trust(kor, chn);
        held += (e.a[r][q5].trust(kor, chn) - then) / (1 + then) / kBacktestRuns;
    }
    INFO("THAAD: Koreans' favourable view of China lost in 2026Q1 " << first
                                                                     << "; trust a year on against then, over the room "
                                                                     << held);
    CHECK(first > 0.37);
    CHECK(first < 0.51);
    CHECK(std::abs(held) < 0.13);
}

TEST_CASE("backtest Scarborough 2012: China's hold on bananas costs Filipinos two fifths of their trust in China",
          "[backtests]") {
    // SWS net trust of Filipinos in China +10 (March 2012) -> -36 (24-27 May 2012), a record low
    // in the standoff's second month (SWS, via the Philippine Daily Inquirer): 46 of the 110
    // points above -1, 0.418 (computed). Out of sample for perception.trust_salience (0.38,
    // THAAD). Band: the surveys' error, about 8.5 points on the difference (two standard errors
    // of 1,200 interviews each), 0.077 of the room: [0.34, 0.50]. The file holds the banana hold
    // alone; the standoff itself and China's suspension of tours (May 2012) have no lever there,
    // and the incident's salience would carry the model to the top of the band (1 - 0.62 x 0.81
    // = 0.50, past it when trust_salience was 0.44): the public answered the episode, not each
    // act (docs/backtests.md, doubts).
    const double phl = favour_lost("scarborough_2012.yaml", "PHL", "CHN", q1);
    INFO("Scarborough: Filipinos' trust in China, share of the room lost in the quarter " << 100 * phl << "%");
    CHECK(phl > 0.34);
    CHECK(phl < 0.50);
}

TEST_CASE("backtest salience: controls on a small flow cost the target public half its favourable view",
          "[backtests]") {
    // Japan's export controls of July 2019 withheld chemicals worth under 1% of Korea's imports
    // from Japan, yet Gallup Korea found 12% of Koreans favourable to Japan on 9-11 July 2019, the
    // lowest since 1991 (via Yonhap and Chosun), against about 30% in the Genron NPO/EAI polls
    // behind world/trust.yaml: about 0.6 of the favourable view lost (U: two surveys). Not used
    // to calibrate perception.trust_salience (0.38, from THAAD): band [0.3, 0.9].
    // China's rare-earth halt of 2010 (affinity 38.5% to 20.0%, 0.48, Cabinet Office) came with
    // the Senkaku arrest, which the halt's file leaves out, so its band only checks that the halt
    // alone carries most of it, [0.24, 0.72]; the two together are checked in episode 21. With the grievance of the share blocked alone, before salience, both were below 0.01.
    const double kor = favour_lost("japan_export_controls_korea_2019.yaml", "KOR", "JPN", q1);
    const double jpn = favour_lost("china_rare_earths_japan_2010.yaml", "JPN", "CHN", q1);
    INFO("salience: Korea's favourable view of Japan -" << 100 * kor << "%, Japan's of China -" << 100 * jpn << "%");
    CHECK(kor > 0.3);
    CHECK(kor < 0.9);
    CHECK(jpn > 0.24);
    CHECK(jpn < 0.72);
}

namespace {

// The mean over the runs of a zone's paired difference (scenario - baseline) in tension and in
// incidents, in quarter t.
struct ZoneMove {
    double tension = 0, incidents = 0;
};

ZoneMove zone_move(const std::string& file, const std::string& zone, int t) {
    const Episode& e = episode(file);
    int z = -1;
    for (std::size_t k = 0; k < e.alt.zones.size(); ++k)
        if (e.alt.zones[k].id == zone) z = static_cast<int>(k);
    REQUIRE(z >= 0);
    ZoneMove m;
    for (int r = 0; r < kBacktestRuns; ++r) {
        m.tension += (e.a[r][t].tension[z] - e.b[r][t].tension[z]) / kBacktestRuns;
        m.incidents += static_cast<double>(e.a[r][t].incidents[z] - e.b[r][t].incidents[z]) / kBacktestRuns;
    }
    return m;
}

}  // namespace

TEST_CASE("backtest Senkaku trawler 2010: the arrest is one more incident, tension and both publics' views move",
          "[backtests][zones]") {
    // scenarios/history/senkaku_trawler_2010.yaml: an incident at the Senkakus starting at rung 4
    // (the arrest) in 2026Q1 with the rare-earth halt. The quarter's drawn incidents keep their
    // random numbers, so the scenario has exactly one incident more in 2026Q1. Its severity is
    // 4/5 (5/5 when it climbs to armed clash, probability step_up_4 = 0.02), and tension rises
    // by tension_memory x base_tension x severity / severity_ref = 0.15 x 0.4 x severity / 0.1485346,
    // where severity_ref = 0.5 x 1.485346 / 5 (expected rung 1 + 0.46 + 0.46 x 0.05 +
    // 0.023 x 0.1 + 0.0023 x 0.02 with the zone's own step-ups): between 0.323157 and 0.403946.
    // The zone's confrontations are rare (0.5 a quarter), so one arrest weighs as much as about
    // two quarters' worth of them; tension stays below its ceiling of 1 unless the quarter's
    // drawn incidents already carry it past 0.6.
    const std::string f = "senkaku_trawler_2010.yaml";
    const ZoneMove m = zone_move(f, "senkaku", q1);
    INFO("Senkaku 2010: incidents +" << m.incidents << ", tension +" << m.tension);
    CHECK(m.incidents == 1.0);
    CHECK(m.tension >= 0.323157 - 1e-6);
    CHECK(m.tension <= 0.403946 + 1e-6);
    // Direction: the Chinese public's view of Japan falls (the arrest leads the news in its
    // quarter, and the incident's severity moves trust a quarter later) and is still lower at the
    // 2011 poll (2026Q4); the Japanese public's view of China falls too (the arrest's and the
    // halt's salience).
    const double chn_q2 = favour_lost(f, "CHN", "JPN", q2), chn_q4 = favour_lost(f, "CHN", "JPN", q4);
    const double jpn_q2 = favour_lost(f, "JPN", "CHN", q2);
    INFO("favourable view lost: CHN of JPN " << chn_q2 << " (2026Q2), " << chn_q4 << " (2026Q4); JPN of CHN "
                                              << jpn_q2 << " (2026Q2)");
    CHECK(chn_q2 > 0);
    CHECK(chn_q4 > 0);
    CHECK(jpn_q2 > 0);
    // The Japanese view: the Cabinet Office's affinity for China, 38.5% (2009) -> 20.0% (October
    // 2010, = 2026Q2), 0.48 of the favourable view lost, with the arrest and the halt; not used to
    // calibrate trust_salience (THAAD) or incident_salience (Reed Bank). Band [0.24, 0.72], the
    // salience check's.
    CHECK(jpn_q2 > 0.24);
    CHECK(jpn_q2 < 0.72);
}

TEST_CASE("backtest Senkaku trawler 2010: the Chinese public loses a quarter of its favourable view of Japan",
          "[backtests][zones]") {
    // Genron NPO / China Daily polls: Chinese who liked Japan 38.3% (2010, before the collision)
    // -> 28.6% (June-July 2011, = 2026Q4): (38.3 - 28.6) / 38.3 = 0.253 of the favourable view
    // lost. Band [0.12, 0.35]: each poll has about 1,600 Chinese respondents, so the fall is 9.7
    // points give or take 3.3 (two standard errors of a difference of two shares near 0.33), and
    // half of it is left to causes besides the episode (the polls also bracket the March 2011
    // earthquake, which may have moved the view either way). The halt does not move the Chinese
    // public's trust, so this is the incident's channel alone.
    // Out of sample: perception.incident_salience (0.19) is calibrated on the Reed Bank sinking
    // of 2019 and Filipino opinion. The arrest, a seizure (rung 4), leads the news by default:
    // 0.19 of the room at once, and the incident's severity (0.8) costs trust_incident x 0.8 =
    // 0.032 more a quarter later, both fading at trust_reversion. Without the arrest's salience the
    // model lost 0.076 (a fail); with a sanction's full salience (trust_salience, then 0.44) 0.416.
    const double lost = favour_lost("senkaku_trawler_2010.yaml", "CHN", "JPN", q4);
    INFO("Senkaku 2010: CHN's favourable view of JPN lost by 2026Q4 " << lost << " (recorded 0.253)");
    CHECK(lost > 0.12);
    CHECK(lost < 0.35);
}

TEST_CASE("backtest HYSY-981 2014: Chinese visitors to Viet Nam fall by three to five tenths the quarter after",
          "[backtests]") {
    // scenarios/history/hysy981_2014.yaml: 2014Q2 (the rig, the sinking, the riots and China's
    // travel warning) replayed as 2026Q1, so 2014Q3 is 2026Q2, the first quarter with the warning
    // and the cancelled charters in force throughout. Recorded: Chinese arrivals in July 2014 about
    // 123,000, -28.8% year on year (GSO, via VietNamNet); tourism business from the Chinese market
    // -30% (Energy Voice, U). A fall on the year before understates the gap from the path without
    // the episode: arrivals had been growing +34% in the first half of 2014 (VNAT, via Xinhua), and
    // July's level against that growth is 0.712 / 1.34 - 1 = -47% (computed). Band [-50%, -25%]:
    // the year-on-year records less a few points (one month, one secondary figure), and the
    // counterfactual reading plus a few. Receipts the same (spend per visitor held). The lever
    // (0.35-0.55 of visitors) is the supply the warning withdrew, not this outcome.
    const std::string f = "hysy981_2014.yaml";
    const double visitors = effect(f, {"visitors", "VNM", "CHN", ""}, q2, q2);
    const double receipts = effect(f, {"tourism_receipts", "VNM", "CHN", ""}, q2, q2);
    INFO("HYSY-981: CHN visitors to VNM, 2026Q2 " << 100 * visitors << "%, receipts " << 100 * receipts << "%");
    CHECK(visitors < -0.25);
    CHECK(visitors > -0.50);
    CHECK(receipts < -0.25);
    CHECK(receipts > -0.50);
}

TEST_CASE("backtest HYSY-981 2014: the warning's own quarter falls by about a sixth",
          "[backtests]") {
    // Chinese arrivals 216,659 (April 2014), 194,018 (May), 136,726 (June) (official figures, via
    // AFP and Taipei Times, 21 July 2014): the quarter's 547,403 against three Aprils, 649,977, is
    // -15.8% (computed; U: April as the quarter's run rate, without the trend or the season).
    // Band [-25%, -8%]: the trend (+34% in the first half, VNAT) deepens the gap by a few points,
    // the season of the Chinese market may lighten it. The warning came six and a half weeks into
    // 2014Q2 (17 May), its tour suspensions on 18 May; the file dates the cut from that day, so the
    // quarter bears it on 44 of its 90 days (docs/shocks.md, dates within a quarter). While a shock
    // acted from its quarter's first day, the quarter bore the full cut: -44%.
    const double visitors = effect("hysy981_2014.yaml", {"visitors", "VNM", "CHN", ""}, q1, q1);
    INFO("HYSY-981: CHN visitors to VNM, 2026Q1 " << 100 * visitors << "% (recorded about -16%)");
    CHECK(visitors < -0.08);
    CHECK(visitors > -0.25);
}

TEST_CASE("backtest HYSY-981 2014: Chinese visitors are still down a fifth to a third in early 2015",
          "[backtests]") {
    // January-April 2015 on January-April 2014, a clean before-and-after comparison since the
    // crisis began in May 2014: Chinese arrivals among the largest falls, "ranging from 21 to 36
    // percent" (Viet Nam News Agency, via VietnamPlus); every month from June to December 2014 was
    // below the year before (GSO, via a Japanese business daily, U). 2014Q4 is 2026Q3, 2015Q1 is
    // 2026Q4. Band [-40%, -15%]: the recorded range widened by a few points for a quarter against
    // four months. The file's lever ends with 2014Q3, when the chartered routes were cancelled to
    // (VOV, via VietNamNet); what keeps visitors away after it is the fade of an ended ban, whose
    // half-life, tourism.ban_half_life_months = 6, comes from Zhou, Zhang & Zhou (2021) on Chinese
    // arrivals in Japan and Korea, not from this record: the cut of 2014Q3 (b, 0.35 to 0.55) still
    // stops 0.5^(3/6) b = 0.71 b in 2026Q3 and 0.5 b in 2026Q4, about -22%. The source's words
    // also admit three months after the peak, at which this check fails (-11.6%), so the record
    // picks the reading rather than testing it independently (-0.7% when visitors came back as
    // soon as the cut ended). 2014Q4: direction only, below the baseline.
    const std::string f = "hysy981_2014.yaml";
    const double late_2014 = effect(f, {"visitors", "VNM", "CHN", ""}, q3, q3);
    const double visitors = effect(f, {"visitors", "VNM", "CHN", ""}, q4, q4);
    INFO("HYSY-981: CHN visitors to VNM, 2026Q3 " << 100 * late_2014 << "%, 2026Q4 " << 100 * visitors
                                                  << "% (recorded -21% to -36%)");
    CHECK(late_2014 < 0);
    CHECK(visitors < -0.15);
    CHECK(visitors > -0.40);
}

TEST_CASE("backtest HYSY-981 2014: China-Viet Nam trade barely moves", "[backtests]") {
    // China-Viet Nam trade USD 58.64 bn in 2014, +16.9% (Ngo Xuan Binh, China Report 2017, from
    // Luu Ngoc Trinh 2016), against about +20% in January-August 2013 (Viet Nam's trade counsellor
    // in China, via VNS/Biz Hub); Viet Nam's imports from China +21.1% in the first half of 2014
    // (GSO, via Xinhua). The episode had no goods lever; if it slowed trade at all, it was by no
    // more than the three points between the two years' growth. Band over the replay's first four
    // quarters, both directions summed: [-3%, +1%] (a gain above a point has nothing in the record
    // to explain it).
    const std::string f = "hysy981_2014.yaml";
    const std::vector<Row> pair = {{"trade", "VNM", "CHN", ""}, {"trade", "CHN", "VNM", ""}};
    const double both = effect(f, pair, q1, q4);
    const double vn = effect(f, {"trade", "VNM", "CHN", ""}, q1, q4);
    const double cn = effect(f, {"trade", "CHN", "VNM", ""}, q1, q4);
    INFO("HYSY-981: trade both ways " << 100 * both << "% (VNM -> CHN " << 100 * vn << "%, CHN -> VNM " << 100 * cn
                                      << "%)");
    CHECK(both < 0.01);
    CHECK(both > -0.03);
}

TEST_CASE("backtest HYSY-981 2014: each public's view of the other falls", "[backtests][zones]") {
    // The rig, the ramming and the sinking led the news on both sides (the file's incident,
    // salience 1); China's travel warning coerces Viet Nam through its tourism cut. Pew's first
    // Viet Nam survey (spring 2014) found 74% of Vietnamese naming China the greatest threat (Pew
    // Research Center, via Stars and Stripes, 15 July 2014), with no earlier reading of the same
    // question, so only the direction is checked: the Vietnamese public's trust in China falls in
    // the episode's quarter and is still lower the quarter after; the Chinese public's trust in
    // Viet Nam falls too (the riots, in which China says four of its nationals were killed, have
    // no lever of their own in the file).
    const std::string f = "hysy981_2014.yaml";
    const double vnm_q1 = favour_lost(f, "VNM", "CHN", q1), vnm_q2 = favour_lost(f, "VNM", "CHN", q2);
    const double chn_q1 = favour_lost(f, "CHN", "VNM", q1);
    INFO("HYSY-981: favourable view lost: VNM of CHN " << vnm_q1 << " (2026Q1), " << vnm_q2 << " (2026Q2); CHN of VNM "
                                                      << chn_q1 << " (2026Q1)");
    CHECK(vnm_q1 > 0);
    CHECK(vnm_q2 > 0);
    CHECK(chn_q1 > 0);
}

namespace {

// GDP of `agent` over the blockade's four quarters (2027Q1-2027Q4) of
// scenarios/taiwan_strait_blockade.yaml, paired against the baseline.
double blockade_gdp(const std::string& agent) {
    const Paired& p = [] () -> const Paired& {
        static const Paired paired = against_baseline("scenarios/taiwan_strait_blockade.yaml", kBacktestRuns);
        return paired;
    }();
    double diff = 0, base = 0;
    for (int t = q5; t <= q8; ++t) {
        diff += p.diff({"gdp", agent, ""}, t);
        base += p.base({"gdp", agent, ""}, t);
    }
    return diff / base;
}

}  // namespace

TEST_CASE("backtest Taiwan blockade (model estimate): Taiwan's first-year loss within a factor of three of Bloomberg's",
          "[backtests]") {
    // Not history: Bloomberg Economics (January 2024) puts a one-year blockade at -12.2% of
    // Taiwan's GDP. Two models with different assumptions (Bloomberg adds sanctions and market
    // effects, and its blockade lets some trade through), so a factor of three: [-36.6%, -4.1%].
    // The model gives about -35.5%, near the band's edge: the scenario stops all of Taiwan's
    // trade for four quarters, exports are 58% of its GDP, and nothing in the model moves the
    // spending that went on imports to home production (docs/model.md, macro, limits).
    const double twn = blockade_gdp("TWN");
    INFO("blockade: TWN GDP " << 100 * twn << "%");
    CHECK(twn < -0.041);
    CHECK(twn > -0.366);
}

TEST_CASE("backtest Taiwan blockade (model estimate): China loses several percent of GDP", "[backtests]") {
    // Bloomberg Economics (January 2024): China -8.9% in the blockade year; a factor of three
    // gives [-26.7%, -3.0%]. The model reaches it through China's own imports from Taiwan (chips
    // missing for about a year as orders move, counted at Taiwan's own chip share of its
    // electronics, 0.597, with the value added of the users' domestic suppliers) and one
    // cross-border round (the goods of economies whose users stopped, a quarter later): about
    // -4.2% (-3.2% when GDP moved a quarter after the flows; then -1.5% with Taiwan's
    // electronics at the group's chip share 0.24, -1.4% without the cross-border round). Left out: later rounds, users of chips by economy (world averages
    // tilted by each economy's exports), the capacity limits of other fabs, air freight, and the
    // sanctions and financial effects Bloomberg's scenario adds.
    const double chn = blockade_gdp("CHN");
    INFO("blockade: CHN GDP " << 100 * chn << "%");
    CHECK(chn < -0.030);
    CHECK(chn > -0.267);
}

TEST_CASE("backtest Taiwan blockade (model estimate): the US loses several percent of GDP",
          "[backtests]") {
    // Bloomberg Economics (January 2024): the US -3.3%; a factor of three gives [-9.9%, -1.1%].
    // The model gives about -1.39% (-1.05%, outside the band, an expected failure, when GDP
    // moved a quarter after the flows that set it): the US buys less of Taiwan's electronics as chips than Asia does and
    // loses mostly through the second round, of which the model keeps one. Bloomberg's estimate
    // also holds trade barriers between the US with its allies and China (tariffs and non-tariff
    // measures in the WTO Global Trade Model as a proxy for sanctions and export controls; 50%
    // tariffs in its war scenario) and a financial-market shock (its methodology note, via The
    // Columbian, 14 January 2024); the blockade's barrier rates are not in the sources found, so
    // the scenario replays neither, and the comparison is of the supply-chain channel alone,
    // which should sit in the band's lower part, as it does.
    const double usa = blockade_gdp("USA");
    INFO("blockade: USA GDP " << 100 * usa << "%");
    CHECK(usa < -0.011);
    CHECK(usa > -0.099);
}

namespace {

// Taiwan's FDI flows over the New Southbound Policy's first seven years (2016Q4-2023Q3, replayed
// as 2026Q1-2032Q4): to the ten ASEAN members the programme names, summed, and to China.
struct NspEffects {
    double asean, china;
};

NspEffects new_southbound() {
    const std::string f = "taiwan_new_southbound_2016.yaml";
    std::vector<Row> asean;
    for (const char* h : {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"})
        asean.push_back({"fdi_flow", "TWN", h, ""});
    const int last = step_of(2032, 4);
    return {effect(f, asean, q1, last), effect(f, {"fdi_flow", "TWN", "CHN", ""}, q1, last)};
}

}  // namespace

TEST_CASE("backtest New Southbound Policy 2016: the programme moves Taiwan's FDI from China toward ASEAN, "
          "within the recorded shift",
          "[backtests]") {
    // The lever is the programme's money over the flow it aims at (0.013-0.10 of the cost, the
    // file's header), not the outcome. The record compares 2016-2023 with 2008-2015 and holds
    // everything else that happened (the 2018-19 tariffs, costs in China, COVID-19): approved
    // investment in China -44%, elsewhere +96% (MOEA, via Taiwan News, 12 Sep 2023). The
    // programme's paired effect must have the record's sign and cannot exceed the whole change:
    // bands (0, +96%) for the ten ASEAN members and (-44%, 0) for China. The lower ends are the
    // sign because a subsidy of the hosts can only raise their share.
    const NspEffects e = new_southbound();
    INFO("NSP 2016-2023: Taiwan's FDI to ASEAN " << 100 * e.asean << "%, to China " << 100 * e.china << "%");
    CHECK(e.asean > 0);
    CHECK(e.asean < 0.96);
    CHECK(e.china < 0);
    CHECK(e.china > -0.44);
}

TEST_CASE("backtest New Southbound Policy 2016: Taiwan's investment in China falls by the recorded two fifths",
          "[backtests][!shouldfail]") {
    // MOEA: approved investment in China -44% from 2008-2015 to 2016-2023; China's share of
    // approved outward investment 83.8% (2010) -> about 34% (2022) -> 11.4% (2023) (Mainland
    // Affairs Council from Investment Commission figures). Band [-60%, -30%] around the -44%.
    // The programme at its budget cannot reach it: in the logit the subsidy raises the ASEAN
    // hosts' utility by investment.beta_subsidy x 0.013-0.10, at most exp(0.25) on their odds
    // against China, and the model has none of what the MOEA itself credits for the shift: no
    // cost of producing in China, no risk of a host to its rival's firms (China claims no zone,
    // so cross-strait tension never enters its host risk), no link from the 2018-19 tariffs on
    // China's exports to where exporters invest (as in episode 5).
    const NspEffects e = new_southbound();
    INFO("NSP 2016-2023: Taiwan's FDI to China " << 100 * e.china << "%");
    CHECK(e.china < -0.30);
    CHECK(e.china > -0.60);
}

TEST_CASE("backtest ECFA Early Harvest 2011-13: the cuts raise Taiwan's sales to China by the list's share of "
          "the recorded gain",
          "[backtests][openings]") {
    // The list's goods, 16.1% of Taiwan's exports to China, went to zero tariff in 2011-2013
    // (MOEA). Two readings of what that did by 2013 (Economic Daily News from MOEA figures):
    // Taiwan's share of China's imports of the list's goods rose 12.15% -> 12.17% while its share
    // of all China's imports fell 8.3% -> 8.03%, +3.5% for the list against the rest (computed),
    // which nets out China's demand for those goods; the list's exports rose 10.7% a year against
    // 2.2% for other goods, +27.1% over three years (computed), which does not, and the list was
    // chosen for goods that were growing. The lower reading is the floor and the higher the
    // ceiling, on the list's 16.1% of the flow: [+0.56%, +4.4%] for Taiwan's exports to China in
    // 2013 (replayed as 2028). China's exports to Taiwan: the list's imports rose 8.8% a year
    // against 6.4%, +6.9% over three years on 10.5% of the flow (computed): (0, +0.73%].
    const std::string f = "ecfa_early_harvest_2011.yaml";
    const int y3 = step_of(2028, 1);
    const double twn_cn = effect(f, {"trade", "TWN", "CHN", ""}, y3, y3 + 3);
    const double cn_twn = effect(f, {"trade", "CHN", "TWN", ""}, y3, y3 + 3);
    INFO("ECFA 2013: TWN -> CHN " << 100 * twn_cn << "%, CHN -> TWN " << 100 * cn_twn << "%");
    CHECK(twn_cn > 0.0056);
    CHECK(twn_cn < 0.044);
    CHECK(cn_twn > 0);
    CHECK(cn_twn < 0.0073);
}

namespace {

const std::vector<std::string> kRcep = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL",
                                        "SGP", "THA", "VNM", "CHN", "JPN", "KOR"};

std::vector<Row> flows(const std::vector<std::string>& from, const std::vector<std::string>& to) {
    std::vector<Row> rows;
    for (const std::string& a : from)
        for (const std::string& b : to)
            if (a != b) rows.push_back({"trade", a, b, ""});
    return rows;
}

}  // namespace

TEST_CASE("backtest RCEP (model estimate): members' trade with each other, Japan's gain and the diversion "
          "against UNCTAD's",
          "[backtests][openings]") {
    // Not history: UNCTAD (A New Centre of Gravity, December 2021; press release PR/2021/047)
    // estimates that RCEP's tariff concessions, in full, raise exports among the members by
    // about 2% (USD 42 bn on 2.3 trn), of which about 25 bn is diverted from non-members and 17
    // bn created; Japan gains most, about +5.5% of its exports to the members (20.2 bn);
    // Cambodia, Indonesia, the Philippines and Viet Nam export less as their ASEAN+1
    // preferences erode. Two models with different elasticities and data years: a factor of
    // two on each size, [+1%, +4%] for the members' trade, [+2.75%, +11%] for Japan, and the
    // diverted share of the gain, 60%, within [30%, 90%]. Read over the last four quarters of
    // scenarios/rcep.yaml, which has the full 90% cut from 2031Q1.
    const std::string f = "../rcep.yaml";
    const int last = step_of(2035, 1), first = last - 3;
    const std::vector<std::string> outside = {"USA", "EUR", "TWN", "ROW", "TLS"};
    const double intra = effect(f, flows(kRcep, kRcep), first, last);
    const double japan = effect(f, flows({"JPN"}, kRcep), first, last);
    double gain = 0, lost = 0;
    for (const Row& r : flows(kRcep, kRcep)) gain += change(f, r, first, last);
    for (const Row& r : flows(outside, kRcep)) lost += change(f, r, first, last);
    const double diverted = -lost / gain;
    INFO("RCEP: members' trade " << 100 * intra << "%, Japan's exports to members " << 100 * japan
                                 << "%, diverted share of the gain " << 100 * diverted << "%");
    CHECK(intra > 0.01);
    CHECK(intra < 0.04);
    CHECK(japan > 0.0275);
    CHECK(japan < 0.11);
    CHECK(diverted > 0.30);
    CHECK(diverted < 0.90);
    for (const char* loser : {"KHM", "IDN", "PHL", "VNM"}) {
        const double x = effect(f, flows({loser}, kRcep), first, last);
        INFO(loser << "'s exports to the members " << 100 * x << "%");
        CHECK(x < 0);
    }
}

TEST_CASE("backtest China-Philippines 2016: fruit exports recover in the quarter the suspension is lifted",
          "[backtests][openings]") {
    // The record (PSA, via Entrepreneur Philippines): banana exports to China in 2016Q4, the
    // quarter of the lift, were 2.2 times those of 2015Q4. 2015Q4 was itself low (exports had
    // fallen since early 2015, same source), so the record says the suspended flow came back
    // within the quarter, not more. Band: at least three quarters of the shortfall of the last
    // suspended quarter (2025Q4 = 2016Q3) is made up in the quarter of the lift (2026Q1); the
    // quarter is lenient for orders placed elsewhere that return over the next months. The suspension itself must bite: at least half of its 5% lever
    // shows in 2025Q4 (orders placed elsewhere take part of the blocked flow's place), and at
    // most half as much again (the second round through the coerced public's trust and the
    // bloc distance in trade costs is smaller than the lever).
    const std::string f = "china_philippines_rapprochement_2016.yaml";
    const Row agf{"trade", "PHL", "CHN", "AGF"};
    const int before = step_of(2025, 4);
    const double held = effect(f, agf, before, before), after = effect(f, agf, q1, q1);
    INFO("PHL AGF exports to China: " << 100 * held << "% in the last suspended quarter, " << 100 * after
                                      << "% in the quarter of the lift");
    CHECK(held < -0.025);
    CHECK(held > -0.075);
    CHECK(after > 0.25 * held);
    CHECK(after <= 0);
    // Not a check against the record but of the lever's units (USD bn a year, a quarter is a
    // fourth): the scenario's realisation, 924 / 9,000, was taken from the USD 924 m of loan and
    // grant agreements signed in the three years to October 2019 (SCMP), so the pledge must pay
    // 9 x 0.103 = 0.927 over its 12 quarters, and nothing after.
    const Episode& e = episode(f);
    const int chn = e.alt.index_of("CHN"), phl = e.alt.index_of("PHL");
    double paid = 0;
    for (int t = q1; t < q1 + 12; ++t) paid += perception::official_from(e.a[0][t], chn, phl) / 4;
    CHECK(paid == Approx(9 * 0.103).margin(1e-9));
    CHECK(perception::official_from(e.a[0][q1 + 12], chn, phl) == 0);
}

TEST_CASE("backtest China-Philippines 2016: the rewards leave the public's view of China about where it was",
          "[backtests][openings]") {
    // Pew: 54% of Filipinos favourable to China in 2015, 55% in Feb-May 2017 (via ABS-CBN, 22 Sep
    // 2017). On trust's 2p - 1 scale that is +0.02; each poll has about 1,000 respondents, so the
    // difference of two is known to about 4.4 points (95%), 0.09 on the scale. Band: the paired
    // change of PHL's trust in CHN over the fieldwork's quarters, 2026Q2-2026Q3 (= 2017Q1-Q2),
    // within [-0.07, +0.11]. It fails if the money bought goodwill at ten times trust_aid (0.01
    // per USD bn a year), or if the lift brought a rebound of trust the polls did not see.
    const Episode& e = episode("china_philippines_rapprochement_2016.yaml");
    const int phl = e.alt.index_of("PHL"), chn = e.alt.index_of("CHN");
    double moved = 0;
    for (int r = 0; r < kBacktestRuns; ++r)
        for (int t = q2; t <= q3; ++t)
            moved += (e.a[r][t].trust(phl, chn) - e.b[r][t].trust(phl, chn)) / (2 * kBacktestRuns);
    INFO("PHL trust in CHN, 2026Q2-Q3, against the baseline: " << moved);
    CHECK(moved > -0.07);
    CHECK(moved < 0.11);
}

namespace {

// The paired change at quarter t of the equal-weighted mean over `members` of a per-agent
// position (alignment or stated_alignment), mean over the runs.
double mean_shift(const std::string& file, const std::vector<std::string>& members, bool stated, int t) {
    const Episode& e = episode(file);
    double sum = 0;
    for (int r = 0; r < kBacktestRuns; ++r)
        for (const std::string& m : members) {
            const int i = e.alt.index_of(m);
            const State &a = e.a[r][t], &b = e.b[r][t];
            sum += stated ? a.stated_alignment[i] - b.stated_alignment[i] : a.alignment[i] - b.alignment[i];
        }
    return sum / (kBacktestRuns * static_cast<double>(members.size()));
}

}  // namespace

TEST_CASE("backtest US election 2020: the survey's lean to the US rises within the quarter by the recorded size",
          "[backtests][salience]") {
    // ISEAS State of Southeast Asia: if forced to choose, 53.6% of all ASEAN respondents chose
    // the US in the 2020 survey and 61.5% in the 2021 survey, fielded two to ten weeks after the
    // election (calibration.md; ISEAS via CNBC): x = 2p - 1 rises by 0.158. The survey's ASEAN
    // figure weighs the ten members of 2020 alike (U), so the check is the plain mean of their
    // stated alignment, paired against the baseline at the end of the election's quarter
    // (2026Q1). Band [0.07, 0.246], argued in docs/backtests.md: each survey has about a
    // thousand respondents, so the difference of two shares is known to about 4.4 points (95%),
    // 7.9 +- 4.4 points, 0.158 +- 0.088 in x. Hand-worked expectation: the lever raises the
    // target by w_credibility (0.6) x 0.21 = 0.126; stated alignment closes adjustment_news
    // (0.75) of it, about 0.095; alignment, which surveys were read against before stated
    // alignment existed, closes adjustment (0.25), about 0.032: below the band.
    const std::vector<std::string> asean = {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM"};
    const double stated = mean_shift("us_election_2020.yaml", asean, true, q1);
    const double held = mean_shift("us_election_2020.yaml", asean, false, q1);
    INFO("ASEAN mean, 2026Q1 against the baseline: stated alignment +" << stated << ", alignment +" << held
                                                                      << " (recorded +0.158)");
    CHECK(stated > 0.07);
    CHECK(stated < 0.246);
    // The gap between them is the speed alone: same target, 0.75 against 0.25 of it.
    CHECK(held < 0.07);
    CHECK(stated == Approx(3 * held).epsilon(0.1));
}
