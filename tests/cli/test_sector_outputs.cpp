#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "cli_harness.hpp"
#include "sweep_outputs.hpp"

using namespace geosim::test;

// The rows by goods group in series.csv, summary.csv and compare.csv, the outcomes that name a
// group, and `geosim list sectors`, on the default world (ten groups), the four-economy test
// world (one group, "goods") and that world with a two-group table.
namespace {

const std::string kTinyWorld = std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny_world.yaml";

// The test world with two goods groups, written into `dir` with its includes made absolute.
fs::path sector_world(const TempDir& dir) {
    std::string text = slurp(kTinyWorld);
    text = std::regex_replace(text, std::regex("\\.\\./\\.\\./scenarios"), std::string(GEOSIM_SOURCE_DIR) + "/scenarios");
    const std::string anchor = "description: Four economies and one bloc for tests.\n";
    const auto at = text.find(anchor);
    REQUIRE(at != std::string::npos);
    text.insert(at + anchor.size(),
                "sectors:\n"
                "  unit: \"USD bn a year\"\n"
                "  source: \"test fixture\"\n"
                "  groups:\n"
                "    - {id: ELE, name: electronics, theta: 6, intermediate: 0.6, critical: 0.4, downstream_va: 2,"
                " source: \"test fixture\"}\n"
                "    - {id: OTH, name: other goods, theta: 3, source: \"test fixture\"}\n"
                "  exports:\n"
                "    - {agent: CHN, ELE: 0.4, OTH: 0.6, source: \"test fixture\"}\n"
                "  imports:\n"
                "    - {agent: KOR, ELE: 0.3, OTH: 0.7, source: \"test fixture\"}\n"
                "  targets:\n"
                "    - {from: CHN, to: KOR, sector: ELE, value: 150, source: \"test fixture\"}\n");
    return dir.write("world.yaml", text);
}

// A scenario on `world` of 8 quarters, with `extra` appended (line 6 on).
fs::path scenario_on(const TempDir& dir, const std::string& name, const fs::path& world, const std::string& extra = "") {
    return dir.write(name + ".yaml", "name: " + name + "\nworld: " + world.string() +
                                         "\nstart: 2025Q1\nhorizon: 8\nseed: 3\n" + extra);
}

std::vector<std::vector<std::string>> read_rows(const fs::path& csv) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(slurp(csv));
    for (std::string line; std::getline(in, line);) rows.push_back(csv_fields(line));
    return rows;
}

// Checks that the group rows of a series.csv add up to the totals: sector_trade over groups to
// trade (per pair and quarter), sector_exports and sector_imports to exports and imports, each to
// 1e-9 relative. Returns the goods groups seen.
std::set<std::string> check_group_sums(const fs::path& series) {
    const auto rows = read_rows(series);
    REQUIRE(rows.front() == std::vector<std::string>{"run", "step", "date", "indicator", "agent", "partner", "sector", "value"});
    using Key = std::tuple<std::string, std::string, std::string, std::string>;  // step, indicator, agent, partner
    std::map<Key, double> total, sum;
    std::map<Key, int> groups;
    std::set<std::string> sectors;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        const auto& f = rows[k];
        REQUIRE(f.size() == 8);
        const std::string& indicator = f[3];
        const double v = std::stod(f[7]);
        if (indicator == "trade" || indicator == "exports" || indicator == "imports") {
            REQUIRE(f[6].empty());
            total[{f[1], indicator, f[4], f[5]}] = v;
        } else if (indicator == "sector_trade" || indicator == "sector_exports" || indicator == "sector_imports") {
            REQUIRE(!f[6].empty());
            REQUIRE(f[5].empty() == (indicator != "sector_trade"));
            const Key key{f[1], indicator.substr(7), f[4], f[5]};
            sum[key] += v;
            ++groups[key];
            sectors.insert(f[6]);
        } else {
            REQUIRE(f[6].empty() == (indicator != "bloc_sector_trade_share"));
        }
    }
    REQUIRE(!total.empty());
    REQUIRE(sum.size() == total.size());
    for (const auto& [key, value] : total) {
        INFO(std::get<0>(key) << " " << std::get<1>(key) << " " << std::get<2>(key) << " " << std::get<3>(key));
        REQUIRE(sum.count(key) == 1);
        REQUIRE(groups[key] == static_cast<int>(sectors.size()));
        CHECK(std::fabs(sum[key] - value) <= 1e-9 * std::fabs(value));
    }
    return sectors;
}

}  // namespace

TEST_CASE("series.csv: the rows by goods group add up to trade, exports and imports", "[cli][sectors][outputs]") {
    TempDir tmp;
    SECTION("the default world: ten groups") {
        const Result r = run_geosim("run scenarios/baseline.yaml --quiet --out '" + (tmp / "base").string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(check_group_sums(tmp / "base" / "series.csv") ==
              std::set<std::string>{"AGF", "ENE", "MIN", "CHM", "TEX", "WOD", "ELE", "MAC", "VEH", "OTH"});
    }
    SECTION("a world without a sectors table: one group of all goods") {
        const Result r = run_geosim("run tests/data/tiny.yaml --quiet --out '" + (tmp / "tiny").string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(check_group_sums(tmp / "tiny" / "series.csv") == std::set<std::string>{"goods"});
    }
    SECTION("a world with two groups") {
        const fs::path s = scenario_on(tmp, "two", sector_world(tmp));
        const Result r = run_geosim("run '" + s.string() + "' --quiet --out '" + (tmp / "two").string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        CHECK(check_group_sums(tmp / "two" / "series.csv") == std::set<std::string>{"ELE", "OTH"});
        const std::string series = slurp(tmp / "two" / "series.csv");
        // supply_loss is per agent; the bloc's shares by group are per partner and group.
        CHECK(series.find("0,0,2025Q1,supply_loss,USA,,,0\n") != std::string::npos);
        CHECK(series.find(",bloc_sector_trade_share,ASEAN,CHN,ELE,") != std::string::npos);
    }
}

TEST_CASE("summary.csv has rows by goods group only when the sweep section asks", "[cli][sectors][sweep]") {
    TempDir tmp;
    const fs::path world = sector_world(tmp);
    const fs::path asked = scenario_on(tmp, "asked", world, "sweep:\n  summary: [gdp, sector_trade, supply_loss]\n");
    const fs::path plain = scenario_on(tmp, "plain", world);
    for (const auto& [s, out] : {std::pair{asked, "asked"}, std::pair{plain, "plain"}}) {
        const Result r = run_geosim("sweep '" + s.string() + "' --runs 3 --threads 2 --quiet --out '" + (tmp / out).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    const auto rows = read_rows(tmp / "asked" / "summary.csv");
    REQUIRE(rows.front()[5] == "sector");
    std::size_t by_group = 0;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        REQUIRE((rows[k][2] == "gdp" || rows[k][2] == "sector_trade" || rows[k][2] == "supply_loss"));
        CHECK(rows[k][5].empty() == (rows[k][2] != "sector_trade"));
        if (rows[k][2] == "sector_trade") ++by_group;
    }
    CHECK(by_group == 9 * 5 * 4 * 2);  // 9 quarters x 5 agents x 4 partners x 2 groups
    CHECK(slurp(tmp / "asked" / "summary.csv").find("\n8,2027Q1,supply_loss,KOR,,,3,") != std::string::npos);
    // Not by default: the default summary has no row by goods group, nor supply_loss.
    const std::string plain_summary = slurp(tmp / "plain" / "summary.csv");
    CHECK(plain_summary.rfind("step,date,indicator,agent,partner,sector,n,", 0) == 0);
    CHECK(plain_summary.find("sector_") == std::string::npos);
    CHECK(plain_summary.find(",supply_loss,") == std::string::npos);
}

TEST_CASE("compare.csv carries the goods group of each row", "[cli][sectors][compare]") {
    TempDir tmp;
    const fs::path world = sector_world(tmp);
    const fs::path base = scenario_on(tmp, "base", world);
    const fs::path alt = scenario_on(tmp, "alt", world,
                                     "shocks:\n  - {name: t, kind: tariff, at: 2025Q3, sender: KOR, targets: CHN, rate: 0.3,"
                                     " sectors: [ELE]}\n");
    const Result r = run_geosim("compare '" + base.string() + "' '" + alt.string() + "' --runs 2 --threads 2 --quiet --out '" +
                                (tmp / "cmp").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto rows = read_rows(tmp / "cmp" / "compare.csv");
    REQUIRE(rows.front() == std::vector<std::string>{"step", "date", "indicator", "agent", "partner", "sector", "base",
                                                     "alt", "diff", "diff_pct", "diff_lo", "diff_hi"});
    double ele = 0, oth = 0;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        const auto& f = rows[k];
        REQUIRE(f.size() == 12);
        if (f[0] == "8" && f[2] == "sector_trade" && f[3] == "CHN" && f[4] == "KOR") (f[5] == "ELE" ? ele : oth) = std::stod(f[8]);
    }
    // The tariff on electronics cuts that group's flow and not the other's as much.
    CHECK(ele < 0);
    CHECK(std::fabs(ele) > std::fabs(oth));
}

TEST_CASE("sweep outcomes name a goods group last; an unknown group is a located error", "[cli][sectors][sweep]") {
    TempDir tmp;
    const fs::path world = sector_world(tmp);
    const fs::path good = scenario_on(tmp, "good", world,
                                      "sweep:\n  outcomes: [\"sector_trade(CHN, KOR, ELE)\", \"sector_exports(KOR, OTH)\", "
                                      "\"supply_loss(KOR)\"]\n");
    const Result r = run_geosim("sweep '" + good.string() + "' --runs 2 --threads 2 --quiet --out '" + (tmp / "good").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    CHECK(slurp(tmp / "good" / "runs.csv").rfind("run,seed,\"sector_trade(CHN, KOR, ELE)\",\"sector_exports(KOR, OTH)\","
                                                 "supply_loss(KOR),shocks,error\n", 0) == 0);

    struct Case {
        std::string outcome;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"sector_trade(CHN, KOR, ELX)",
         "sweep.outcomes[0]: unknown sector 'ELX' (did you mean 'ELE'?); this world's goods groups are ELE, OTH"},
        {"sector_exports(KOR, goods)", "sweep.outcomes[0]: unknown sector 'goods'; this world's goods groups are ELE, OTH"},
        {"sector_trade(CHN, KOR)",
         "sweep.outcomes[0]: sector_trade is given by goods group: expected sector_trade(agent, partner, sector), got "
         "'sector_trade(CHN, KOR)'"},
        {"trade(CHN, KOR, ELE)",
         "sweep.outcomes[0]: trade has no goods group: expected trade(agent) or trade(agent, partner), got "
         "'trade(CHN, KOR, ELE)'"},
    };
    for (const Case& c : cases) {
        const fs::path bad = scenario_on(tmp, "bad", world, "sweep:\n  outcomes: [\"" + c.outcome + "\"]\n");
        const Result b = run_geosim("sweep '" + bad.string() + "' --runs 2 --quiet --out '" + (tmp / "bad").string() + "'");
        CHECK(b.code == 2);
        CHECK(b.err == bad.string() + ":7:14: " + c.message + "\n");
        CHECK(!fs::exists(tmp / "bad"));
    }
}

TEST_CASE("list sectors: each group's elasticities, input figures and share of world trade", "[cli][sectors][list]") {
    TempDir tmp;
    const fs::path world = sector_world(tmp);
    const Result r = run_geosim("list sectors --world '" + world.string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    // The world's own figures at the start, from step 0 of a run.
    const fs::path s = scenario_on(tmp, "one", world);
    REQUIRE(run_geosim("run '" + s.string() + "' --quiet --out '" + (tmp / "run").string() + "'").code == 0);
    std::map<std::string, double> flow;
    double all = 0;
    for (const auto& f : read_rows(tmp / "run" / "series.csv"))
        if (f[1] == "0" && f[3] == "sector_trade") {
            flow[f[6]] += std::stod(f[7]);
            all += std::stod(f[7]);
        }
    const double mean_theta = (6 * flow["ELE"] + 3 * flow["OTH"]) / all;
    // id, name, theta, used, intermediate, critical, downstream_va, user_va_share, trade_share
    struct Want {
        std::string id;
        double theta, intermediate, critical, downstream;
    };
    std::istringstream lines(r.out);
    std::string line;
    std::getline(lines, line);
    CHECK(line == "sectors (" + world.string() + "; docs/model.md, \"Trade: structural gravity by goods group\"):");
    std::getline(lines, line);  // the column names
    CHECK(line.find("theta") != std::string::npos);
    for (const Want& w : {Want{"ELE", 6, 0.6, 0.4, 2}, Want{"OTH", 3, 0, 0, 0}}) {
        REQUIRE(std::getline(lines, line));
        std::vector<std::string> words;
        std::istringstream in(line);
        for (std::string word; in >> word;) words.push_back(word);
        REQUIRE(words.size() >= 9);
        INFO(line);
        CHECK(words.front() == w.id);
        const std::size_t n = words.size();
        auto near = [](const std::string& shown, double want, double tolerance) {
            return std::fabs(std::stod(shown) - want) <= tolerance;
        };
        CHECK(near(words[n - 7], w.theta, 1e-9));
        CHECK(near(words[n - 6], 4.0 * w.theta / mean_theta, 5e-3 * 4.0 * w.theta / mean_theta));
        CHECK(near(words[n - 5], w.intermediate, 1e-9));
        CHECK(near(words[n - 4], w.critical, 1e-9));
        CHECK(near(words[n - 3], w.downstream, 1e-9));
        CHECK(near(words[n - 2], 0, 1e-9));  // user_va_share: not given
        CHECK(near(words[n - 1], flow[w.id] / all, 5e-5));
    }
    // No group names its users in this table, so no users block.
    CHECK(r.out.find("users (") == std::string::npos);
    // The default world: chips' and rare earths' users, in the table's group order.
    const Result def = run_geosim("list sectors");
    REQUIRE(def.code == 0);
    CHECK(def.out.find("\n  users (the groups an importer short of the group ships less of; shares of the users' output):\n"
                       "    MIN  ELE 0.45, VEH 0.55\n"
                       "    ELE  ELE 0.37, MAC 0.14, VEH 0.49\n") != std::string::npos);
    // A world without a table has the one group of all goods, all of world trade.
    const Result d = run_geosim("list sectors --world tests/data/tiny_world.yaml");
    REQUIRE(d.code == 0);
    CHECK(std::regex_search(d.out, std::regex("\n  goods .* 1\\.0000\n")));
}
