#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fcntl.h>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_harness.hpp"
#include "spawn.hpp"

using namespace geosim::test;

namespace {

const char* const kScenario = "tests/data/tiny_sweep.yaml";

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("sweep --keep-series: every run's series, byte-identical at 1 and 2 threads", "[cli][sweep][series]") {
    TempDir tmp;
    for (const char* threads : {"1", "2"}) {
        const Result r = run_geosim(std::string("sweep ") + kScenario + " --keep-series --block-size 5 --quiet --threads " +
                                    threads + " --out '" + (tmp / threads).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    const std::string series = slurp(tmp / "1" / "series.csv");
    REQUIRE(series == slurp(tmp / "2" / "series.csv"));
    // For each of the 24 runs in run order, the rows summary.csv covers (the default summary:
    // every indicator but the agent-by-agent ones), in its order, each a row geosim run writes.
    const Result single = run_geosim(std::string("run ") + kScenario + " --quiet --out '" + (tmp / "run").string() + "'");
    REQUIRE(single.code == 0);
    const std::vector<std::string> run_rows = split_lines(slurp(tmp / "run" / "series.csv"));
    const std::vector<std::string> summary = split_lines(slurp(tmp / "1" / "summary.csv"));
    const std::vector<std::string> rows = split_lines(series);
    REQUIRE(rows.front() == "run,step,date,indicator,agent,partner,sector,value");
    REQUIRE(rows.front() == run_rows.front());
    // step,date,indicator,agent,partner,sector of a row that starts with `skip` columns
    const auto key = [](const std::string& row, int skip) {
        std::size_t from = 0;
        for (int i = 0; i < skip; ++i) from = row.find(',', from) + 1;
        std::size_t to = from;
        for (int i = 0; i < 6; ++i) to = row.find(',', to) + 1;
        return row.substr(from, to - from);
    };
    std::vector<std::string> run_keys;
    for (std::size_t i = 1; i < run_rows.size(); ++i) run_keys.push_back(key(run_rows[i], 1));
    std::sort(run_keys.begin(), run_keys.end());
    const std::size_t per_run = summary.size() - 1;  // 9 quarters x the summarised rows
    REQUIRE(per_run < run_rows.size() - 1);          // the pairwise rows are left out
    REQUIRE(rows.size() == 1 + 24 * per_run);
    for (std::size_t r = 0; r < 24; ++r) {
        REQUIRE(rows[1 + r * per_run].rfind(std::to_string(r) + ",0,2025Q1,gdp,USA,,,", 0) == 0);
        REQUIRE(rows[(r + 1) * per_run].rfind(std::to_string(r) + ",8,2027Q1,", 0) == 0);
        for (std::size_t i = 0; i < per_run; ++i) {
            const std::string k = key(rows[1 + r * per_run + i], 1);
            REQUIRE(k == key(summary[1 + i], 0));
            if (r == 0) REQUIRE(std::binary_search(run_keys.begin(), run_keys.end(), k));
        }
    }
    // Each run's last-quarter alignment(PHL) row holds the value runs.csv reports for it.
    const std::vector<std::string> runs = split_lines(slurp(tmp / "1" / "runs.csv"));
    for (std::size_t r = 0; r < 24; ++r) {
        std::vector<std::string> cells;
        std::istringstream in(runs[1 + r]);
        for (std::string c; std::getline(in, c, ',');) cells.push_back(c);
        const std::string want = std::to_string(r) + ",8,2027Q1,alignment,PHL,,," + cells[5];
        REQUIRE(std::find(rows.begin() + 1 + r * per_run, rows.begin() + 1 + (r + 1) * per_run, want) !=
                rows.begin() + 1 + (r + 1) * per_run);
    }
    REQUIRE(slurp(tmp / "1" / "manifest.json").find("\"series\": \"series.csv\",") != std::string::npos);
    // Without the option there is no series.csv.
    REQUIRE(run_geosim(std::string("sweep ") + kScenario + " --quiet --out '" + (tmp / "none").string() + "'").code == 0);
    REQUIRE(!fs::exists(tmp / "none" / "series.csv"));
    REQUIRE(slurp(tmp / "none" / "manifest.json").find("\"series\"") == std::string::npos);
}

TEST_CASE("sweep --keep-series: a sobol sweep killed part-way and resumed gives the same series and runs", "[cli][sweep][series][sobol][resume]") {
    TempDir tmp;
    const fs::path scenario = fs::path(GEOSIM_SOURCE_DIR) / kScenario;
    // 400 runs are 80 base points of 5 runs; blocks of 8 cut base points in two.
    const std::string common = " --design sobol --runs 400 --block-size 8 --keep-series --quiet";
    const Result whole = run_geosim("sweep '" + scenario.string() + "'" + common + " --out '" + (tmp / "whole").string() + "'");
    INFO(whole.err);
    REQUIRE(whole.code == 0);

    const fs::path out = tmp / "cut";
    const pid_t pid = spawn_geosim({"sweep", scenario.string(), "--design", "sobol", "--runs", "400", "--block-size", "8", "--keep-series",
                                    "--threads", "1", "--quiet", "--out", out.string()});
    REQUIRE(pid > 0);
    const fs::path state = tmp / "cut.partial" / "journal" / "state.bin";
    wait_until_exists(state, std::chrono::seconds(20));
    REQUIRE(WIFSIGNALED(kill_and_reap(pid)));
    REQUIRE(fs::exists(tmp / "cut.partial" / "series" / "block-0.csv"));

    // A journal without series cannot be resumed with --keep-series.
    fs::copy(tmp / "cut.partial", tmp / "other.partial", fs::copy_options::recursive);
    fs::remove_all(tmp / "other.partial" / "series");
    const Result refused = run_geosim("sweep '" + scenario.string() + "' --keep-series --resume '" + (tmp / "other").string() + "'");
    REQUIRE(refused.code == 2);
    REQUIRE(refused.err.rfind("geosim sweep: --keep-series differs from the interrupted sweep's; omit it to resume\n", 0) == 0);

    // Resumed without the option: the journal's choice holds.
    const Result resumed = run_geosim("sweep '" + scenario.string() + "' --threads 2 --quiet --resume '" + out.string() + "'");
    INFO(resumed.err);
    REQUIRE(resumed.code == 0);
    REQUIRE(slurp(out / "series.csv") == slurp(tmp / "whole" / "series.csv"));
    REQUIRE(slurp(out / "runs.csv") == slurp(tmp / "whole" / "runs.csv"));
    REQUIRE(slurp(out / "summary.csv") == slurp(tmp / "whole" / "summary.csv"));
    REQUIRE(slurp(out / "manifest.json").find("\"resumed\": true,") != std::string::npos);
    REQUIRE(!fs::exists(tmp / "cut.partial"));
}
