#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"

using namespace geosim::test;

namespace {

const char* const kThaad = "scenarios/thaad_style_sanctions.yaml";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t from = 0;
    for (std::size_t at; (at = text.find('\n', from)) != std::string::npos; from = at + 1)
        out.push_back(text.substr(from, at - from));
    return out;
}

// The value column of the rows of series.csv of (indicator, agent, partner, sector) (after the
// run column: "step,date,indicator,agent,partner,sector,"), in step order.
std::vector<std::string> values_of(const std::string& series, const std::string& indicator,
                                   const std::string& agent, const std::string& partner = "",
                                   const std::string& sector = "") {
    std::vector<std::string> out;
    const std::string key = "," + indicator + "," + agent + "," + partner + "," + sector + ",";
    for (const std::string& line : lines_of(series)) {
        const std::size_t at = line.find(key);
        if (at != std::string::npos && std::count(line.begin(), line.begin() + static_cast<long>(at), ',') == 2)
            out.push_back(line.substr(at + key.size()));
    }
    return out;
}

std::string json_array(const std::vector<std::string>& cells) {
    std::string out = "[";
    for (const auto& c : cells) out += (out.size() > 1 ? "," : "") + c;
    return out + "]";
}

int entries(const fs::path& dir) {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST_CASE("report: a folder that is not a geosim output is refused with one message", "[cli][report]") {
    TempDir tmp;
    const std::string none = (tmp / "none").string();
    Result r = run_geosim("report '" + none + "'");
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == none + ": no such folder\n");

    r = run_geosim("report '" + tmp.path().string() + "'");
    CHECK(r.code == 2);
    CHECK(r.err == tmp.path().string() + ": not a geosim output folder: it has no manifest.json\n");
    CHECK(entries(tmp.path()) == 0);

    tmp.write("manifest.json", "{}\n");
    tmp.write("notes.csv", "a\n");
    r = run_geosim("report '" + tmp.path().string() + "'");
    CHECK(r.code == 2);
    CHECK(r.err == tmp.path().string() +
                       ": not a geosim output folder: it has none of series.csv, summary.csv or compare.csv\n");
    CHECK(entries(tmp.path()) == 2);

    // A manifest that is not JSON: located where the parser stopped, exit code 2, nothing written.
    tmp.write("series.csv", "step\n");
    tmp.write("manifest.json", "{\"seed\": 7,,}\n");
    r = run_geosim("report '" + tmp.path().string() + "'");
    CHECK(r.code == 2);
    CHECK(r.err == (tmp / "manifest.json").string() +
                       ":1:12: not valid JSON: syntax error while parsing object key - unexpected ','; expected string literal\n");
    CHECK(entries(tmp.path()) == 3);

    r = run_geosim("report");
    CHECK(r.code == 2);
    CHECK(r.err == "geosim report: expected one output folder\nusage: geosim report DIR\n");
}

TEST_CASE("report: run writes report.html with the run's numbers, and report writes the same again", "[cli][report]") {
    TempDir tmp;
    const fs::path out = tmp / "run";
    const Result r = run_geosim(std::string("run ") + kThaad + " --quiet --out '" + out.string() + "'");
    REQUIRE(r.code == 0);
    const std::string html = slurp(out / "report.html");
    const std::string series = slurp(out / "series.csv");
    REQUIRE(html.starts_with("<!DOCTYPE html>"));
    // The numbers of series.csv, as written there.
    const auto kor = values_of(series, "gdp", "KOR");
    REQUIRE(kor.size() == 41);
    CHECK(html.find("\"KOR\":{\"value\":" + json_array(kor) + "}") != std::string::npos);
    CHECK(html.find("\"USA\":" + json_array(values_of(series, "bloc_trade_share", "ASEAN", "USA"))) != std::string::npos);
    CHECK(html.find("\"CHN\":" + json_array(values_of(series, "trade", "IDN", "CHN"))) != std::string::npos);
    // The shock, in the words of events.csv.
    const std::string events = slurp(out / "events.csv");
    const std::size_t shock = events.find("thaad: CHN restricts imports from KOR");
    REQUIRE(shock != std::string::npos);
    CHECK(html.find(events.substr(shock, events.find('"', shock) - shock)) != std::string::npos);

    // geosim report DIR writes the same page again, and nothing else.
    const std::string before = html;
    fs::remove(out / "report.html");
    const Result again = run_geosim("report '" + out.string() + "'");
    CHECK(again.code == 0);
    CHECK(again.out == (out / "report.html").string() + "\n");
    CHECK(slurp(out / "report.html") == before);
    CHECK(entries(out) == 7);  // series, events, manifest, indicators, two networks, report
}

TEST_CASE("report: a report that cannot be written leaves the folder as it was", "[cli][report]") {
    TempDir tmp;
    const fs::path out = tmp / "run";
    REQUIRE(run_geosim(std::string("run ") + kThaad + " --quiet --out '" + out.string() + "'").code == 0);
    fs::remove(out / "report.html");
    fs::create_directories(out / "report.html" / "in-the-way");
    const Result r = run_geosim("report '" + out.string() + "'");
    CHECK(r.code == 1);
    CHECK(r.err.starts_with("geosim report: cannot write '" + (out / "report.html").string() + "': "));
    CHECK(fs::is_directory(out / "report.html" / "in-the-way"));
    CHECK(entries(out) == 7);  // series, events, manifest, indicators, two networks, report
}

TEST_CASE("report: a sweep shows the run whose final ASEAN alignment is closest to the median", "[cli][report]") {
    TempDir tmp;
    const int runs = 7;
    const fs::path out = tmp / "sweep";
    REQUIRE(run_geosim(std::string("sweep ") + kThaad + " --runs 7 --threads 2 --quiet --out '" + out.string() + "'").code == 0);
    CHECK(fs::is_regular_file(out / "report.html"));

    // Each run replayed on its own (the scenario samples no parameters, so run --run-id R is
    // run R of the sweep): its ASEAN alignment at the last quarter.
    std::vector<double> final_alignment;
    for (int id = 0; id < runs; ++id) {
        const fs::path one = tmp / ("run" + std::to_string(id));
        REQUIRE(run_geosim(std::string("run ") + kThaad + " --quiet --run-id " + std::to_string(id) +
                           " --out '" + one.string() + "'").code == 0);
        const auto values = values_of(slurp(one / "series.csv"), "asean_alignment", "ASEAN");
        REQUIRE(values.size() == 41);
        final_alignment.push_back(std::stod(values.back()));
    }
    std::vector<double> sorted = final_alignment;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[(runs - 1) / 2];
    int expected = 0;
    for (int id = 1; id < runs; ++id)
        if (std::fabs(final_alignment[id] - median) < std::fabs(final_alignment[expected] - median)) expected = id;
    // The runs differ, or the choice would prove nothing.
    CHECK(sorted.front() != sorted.back());

    const fs::path rep = out / "representative-run";
    CHECK(slurp(rep / "manifest.json").find("\"run_id\": " + std::to_string(expected) + ",") != std::string::npos);
    const fs::path same = tmp / ("run" + std::to_string(expected));
    CHECK(slurp(rep / "events.csv") == slurp(same / "events.csv"));
    CHECK(slurp(rep / "series.csv") == slurp(same / "series.csv"));
    CHECK(slurp(rep / "ties-2035Q1.graphml") == slurp(same / "ties-2035Q1.graphml"));
}

TEST_CASE("report: compare keeps run 0 of each side for its report", "[cli][report]") {
    TempDir tmp;
    const fs::path out = tmp / "compare";
    REQUIRE(run_geosim(std::string("compare scenarios/baseline.yaml ") + kThaad + " --runs 2 --threads 2 --quiet --out '" +
                       out.string() + "'").code == 0);
    CHECK(fs::is_regular_file(out / "report.html"));
    // Both sides ran with BASE's seed; ALT's run 0 is what geosim run gives with that seed.
    const fs::path alt = tmp / "alt";
    REQUIRE(run_geosim(std::string("run ") + kThaad + " --quiet --seed 20250101 --out '" + alt.string() + "'").code == 0);
    CHECK(slurp(out / "alt-run" / "events.csv") == slurp(alt / "events.csv"));
    CHECK(slurp(out / "alt-run" / "ties-2035Q1.graphml") == slurp(alt / "ties-2035Q1.graphml"));
    CHECK_FALSE(fs::exists(out / "alt-run" / "series.csv"));
    CHECK(fs::is_regular_file(out / "base-run" / "events.csv"));
    const std::string html = slurp(out / "report.html");
    CHECK(html.find("\"kind\":\"compare\"") != std::string::npos);
    // The headline names both scenarios and the seed of manifest.json (reading `base` once
    // overwrote the whole manifest with it, leaving the names and the seed blank).
    CHECK(html.find("\"headline\":{\"base\":{\"scenario\":\"baseline\",\"scenario_path\":\"scenarios/baseline.yaml\"") !=
          std::string::npos);
    CHECK(html.find("\"alt\":{\"scenario\":\"thaad_style_sanctions\",\"scenario_path\":\"scenarios/"
                    "thaad_style_sanctions.yaml\"") != std::string::npos);
    CHECK(html.find("\"seed\":20250101,\"runs\":2") != std::string::npos);
}

TEST_CASE("report: a sweep whose summary.csv has no pairwise rows still gets its flows", "[cli][report]") {
    TempDir tmp;
    const fs::path out = tmp / "sweep";
    REQUIRE(run_geosim(std::string("sweep ") + kThaad + " --runs 3 --threads 2 --quiet --out '" + out.string() + "'").code == 0);
    // Keep the rows of agents, zones and the bloc by partner only, as a sweep may be asked to.
    std::string kept;
    for (const std::string& line : lines_of(slurp(out / "summary.csv"))) {
        // step,date,indicator,agent,partner,sector,...: a partner outside the bloc rows is pairwise.
        std::vector<std::string> f;
        std::istringstream cells(line);
        for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
        const bool pairwise = f.size() > 4 && !f[4].empty() && f[2].rfind("bloc_", 0) != 0;
        if (kept.empty() || !pairwise) kept += line + "\n";
    }
    REQUIRE(kept.find(",trade,") == std::string::npos);
    REQUIRE(kept.find(",gdp,KOR,,") != std::string::npos);
    tmp.write("sweep/summary.csv", kept);
    fs::remove(out / "report.html");

    const Result r = run_geosim("report '" + out.string() + "'");
    CHECK(r.code == 0);
    const std::string html = slurp(out / "report.html");
    CHECK(html.find("\"trade_share_CHN\"") == std::string::npos);
    CHECK(html.find("\"gdp\":{\"label\":\"GDP\"") != std::string::npos);
    // The members' exports come from the representative run.
    const std::string series = slurp(out / "representative-run" / "series.csv");
    CHECK(html.find("\"flows\":{\"BRN\":{\"JPN\":" + json_array(values_of(series, "trade", "BRN", "JPN"))) != std::string::npos);
}
