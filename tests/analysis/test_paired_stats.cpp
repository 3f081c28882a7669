#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "analysis/paired_stats.hpp"

using namespace geosim;

TEST_CASE("paired stats: running mean, sd and the 90% t interval of a hand-made sample", "[compare][stats]") {
    RunningStats s;
    for (double x : {1.0, 2.0, 3.0, 4.0}) s.add(x);
    REQUIRE(s.count == 4);
    REQUIRE(s.mean == 2.5);
    REQUIRE(s.variance() == Approx(5.0 / 3.0).epsilon(1e-15));
    REQUIRE(s.sd() == Approx(1.2910).margin(5e-5));
    // Tables give t(0.95, 3) = 2.3534; the half-width is 2.3534 * 1.2910 / 2.
    const double t = t_critical(0.90, 4);
    REQUIRE(t == Approx(2.3534).margin(5e-5));
    REQUIRE(t_half_width(t, s.sd(), 4) == Approx(1.5191).margin(5e-5));
    // Many runs approach the normal quantile 1.6449.
    REQUIRE(t_critical(0.90, 100000) == Approx(1.6449).margin(1e-4));
}

TEST_CASE("paired stats: one value has no spread and no interval", "[compare][stats]") {
    RunningStats s;
    s.add(7);
    REQUIRE(s.mean == 7);
    REQUIRE(std::isnan(s.variance()));
    REQUIRE(std::isnan(t_critical(0.90, 1)));
}

TEST_CASE("paired stats: Welford keeps the spread of values with a large mean", "[compare][stats]") {
    // A sum-of-squares formula loses every digit of the variance here.
    RunningStats s;
    for (double x : {1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4}) s.add(x);
    REQUIRE(s.variance() == Approx(5.0 / 3.0).epsilon(1e-12));
}

TEST_CASE("paired stats: per-row means of base, alt and of their paired difference", "[compare][stats]") {
    PairedStats p(2);
    const std::vector<std::vector<double>> base = {{10, 5}, {20, 5}, {30, 5}, {40, 5}};
    const std::vector<std::vector<double>> alt = {{11, 5}, {22, 5}, {33, 5}, {44, 5}};
    for (std::size_t r = 0; r < base.size(); ++r) p.add(base[r], alt[r]);
    REQUIRE(p.runs() == 4);
    REQUIRE(p.base_mean(0) == 25);
    REQUIRE(p.alt_mean(0) == 27.5);
    // Differences 1, 2, 3, 4: the hand-made sample above.
    REQUIRE(p.diff_mean(0) == 2.5);
    REQUIRE(p.diff_sd(0) == Approx(1.2910).margin(5e-5));
    // Equal values give a difference of exactly 0, not a rounding residue.
    REQUIRE(p.diff_mean(1) == 0);
    REQUIRE(p.diff_sd(1) == 0);
    REQUIRE(!std::signbit(p.diff_mean(1)));
}

TEST_CASE("paired stats: a run of the wrong size is refused", "[compare][stats]") {
    PairedStats p(3);
    const std::vector<double> three = {1, 2, 3}, two = {1, 2};
    REQUIRE_THROWS_AS(p.add(three, two), std::invalid_argument);
    REQUIRE_THROWS_AS(p.add(two, two), std::invalid_argument);
    REQUIRE(p.runs() == 0);
}
