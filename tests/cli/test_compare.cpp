#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "spawn.hpp"

using namespace geosim::test;

namespace {

// A copy of the baseline scenario under another name, its world path made absolute, with
// `parameters` replaced.
fs::path baseline_copy(const TempDir& dir, const std::string& name, const std::string& parameters) {
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "baseline.yaml");
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace("name: baseline", "name: " + name);
    replace("world: world/default.yaml",
            "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "world" / "default.yaml").string());
    replace("parameters: {}", "parameters: " + parameters);
    return dir.write(name + ".yaml", text);
}

// compare.csv as rows of fields (no field is quoted: ids are letters, digits and '_').
std::vector<std::vector<std::string>> read_csv(const fs::path& file) {
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(slurp(file));
    std::string line;
    while (std::getline(in, line)) {
        std::vector<std::string> fields(1);
        for (char c : line) {
            if (c == ',') fields.emplace_back();
            else fields.back() += c;
        }
        rows.push_back(fields);
    }
    return rows;
}

const char* const kHeader = "step,date,indicator,agent,partner,sector,base,alt,diff,diff_pct,diff_lo,diff_hi";

Result compare(const fs::path& alt, const std::string& options) {
    return run_geosim("compare scenarios/baseline.yaml '" + alt.string() + "' " + options);
}

}  // namespace

TEST_CASE("compare: a copy of the baseline differs by exactly 0 in every row", "[cli][compare]") {
    TempDir tmp;
    const fs::path copy = baseline_copy(tmp, "copy", "{}");
    const Result r = compare(copy, "--quiet --out '" + (tmp / "out").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    REQUIRE(r.out == (tmp / "out").string() + "\n");
    const auto rows = read_csv(tmp / "out" / "compare.csv");
    REQUIRE(slurp(tmp / "out" / "compare.csv").rfind(std::string(kHeader) + "\n", 0) == 0);
    REQUIRE(rows.size() > 1000);
    std::set<std::string> steps;
    for (std::size_t k = 1; k < rows.size(); ++k) {
        REQUIRE(rows[k].size() == 12);
        REQUIRE(rows[k][8] == "0");
        REQUIRE(rows[k][6] == rows[k][7]);
        // One run: no interval.
        REQUIRE(rows[k][10].empty());
        REQUIRE(rows[k][11].empty());
        steps.insert(rows[k][0]);
    }
    REQUIRE(steps.size() == 41);  // steps 0..40 of the 40-quarter horizon
    REQUIRE(slurp(tmp / "out" / "summary.txt").find("No effects: ALT - BASE is zero in every headline row at every quarter.") !=
            std::string::npos);
    const std::string manifest = slurp(tmp / "out" / "manifest.json");
    REQUIRE(manifest.find("\"runs\": 1,") != std::string::npos);
    REQUIRE(manifest.find("\"seed\": 20250101,") != std::string::npos);
    REQUIRE(manifest.find(copy.string()) != std::string::npos);
}

TEST_CASE("compare: an overridden parameter gives nonzero differences inside their intervals", "[cli][compare]") {
    TempDir tmp;
    const fs::path alt = baseline_copy(tmp, "fast_alignment", "{alignment.adjustment: 0.5}");
    const Result r = compare(alt, "--runs 4 --out '" + (tmp / "out").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    // Printed and written alike.
    const std::string summary = slurp(tmp / "out" / "summary.txt");
    REQUIRE(summary.rfind("geosim compare: fast_alignment (ALT) against baseline (BASE)", 0) == 0);
    REQUIRE(summary.find("Largest effects over the horizon") != std::string::npos);
    REQUIRE(r.out.rfind(summary, 0) == 0);
    int nonzero = 0;
    const auto rows = read_csv(tmp / "out" / "compare.csv");
    for (std::size_t k = 1; k < rows.size(); ++k) {
        const auto& f = rows[k];
        if (f[8] == "0") continue;
        ++nonzero;
        const double diff = std::stod(f[8]);
        REQUIRE(std::stod(f[10]) <= diff);
        REQUIRE(diff <= std::stod(f[11]));
        if (std::stod(f[6]) == 0) REQUIRE(f[9].empty());
    }
    REQUIRE(nonzero > 1000);
}

TEST_CASE("compare: compare.csv is byte-identical at 1 and 2 threads", "[cli][compare][determinism]") {
    TempDir tmp;
    const fs::path alt = baseline_copy(tmp, "fast_alignment", "{alignment.adjustment: 0.5}");
    for (const char* threads : {"1", "2"}) {
        const Result r = compare(alt, std::string("--runs 8 --quiet --threads ") + threads +
                                          " --out '" + (tmp / threads).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    const std::string one = slurp(tmp / "1" / "compare.csv");
    REQUIRE(one.size() > 100000);
    REQUIRE(one == slurp(tmp / "2" / "compare.csv"));
    REQUIRE(slurp(tmp / "1" / "summary.txt") == slurp(tmp / "2" / "summary.txt"));
}

TEST_CASE("compare: bad usage and different worlds exit 2 and write nothing", "[cli][compare][errors]") {
    TempDir tmp;
    const std::string out = " --out '" + (tmp / "out").string() + "'";
    struct Case {
        std::string args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"compare scenarios/baseline.yaml", "geosim compare: expected two scenario files, BASE and ALT"},
        {"compare scenarios/baseline.yaml scenarios/baseline.yaml --runs 0",
         "geosim compare: --runs must be between 1 and 100000, got 0"},
        {"compare scenarios/baseline.yaml scenarios/baseline.yaml --runs 100001",
         "geosim compare: --runs must be between 1 and 100000, got 100001"},
        {"compare scenarios/baseline.yaml scenarios/baseline.yaml --threads 0",
         "geosim compare: --threads must be between 1 and 256, got 0"},
        {"compare scenarios/baseline.yaml scenarios/baseline.yaml --run 2",
         "geosim compare: unknown option '--run' (did you mean '--runs'?)"},
        {"compare scenarios/baseline.yaml tests/data/tiny.yaml",
         "BASE and ALT use different worlds: agent 1 is BRN in BASE and USA in ALT"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args + out);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.rfind(c.message + "\n", 0) == 0);
        REQUIRE(!fs::exists(tmp / "out"));
    }
}

TEST_CASE("compare: a copy of a scenario with random shocks differs by exactly 0", "[cli][compare]") {
    // us_election_2028 draws an outcome at every election; the same run ids give the same draws
    // in both, on two threads, so every paired difference and its interval are exactly 0.
    TempDir tmp;
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "us_election_2028.yaml");
    const std::string from = "world: world/default.yaml";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "world" / "default.yaml").string());
    const fs::path a = tmp.write("a.yaml", text), b = tmp.write("b.yaml", text);
    const Result r = run_geosim("compare '" + a.string() + "' '" + b.string() + "' --runs 4 --threads 2 --quiet --out '" +
                                (tmp / "out").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const auto rows = read_csv(tmp / "out" / "compare.csv");
    REQUIRE(rows.size() > 1000);
    for (std::size_t k = 1; k < rows.size(); ++k) {
        REQUIRE(rows[k][8] == "0");
        REQUIRE(rows[k][10] == "0");
        REQUIRE(rows[k][11] == "0");
    }
}

namespace {

// The names in `dir`, sorted, space-separated.
std::string listing(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
    std::string out;
    for (const auto& n : names) out += n + " ";
    return out;
}

}  // namespace

TEST_CASE("compare: SIGTERM or SIGINT during the runs leaves no temporary folder", "[cli][compare][signals]") {
    for (const int sig : {SIGTERM, SIGINT}) {
        TempDir tmp;
        const fs::path out = tmp / "out";
        // 100,000 paired runs on one thread take far longer than the test waits.
        const pid_t pid = spawn_geosim({"compare", "scenarios/baseline.yaml", "scenarios/baseline.yaml", "--runs",
                                        "100000", "--threads", "1", "--quiet", "--out", out.string()});
        REQUIRE(pid > 0);
        // The results are being assembled once their temporary folder exists.
        const fs::path temp = out.string() + ".tmp-" + std::to_string(pid) + "-0";
        REQUIRE(wait_until_exists(temp, std::chrono::seconds(120)));
        ::kill(pid, sig);
        const int status = wait_for(pid, std::chrono::seconds(60));
        INFO("signal " << sig << ", left: " << listing(tmp.path()));
        REQUIRE(WIFSIGNALED(status));
        REQUIRE(WTERMSIG(status) == sig);
        REQUIRE(listing(tmp.path()).empty());
    }
}

TEST_CASE("run: a temporary results folder left by a process that no longer runs is removed", "[cli][signals]") {
    TempDir tmp;
    // A pid that is certainly gone: a child that has exited and been reaped.
    const pid_t gone = ::fork();
    if (gone == 0) ::_exit(0);
    REQUIRE(gone > 0);
    ::waitpid(gone, nullptr, 0);
    const fs::path stale = tmp / ("out.tmp-" + std::to_string(gone) + "-0");
    fs::create_directories(stale);
    tmp.write("out.tmp-" + std::to_string(gone) + "-0/series.csv", "partial\n");
    // Another process's, still running (this test's), and another folder's are left alone.
    const std::string live = "out.tmp-" + std::to_string(::getpid()) + "-0";
    fs::create_directories(tmp / live);
    const std::string other = "other.tmp-" + std::to_string(gone) + "-0";
    fs::create_directories(tmp / other);
    const Result r = run_geosim("run tests/data/tiny.yaml --quiet --out '" + (tmp / "out").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    REQUIRE(listing(tmp.path()) == "other.tmp-" + std::to_string(gone) + "-0 out " + live + " ");
}
