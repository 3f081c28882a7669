#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <set>
#include <yaml-cpp/yaml.h>

#include "cli_harness.hpp"

using namespace geosim::test;

namespace {

// Splits one CSV line of series.csv (no quoted fields occur in it).
std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : line) {
        if (c == ',') {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

}  // namespace

TEST_CASE("run: the same scenario and seed give byte-identical outputs", "[cli][determinism]") {
    TempDir tmp;
    const Result a = run_geosim("run scenarios/baseline.yaml --quiet --out '" + (tmp / "a").string() + "'");
    const Result b = run_geosim("run scenarios/baseline.yaml --quiet --out '" + (tmp / "b").string() + "'");
    REQUIRE(a.code == 0);
    REQUIRE(b.code == 0);
    for (const char* f : {"series.csv", "events.csv", "ties-2025Q1.graphml", "ties-2035Q1.graphml"}) {
        INFO(f);
        const std::string x = slurp(tmp / "a" / f);
        REQUIRE(!x.empty());
        REQUIRE(x == slurp(tmp / "b" / f));
    }
    // A different seed gives a different history (ties and incidents are random).
    const Result c = run_geosim("run scenarios/baseline.yaml --quiet --seed 1 --out '" + (tmp / "c").string() + "'");
    REQUIRE(c.code == 0);
    REQUIRE(slurp(tmp / "c" / "events.csv") != slurp(tmp / "a" / "events.csv"));
}

TEST_CASE("run: quarter 0 reproduces the world file's trade figures to 1e-9", "[cli][calibration]") {
    TempDir tmp;
    const Result r = run_geosim("run scenarios/baseline.yaml --quiet --out '" + (tmp / "r").string() + "'");
    REQUIRE(r.code == 0);

    // Step-0 exports from series.csv.
    std::map<std::pair<std::string, std::string>, double> flow;
    std::ifstream in(tmp / "r" / "series.csv");
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "run,step,date,indicator,agent,partner,sector,value");
    while (std::getline(in, line)) {
        const auto f = fields(line);
        if (f[1] != "0") break;
        if (f[3] == "trade") flow[{f[4], f[5]}] = std::stod(f[7]);
    }
    REQUIRE(flow.size() == 18 * 17);

    // The world file's own figures, read with yaml-cpp directly: every agent's export and import
    // total and every target (bloc ids stand for their members).
    const std::string dir = std::string(GEOSIM_SOURCE_DIR) + "/scenarios/world/";
    const YAML::Node agents = YAML::LoadFile(dir + "agents.yaml")["agents"];
    const YAML::Node root = YAML::LoadFile(dir + "default.yaml");
    YAML::Node blocs = root["blocs"];
    if (!blocs) blocs = YAML::LoadFile(dir + "blocs.yaml")["blocs"];
    auto expand = [&](const YAML::Node& n) {
        std::vector<std::string> ids;
        auto one = [&](const std::string& id) {
            if (blocs[id]) {
                for (const auto& m : blocs[id]["members"]) ids.push_back(m.as<std::string>());
            } else {
                ids.push_back(id);
            }
        };
        if (n.IsSequence()) {
            for (const auto& e : n) one(e.as<std::string>());
        } else {
            one(n.as<std::string>());
        }
        return ids;
    };
    int checked = 0;
    for (const auto& kv : agents) {
        const std::string id = kv.first.as<std::string>();
        for (const char* key : {"exports", "imports"}) {
            if (!kv.second[key]) continue;
            const double want = kv.second[key]["value"].as<double>();
            double got = 0;
            for (const auto& [pair, v] : flow)
                if ((std::string(key) == "exports" ? pair.first : pair.second) == id) got += v;
            INFO(id << " " << key);
            REQUIRE(std::fabs(got - want) <= 1e-9 * want);
            ++checked;
        }
    }
    const YAML::Node targets = YAML::LoadFile(dir + "trade.yaml")["trade"]["targets"];
    for (const auto& t : targets) {
        const auto from = expand(t["from"]), to = expand(t["to"]);
        const bool two_way = t["two_way"] && t["two_way"].as<bool>();
        std::set<std::pair<std::string, std::string>> cells;
        for (const auto& i : from)
            for (const auto& j : to)
                if (i != j) {
                    cells.insert({i, j});
                    if (two_way) cells.insert({j, i});
                }
        double got = 0;
        for (const auto& c : cells) got += flow.at(c);
        const double want = t["value"].as<double>();
        INFO("target " << t["from"] << " -> " << t["to"]);
        REQUIRE(std::fabs(got - want) <= 1e-9 * want);
        ++checked;
    }
    REQUIRE(checked > 30);
}

TEST_CASE("run: every scenario in scenarios/ runs for 4 quarters", "[cli][scenarios]") {
    TempDir tmp;
    int count = 0;
    for (const auto& e : fs::directory_iterator(fs::path(GEOSIM_SOURCE_DIR) / "scenarios")) {
        if (e.path().extension() != ".yaml") continue;
        // A copy with horizon 4 whose world path points back at the original's world.
        YAML::Node doc = YAML::LoadFile(e.path().string());
        doc["horizon"] = 4;
        doc["world"] = (e.path().parent_path() / doc["world"].as<std::string>()).string();
        const fs::path copy = tmp / ("4q-" + e.path().filename().string());
        { std::ofstream(copy) << doc; }
        const Result r = run_geosim("run '" + copy.string() + "' --quiet --out '" + (tmp / e.path().stem().string()).string() + "'");
        INFO(e.path() << "\n" << r.err);
        REQUIRE(r.code == 0);
        const std::string series = slurp(tmp / e.path().stem().string() / "series.csv");
        REQUIRE(series.find("\n0,4,") != std::string::npos);  // step 4 was recorded
        ++count;
    }
    REQUIRE(count >= 1);
}

TEST_CASE("run, sweep and compare folders carry indicators.csv with every indicator they record",
          "[cli][indicators]") {
    TempDir tmp;
    const std::string run = (tmp / "run").string(), sweep = (tmp / "sweep").string(), cmp = (tmp / "cmp").string();
    REQUIRE(run_geosim("run tests/data/tiny.yaml --quiet --out '" + run + "'").code == 0);
    REQUIRE(run_geosim("sweep tests/data/tiny.yaml --runs 2 --quiet --out '" + sweep + "'").code == 0);
    REQUIRE(run_geosim("compare tests/data/tiny.yaml tests/data/tiny.yaml --quiet --out '" + cmp + "'").code == 0);
    // The indicators of the first column of indicators.csv.
    auto listed = [](const fs::path& file) {
        std::set<std::string> names;
        std::istringstream in(slurp(file));
        std::string line;
        std::getline(in, line);
        REQUIRE(line == "indicator,unit,per,meaning");
        while (std::getline(in, line)) names.insert(line.substr(0, line.find(',')));
        return names;
    };
    // The indicators of a tidy table (column `indicator`: the fourth of series.csv, the third of compare.csv).
    auto recorded = [](const fs::path& file, std::size_t column) {
        std::set<std::string> names;
        std::istringstream in(slurp(file));
        std::string line;
        std::getline(in, line);
        while (std::getline(in, line)) names.insert(fields(line)[column]);
        return names;
    };
    const std::set<std::string> names = listed(fs::path(run) / "indicators.csv");
    CHECK(names.count("gdp") == 1);
    CHECK(names.count("tie_level") == 1);
    for (const std::string& n : recorded(fs::path(run) / "series.csv", 3)) CHECK(names.count(n) == 1);
    for (const std::string& n : recorded(fs::path(cmp) / "compare.csv", 2)) CHECK(names.count(n) == 1);
    CHECK(slurp(fs::path(sweep) / "indicators.csv") == slurp(fs::path(run) / "indicators.csv"));
    CHECK(slurp(fs::path(cmp) / "indicators.csv") == slurp(fs::path(run) / "indicators.csv"));
}
