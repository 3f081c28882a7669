#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "cli/bench_check.hpp"
#include "cli_harness.hpp"

using namespace geosim::test;

// The measurements themselves take minutes and report figures; these check that bad input is
// refused at once, before anything is measured or written.
TEST_CASE("bench: bad input exits 2 before measuring", "[cli][bench][errors]") {
    TempDir tmp;
    fs::create_directories(tmp / "full");
    tmp.write("full/file", "x");
    struct Case {
        std::string args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"bench extra", "geosim bench: bench takes no positional arguments"},
        {"bench --economies 3", "geosim bench: --economies must be between 8 and 2000, got 3"},
        {"bench --economies 50,4000", "geosim bench: --economies must be between 8 and 2000, got 4000"},
        {"bench --economies 50,,100", "geosim bench: --economies expects whole numbers separated by commas, got '50,,100'"},
        {"bench --economies 8,8,8,8,8,8,8,8,8", "geosim bench: --economies takes at most 8 sizes, got 9"},
        {"bench --threads 1", "geosim bench: --threads must be between 2 and 256, got 1"},
        {"bench --out '" + (tmp / "full").string() + "'",
         "geosim bench: '" + (tmp / "full").string() + "' exists and is not empty"},
        {"bench --scenario none.yaml --out '" + (tmp / "out").string() + "'", "none.yaml: cannot open file (No such file or directory)"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.find(c.message) != std::string::npos);
        REQUIRE(!fs::exists(tmp / "out"));
    }
}

TEST_CASE("bench: timings that disagree or an efficiency above 100% are named as disturbed, not results",
          "[cli][bench]") {
    using geosim::cli::spread_of;
    using geosim::cli::spread_doubts;
    using geosim::cli::throughput_doubts;
    // Spread: (max - min) / median. {4.0, 4.1, 4.2}: 0.2 / 4.1 = 4.9%; one repeat has none.
    CHECK(spread_of({4.0, 4.1, 4.2}) == Approx(0.2 / 4.1).epsilon(1e-12));
    CHECK(spread_of({4.0}) == 0);
    // A clean pair: 1 thread 4.0 s, 2 threads 2.1 s (efficiency 4.0 / 4.2 = 95%), repeats close.
    CHECK(throughput_doubts({4.0, 4.1, 3.95}, {2.1, 2.12, 2.08}, 2).empty());
    // The figures this machine printed while another build ran: 1 thread 5.348 s, 2 threads
    // 2.231 s for 1,000 runs, 448.3 against 187.0 runs/s, an efficiency of 5.348 / (2 x 2.231).
    CHECK(throughput_doubts({5.348}, {2.231}, 2) ==
          std::vector<std::string>{"parallel efficiency 119.9% is above 100%, which no machine gives: the 1-thread "
                                   "timing was slowed by other work"});
    // Repeats 4.0, 4.0, 5.0: 1.0 / 4.0 = 25% apart; the 2-thread ones 2.0, 2.5, 2.0: 25% too.
    CHECK(throughput_doubts({4.0, 4.0, 5.0}, {2.0, 2.5, 2.0}, 2) ==
          std::vector<std::string>{"1 thread: the repeats spread 25.0% of their median (max - min), above the 10.0% bound",
                                   "2 threads: the repeats spread 25.0% of their median (max - min), above the 10.0% bound"});
    // At the bound itself a timing still counts: 0.4 / 4.0 = 10%.
    CHECK(spread_doubts("x", {4.0, 4.4, 4.0}, 0.1 + 1e-12).empty());
    CHECK(spread_doubts("200-economy run", {0.40, 0.48, 0.41}) ==
          std::vector<std::string>{"200-economy run: the repeats spread 19.5% of their median (max - min), above the "
                                   "10.0% bound"});
}

TEST_CASE("bench: the exponent of run time against world size", "[cli][bench]") {
    using geosim::cli::fitted_exponent;
    // An exact power law: t = 0.002 n^2.2 at 50, 100, 200 and 400 economies gives 2.2.
    std::vector<double> n = {50, 100, 200, 400}, t;
    for (double x : n) t.push_back(0.002 * std::pow(x, 2.2));
    CHECK(fitted_exponent(n, t) == Approx(2.2).epsilon(1e-12));
    // Two sizes: the slope between them, ln(4) / ln(2) = 2 for a time four times longer at
    // twice the size.
    CHECK(fitted_exponent({100, 200}, {0.1, 0.4}) == Approx(2.0).epsilon(1e-12));
    // Times that double, then quadruple, then double (n doubling each step): log2 steps 1, 2, 1
    // against 1, 1, 1; the least-squares slope over x = 0..3, y = 0, 1, 3, 4 is
    // sum (x - 1.5)(y - 2) / sum (x - 1.5)^2 = (3 + 0.5 + 0.5 + 3) / 5 = 1.4.
    CHECK(fitted_exponent({1, 2, 4, 8}, {1, 2, 8, 16}) == Approx(1.4).epsilon(1e-12));
}
