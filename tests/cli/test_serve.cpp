#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <future>
#include <regex>
#include <map>
#include <sstream>
#include <thread>

#include "cli/http_server.hpp"
#include "cli_harness.hpp"
#include "serve_harness.hpp"

using namespace geosim::test;

namespace {

// The economies and partners of a sweep answer's focus (docs/http-api.md).
struct Focus {
    std::vector<std::string> economies, partners;
    bool economy(const std::string& id) const { return std::find(economies.begin(), economies.end(), id) != economies.end(); }
    bool partner(const std::string& id) const { return std::find(partners.begin(), partners.end(), id) != partners.end(); }
};

std::vector<std::string> strings(const YAML::Node& list) {
    std::vector<std::string> out;
    for (const YAML::Node& s : list) out.push_back(s.as<std::string>());
    return out;
}

Focus focus_of(const YAML::Node& answer) {
    return {strings(answer["focus"]["economies"]), strings(answer["focus"]["partners"])};
}

// The rows the dashboard charts (docs/http-api.md): the statistics of summary.csv for them,
// keyed "step|indicator|agent|partner" -> mean, p05, p25, p50, p75, p95 as written.
std::map<std::string, std::vector<std::string>> charted_summary(const fs::path& csv, const Focus& focus) {
    std::ifstream in(csv);
    std::string line;
    std::getline(in, line);
    REQUIRE(line == "step,date,indicator,agent,partner,sector,n,mean,sd,p05,p25,p50,p75,p95");
    std::map<std::string, std::vector<std::string>> rows;
    while (std::getline(in, line)) {
        const auto c = csv_cells(line);
        const bool charted = c[2] == "asean_alignment" || c[2] == "alignment" || c[2] == "zone_tension" ||
                             c[2] == "credibility" ||
                             ((c[2] == "bloc_trade_share" || c[2] == "bloc_sector_trade_share") &&
                              (c[4] == "CHN" || c[4] == "USA")) ||
                             ((c[2] == "gdp" || c[2] == "exports" || c[2] == "imports") && focus.economy(c[3])) ||
                             (c[2] == "trade" && ((focus.economy(c[3]) && focus.partner(c[4])) ||
                                                  (focus.partner(c[3]) && focus.economy(c[4])))) ||
                             (c[2] == "visitors" && focus.economy(c[3]) && focus.partner(c[4]));
        if (charted) rows[c[0] + "|" + c[2] + "|" + c[3] + "|" + c[4] + "|" + c[5]] = {c[7], c[9], c[10], c[11], c[12], c[13]};
    }
    return rows;
}

// Every charted row of summary.csv, at every step, has the same numbers in `series`, and
// `series` holds nothing else.
void require_same_as_summary(const YAML::Node& series, const fs::path& csv, const Focus& focus) {
    const auto expected = charted_summary(csv, focus);
    std::size_t seen = 0;
    for (const auto& s : series) {
        const std::string key = s["indicator"].as<std::string>() + "|" + s["agent"].as<std::string>() + "|" +
                                s["partner"].as<std::string>() + "|" + s["sector"].as<std::string>();
        // The bloc's alignment is a fan chart (mean and bands); every other row is a median.
        const bool fan = s["indicator"].as<std::string>() == "asean_alignment";
        const char* names[6] = {"mean", "p05", "p25", "p50", "p75", "p95"};
        for (int k = 0; k < 6; ++k) REQUIRE(s[names[k]].IsDefined() == (fan || k == 3));
        REQUIRE(s["p50"].size() == 41);
        for (std::size_t step = 0; step < s["p50"].size(); ++step) {
            const auto row = expected.find(std::to_string(step) + "|" + key);
            INFO(key << " step " << step);
            REQUIRE(row != expected.end());
            for (int k = 0; k < 6; ++k)
                if (s[names[k]].IsDefined())
                    REQUIRE(number(s[names[k]][step]) == number(YAML::Load(row->second[static_cast<std::size_t>(k)])));
            ++seen;
        }
    }
    REQUIRE(seen == expected.size());
}

// A copy of a library scenario in `dir` whose sweep summarises the rows the dashboard charts,
// the bloc's trade shares by goods group included (not summarised by default).
fs::path charted_copy(const TempDir& dir, const std::string& name) {
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / (name + ".yaml"));
    const std::string from = "world: world/default.yaml";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find("\nsweep:") == std::string::npos);
    text.replace(at, from.size(), "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "world" / "default.yaml").string());
    return dir.write(name + ".yaml", text + "sweep:\n  summary: [asean_alignment, alignment, zone_tension, credibility, "
                                            "bloc_trade_share, bloc_sector_trade_share, gdp, exports, imports, trade, "
                                            "visitors]\n");
}

std::string post_json(const ServeProcess& server, const std::string& target, const std::string& body, int status) {
    const HttpReply r = http_request(server.port(), "POST", target, body);
    INFO(r.body);
    REQUIRE(r.status == status);
    REQUIRE(r.headers.at("Content-Type") == "application/json");
    return r.body;
}

std::string error_of(const HttpReply& r) { return parse_json(r.body)["error"].as<std::string>(); }

}  // namespace

TEST_CASE("serve: a sweep gives the summary.csv values of geosim sweep, and the baseline's", "[cli][serve]") {
    ServeProcess server({"--threads", "2"});
    const YAML::Node j = parse_json(post_json(
        server, "/api/sweep", R"({"scenario": "taiwan_strait_blockade", "runs": 24, "seed": 7, "baseline": true})", 200));
    CHECK(j["scenario"].as<std::string>() == "taiwan_strait_blockade");
    CHECK(j["runs"].as<int>() == 24);
    CHECK(j["failed"].as<int>() == 0);
    CHECK(j["seed"].as<int>() == 7);
    REQUIRE(j["dates"].size() == 41);
    CHECK(j["dates"][0].as<std::string>() == "2025Q1");
    CHECK(j["dates"][40].as<std::string>() == "2035Q1");
    // The blockade closes Taiwan's ports and names no sender: the focus is Taiwan, with the poles.
    CHECK(strings(j["focus"]["senders"]).empty());
    CHECK(strings(j["focus"]["targets"]) == std::vector<std::string>{"TWN"});
    CHECK(strings(j["focus"]["economies"]) == std::vector<std::string>{"TWN"});
    CHECK(strings(j["focus"]["partners"]) == std::vector<std::string>{"CHN", "USA"});
    const Focus focus = focus_of(j);

    TempDir tmp;
    const Result r = run_geosim("sweep '" + charted_copy(tmp, "taiwan_strait_blockade").string() +
                                "' --runs 24 --seed 7 --threads 1 --quiet --out '" + (tmp / "alt").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    require_same_as_summary(j["series"], tmp / "alt" / "summary.csv", focus);

    const Result b = run_geosim("sweep '" + charted_copy(tmp, "baseline").string() +
                                "' --runs 24 --seed 7 --threads 1 --quiet --out '" + (tmp / "base").string() + "'");
    REQUIRE(b.code == 0);
    require_same_as_summary(j["baseline"]["series"], tmp / "base" / "summary.csv", focus);

    // The baseline is remembered, also for a sweep of the baseline itself with the scenario's
    // focus (which the dashboard sends ahead); either way the numbers are geosim sweep's.
    const YAML::Node own = parse_json(post_json(
        server, "/api/sweep", R"({"scenario": "baseline", "runs": 24, "seed": 7, "focus": {"targets": ["TWN"]}})", 200));
    CHECK(own["baseline"].IsNull());
    CHECK(strings(own["focus"]["partners"]) == std::vector<std::string>{"CHN", "USA"});
    require_same_as_summary(own["series"], tmp / "base" / "summary.csv", focus);
    const YAML::Node again = parse_json(post_json(
        server, "/api/sweep", R"({"scenario": "taiwan_strait_blockade", "runs": 24, "seed": 7, "baseline": true})", 200));
    require_same_as_summary(again["baseline"]["series"], tmp / "base" / "summary.csv", focus);
    // The baseline's own shocks name nobody: no focus rows.
    const YAML::Node plain = parse_json(post_json(server, "/api/sweep", R"({"scenario": "baseline", "runs": 24, "seed": 7})", 200));
    CHECK(strings(plain["focus"]["economies"]).empty());
    require_same_as_summary(plain["series"], tmp / "base" / "summary.csv", focus_of(plain));
}

TEST_CASE("serve: the largest effects against the baseline are geosim compare's, at their peak", "[cli][serve]") {
    ServeProcess server({"--threads", "2"});
    const YAML::Node j = parse_json(post_json(
        server, "/api/sweep", R"({"scenario": "taiwan_strait_blockade", "runs": 24, "seed": 7, "baseline": true})", 200));
    const YAML::Node effects = j["effects"];
    REQUIRE(effects.size() == 5);
    // The blockade hits Taiwan first.
    CHECK(effects[0]["agent"].as<std::string>() == "TWN");

    TempDir tmp;
    const Result r = run_geosim("compare scenarios/baseline.yaml scenarios/taiwan_strait_blockade.yaml --runs 24 --seed 7 "
                                "--threads 1 --quiet --out '" + (tmp / "cmp").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    // compare.csv: step,date,indicator,agent,partner,sector,base,alt,diff,diff_pct,diff_lo,diff_hi
    std::map<std::string, std::vector<std::string>> rows;  // by "date indicator agent partner"
    std::istringstream in(slurp(tmp / "cmp" / "compare.csv"));
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> f;
        std::string cell;
        std::istringstream cells(line);
        while (std::getline(cells, cell, ',')) f.push_back(cell);
        if (f.size() >= 12 && f[5].empty()) rows[f[1] + " " + f[2] + " " + f[3] + " " + f[4]] = f;
    }
    double previous = 1e300;
    for (const auto& e : effects) {
        const std::string key = e["peak"].as<std::string>() + " " + e["indicator"].as<std::string>() + " " +
                                e["agent"].as<std::string>() + " " + e["partner"].as<std::string>();
        INFO(key);
        REQUIRE(rows.count(key) == 1);
        const std::vector<std::string>& f = rows[key];
        CHECK(e["base"].as<std::string>() == f[6]);
        CHECK(e["diff"].as<std::string>() == f[8]);
        // The interval at the peak excludes zero; effects come largest first.
        CHECK((std::stod(f[10]) > 0 || std::stod(f[11]) < 0));
        const std::string change = e["change"].as<std::string>();
        const bool relative = change.back() == '%';
        const double size = relative ? std::fabs(std::stod(f[8]) / std::stod(f[6]))
                                     : std::fabs(std::stod(f[8])) / (e["indicator"].as<std::string>().ends_with("alignment") ? 2 : 1);
        CHECK(size <= previous * (1 + 1e-12));
        previous = size;
    }
}

TEST_CASE("serve: an edited scenario downloads as YAML that geosim validates and sweeps to the same numbers", "[cli][serve]") {
    ServeProcess server({"--threads", "2"});
    const std::string edits =
        R"("shocks": {"strait_closed": {"values": {"duration": 6, "at": "2027-08-16"}}, "war_risk": {"enabled": false}})";
    const YAML::Node y = parse_json(post_json(server, "/api/scenario-yaml",
                                              R"({"scenario": "taiwan_strait_blockade", )" + edits + "}", 200));
    CHECK(y["name"].as<std::string>() == "taiwan_strait_blockade_edited");
    CHECK(y["file_name"].as<std::string>() == "taiwan_strait_blockade_edited.yaml");
    const std::string yaml = y["yaml"].as<std::string>();
    // The file belongs in the scenario library folder, as its comment says: the world keeps the
    // library's relative name, and no path of the server's machine is in the text.
    TempDir tmp;
    fs::copy(fs::path(GEOSIM_SOURCE_DIR) / "scenarios", tmp / "library", fs::copy_options::recursive);
    const fs::path file = tmp / "library" / "whatif.yaml";
    { std::ofstream(file, std::ios::binary) << yaml; }
    CHECK(yaml.find("# Save it in the scenario library folder (where taiwan_strait_blockade.yaml is): its world and "
                    "included files are named relative to that folder.\n") != std::string::npos);
    CHECK(yaml.find(GEOSIM_SOURCE_DIR) == std::string::npos);

    // The file as a user would read it: the edits, nothing else changed.
    const YAML::Node doc = YAML::Load(yaml);
    REQUIRE(doc["shocks"].size() == 2);
    CHECK(doc["shocks"][0]["name"].as<std::string>() == "strait_closed");
    CHECK(doc["shocks"][0]["duration"].as<std::string>() == "6");
    // A date field takes a day as well as a quarter (docs/shocks.md, dates within a quarter).
    CHECK(doc["shocks"][0]["at"].as<std::string>() == "2027-08-16");
    CHECK(doc["shocks"][1]["name"].as<std::string>() == "taiwan_ports");
    CHECK(doc["world"].as<std::string>() == "world/default.yaml");
    CHECK(yaml.find("#   switched off: war_risk\n") != std::string::npos);

    const Result v = run_geosim("validate '" + file.string() + "'");
    INFO(v.err);
    REQUIRE(v.code == 0);
    CHECK(v.out == file.string() + ": ok (scenario 'taiwan_strait_blockade_edited', 18 agents, 2025Q1 + 40 quarters)\n");

    const YAML::Node j = parse_json(post_json(
        server, "/api/sweep", R"({"scenario": "taiwan_strait_blockade", "runs": 12, "seed": 3, )" + edits + "}", 200));
    CHECK(j["scenario"].as<std::string>() == "taiwan_strait_blockade_edited");
    CHECK(j["baseline"].IsNull());
    // geosim sweep summarises the dashboard's rows by goods group when asked (the download has no
    // sweep section of its own).
    REQUIRE(yaml.find("\nsweep:") == std::string::npos);
    const fs::path charted = tmp / "library" / "whatif_charted.yaml";
    { std::ofstream(charted, std::ios::binary) << yaml << "sweep:\n  summary: [asean_alignment, alignment, zone_tension, "
                                                          "credibility, bloc_trade_share, bloc_sector_trade_share, "
                                                          "gdp, exports, imports, trade, visitors]\n"; }
    const Result r = run_geosim("sweep '" + charted.string() + "' --runs 12 --seed 3 --quiet --out '" + (tmp / "out").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    require_same_as_summary(j["series"], tmp / "out" / "summary.csv", focus_of(j));

    // A scenario sent as YAML text goes the same way.
    const YAML::Node k = parse_json(post_json(
        server, "/api/sweep", R"({"runs": 12, "seed": 3, "yaml": )" + json_string(yaml) + "}", 200));
    require_same_as_summary(k["series"], tmp / "out" / "summary.csv", focus_of(k));
    CHECK(strings(k["focus"]["economies"]) == std::vector<std::string>{"TWN"});
}

TEST_CASE("serve: one run gives the series and events of geosim run", "[cli][serve]") {
    ServeProcess server;
    const YAML::Node j = parse_json(post_json(server, "/api/run", R"({"scenario": "taiwan_strait_blockade", "run": 3})", 200));
    CHECK(j["run"].as<int>() == 3);
    CHECK(j["seed"].as<long long>() == 20270101);
    TempDir tmp;
    const Result r = run_geosim("run scenarios/taiwan_strait_blockade.yaml --run-id 3 --quiet --out '" + (tmp / "run").string() + "'");
    REQUIRE(r.code == 0);

    std::map<std::string, std::string> values;  // "step|indicator|agent|partner" -> value
    {
        std::ifstream in(tmp / "run" / "series.csv");
        std::string line;
        std::getline(in, line);
        REQUIRE(line == "run,step,date,indicator,agent,partner,sector,value");
        while (std::getline(in, line)) {
            const auto c = csv_cells(line);
            values[c[1] + "|" + c[3] + "|" + c[4] + "|" + c[5] + "|" + c[6]] = c[7];
        }
    }
    std::size_t agents = 0;
    for (const auto& s : j["series"]) {
        const std::string key = s["indicator"].as<std::string>() + "|" + s["agent"].as<std::string>() + "|" +
                                s["partner"].as<std::string>() + "|" + s["sector"].as<std::string>();
        if (s["indicator"].as<std::string>() == "alignment") ++agents;
        REQUIRE(s["values"].size() == 41);
        for (std::size_t step = 0; step < 41; ++step) {
            INFO(key << " step " << step);
            REQUIRE(values.count(std::to_string(step) + "|" + key));
            REQUIRE(number(s["values"][step]) == number(YAML::Load(values[std::to_string(step) + "|" + key])));
        }
    }
    CHECK(agents == 18);

    std::ifstream events(tmp / "run" / "events.csv");
    std::string line;
    std::getline(events, line);
    std::size_t k = 0;
    while (std::getline(events, line)) {
        const auto c = csv_cells(line);
        REQUIRE(k < j["events"].size());
        const YAML::Node e = j["events"][k++];
        CHECK(std::to_string(e["step"].as<int>()) == c[1]);
        CHECK(e["date"].as<std::string>() == c[2]);
        CHECK(e["kind"].as<std::string>() == c[3]);
        CHECK(e["agent"].as<std::string>() == c[4]);
        CHECK(e["partner"].as<std::string>() == c[5]);
        CHECK(e["detail"].as<std::string>() == c[6]);
    }
    CHECK(k == j["events"].size());
    CHECK(k > 0);
}

TEST_CASE("serve: the library lists scenarios with their shocks and editable fields", "[cli][serve]") {
    ServeProcess server;
    const HttpReply r = http_request(server.port(), "GET", "/api/scenarios");
    REQUIRE(r.status == 200);
    const YAML::Node list = parse_json(r.body)["scenarios"];
    std::vector<std::string> names;
    std::size_t at = list.size();
    std::size_t courting = list.size();
    for (std::size_t i = 0; i < list.size(); ++i) {
        names.push_back(list[i]["name"].as<std::string>());
        if (names.back() == "taiwan_strait_blockade") at = i;
        if (names.back() == "courting_the_philippines") courting = i;
    }
    REQUIRE(at < list.size());
    const YAML::Node blockade = list[at];
    CHECK(names == std::vector<std::string>{"baseline", "courting_the_philippines", "japan_korea_rift_2019", "japan_osa_expansion", "rcep", "scs_incidents", "scs_sensitivity",
                                            "taiwan_strait_blockade",
                                            "tariffs_coercion_incidents", "thaad_style_sanctions", "us_election_2028",
                                            "us_tariffs_2025"});
    CHECK(blockade["seed"].as<std::string>() == "20270101");
    // The senders and targets of each scenario's shocks (the agent and partner of their events).
    auto parties = [&](const std::string& name) {
        const auto i = static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
        REQUIRE(i < list.size());
        return std::make_pair(strings(list[i]["senders"]), strings(list[i]["targets"]));
    };
    using Ids = std::vector<std::string>;
    CHECK(parties("taiwan_strait_blockade") == std::make_pair(Ids{}, Ids{"TWN"}));
    CHECK(parties("thaad_style_sanctions") == std::make_pair(Ids{"CHN"}, Ids{"KOR"}));
    CHECK(parties("courting_the_philippines") == std::make_pair(Ids{"CHN", "USA", "JPN"}, Ids{"PHL"}));
    CHECK(parties("baseline") == std::make_pair(Ids{}, Ids{}));
    REQUIRE(blockade["shocks"].size() == 3);
    const YAML::Node war = blockade["shocks"][2];
    CHECK(war["name"].as<std::string>() == "war_risk");
    CHECK(war["after"].as<std::string>() == "strait_closed");
    // As in scenarios/taiwan_strait_blockade.yaml: duration 4, tax {uniform: [0.1, 0.4]}.
    REQUIRE(war["fields"].size() == 3);
    CHECK(war["fields"][0]["path"].as<std::string>() == "duration");
    CHECK(war["fields"][0]["value"].as<std::string>() == "4");
    CHECK(war["fields"][1]["path"].as<std::string>() == "tax.uniform[0]");
    CHECK(war["fields"][1]["value"].as<std::string>() == "0.1");
    CHECK(war["fields"][2]["path"].as<std::string>() == "tax.uniform[1]");
    CHECK(blockade["shocks"][0]["fields"][0]["path"].as<std::string>() == "at");
    CHECK(blockade["shocks"][0]["fields"][0]["type"].as<std::string>() == "date");
    // A reward's form offers its sizes and the pledge's terms, nested keys by path, as in
    // scenarios/courting_the_philippines.yaml.
    REQUIRE(courting < list.size());
    const YAML::Node offer = list[courting]["shocks"][0];
    CHECK(offer["kind"].as<std::string>() == "reward");
    std::vector<std::string> paths;
    for (const YAML::Node& f : offer["fields"]) paths.push_back(f["path"].as<std::string>());
    CHECK(paths == std::vector<std::string>{"at", "market_access", "visitors", "pledge.credit", "pledge.quarters",
                                            "pledge.realised.uniform[0]", "pledge.realised.uniform[1]"});
}

TEST_CASE("serve: bad scenarios and requests get 400 with the located message", "[cli][serve][errors]") {
    ServeProcess server;
    auto error = [&](const std::string& body) {
        const HttpReply r = http_request(server.port(), "POST", "/api/sweep", body);
        INFO(r.body);
        CHECK(r.status == 400);
        return error_of(r);
    };
    const std::string scenario = "name: x\nworld: world/default.yaml\nstart: 2025Q1\nhorizon: 0\nseed: 1\n";
    CHECK(error(R"({"yaml": )" + json_string(scenario) + "}") ==
          "request.yaml:4:10: horizon: value 0 is out of range [1, 400]");
    CHECK(error(R"({"yaml": )" + json_string("name: x\nworld: ../tests/data/tiny_world.yaml\nstart: 2025Q1\nhorizon: 4\nseed: 1\n") + "}") ==
          "request.yaml:2:8: world: world file '../tests/data/tiny_world.yaml' is outside the scenario library");
    CHECK(error(R"({"yaml": )" + json_string("name: x\nworld: /etc/passwd\nstart: 2025Q1\nhorizon: 4\nseed: 1\n") + "}") ==
          "request.yaml:2:8: world: world file '/etc/passwd' is outside the scenario library");
    CHECK(error(R"({"scenario": "taiwan_strait_blockad"})") ==
          "request:1:14: scenario: unknown scenario 'taiwan_strait_blockad' (did you mean 'taiwan_strait_blockade'?)");
    CHECK(error(R"({"scenario": "baseline", "runs": 0})") == "request:1:34: runs: value 0 is out of range [1, 2000]");
    CHECK(error(R"({"scenario": "baseline", "focus": {"targets": ["KRR"]}})") ==
          "request:1:48: focus.targets[0]: unknown agent 'KRR' (did you mean 'KOR'?)");
    CHECK(error(R"({"scenario": "baseline", "focus": {"senders": ["CHN", "USA", "JPN", "KOR", "TWN"]}})") ==
          "request:1:47: focus.senders: 5 agents, over the limit of 4 per request");
    CHECK(error(R"({"scenario": "baseline", "focus": {"sender": ["CHN"]}})") ==
          "request:1:36: focus: unknown key 'sender' (did you mean 'senders'?)");
    // Numbers and switches must be JSON's own, not strings or YAML's other forms.
    CHECK(error(R"({"scenario": "baseline", "runs": "3"})") ==
          "request:1:34: runs: expected a JSON number, got the string \"3\"");
    CHECK(error(R"({"scenario": "baseline", "runs": 0x10})") == "request:1:34: runs: expected a JSON number, got '0x10'");
    CHECK(error(R"({"scenario": "baseline", "runs": 2.5})") == "request:1:34: runs: expected a whole number, got '2.5'");
    CHECK(error(R"({"scenario": "baseline", "seed": "7"})") ==
          "request:1:34: seed: expected a JSON number, got the string \"7\"");
    CHECK(error(R"({"scenario": "baseline", "baseline": "true"})") ==
          "request:1:38: baseline: expected true or false, got the string \"true\"");
    CHECK(error(R"({"scenario": "taiwan_strait_blockade", "shocks": {"war_risk": {"values": {"duration": "2"}}}})") ==
          "request:1:87: shocks.war_risk.values.duration: expected a JSON number, got the string \"2\"");
    CHECK(error(R"({"scenario": "taiwan_strait_blockade", "shocks": {"war_risk": {"enabled": "false"}}})") ==
          "request:1:75: shocks.war_risk.enabled: expected true or false, got the string \"false\"");
    {
        const HttpReply r = http_request(server.port(), "POST", "/api/run", R"({"scenario": "baseline", "run": "1"})");
        CHECK(r.status == 400);
        CHECK(error_of(r) == "request:1:33: run: expected a JSON number, got the string \"1\"");
    }
    // Files of the library are named relative to it: a server's answers show no path of its machine.
    CHECK(error(R"({"yaml": )" + json_string("name: x\nworld: world/default.yaml\nstart: 2025Q1\nhorizon: 4\nseed: 1\n"
                                              "include: [world/zones.yaml]\n") + "}") ==
          "world/zones.yaml:8:1: unknown key 'zones'");
    // A folder or a file that is not YAML is refused at the line naming it, quoting nothing it holds.
    CHECK(error(R"({"yaml": )" + json_string("name: x\nworld: world/default.yaml\nstart: 2025Q1\nhorizon: 4\nseed: 1\n"
                                              "include: [world]\n") + "}") ==
          "request.yaml:6:11: include[0]: included file 'world' is a folder, not a file");
    CHECK(error(R"({"yaml": )" + json_string("name: x\nworld: world\nstart: 2025Q1\nhorizon: 4\nseed: 1\n") + "}") ==
          "request.yaml:2:8: world: world file 'world' is a folder, not a file");
    CHECK(error(R"({"scenario": "baseline", "runs": 2001})") == "request:1:34: runs: value 2001 is out of range [1, 2000]");
    CHECK(error(R"({"scenario": "baseline", "rusn": 10})") ==
          "request:1:26: unknown key 'rusn' (did you mean 'runs'?)");
    CHECK(error(R"({"scenario": "taiwan_strait_blockade", "shocks": {"war_risk": {"values": {"duraton": 2}}}})") ==
          "request:1:86: shocks.war_risk.values.duraton: shock 'war_risk' has no editable field 'duraton' (did you mean 'duration'?)");
    CHECK(error(R"({"scenario": "taiwan_strait_blockade", "shocks": {"war_risk": {"values": {"duration": "soon"}}}})") ==
          "request:1:87: shocks.war_risk.values.duration: expected a JSON number, got the string \"soon\"");
    CHECK(error(R"({"scenario": "taiwan_strait_blockade", "shocks": {"strait_closed": {"values": {"at": "2024Q4"}}}})") ==
          "taiwan_strait_blockade.yaml:15:9: shocks[0].at: date 2024Q4 is not after the scenario's start 2025Q1 "
          "(shocks act from 2025Q2)");
    // A schedule's dates are quarters; only a shock's `at` and `until` take a day.
    CHECK(error(R"({"scenario": "rcep", "shocks": {"rcep": {"values": {"schedule[1].at": "2028-05-17"}}}})") ==
          "request:1:71: shocks.rcep.values.schedule[1].at: expected a quarter like 2025Q1, got '2028-05-17'");
    CHECK(error(R"({"scenario": "baseline", "yaml": "x"})") ==
          "request:1:1: give either 'scenario' (a name from /api/scenarios) or 'yaml'");
    CHECK(error(R"({"scenario": )").rfind("request:1:", 0) == 0);
    CHECK(error("[1, 2]") == "request:1:1: expected a JSON object");
    CHECK(error("") == "request: the body is empty; send a JSON object");
    // The guards of scenario files hold for request bodies too.
    CHECK(error(R"({"scenario": "baseline", "scenario": "x"})") ==
          "request:1:26: duplicate key 'scenario' (first defined at line 1)");
    CHECK(error(R"({"a": )" + std::string(70, '[') + "1" + std::string(70, ']') + "}") ==
          "request:1:70: nested more than 64 levels deep");
    CHECK(error("{\"scenario\": \"\xff\"}") == "request:1:15: file is not text: invalid UTF-8 at byte offset 14");
}

TEST_CASE("serve: the shocks, the runs x horizon and the answer of one request are bounded, with a 400 that says so",
          "[cli][serve][errors]") {
    ServeProcess server;
    // A scenario of the library's world with `shocks` incidents at Scarborough, one every quarter.
    auto scenario = [](int horizon, int shocks) {
        std::string text = "name: big\nworld: world/default.yaml\nstart: 2025Q1\nhorizon: " + std::to_string(horizon) +
                           "\nseed: 1\nshocks:\n";
        for (int i = 0; i < shocks; ++i)
            text += "  - {name: s" + std::to_string(i) + ", kind: maritime_incident, hazard: 1, zone: scarborough, rung: 3}\n";
        return "{\"yaml\": " + json_string(text);
    };
    auto refused = [&](const char* endpoint, const std::string& body) {
        const HttpReply r = http_request(server.port(), "POST", endpoint, body);
        INFO(r.body.substr(0, 300));
        CHECK(r.status == 400);
        return error_of(r);
    };
    // Shocks, counted before anything is compiled: 12,000 took the worker for 89 s.
    CHECK(refused("/api/sweep", scenario(8, 101) + ", \"runs\": 2}") ==
          "request.yaml:7:3: shocks: 101 shocks, over the limit of 100 per request");
    CHECK(refused("/api/run", scenario(8, 101) + "}") == "request.yaml:7:3: shocks: 101 shocks, over the limit of 100 per request");
    // Runs x horizon: the library's largest sweep (2000 runs of 40 quarters) is the limit.
    const std::string long_sweep = scenario(400, 1) + ", \"runs\": 201}";
    CHECK(refused("/api/sweep", long_sweep) ==
          "request:1:" + std::to_string(long_sweep.rfind("201") + 1) +
              ": runs: 201 runs x 400 quarters = 80400 run-quarters, over the limit of 80000 per request; "
              "ask for fewer runs or a shorter horizon");
    // The answer: a run's events of 100 incidents a quarter for 100 years are over 4 MiB.
    const std::string big = refused("/api/run", scenario(400, 100) + "}");
    std::smatch m;
    REQUIRE(std::regex_match(big, m, std::regex("request: the answer would be ([0-9]+) bytes, over the limit of 4194304 "
                                                "per request; ask for fewer shocks or a shorter horizon")));
    CHECK(std::stoll(m[1]) > 4194304);
    // Within the limits, the same scenario runs, and the server is free again.
    const HttpReply ok = http_request(server.port(), "POST", "/api/run", scenario(40, 100) + "}");
    CHECK(ok.status == 200);
    CHECK(http_request(server.port(), "POST", "/api/sweep", scenario(400, 1) + ", \"runs\": 2}").status == 200);
    CHECK_FALSE(parse_json(http_request(server.port(), "GET", "/api/status").body)["busy"].as<bool>());
}

TEST_CASE("serve: oversized bodies 413, bad Host 421, wrong content type 415, cross-origin POST 403", "[cli][serve][security]") {
    ServeProcess server;
    const std::string big = R"({"yaml": ")" + std::string((1 << 20) + 10, 'x') + "\"}";
    const HttpReply large = http_request(server.port(), "POST", "/api/sweep", big);
    CHECK(large.status == 413);
    CHECK(error_of(large) == "request body over the limit of 1048576 bytes");

    for (const std::string& host : {"evil.example:" + std::to_string(server.port()), std::string("127.0.0.1:1"),
                                   std::string("127.0.0.1"), std::string("")}) {
        const HttpReply r = http_request(server.port(), "GET", "/api/scenarios", "", {{"Host", host}});
        INFO(host);
        CHECK(r.status == 421);
        CHECK(error_of(r) == "unexpected Host '" + host + "': open the dashboard at the address geosim serve printed");
    }
    CHECK(http_request(server.port(), "GET", "/api/scenarios", "", {{"Host", "localhost:" + std::to_string(server.port())}}).status == 200);

    for (const std::string type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data", ""}) {
        const HttpReply r = http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline"})", {{"Content-Type", type}});
        CHECK(r.status == 415);
        CHECK(error_of(r) == "a POST request must have Content-Type application/json");
    }
    const HttpReply headers = http_request(server.port(), "GET", "/api/status", "", {{"X-Padding", std::string(9000, 'a')}});
    CHECK(headers.status == 431);
    CHECK(error_of(headers) == "request headers over the limit of 8192 bytes");
    const HttpReply null_origin = http_request(server.port(), "POST", "/api/sweep", "{}", {{"Origin", "null"}});
    CHECK(null_origin.status == 403);
    CHECK(error_of(null_origin) == "cross-origin request from 'null' refused");

    const HttpReply evil = http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline", "runs": 1})",
                                        {{"Origin", "http://evil.example"}});
    CHECK(evil.status == 403);
    CHECK(error_of(evil) == "cross-origin request from 'http://evil.example' refused");
    const HttpReply same = http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline", "runs": 1})",
                                        {{"Origin", "http://" + server.host()}, {"Content-Type", "application/json; charset=utf-8"}});
    CHECK(same.status == 200);
    CHECK(same.headers.count("Access-Control-Allow-Origin") == 0);
    CHECK(same.headers.at("X-Content-Type-Options") == "nosniff");

    const HttpReply del = http_request(server.port(), "DELETE", "/api/sweep");
    CHECK(del.status == 405);
    CHECK(error_of(del) == "method DELETE is not allowed; use GET or POST");
    const HttpReply get_sweep = http_request(server.port(), "GET", "/api/sweep");
    CHECK(get_sweep.status == 405);
    CHECK(error_of(get_sweep) == "/api/sweep takes POST");
}

TEST_CASE("serve: a request with two Host headers gets 400", "[cli][serve][security]") {
    ServeProcess server;
    const std::string good = "Host: " + server.host() + "\r\n";
    for (const std::string& second : {good, std::string("Host: evil.example\r\n")}) {
        for (const bool good_first : {true, false}) {
            const std::string hosts = good_first ? good + second : second + good;
            const HttpReply r = raw_request(server.port(), "GET /api/status HTTP/1.1\r\n" + hosts + "\r\n");
            INFO(hosts);
            CHECK(r.status == 400);
            CHECK(error_of(r) == "more than one Host header");
        }
    }
    // One Host is still served.
    CHECK(raw_request(server.port(), "GET /api/status HTTP/1.1\r\n" + good + "\r\n").status == 200);
}

TEST_CASE("serve: no request path reaches the file system", "[cli][serve][security]") {
    ServeProcess server;
    for (const char* target : {"/../CMakeLists.txt", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                               "/assets/../CMakeLists.txt", "/assets/%2e%2e%2fCMakeLists.txt", "/etc/passwd",
                               "//etc/passwd", "/scenarios/baseline.yaml", "/assets/..%2f..%2fREADME.md",
                               "/README.md", "/cli/main.cpp", "/api/../README.md"}) {
        const HttpReply r = http_request(server.port(), "GET", target);
        INFO(target);
        CHECK(r.status == 404);
        CHECK(error_of(r) == "not found");
    }
}

TEST_CASE("serve: a second sweep while one runs is refused with 429 and the progress", "[cli][serve]") {
    ServeProcess server({"--threads", "1"});
    auto first = std::async(std::launch::async, [&] {
        return http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline", "runs": 1000})");
    });
    // Wait until the first is running its runs (the status says busy and how many), however
    // slow the machine.
    bool running = false;
    for (int i = 0; i < 12000 && !running; ++i) {
        const YAML::Node status = parse_json(http_request(server.port(), "GET", "/api/status").body);
        running = status["busy"].as<bool>() && status["total"].as<int>() == 1000;
        if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(running);
    const HttpReply second = http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline", "runs": 10})");
    const HttpReply run = http_request(server.port(), "POST", "/api/run", R"({"scenario": "baseline"})");
    const HttpReply done = first.get();
    CHECK(done.status == 200);
    REQUIRE(second.status == 429);
    const std::string message = error_of(second);
    INFO(message);
    CHECK(message.rfind("busy: a sweep is running (", 0) == 0);
    CHECK(message.find(" of 1000 runs done); try again when it has finished") != std::string::npos);
    CHECK(run.status == 429);
    // Afterwards the server takes work again.
    CHECK(http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline", "runs": 2})").status == 200);
    CHECK_FALSE(parse_json(http_request(server.port(), "GET", "/api/status").body)["busy"].as<bool>());
}

TEST_CASE("serve: a newer request with ?replace=true cancels the sweep in progress, which is answered 409",
          "[cli][serve]") {
    ServeProcess server({"--threads", "1"});
    auto first = std::async(std::launch::async, [&] {
        return http_request(server.port(), "POST", "/api/sweep", R"({"scenario": "baseline", "runs": 2000})");
    });
    bool running = false;
    for (int i = 0; i < 12000 && !running; ++i) {
        const YAML::Node status = parse_json(http_request(server.port(), "GET", "/api/status").body);
        running = status["busy"].as<bool>() && status["total"].as<int>() == 2000 && status["done"].as<int>() > 0;
        if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(running);
    const auto t0 = std::chrono::steady_clock::now();
    const HttpReply second =
        http_request(server.port(), "POST", "/api/sweep?replace=true", R"({"scenario": "baseline", "runs": 3})");
    const HttpReply replaced = first.get();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    CHECK(second.status == 200);
    CHECK(parse_json(second.body)["runs"].as<int>() == 3);
    REQUIRE(replaced.status == 409);
    const std::string message = error_of(replaced);
    INFO(message);
    std::smatch m;
    REQUIRE(std::regex_match(message, m, std::regex("replaced by a newer request: the sweep was cancelled \\(([0-9]+) of 2000 runs done\\)")));
    CHECK(std::stoi(m[1]) < 2000);
    CHECK(seconds < 30);  // not the rest of 2000 runs
    CHECK_FALSE(parse_json(http_request(server.port(), "GET", "/api/status").body)["busy"].as<bool>());
    // Any other query is refused; without one, a request while work runs is still refused 429.
    const HttpReply odd = http_request(server.port(), "POST", "/api/sweep?replace=yes", R"({"scenario": "baseline", "runs": 3})");
    CHECK(odd.status == 400);
    CHECK(error_of(odd) == "request: unknown query 'replace=yes'; the only one is replace=true");
}

TEST_CASE("serve: refuses a scenario folder that does not exist and a host that is not an address", "[cli][serve][errors]") {
    const Result r = run_geosim("serve --scenarios no/such/folder");
    CHECK(r.code == 2);
    CHECK(r.err == "geosim serve: scenario library 'no/such/folder' is not a folder; give one with --scenarios DIR\n"
                   "usage: geosim serve [--host ADDR] [--port N] [--scenarios DIR] [--threads T] [--max-run-quarters Q]\n"
                   "                    [--sessions DIR] [--admin-token-file FILE] [--resume SESSION]\n");
    const Result h = run_geosim("serve --host example.com --port 0");
    CHECK(h.code == 2);
    CHECK(h.err == "geosim serve: --host expects an IP address such as 127.0.0.1, got 'example.com'\n"
                   "usage: geosim serve [--host ADDR] [--port N] [--scenarios DIR] [--threads T] [--max-run-quarters Q]\n"
                   "                    [--sessions DIR] [--admin-token-file FILE] [--resume SESSION]\n");
}

TEST_CASE("serve: the page and its assets are the files of web/src, served from the binary", "[cli][serve]") {
    ServeProcess server;
    const fs::path web = fs::path(GEOSIM_SOURCE_DIR) / "web" / "src";
    const HttpReply page = http_request(server.port(), "GET", "/");
    REQUIRE(page.status == 200);
    CHECK(page.headers.at("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.body == slurp(web / "dashboard.html"));
    CHECK(page.headers.at("Content-Security-Policy").rfind("default-src 'self';", 0) == 0);
    CHECK(page.headers.at("X-Frame-Options") == "DENY");
    for (const char* name : {"dashboard.js", "dashboard.css", "charts.js"}) {
        const HttpReply r = http_request(server.port(), "GET", std::string("/assets/") + name);
        INFO(name);
        REQUIRE(r.status == 200);
        CHECK(r.body == slurp(web / name));
    }
    CHECK(http_request(server.port(), "GET", "/assets/echarts.min.js").body ==
          slurp(fs::path(GEOSIM_SOURCE_DIR) / "web/node_modules/echarts/dist/echarts.min.js"));
    // A query string does not change what is served; a missing asset is 404.
    CHECK(http_request(server.port(), "GET", "/assets/charts.js?v=2").body == slurp(web / "charts.js"));
    CHECK(http_request(server.port(), "GET", "/assets/missing.js").status == 404);
    CHECK(http_request(server.port(), "GET", "/assets/").status == 404);
}

TEST_CASE("serve: listening beyond this machine is warned about, and Host must still be an address", "[cli][serve][security]") {
    TempDir io;
    const std::string cmd = std::string("cd '") + GEOSIM_SOURCE_DIR + "' && timeout -s TERM 2 '" + GEOSIM_BINARY +
                            "' serve --host 0.0.0.0 --port 0 >'" + (io / "out").string() + "' 2>'" + (io / "err").string() + "'";
    std::system(cmd.c_str());
    CHECK(slurp(io / "err") ==
          "geosim serve: warning: listening on 0.0.0.0, so other machines may reach the dashboard (it has no "
          "authentication) and join workshop sessions (with their codes)\n");
    CHECK(slurp(io / "out").rfind("geosim serve: dashboard at http://0.0.0.0:", 0) == 0);

    ServeProcess server({"--host", "0.0.0.0"});
    const std::string port = ":" + std::to_string(server.port());
    for (const std::string host : {"127.0.0.1", "10.1.2.3", "0.0.0.0", "[::1]"})
        CHECK(http_request(server.port(), "GET", "/api/status", "", {{"Host", host + port}}).status == 200);
    for (const std::string host : {"evil.example", "localhost", "127.0.0.1.nip.io"})
        CHECK(http_request(server.port(), "GET", "/api/status", "", {{"Host", host + port}}).status == 421);
    CHECK(http_request(server.port(), "GET", "/api/status", "", {{"Host", "127.0.0.1:1"}}).status == 421);
}

TEST_CASE("serve: Host and Origin may leave out the port when it is 80, as browsers do", "[cli][serve][security]") {
    using geosim::cli::host_names_server;
    using geosim::cli::same_origin;
    CHECK(host_names_server("127.0.0.1", 80, "127.0.0.1"));
    CHECK(host_names_server("127.0.0.1", 80, "127.0.0.1:80"));
    CHECK(host_names_server("127.0.0.1", 80, "localhost"));
    CHECK(host_names_server("127.0.0.1", 80, "[::1]"));
    CHECK_FALSE(host_names_server("127.0.0.1", 80, "127.0.0.1:8080"));
    CHECK_FALSE(host_names_server("127.0.0.1", 80, "evil.example"));
    CHECK_FALSE(host_names_server("127.0.0.1", 80, ""));
    CHECK(host_names_server("0.0.0.0", 80, "192.168.1.20"));
    CHECK_FALSE(host_names_server("0.0.0.0", 80, "evil.example"));
    // On another port the port must be there.
    CHECK_FALSE(host_names_server("127.0.0.1", 8080, "127.0.0.1"));
    CHECK(host_names_server("127.0.0.1", 8080, "127.0.0.1:8080"));
    CHECK(same_origin("http://127.0.0.1", "127.0.0.1"));
    CHECK(same_origin("http://127.0.0.1", "127.0.0.1:80"));
    CHECK(same_origin("http://127.0.0.1:80", "127.0.0.1"));
    CHECK_FALSE(same_origin("http://127.0.0.1", "127.0.0.1:8080"));
    CHECK_FALSE(same_origin("https://127.0.0.1", "127.0.0.1"));
    CHECK_FALSE(same_origin("http://evil.example", "127.0.0.1"));
}

namespace {

// Starts a long sweep on `server` (2,000 runs of 400 quarters on one thread take minutes), waits
// until it is running and the server has been up at least `uptime`, sends `signal` and checks
// that the request is answered 503 and the server exits 0 promptly.
void stop_during_sweep(int signal, std::chrono::seconds uptime) {
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "baseline.yaml");
    const auto at = text.find("horizon: 40\n");
    REQUIRE(at != std::string::npos);
    text.replace(at, 12, "horizon: 400\n");
    // 2000 runs of 400 quarters: ten times the default bound on a request's work.
    ServeProcess server({"--threads", "1", "--max-run-quarters", "800000"});
    const auto started = std::chrono::steady_clock::now();
    auto sweep = std::async(std::launch::async, [&] {
        return http_request(server.port(), "POST", "/api/sweep", R"({"runs": 2000, "yaml": )" + json_string(text) + "}");
    });
    bool running = false;
    for (int i = 0; i < 12000 && !running; ++i) {
        const YAML::Node status = parse_json(http_request(server.port(), "GET", "/api/status").body);
        running = status["busy"].as<bool>() && status["done"].as<int>() > 0;
        if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(running);
    // At least `uptime`, however long the sweep took to start (never less, so never flaky).
    std::this_thread::sleep_until(started + uptime);
    const auto t0 = std::chrono::steady_clock::now();
    server.signal(signal);
    HttpReply r;
    REQUIRE_NOTHROW(r = sweep.get());  // an empty reply (the connection closed) throws
    const int code = server.wait_exit(60);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(r.body);
    CHECK(code == 0);
    CHECK(seconds < 60);
    REQUIRE(r.status == 503);
    const std::string message = error_of(r);
    INFO(message);
    CHECK(message.rfind("geosim serve is stopping: the sweep was cancelled (", 0) == 0);
    CHECK(message.find(" of 2000 runs done)") != std::string::npos);
}

}  // namespace

TEST_CASE("serve: Ctrl-C during a long sweep stops it promptly and answers the request 503", "[cli][serve]") {
    stop_during_sweep(SIGINT, std::chrono::seconds(0));
}

TEST_CASE("serve: SIGTERM after more than the 10 s grace period of uptime still answers the running sweep 503",
          "[cli][serve]") {
    // The grace period counts from the signal, not from the server's start.
    stop_during_sweep(SIGTERM, std::chrono::seconds(12));
}
