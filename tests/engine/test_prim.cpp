#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/column_condition.hpp"
#include "engine/prim.hpp"
#include "engine/rng.hpp"

using namespace geosim;

TEST_CASE("prim: finds a known box and leaves an irrelevant parameter alone", "[analyze][prim]") {
    // x1, x2, x3 ~ U(0, 1); the runs of interest are x1 > 0.6 and x2 < 0.4 (16% of them).
    const std::size_t n = 4000;
    Stream s(5, 0, purpose_key("prim-test"), 0, 0, 0);
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (std::size_t r = 0; r < n; ++r) {
        x.push_back({s.uniform(), s.uniform(), s.uniform()});
        interest.push_back(x.back()[0] > 0.6 && x.back()[1] < 0.4);
    }
    const PrimResult result = prim(x, interest, PrimOptions{});
    const PrimBox& box = result.trajectory[result.chosen];
    INFO("box x1 [" << box.lo[0] << ", " << box.hi[0] << "], x2 [" << box.lo[1] << ", " << box.hi[1]
                    << "], x3 [" << box.lo[2] << ", " << box.hi[2] << "], coverage " << box.coverage
                    << ", density " << box.density << ", step " << result.chosen);
    // Peeling stops at density 1, so the box lies inside the true one. A peel removes 5% of the
    // box's runs: near the end about 0.05 * 0.16 n runs, which along x2 (0.4 of x1's range
    // wide, n * 0.4 runs per unit of x2) is a strip 0.02 wide, the same along x1. Once a side is
    // clean, peeling moves to the other, so each side overshoots by one peel at most: 0.02,
    // given 0.04 for the sample's unevenness.
    CHECK(box.density == 1);
    CHECK(box.lo[0] > 0.6);
    CHECK(box.lo[0] < 0.64);
    CHECK(box.hi[1] < 0.4);
    CHECK(box.hi[1] > 0.36);
    // Upper x1 and lower x2 stay at the data's edge; x3 is not restricted at all.
    const PrimBox& all = result.trajectory.front();
    CHECK(box.hi[0] == all.hi[0]);
    CHECK(box.lo[1] == all.lo[1]);
    CHECK(box.lo[2] == all.lo[2]);
    CHECK(box.hi[2] == all.hi[2]);
    // Losing at most 0.04 of 0.4 on each of two sides keeps 0.9 * 0.9 of the runs of interest.
    CHECK(box.coverage > 0.81);
    // The trajectory starts with everything: support 1, density the base rate (about 0.16).
    CHECK(all.support == 1);
    CHECK(all.coverage == 1);
    CHECK(all.density == Approx(0.16).margin(0.02));
    // Each peel removes at least one run.
    for (std::size_t b = 1; b < result.trajectory.size(); ++b)
        CHECK(result.trajectory[b].runs < result.trajectory[b - 1].runs);
}

TEST_CASE("prim: peeling respects alpha and the minimum support", "[analyze][prim]") {
    // Interest is x > 0.9 on 100 evenly spaced values: each peel removes ceil(0.1 * runs) of the
    // lowest; with min_support 0.3 the box stops before holding fewer than 30 runs.
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (int i = 0; i < 100; ++i) {
        x.push_back({i / 100.0});
        interest.push_back(i >= 90);
    }
    const PrimResult result = prim(x, interest, PrimOptions{0.1, 0.3, 0.5});
    // Runs: 100 -> 90 -> 81 -> 72 (ceil 8.1 = 9) -> 64 (ceil 7.2 = 8) -> 57 (ceil 6.4 = 7)
    // -> 51 (6) -> 45 (6) -> 40 (5) -> 36 (4) -> 32 (4); the next (28) is below 30.
    std::vector<std::size_t> runs;
    for (const PrimBox& b : result.trajectory) runs.push_back(b.runs);
    CHECK(runs == std::vector<std::size_t>{100, 90, 81, 72, 64, 57, 51, 45, 40, 36, 32});
    // Density rises to 10 / 32; every box keeps all 10 runs of interest, so the last is chosen.
    CHECK(result.chosen == runs.size() - 1);
    CHECK(result.trajectory.back().density == Approx(10.0 / 32));
    CHECK(result.trajectory.back().lo[0] == Approx(0.68));
}

TEST_CASE("prim: ties on a discrete parameter are peeled together", "[analyze][prim]") {
    // A choice parameter with values 2, 4, 8 (40 runs each): the lowest 5% are all 2s, and a
    // peel takes every run equal to the last one it removes, so the box goes from [2, 8] to [4, 8].
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (int i = 0; i < 120; ++i) {
        const double v = i < 40 ? 2 : i < 80 ? 4 : 8;
        x.push_back({v});
        interest.push_back(v == 8 && i % 2 == 0);
    }
    const PrimResult result = prim(x, interest, PrimOptions{});
    REQUIRE(result.trajectory.size() >= 2);
    CHECK(result.trajectory[1].lo[0] == 4);
    CHECK(result.trajectory[1].runs == 80);
}

namespace {

std::string error_of(const std::string& text, const std::vector<std::string>& columns) {
    try {
        ColumnCondition::parse(text, columns);
    } catch (const condition::SyntaxError& e) {
        return std::to_string(e.offset) + ": " + e.message;
    }
    return "";
}

}  // namespace

TEST_CASE("prim condition: columns, arithmetic and logic on a runs.csv row", "[analyze][prim]") {
    const std::vector<std::string> cols = {"trade.theta", "alignment(PHL)", "trade(CHN, USA)"};
    const std::vector<double> row = {5, -0.2, 400};
    auto holds = [&](const std::string& t) { return ColumnCondition::parse(t, cols).holds(row); };
    CHECK(holds("alignment(PHL) < 0"));
    CHECK_FALSE(holds("alignment(PHL) >= 0"));
    CHECK(holds("trade(CHN,USA) > 399 and trade.theta == 5"));
    CHECK(holds("trade( CHN , USA ) / 100 - 2 * trade.theta == -6"));
    CHECK(holds("not (trade.theta > 6) or alignment(PHL) > 1"));
    CHECK_FALSE(holds("trade.theta > 4 and not trade.theta < 6"));
    CHECK(holds("-alignment(PHL) > 0.1"));
    // A value that is not finite compares false, as in a shock's when:.
    CHECK_FALSE(holds("trade.theta / 0 > 1"));

    CHECK(error_of("alignment(PHX) < 0", cols) == "0: unknown column 'alignment(PHX)' (did you mean 'alignment(PHL)'?)");
    CHECK(error_of("trade.theta > ", cols) == "14: expected a number, a column or '(', got the end");
    CHECK(error_of("trade.theta > 1)", cols) == "15: unexpected ')'");
    CHECK(error_of("(trade.theta > 1", cols) == "16: expected ')'");
    CHECK(error_of("trade.theta ? 1", cols) == "12: unexpected '?'");
    CHECK(error_of(std::string(100, '(') + "1" + std::string(100, ')'), cols) == "65: nested more than 64 deep");
}
