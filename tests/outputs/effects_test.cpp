#include "outputs/effects.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "engine/core/date.hpp"
#include "outputs/compare_summary.hpp"

using namespace geosim;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

EffectSeries series(std::string indicator, std::string agent, std::string partner, std::vector<double> base,
                    std::vector<double> diff, std::vector<double> lo, std::vector<double> hi) {
    std::vector<double> alt;
    for (std::size_t t = 0; t < base.size(); ++t) alt.push_back(base[t] + diff[t]);
    return {std::move(indicator), std::move(agent), std::move(partner), std::move(base), std::move(alt),
            std::move(diff), std::move(lo), std::move(hi)};
}

}  // namespace

TEST_CASE("effects: each row at its peak, standardised by its scale, only where the interval excludes zero",
          "[outputs][effects]") {
    const std::vector<EffectSeries> rows = {
        // GDP: relative changes 0, 10/100, 30/200, 5/100: the peak is step 2 (-15%), though
        // step 1 has the larger relative change of the steps with the same base.
        series("gdp", "TWN", "", {100, 100, 200, 100}, {0, -10, -30, -5}, {0, -12, -40, -9}, {0, -8, -20, -1}),
        // Alignment near 0: absolute changes against the width 2 of [-1, 1]. Step 2 (0.3) has an
        // interval across zero, so the peak is step 3: 0.25 / 2 = 0.125 (a percentage of the
        // base 0.02 would be 1250%).
        series("alignment", "KOR", "", {0.02, 0.02, 0.02, 0.02}, {0, 0.1, 0.3, 0.25}, {0, 0.05, -0.1, 0.2},
               {0, 0.15, 0.7, 0.3}),
        // A tie level up by 1 of 5 at steps 2 and 3: 0.2, peaking at the first.
        series("tie_level", "KOR", "USA", {1, 1, 1, 1}, {0, 0, 1, 1}, {0, 0, 0.5, 0.5}, {0, 0, 1.5, 1.5}),
        // An FDI flow whose only change has an interval across zero: no effect.
        series("fdi_flow", "USA", "TWN", {0.3, 0.3, 0.3, 0.3}, {0, 0, 0, -0.2}, {0, 0, 0, -0.5}, {0, 0, 0, 0.1}),
        // An indicator that is not ranked, however large its change.
        series("incidents", "SCS", "", {0, 0, 0, 0}, {0, 5, 5, 5}, {0, 4, 4, 4}, {0, 6, 6, 6}),
        // A quantity whose base is 0 has no relative change.
        series("gdp", "XXX", "", {0, 0, 0, 0}, {0, 5, 5, 5}, {0, 4, 4, 4}, {0, 6, 6, 6}),
    };
    const std::vector<RankedEffect> effects = rank_effects(rows);
    REQUIRE(effects.size() == 3);

    CHECK(effects[0].row == 2);
    CHECK(effects[0].step == 2);
    CHECK(effects[0].measure == EffectMeasure::Absolute);
    CHECK(effects[0].size == 0.2);
    CHECK(format_change(effects[0]) == "+1.0000");

    CHECK(effects[1].row == 0);
    CHECK(effects[1].step == 2);
    CHECK(effects[1].measure == EffectMeasure::Relative);
    CHECK(effects[1].base == 200);
    CHECK(effects[1].alt == 170);
    CHECK(effects[1].diff == -30);
    CHECK(effects[1].lo == -40);
    CHECK(effects[1].hi == -20);
    CHECK(effects[1].change == -0.15);
    CHECK(effects[1].size == 0.15);
    CHECK(format_change(effects[1]) == "-15.00%");

    CHECK(effects[2].row == 1);
    CHECK(effects[2].step == 3);
    CHECK(effects[2].measure == EffectMeasure::Absolute);
    CHECK(effects[2].change == 0.25);
    CHECK(effects[2].size == 0.125);
    CHECK(format_change(effects[2]) == "+0.2500");
}

TEST_CASE("effects: with one run there is no interval and every difference counts", "[outputs][effects]") {
    const std::vector<EffectSeries> rows = {
        series("gdp", "KOR", "", {50, 50, 50}, {0, -1, -2}, {kNaN, kNaN, kNaN}, {kNaN, kNaN, kNaN}),
        series("tension", "CHN", "PHL", {0.5, 0.5, 0.5}, {0, 0.05, 0}, {kNaN, kNaN, kNaN}, {kNaN, kNaN, kNaN}),
        series("trade_share", "KOR", "CHN", {0.2, 0.2, 0.2}, {0, 0, 0}, {kNaN, kNaN, kNaN}, {kNaN, kNaN, kNaN}),
    };
    const std::vector<RankedEffect> effects = rank_effects(rows);
    REQUIRE(effects.size() == 2);
    // Tension 0.05 of [0, 1] ranks above GDP's 2/50 = 4%.
    CHECK(effects[0].row == 1);
    CHECK(effects[0].step == 1);
    CHECK(effects[1].row == 0);
    CHECK(effects[1].step == 2);
    CHECK(effects[1].size == 0.04);
}

TEST_CASE("effects: summary.txt lists the effects at their peak quarter", "[outputs][effects]") {
    // Two rows, three quarters, two paired runs, worked by hand:
    //   gdp KOR:       diffs (0, -20, -10) and (0, -18, -8) on a base of 100
    //   alignment KOR: diffs (0, 0.2, 0.1) and (0, 0.22, 0.12) on a base of 0.1
    // Means at step 1: -19 (relative -19%) and 0.21 (0.21 / 2 = 0.105 of the scale); at step 2
    // -9 and 0.11, smaller. The sd of two values a, b is |a - b| / sqrt 2, so the 90% half-width
    // is t(0.95, 1) |a - b| / 2 = 6.3138 |a - b| / 2: 6.31 and 0.0631 at step 1.
    Comparison c;
    c.keys = {{"gdp", "KOR", ""}, {"alignment", "KOR", ""}};
    c.start = *parse_quarter("2027Q1");
    c.steps = 3;
    c.stats = PairedStats(6);
    const std::vector<double> base = {100, 0.1, 100, 0.1, 100, 0.1};
    c.stats.add(base, std::vector<double>{100, 0.1, 80, 0.3, 90, 0.2});
    c.stats.add(base, std::vector<double>{100, 0.1, 82, 0.32, 92, 0.22});
    std::ostringstream out;
    write_compare_summary(out, c, {"baseline", "blockade", 7, 0.90, 10});
    const std::string text = out.str();
    INFO(text);
    CHECK(text.find("geosim compare: blockade (ALT) against baseline (BASE), 2027Q1 to 2027Q3 (2 quarters), seed 7, 2 runs\n") == 0);
    CHECK(text.find("  gdp               KOR           2027Q2        100.0       81.00      -19.00   -19.00%  [-25.31, -12.69]\n") !=
          std::string::npos);
    CHECK(text.find("  alignment         KOR           2027Q2       0.1000      0.3100     +0.2100   +0.2100  [+0.1469, +0.2731]\n") !=
          std::string::npos);
    CHECK(text.find("  gdp               KOR") < text.find("  alignment         KOR"));
    CHECK(text.find("  gdp               1 of 1 rows have an effect; largest KOR -19.00% at 2027Q2\n") != std::string::npos);
}
