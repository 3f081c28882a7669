#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "cli_harness.hpp"

using namespace geosim::test;

namespace {

const char* const kScenario = "tests/data/tiny_sweep.yaml";

// The lines of `s` without their line ends.
std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at; (at = s.find('\n', start)) != std::string::npos; start = at + 1) out.push_back(s.substr(start, at - start));
    return out;
}

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
    // --pawn on a sobol sweep: PAWN alone, over all 100 runs, here in 5 intervals (ties.cooldown,
    // a choice of three values, in 3).
    const Result pawn = run_geosim("analyze '" + (tmp / "1").string() + "' --pawn --classes 5 --resamples 100 --quiet");
    INFO(pawn.err);
    REQUIRE(pawn.code == 0);
    REQUIRE(pawn.out == (tmp / "1" / "pawn.csv").string() + "\n" + (tmp / "1" / "pawn.txt").string() + "\n");
    REQUIRE(slurp(tmp / "1" / "sobol.csv") == csv);
    const std::string pawn_csv = slurp(tmp / "1" / "pawn.csv");
    REQUIRE(lines(pawn_csv) == 13);
    std::size_t five = 0, three = 0;
    for (std::size_t at = 0; (at = pawn_csv.find(",5,100,", at)) != std::string::npos; ++at) ++five;
    for (std::size_t at = 0; (at = pawn_csv.find(",3,100,", at)) != std::string::npos; ++at) ++three;
    CHECK(five == 8);
    CHECK(three == 4);
    // 1.3581 x sqrt(1/20 - 1/100) = 0.2716.
    REQUIRE(slurp(tmp / "1" / "pawn.txt").find("\nalignment(PHL) (100 runs; an interval's distance above 0.272 is unlikely") !=
            std::string::npos);
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
                      "alignment.adjustment_hi,ties.cooldown_lo,ties.cooldown_hi,phase,trade.theta_p,alignment.adjustment_p,"
                      "ties.cooldown_p\n0,24,1,1,",
                      0) == 0);
    // The condition is on trade.theta alone, so peeling its low end
    // reaches density 1 keeping every run of interest, and nothing else is restricted.
    const std::string txt = slurp(out / "prim.txt");
    INFO(txt);
    REQUIRE(txt.rfind("PRIM (Friedman and Fisher 1999) for: trade.theta > 5\n", 0) == 0);
    REQUIRE(txt.find("coverage 1.000, density 1.000") != std::string::npos);
    // A box of density 1 cannot be made denser: the paste row repeats the chosen one but for
    // chosen and phase.
    // The box of the 11 runs with trade.theta > 5, all of interest, against all 24 runs, 11 of
    // interest: quasi-p-value P(Bin(11, 11/24) >= 11) = (11/24)^11 = 1.9e-4, significant.
    REQUIRE(txt.find("(11 runs)\npasting changed nothing: no widening of the chosen box raises its density\n"
                     "every restriction is significant: its quasi-p-value is at most 0.05\n\n") != std::string::npos);
    const std::vector<std::string> rows = lines_of(csv);
    REQUIRE(rows.size() >= 4);
    const std::string& chosen_row = rows[rows.size() - 3];
    const std::string& paste_row = rows[rows.size() - 2];
    const std::string& significant_row = rows[rows.size() - 1];
    REQUIRE(chosen_row.rfind("11,11,0.4583333333333333,1,1,1,", 0) == 0);
    REQUIRE(chosen_row.substr(chosen_row.size() - 8) == ",peel,,,");
    const std::string kept_row = replaced(chosen_row.substr(0, chosen_row.size() - 8), ",1,1,1,", ",1,1,0,");
    const double p = std::pow(11.0 / 24, 11);
    REQUIRE(paste_row.rfind(kept_row + ",paste,", 0) == 0);
    CHECK(std::stod(paste_row.substr(kept_row.size() + 7)) == Approx(p).epsilon(1e-12));
    REQUIRE(paste_row.substr(paste_row.size() - 2) == ",,");
    REQUIRE(significant_row == replaced(paste_row, ",paste,", ",significant,"));
    REQUIRE(txt.find("\n  trade.theta           [5.") != std::string::npos);
    REQUIRE(txt.find("\n  alignment.adjustment  unrestricted") != std::string::npos);
    REQUIRE(txt.find("\n  ties.cooldown         unrestricted") != std::string::npos);
    REQUIRE(r.out.find(txt) == 0);
    // stderr is not a terminal here: no progress line.
    REQUIRE(r.err.empty());

    // With alpha 0.1, alignment(PHL) < 0.75 (14 of the 24 runs) is chosen at 10 runs, 8 of
    // interest, trade.theta in [3.021, 4.082]; pasting takes in the run at 4.605, of interest
    // (9 of 11), and nothing more raises the density. That box restricts trade.theta alone; all
    // 24 runs hold 14 of interest, so its quasi-p-value is P(Bin(11, 14/24) >= 9) =
    // 55 q^9 (1 - q)^2 + 11 q^10 (1 - q) + q^11, q = 14/24: 0.09825, not significant.
    const double q = 14.0 / 24;
    const double p_theta = 55 * std::pow(q, 9) * (1 - q) * (1 - q) + 11 * std::pow(q, 10) * (1 - q) + std::pow(q, 11);
    REQUIRE(p_theta == Approx(0.09825).margin(5e-6));
    const std::string box_line = "6,11,0.4583333333333333,0.6428571428571429,0.8181818181818182,0,3.020627513078419,"
                                 "4.605170172919964,0.12391085594361911,0.3194305389978441,2,8,paste,";
    REQUIRE(run_geosim("analyze '" + out.string() + "' --prim 'alignment(PHL) < 0.75' --alpha 0.1 --quiet --keep-restrictions")
                .code == 0);
    const std::string pasted = slurp(out / "prim.txt");
    INFO(pasted);
    REQUIRE(pasted.find("\nchosen box (step 6, the densest with coverage >= 0.5): coverage 0.571, density 0.800, "
                        "support 0.417 (10 runs)\nafter pasting: coverage 0.571 -> 0.643, density 0.800 -> 0.818, "
                        "support 0.417 -> 0.458 (10 -> 11 runs); trade.theta's upper limit 4.082 -> 4.605\n"
                        "restrictions kept as asked (--keep-restrictions), whatever their quasi-p-values\n\n") !=
            std::string::npos);
    REQUIRE(pasted.find("\n  trade.theta           [3.021, 4.605]              0.09825     [3.021, 6.814]\n") !=
            std::string::npos);
    REQUIRE(pasted.find("\n  alignment.adjustment  unrestricted                -           [0.1239, 0.3194]\n") !=
            std::string::npos);
    const std::vector<std::string> kept_rows = lines_of(slurp(out / "prim.csv"));
    REQUIRE(kept_rows.back().rfind(box_line, 0) == 0);
    CHECK(std::stod(kept_rows.back().substr(box_line.size())) == Approx(p_theta).epsilon(1e-12));
    REQUIRE(kept_rows.back().substr(kept_rows.back().size() - 2) == ",,");

    // Without --keep-restrictions the restriction goes: the box is every run.
    REQUIRE(run_geosim("analyze '" + out.string() + "' --prim 'alignment(PHL) < 0.75' --alpha 0.1 --quiet").code == 0);
    const std::string dropped = slurp(out / "prim.txt");
    INFO(dropped);
    REQUIRE(dropped.find("trade.theta's upper limit 4.082 -> 4.605\ndropped as not significant (quasi-p-value above "
                         "0.05; --keep-restrictions keeps them): trade.theta (0.09825); coverage 0.643 -> 1.000, "
                         "density 0.818 -> 0.583, support 0.458 -> 1.000 (11 -> 24 runs)\n\n") != std::string::npos);
    REQUIRE(dropped.find("\n  trade.theta           unrestricted                -           [3.021, 6.814]\n") !=
            std::string::npos);
    const std::vector<std::string> dropped_rows = lines_of(slurp(out / "prim.csv"));
    REQUIRE(dropped_rows[dropped_rows.size() - 2].rfind(box_line, 0) == 0);
    // The last row is the first box (all 24 runs, the sampled range) at the chosen step.
    const std::string& first = dropped_rows.at(1);
    REQUIRE(first.rfind("0,24,1,1,", 0) == 0);
    REQUIRE(first.substr(first.size() - 8) == ",peel,,,");
    REQUIRE(dropped_rows.back() == "6" + first.substr(1, first.size() - 9) + ",significant,,,");
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
    // A manifest whose `drawn` is not an object.
    fs::create_directories(tmp / "drawnjson");
    tmp.write("drawnjson/manifest.json",
              "{\"design\": \"mc\", \"seed\": 1, \"runs\": 24, \"sampled\": {}, \"outcomes\": [], \"drawn\": [1]}");
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
        {"analyze " + m + " --sobol",
         mc.string() + ": Sobol indices need a sweep run with --design sobol; this one is mc (PAWN and PRIM work on any design: --pawn, --prim CONDITION)"},
        {"analyze " + m + " --classes 1", "geosim analyze: --classes must be between 2 and 100, got 1"},
        {"analyze '" + plain.string() + "'",
         plain.string() + ": PAWN needs sampled parameters or drawn shock values; this sweep has none"},
        {"analyze '" + (tmp / "drawnjson").string() + "'",
         (tmp / "drawnjson" / "manifest.json").string() + ":1:72: drawn: expected a JSON object"},
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
         (tmp / "header" / "runs.csv").string() + ":1:7: the header does not match manifest.json (expected its sampled parameters, drawn shock values and outcomes)"},
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
         plain.string() + ": PRIM needs sampled parameters or drawn shock values; this sweep has none"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.substr(0, r.err.find('\n')) == c.message);
        for (const char* f : {"sobol.csv", "sobol.txt", "pawn.csv", "pawn.txt", "prim.csv", "prim.txt"})
            REQUIRE(!fs::exists(mc / f));
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

namespace {

// The tiny sweep with a sanctions shock whose share of imports blocked is drawn per run, and 60
// runs.
fs::path drawn_sweep(TempDir& tmp) {
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / kScenario);
    text = replaced(text, "world: tiny_world.yaml",
                    "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "tests/data/tiny_world.yaml").string());
    text = replaced(text, "  - {name: standoff, kind: maritime_incident, hazard: 0.15, zone: scarborough, rung: 3}\n",
                    "  - {name: levy, kind: sanctions, at: 2025Q3, duration: 4, sender: CHN, target: KOR,\n"
                    "     imports_blocked: {uniform: [0.1, 0.5]}}\n");
    text = replaced(text, "runs: 24", "runs: 60");
    const fs::path scenario = tmp.write("levy.yaml", text);
    const fs::path out = tmp / "levy";
    const Result r = run_geosim("sweep '" + scenario.string() + "' --quiet --out '" + out.string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    return out;
}

// runs.csv's cells as numbers, by column name (every run of the tests' sweeps succeeds).
std::vector<std::vector<double>> columns_of(const fs::path& runs_csv, const std::vector<std::string>& names) {
    const std::vector<std::string> rows = lines_of(slurp(runs_csv));
    std::vector<std::string> header;
    {
        std::string cell;
        bool quoted = false;
        for (char c : rows.at(0)) {
            if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) header.push_back(std::exchange(cell, ""));
            else cell += c;
        }
        header.push_back(cell);
    }
    std::vector<std::vector<double>> out(names.size());
    for (std::size_t r = 1; r < rows.size(); ++r) {
        // Data rows hold no quoted cells: split on commas.
        std::vector<std::string> cells(1);
        for (char c : rows[r]) {
            if (c == ',') cells.emplace_back();
            else cells.back() += c;
        }
        REQUIRE(cells.size() == header.size());
        REQUIRE(cells.back().empty());
        for (std::size_t k = 0; k < names.size(); ++k) {
            const auto at = std::find(header.begin(), header.end(), names[k]);
            REQUIRE(at != header.end());
            out[k].push_back(std::stod(cells[static_cast<std::size_t>(at - header.begin())]));
        }
    }
    return out;
}

// PAWN's median over 10 intervals, computed the long way: the runs sorted by x cut after the
// run that brings the count to k x n / 10 or more (no ties here), and each interval's distance
// the largest gap between the two empirical distribution functions at any run's y.
double pawn_median_long_way(const std::vector<double>& x, const std::vector<double>& y) {
    const std::size_t n = x.size();
    std::vector<std::size_t> order(n);
    for (std::size_t k = 0; k < n; ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<std::vector<std::size_t>> intervals(1);
    for (std::size_t k = 0; k < n; ++k) {
        intervals.back().push_back(order[k]);
        if (k + 1 < n && intervals.size() < 10 && (k + 1) * 10 >= intervals.size() * n) intervals.emplace_back();
    }
    std::vector<double> distances;
    for (const auto& members : intervals) {
        double d = 0;
        for (double at : y) {
            double all = 0, part = 0;
            for (double v : y) all += v <= at ? 1 : 0;
            for (std::size_t r : members) part += y[r] <= at ? 1 : 0;
            d = std::max(d, std::fabs(all / static_cast<double>(n) - part / static_cast<double>(members.size())));
        }
        distances.push_back(d);
    }
    std::sort(distances.begin(), distances.end());
    const std::size_t m = distances.size();
    return m % 2 ? distances[m / 2] : (distances[m / 2 - 1] + distances[m / 2]) / 2;
}

}  // namespace

TEST_CASE("analyze: an mc sweep gets PAWN indices, shock draws included, by default", "[cli][analyze][pawn]") {
    TempDir tmp;
    const fs::path out = drawn_sweep(tmp);
    const Result r = run_geosim("analyze '" + out.string() + "' --resamples 200");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string csv = slurp(out / "pawn.csv");
    const std::string txt = slurp(out / "pawn.txt");
    REQUIRE(r.out == txt + "\n" + (out / "pawn.csv").string() + "\n" + (out / "pawn.txt").string() + "\n");
    const std::vector<std::string> rows = lines_of(csv);
    REQUIRE(rows.at(0) == "outcome,input,median,median_lo,median_hi,max,max_lo,max_hi,classes,n,noise");
    // 4 outcomes x (3 parameters + 1 drawn value).
    REQUIRE(rows.size() == 17);
    // The noise level for 60 runs in intervals of 6: 1.3581 x sqrt(1/6 - 1/60) = 0.5260.
    const double noise = std::sqrt(-std::log(0.025) / 2) * std::sqrt(1.0 / 6 - 1.0 / 60);
    REQUIRE(noise == Approx(0.5260).margin(5e-5));
    for (const std::string& input : {std::string("trade.theta"), std::string("levy.imports_blocked")}) {
        const auto at = csv.find("\ngdp(KOR)," + input + ",");
        REQUIRE(at != std::string::npos);
        std::vector<std::string> cells(1);
        for (std::size_t k = at + 1; csv[k] != '\n'; ++k) {
            if (csv[k] == ',') cells.emplace_back();
            else cells.back() += csv[k];
        }
        REQUIRE(cells.size() == 11);
        const auto values = columns_of(out / "runs.csv", {input, "gdp(KOR)"});
        INFO(input);
        CHECK(std::stod(cells[2]) == Approx(pawn_median_long_way(values[0], values[1])).epsilon(1e-12));
        CHECK(std::stod(cells[3]) <= std::stod(cells[4]));
        CHECK(cells[8] == "10");
        CHECK(cells[9] == "60");
        CHECK(std::stod(cells[10]) == Approx(noise).epsilon(1e-12));
    }
    // ties.cooldown is a choice of 2, 4 or 8: three intervals.
    REQUIRE(csv.find("\ngdp(KOR),ties.cooldown,") != std::string::npos);
    CHECK(csv.substr(csv.find("\ngdp(KOR),ties.cooldown,")).find(",3,60,") != std::string::npos);
    REQUIRE(txt.rfind("PAWN indices (Pianosi and Wagener 2015, 2018)", 0) == 0);
    REQUIRE(txt.find("\ngdp(KOR) (60 runs; an interval's distance above 0.526 is unlikely to be chance)\n") !=
            std::string::npos);
}

TEST_CASE("analyze --prim: a condition on a drawn shock value finds that value's range", "[cli][analyze][prim][draws]") {
    TempDir tmp;
    const fs::path out = drawn_sweep(tmp);
    const Result r = run_geosim("analyze '" + out.string() + "' --prim 'levy.imports_blocked > 0.3' --quiet");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::vector<double> drawn = columns_of(out / "runs.csv", {"levy.imports_blocked"})[0];
    std::size_t interesting = 0;
    double lowest = 1;
    for (double v : drawn)
        if (v > 0.3) {
            ++interesting;
            lowest = std::min(lowest, v);
        }
    REQUIRE(interesting > 10);
    REQUIRE(interesting < 50);
    const std::vector<std::string> rows = lines_of(slurp(out / "prim.csv"));
    const std::string& header = rows.at(0);
    REQUIRE(header.find(",levy.imports_blocked_lo,levy.imports_blocked_hi,phase,") != std::string::npos);
    REQUIRE(header.substr(header.rfind(",phase,")) ==
            ",phase,trade.theta_p,alignment.adjustment_p,ties.cooldown_p,levy.imports_blocked_p");
    // The last row: step,runs,support,coverage,density,chosen, 4 x (lo, hi), phase, 4 p-values.
    std::vector<std::string> cells(1);
    for (char c : rows.back()) {
        if (c == ',') cells.emplace_back();
        else cells.back() += c;
    }
    REQUIRE(cells.size() == 19);
    REQUIRE(cells[14] == "significant");
    CHECK(cells[4] == "1");  // density
    const double lo = std::stod(cells[12]), hi = std::stod(cells[13]);
    // The box restricts the drawn value from below, at or above the lowest draw of interest, and
    // nothing else (the other p-values are empty).
    CHECK(lo >= lowest);
    CHECK(lo > *std::min_element(drawn.begin(), drawn.end()));
    CHECK(hi == *std::max_element(drawn.begin(), drawn.end()));
    CHECK(cells[15].empty());
    CHECK(cells[16].empty());
    CHECK(cells[17].empty());
    // Its quasi-p-value from runs.csv: the box's t runs, all of interest, against all 60 runs of
    // which `interesting` are: P(Bin(t, interesting/60) >= t) = (interesting/60)^t.
    std::size_t t = 0;
    for (double v : drawn) t += v >= lo && v <= hi ? 1 : 0;
    CHECK(cells[1] == std::to_string(t));
    CHECK(std::stod(cells[18]) == Approx(std::pow(static_cast<double>(interesting) / 60, static_cast<double>(t))).epsilon(1e-9));
    const std::string txt = slurp(out / "prim.txt");
    INFO(txt);
    // Peeling also cut the top of alignment.adjustment, by chance: without that restriction the
    // box holds the same runs of interest and no other run (density 1), so its quasi-p-value is
    // P(Bin(27, 1) >= 27) = 1, and it is dropped.
    const std::string& paste = rows.at(rows.size() - 2);
    REQUIRE(paste.find(",paste,,1,,") != std::string::npos);
    REQUIRE(txt.find("pasting changed nothing: no widening of the chosen box raises its density\n"
                     "dropped as not significant (quasi-p-value above 0.05; --keep-restrictions keeps them): "
                     "alignment.adjustment (1); coverage 1.000 -> 1.000, density 1.000 -> 1.000, support 0.450 -> "
                     "0.450 (27 -> 27 runs)\n") != std::string::npos);
    CHECK(t == 27);
    CHECK(interesting == 27);
    REQUIRE(txt.find("\n  levy.imports_blocked  [") != std::string::npos);
    REQUIRE(txt.find("\n  trade.theta           unrestricted                -           [") != std::string::npos);
}
