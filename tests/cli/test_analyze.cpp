#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_harness.hpp"

using namespace geosim::test;

namespace {

const char* const kScenario = "tests/data/tiny_sweep.yaml";

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// Text with `from` replaced by `to`, failing the test if `from` is missing.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("sweep --design sobol: byte-identical at 1 and 2 threads, and analyze writes the indices", "[cli][sweep][sobol][analyze]") {
    TempDir tmp;
    // 3 sampled parameters: 100 runs are 20 base points of 5 runs (A, B, AB_1..AB_3).
    for (const char* threads : {"1", "2"}) {
        const Result r = run_geosim(std::string("sweep ") + kScenario + " --design sobol --runs 100 --quiet --threads " +
                                    threads + " --out '" + (tmp / threads).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    for (const char* file : {"summary.csv", "runs.csv"})
        REQUIRE(slurp(tmp / "1" / file) == slurp(tmp / "2" / file));
    const std::string runs = slurp(tmp / "1" / "runs.csv");
    REQUIRE(lines(runs) == 101);
    REQUIRE(runs.rfind("run,seed,point,matrix,trade.theta,alignment.adjustment,ties.cooldown,alignment(PHL),gdp(KOR),"
                       "asean_alignment(ASEAN),\"trade(CHN, USA)\",shocks,error\n"
                       // 20 base points start at point 32 of the sequence: Gray code 48, so
                       // coordinate 1 is 1/32 + 1/64 = 3/64 and trade.theta 3 + 4 x 3/64.
                       "0,11,0,A,3.1875,",
                       0) == 0);
    REQUIRE(runs.find("\n1,11,0,B,") != std::string::npos);
    REQUIRE(runs.find("\n4,11,0,AB:ties.cooldown,") != std::string::npos);
    REQUIRE(runs.find("\n99,11,19,AB:ties.cooldown,") != std::string::npos);
    const std::string manifest = slurp(tmp / "1" / "manifest.json");
    REQUIRE(manifest.find("\"design\": \"sobol\",\n  \"sobol\": {\n    \"base_points\": 20,\n    \"parameters\": 3\n  },") !=
            std::string::npos);

    const Result one = run_geosim("analyze '" + (tmp / "1").string() + "' --threads 1");
    INFO(one.err);
    REQUIRE(one.code == 0);
    const std::string csv = slurp(tmp / "1" / "sobol.csv");
    REQUIRE(csv.rfind("outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi,n\nalignment(PHL),trade.theta,", 0) == 0);
    // 4 outcomes x 3 parameters, each from the 20 base points.
    REQUIRE(lines(csv) == 13);
    REQUIRE(csv.find("\"trade(CHN, USA)\",ties.cooldown,") != std::string::npos);
    std::size_t twenty = 0;
    for (std::size_t at = 0; (at = csv.find(",20\n", at)) != std::string::npos; ++at) ++twenty;
    REQUIRE(twenty == 12);
    const std::string txt = slurp(tmp / "1" / "sobol.txt");
    REQUIRE(txt.find("alignment(PHL) (20 base points)\n  parameter             S1      95% interval      ST      95% interval\n") !=
            std::string::npos);
    REQUIRE(one.out == txt + "\n" + (tmp / "1" / "sobol.csv").string() + "\n" + (tmp / "1" / "sobol.txt").string() + "\n");
    // The bootstrap is the same bits at any number of threads.
    const Result two = run_geosim("analyze '" + (tmp / "2").string() + "' --threads 2 --quiet");
    REQUIRE(two.code == 0);
    REQUIRE(slurp(tmp / "2" / "sobol.csv") == csv);
    REQUIRE(two.out == (tmp / "2" / "sobol.csv").string() + "\n" + (tmp / "2" / "sobol.txt").string() + "\n");
    // PRIM on a sobol sweep peels all 100 runs; with --sobol too, both analyses are written.
    const Result both = run_geosim("analyze '" + (tmp / "2").string() + "' --sobol --prim 'trade.theta < 4' --quiet");
    INFO(both.err);
    REQUIRE(both.code == 0);
    REQUIRE(both.out == (tmp / "2" / "sobol.csv").string() + "\n" + (tmp / "2" / "sobol.txt").string() + "\n" +
                            (tmp / "2" / "prim.csv").string() + "\n" + (tmp / "2" / "prim.txt").string() + "\n");
    REQUIRE(slurp(tmp / "2" / "sobol.csv") == csv);
    REQUIRE(slurp(tmp / "2" / "prim.csv").find("\n0,100,1,1,") != std::string::npos);
}

TEST_CASE("analyze --prim: finds the parameter a condition is about", "[cli][analyze][prim]") {
    TempDir tmp;
    const fs::path out = tmp / "mc";
    REQUIRE(run_geosim(std::string("sweep ") + kScenario + " --quiet --out '" + out.string() + "'").code == 0);
    const Result r = run_geosim("analyze '" + out.string() + "' --prim 'trade.theta > 5'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string csv = slurp(out / "prim.csv");
    REQUIRE(csv.rfind("step,runs,support,coverage,density,chosen,trade.theta_lo,trade.theta_hi,alignment.adjustment_lo,"
                      "alignment.adjustment_hi,ties.cooldown_lo,ties.cooldown_hi,phase\n0,24,1,1,",
                      0) == 0);
    // The condition is on trade.theta alone, so peeling its low end
    // reaches density 1 keeping every run of interest, and nothing else is restricted.
    const std::string txt = slurp(out / "prim.txt");
    INFO(txt);
    REQUIRE(txt.rfind("PRIM (Friedman and Fisher 1999) for: trade.theta > 5\n", 0) == 0);
    REQUIRE(txt.find("coverage 1.000, density 1.000") != std::string::npos);
    // A box of density 1 cannot be made denser: the paste row repeats the chosen one but for
    // chosen and phase.
    REQUIRE(txt.find("(11 runs)\npasting changed nothing: no widening of the chosen box raises its density\n\n") !=
            std::string::npos);
    const std::size_t last = csv.rfind('\n', csv.size() - 2) + 1;
    const std::size_t chosen = csv.rfind('\n', last - 2) + 1;
    const std::string chosen_row = csv.substr(chosen, last - chosen);
    REQUIRE(chosen_row.rfind("11,11,0.4583333333333333,1,1,1,", 0) == 0);
    REQUIRE(csv.substr(last) == replaced(replaced(chosen_row, ",1,1,1,", ",1,1,0,"), ",peel\n", ",paste\n"));
    REQUIRE(txt.find("\n  trade.theta           [5.") != std::string::npos);
    REQUIRE(txt.find("\n  alignment.adjustment  unrestricted") != std::string::npos);
    REQUIRE(txt.find("\n  ties.cooldown         unrestricted") != std::string::npos);
    REQUIRE(r.out.find(txt) == 0);
    // stderr is not a terminal here: no progress line.
    REQUIRE(r.err.empty());

    // With alpha 0.1, alignment(PHL) < 0.75 (14 of the 24 runs) is chosen at 10 runs, 8 of
    // interest, trade.theta in [3.021, 4.082]; pasting takes in the run at 4.605, of interest
    // (9 of 11), and nothing more raises the density.
    REQUIRE(run_geosim("analyze '" + out.string() + "' --prim 'alignment(PHL) < 0.75' --alpha 0.1 --quiet").code == 0);
    const std::string pasted = slurp(out / "prim.txt");
    INFO(pasted);
    REQUIRE(pasted.find("\nchosen box (step 6, the densest with coverage >= 0.5): coverage 0.571, density 0.800, "
                        "support 0.417 (10 runs)\nafter pasting: coverage 0.571 -> 0.643, density 0.800 -> 0.818, "
                        "support 0.417 -> 0.458 (10 -> 11 runs); trade.theta's upper limit 4.082 -> 4.605\n\n") !=
            std::string::npos);
    REQUIRE(pasted.find("\n  trade.theta           [3.021, 4.605]              [3.021, 6.814]\n") != std::string::npos);
    const std::string pasted_csv = slurp(out / "prim.csv");
    REQUIRE(pasted_csv.substr(pasted_csv.rfind('\n', pasted_csv.size() - 2) + 1) ==
            "6,11,0.4583333333333333,0.6428571428571429,0.8181818181818182,0,3.020627513078419,4.605170172919964,"
            "0.12391085594361911,0.3194305389978441,2,8,paste\n");
}

TEST_CASE("analyze: bad folders, conditions and options exit 2 with the exact message", "[cli][analyze][errors]") {
    TempDir tmp;
    const fs::path mc = tmp / "mc";
    REQUIRE(run_geosim(std::string("sweep ") + kScenario + " --quiet --out '" + mc.string() + "'").code == 0);
    const fs::path run = tmp / "run";
    REQUIRE(run_geosim("run tests/data/tiny.yaml --quiet --out '" + run.string() + "'").code == 0);
    // A runs.csv that does not match its manifest: a row lost, a header changed.
    const std::string runs = slurp(mc / "runs.csv");
    fs::create_directories(tmp / "cut.partial");
    fs::create_directories(tmp / "short");
    fs::copy_file(mc / "manifest.json", tmp / "short" / "manifest.json");
    tmp.write("short/runs.csv", runs.substr(0, runs.rfind('\n', runs.size() - 2) + 1));
    fs::create_directories(tmp / "header");
    fs::copy_file(mc / "manifest.json", tmp / "header" / "manifest.json");
    tmp.write("header/runs.csv", replaced(runs, "gdp(KOR)", "gdp(JPN)"));
    fs::create_directories(tmp / "cell");
    fs::copy_file(mc / "manifest.json", tmp / "cell" / "manifest.json");
    tmp.write("cell/runs.csv", replaced(runs, "\n2,11,", "\n2,11,x"));
    const auto cell = runs.find("\n2,11,") + 6;
    const std::string theta2 = runs.substr(cell, runs.find(',', cell) - cell);  // run 2's trade.theta, as written
    // Row 3 (line 5) without its last field; a quote opened in the third field of line 3.
    fs::create_directories(tmp / "fields");
    fs::copy_file(mc / "manifest.json", tmp / "fields" / "manifest.json");
    const auto line5 = runs.find("\n3,11,");
    REQUIRE(line5 != std::string::npos);
    tmp.write("fields/runs.csv", runs.substr(0, runs.rfind(',', runs.find('\n', line5 + 1))) +
                                     runs.substr(runs.find('\n', line5 + 1)));
    fs::create_directories(tmp / "quote");
    fs::copy_file(mc / "manifest.json", tmp / "quote" / "manifest.json");
    tmp.write("quote/runs.csv", replaced(runs, "\n1,11,", "\n1,11,\""));
    // A sobol sweep (2 base points of 5 runs) whose run 1 claims base point 1; and a sweep
    // without sampled parameters.
    const fs::path sobol = tmp / "sobol";
    REQUIRE(run_geosim(std::string("sweep ") + kScenario + " --design sobol --runs 10 --quiet --out '" + sobol.string() + "'").code == 0);
    fs::create_directories(tmp / "point");
    fs::copy_file(sobol / "manifest.json", tmp / "point" / "manifest.json");
    tmp.write("point/runs.csv", replaced(slurp(sobol / "runs.csv"), "\n1,11,0,B,", "\n1,11,1,B,"));
    fs::create_directories(tmp / "matrix");
    fs::copy_file(sobol / "manifest.json", tmp / "matrix" / "manifest.json");
    tmp.write("matrix/runs.csv", replaced(slurp(sobol / "runs.csv"), "\n1,11,0,B,", "\n1,11,0,A,"));
    // A manifest cut short and one with a seed out of range (read as JSON, located).
    fs::create_directories(tmp / "cutjson");
    tmp.write("cutjson/manifest.json", "{\n  \"design\": \"mc\",\n  \"seed\": 11,\n");
    fs::create_directories(tmp / "seedjson");
    tmp.write("seedjson/manifest.json", "{\"design\": \"mc\", \"seed\": -1, \"runs\": 24, \"sampled\": {}, \"outcomes\": []}");
    const fs::path plain = tmp / "plain";
    REQUIRE(run_geosim("sweep tests/data/tiny.yaml --runs 3 --quiet --out '" + plain.string() + "'").code == 0);

    struct Case {
        std::string args;
        std::string message;
    };
    const std::string m = std::string("'").append(mc.string()).append("'");
    const std::vector<Case> cases = {
        {"analyze", "geosim analyze: expected one sweep results folder"},
        {"analyze '" + (tmp / "none").string() + "'", (tmp / "none").string() + ": no such folder"},
        {"analyze '" + (mc / "runs.csv").string() + "'",
         (mc / "runs.csv").string() + ": not a folder (give the folder geosim sweep wrote)"},
        {"analyze '" + (tmp / "cut").string() + "'",
         (tmp / "cut").string() + ": not a finished sweep: it was interrupted (finish it with geosim sweep SCENARIO --resume " +
             (tmp / "cut").string() + ")"},
        {"analyze '" + run.string() + "'",
         (run / "manifest.json").string() + ":1:1: not the manifest of a sweep (it has no design, sampled parameters and outcomes)"},
        {"analyze '" + tmp.path().string() + "'", tmp.path().string() + ": not a finished sweep: no manifest.json"},
        {"analyze " + m, "geosim analyze: nothing to analyze: give --prim CONDITION (Sobol indices need a sobol sweep)"},
        {"analyze " + m + " --sobol",
         mc.string() + ": Sobol indices need a sweep run with --design sobol; this one is mc (PRIM works on any design: --prim CONDITION)"},
        {"analyze " + m + " --prim 'alignment(PHX) < 0'",
         "geosim analyze: --prim, at character 1: unknown column 'alignment(PHX)' (did you mean 'alignment(PHL)'?)"},
        {"analyze " + m + " --prim 'trade(CHN,USA) > < 1'",
         "geosim analyze: --prim, at character 18: expected a number, a column or '(', got '<'"},
        {"analyze " + m + " --prim 'trade.theta > 50'",
         mc.string() + ": no successful run meets --prim \"trade.theta > 50\"; there is nothing to find"},
        {"analyze " + m + " --prim 'trade.theta > 5' --alpha 0.9",
         "geosim analyze: --alpha must be a number between 0.01 and 0.5, got '0.9'"},
        {"analyze " + m + " --resamples 5", "geosim analyze: --resamples must be between 100 and 100000, got 5"},
        {"analyze '" + (tmp / "short").string() + "' --prim 'trade.theta > 5'",
         (tmp / "short" / "runs.csv").string() + ": has 23 runs but manifest.json says 24"},
        {"analyze '" + (tmp / "header").string() + "' --prim 'trade.theta > 5'",
         (tmp / "header" / "runs.csv").string() + ":1:7: the header does not match manifest.json (expected its sampled parameters and outcomes)"},
        {"analyze '" + (tmp / "cell").string() + "' --prim 'trade.theta > 5'",
         (tmp / "cell" / "runs.csv").string() + ":4:3: column trade.theta: expected a number, got 'x" + theta2 + "'"},
        {"analyze '" + (tmp / "fields").string() + "' --prim 'trade.theta > 5'",
         (tmp / "fields" / "runs.csv").string() + ":5:11: expected 11 columns, got 10"},
        {"analyze '" + (tmp / "quote").string() + "' --prim 'trade.theta > 5'",
         (tmp / "quote" / "runs.csv").string() + ":3:3: a quoted field is not closed"},
        {"analyze '" + (tmp / "point").string() + "'",
         (tmp / "point" / "runs.csv").string() + ":3:3: expected base point 0 and matrix B for run 1"},
        {"analyze '" + (tmp / "matrix").string() + "'",
         (tmp / "matrix" / "runs.csv").string() + ":3:4: expected base point 0 and matrix B for run 1"},
        {"analyze '" + (tmp / "cutjson").string() + "'",
         (tmp / "cutjson" / "manifest.json").string() +
             ":3:14: not valid JSON: syntax error while parsing object key - unexpected end of input; expected string literal"},
        {"analyze '" + (tmp / "seedjson").string() + "'",
         (tmp / "seedjson" / "manifest.json").string() + ":1:18: seed: value -1 is out of range [0, 9007199254740992]"},
        {"analyze '" + plain.string() + "' --prim '1 > 0'",
         plain.string() + ": PRIM needs sampled parameters; this sweep has none"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.substr(0, r.err.find('\n')) == c.message);
        for (const char* f : {"sobol.csv", "sobol.txt", "prim.csv", "prim.txt"}) REQUIRE(!fs::exists(mc / f));
    }
}

TEST_CASE("sweep --design sobol: a run count or parameter list that does not fit is refused where it is written",
          "[cli][sweep][sobol][errors]") {
    TempDir tmp;
    const std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / kScenario);
    const std::string world = "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "tests/data/tiny_world.yaml").string();
    const std::string base = replaced(text, "world: tiny_world.yaml", world);
    // runs: 24 and design: sobol written in the file (line 12 `  runs: 24`, line 13 `  design: sobol`).
    const fs::path file_runs = tmp.write("runs.yaml", replaced(base, "design: mc", "design: sobol"));
    // design: sobol with no parameters (the parameters' four lines removed).
    std::string bare = replaced(replaced(base, "design: mc", "design: sobol"), "  runs: 24\n", "");
    bare = bare.substr(0, bare.find("  parameters:")) + bare.substr(bare.find("  outcomes:"));
    const fs::path no_params = tmp.write("bare.yaml", bare);
    const fs::path out = tmp / "s";
    struct Case {
        std::string args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"sweep '" + file_runs.string() + "' --out '" + out.string() + "'",
         file_runs.string() + ":12:9: sweep.runs: the sobol design runs N base points x 5 (k + 2 for k = 3 parameters), "
                              "so runs must be a multiple of 5, got 24 (use 20 or 25)"},
        {std::string("sweep ") + kScenario + " --design sobol --runs 24 --out '" + out.string() + "'",
         "geosim sweep: --runs: the sobol design runs N base points x 5 (k + 2 for k = 3 parameters), so runs must be a "
         "multiple of 5, got 24 (use 20 or 25)"},
        // Fewer runs than one base point: the only valid neighbour is one base point.
        {std::string("sweep ") + kScenario + " --design sobol --runs 4 --out '" + out.string() + "'",
         "geosim sweep: --runs: the sobol design runs N base points x 5 (k + 2 for k = 3 parameters), so runs must be a "
         "multiple of 5, got 4 (use 5)"},
        {"sweep '" + no_params.string() + "' --out '" + out.string() + "'",
         no_params.string() + ":12:11: sweep.design: the sobol design needs at least one sampled parameter under sweep.parameters"},
        {"sweep tests/data/tiny.yaml --design sobol --out '" + out.string() + "'",
         "tests/data/tiny.yaml: --design: the sobol design needs at least one sampled parameter under sweep.parameters, "
         "and the scenario has no sweep: section"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.substr(0, r.err.find('\n')) == c.message);
    }
    REQUIRE(!fs::exists(out));
}
