#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "analysis/prim.hpp"
#include "engine/core/rng.hpp"
#include "engine/shocks/column_condition.hpp"

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
    // Pasting only widens the box, within the data's range, and never lowers its density or
    // coverage (a box of density 1 cannot be made denser, so it stays as it is).
    const PrimBox pasted = prim_paste(x, interest, box, PrimOptions{});
    CHECK(pasted.density >= box.density);
    CHECK(pasted.coverage >= box.coverage);
    for (std::size_t c = 0; c < 3; ++c) {
        CHECK(pasted.lo[c] <= box.lo[c]);
        CHECK(pasted.hi[c] >= box.hi[c]);
        CHECK(pasted.lo[c] >= all.lo[c]);
        CHECK(pasted.hi[c] <= all.hi[c]);
    }
    CHECK(pasted.lo == box.lo);
    CHECK(pasted.hi == box.hi);
}

TEST_CASE("prim_paste: the same input gives the same bits", "[analyze][prim][paste]") {
    // Runs of interest with probability 0.9 for x1 in [0.4, 0.8], 0.5 above and 0.1 below; the
    // box x1 in [0.6, 1] (density about 0.7) is widened down towards 0.4 (strips of 0.9). Two
    // calls must agree exactly.
    Stream s(11, 0, purpose_key("prim-paste-test"), 0, 0, 0);
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (std::size_t r = 0; r < 2000; ++r) {
        x.push_back({s.uniform(), s.uniform()});
        const double v = x.back()[0];
        interest.push_back(s.uniform() < (v < 0.4 ? 0.1 : v <= 0.8 ? 0.9 : 0.5));
    }
    PrimBox box;
    box.lo = {0.6, 0};
    box.hi = {1, 1};
    const PrimBox a = prim_paste(x, interest, box, PrimOptions{});
    const PrimBox b = prim_paste(x, interest, box, PrimOptions{});
    CHECK(std::memcmp(a.lo.data(), b.lo.data(), sizeof(double) * 2) == 0);
    CHECK(std::memcmp(a.hi.data(), b.hi.data(), sizeof(double) * 2) == 0);
    CHECK(a.runs == b.runs);
    CHECK(a.interesting == b.interesting);
    CHECK(std::memcmp(&a.density, &b.density, sizeof(double)) == 0);
    CHECK(std::memcmp(&a.coverage, &b.coverage, sizeof(double)) == 0);
    // It did move: down into the strips of 0.9, not into those of 0.1.
    CHECK(a.lo[0] < 0.55);
    CHECK(a.lo[0] > 0.35);
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
    // Progress: 0 of the 10 peels this sequence has (no ties), then each peel.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> told;
    prim(x, interest, PrimOptions{0.1, 0.3, 0.5}, [&](std::uint64_t done, std::uint64_t total) { told.emplace_back(done, total); });
    REQUIRE(told.size() == 11);
    for (std::uint64_t i = 0; i <= 10; ++i) CHECK(told[i] == std::pair<std::uint64_t, std::uint64_t>{i, 10});
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

TEST_CASE("prim_paste: takes back what a coarse peel removed with the runs of interest", "[analyze][prim][paste]") {
    // 30 runs. x1 = 0: x0 = 1..20, of interest at x0 = 4, 5, 7, 9, 11, 13, 16, 18, 20 (9 runs).
    // x1 = 1: x0 = 1, 3, ..., 19, none of interest. alpha 0.25, min_support 0.4 (12 runs).
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (int v = 1; v <= 20; ++v) {
        x.push_back({double(v), 0});
        interest.push_back(v == 4 || v == 5 || v == 7 || v == 9 || v == 11 || v == 13 || v == 16 || v == 18 || v == 20);
    }
    for (int v = 1; v <= 19; v += 2) {
        x.push_back({double(v), 1});
        interest.push_back(false);
    }
    const PrimOptions options{0.25, 0.4, 0.5};
    const PrimResult result = prim(x, interest, options);
    // Peel 1 (30 runs, 9 of interest, density 0.3; ceil(7.5) = 8 runs a peel): x1's upper side
    // takes all ten x1 = 1 runs (ties), density 9/20, gain (0.45 - 0.3) / 10 = 0.015; x0's lower
    // side takes x0 <= 5 (8 runs, 2 of interest), gain (7/22 - 0.3) / 8 = 0.0023; x0's upper
    // side takes x0 >= 15 (9 runs, 3 of interest) and lowers the density; x1's lower side would
    // leave 10 runs, fewer than 12.
    // Peel 2 (20 runs, ceil(5) = 5 a peel): x0's lower side takes 1..5 (2 of interest), density
    // 7/15; its upper side takes 16..20 (3 of interest), 6/15; x1 is a single value.
    // Peel 3 would leave 15 - ceil(3.75) = 11 runs: none. Densities 0.3, 0.45, 0.467, coverages
    // 1, 1, 7/9: box 2 is chosen, x0 in [6, 20], x1 in [0, 0].
    REQUIRE(result.trajectory.size() == 3);
    REQUIRE(result.chosen == 2);
    const PrimBox& peeled = result.trajectory[2];
    REQUIRE(peeled.lo == std::vector<double>{6, 0});
    REQUIRE(peeled.hi == std::vector<double>{20, 0});
    REQUIRE(peeled.runs == 15);
    REQUIRE(peeled.interesting == 7);

    // Paste 1 (15 runs, ceil(3.75) = 4 a paste): below x0 = 6 with x1 in [0, 0] are x0 = 5, 4,
    // 3, 2, 1 (the x1 = 1 runs at 1, 3, 5 break the other bound): the 4 nearest move the bound
    // to 2 and add 2 runs of interest of 4, density 9/19 = 0.474 > 7/15 = 0.467. Above x1 = 0
    // within x0 in [6, 20] are the seven x1 = 1 runs at 7..19, tied: 7/22, lower. x0's upper and
    // x1's lower bounds are at the data's edge.
    // Paste 2 (19 runs, 5 a paste): only x0 = 1 is left below (9/20 = 0.45) and nine x1 = 1
    // runs above (9/28): neither raises 9/19, so pasting stops.
    const PrimBox pasted = prim_paste(x, interest, peeled, options);
    CHECK(pasted.lo == std::vector<double>{2, 0});
    CHECK(pasted.hi == std::vector<double>{20, 0});
    CHECK(pasted.runs == 19);
    CHECK(pasted.interesting == 9);
    CHECK(pasted.density == 9.0 / 19);
    CHECK(pasted.coverage == 1);
    CHECK(pasted.support == 19.0 / 30);
}

TEST_CASE("prim_paste: a box no paste makes denser is returned as it is", "[analyze][prim][paste]") {
    // The peeling of "respects alpha": x = 0, 0.01, ..., 0.99 with interest x >= 0.9, chosen box
    // [0.68, 0.99], 32 runs, 10 of interest. Every run outside lies below 0.68 and is not of
    // interest, so each paste lowers the density; above 0.99 there is nothing.
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (int i = 0; i < 100; ++i) {
        x.push_back({i / 100.0});
        interest.push_back(i >= 90);
    }
    const PrimOptions options{0.1, 0.3, 0.5};
    const PrimResult result = prim(x, interest, options);
    const PrimBox& chosen = result.trajectory[result.chosen];
    const PrimBox pasted = prim_paste(x, interest, chosen, options);
    CHECK(pasted.lo == chosen.lo);
    CHECK(pasted.hi == chosen.hi);
    CHECK(pasted.runs == 32);
    CHECK(pasted.interesting == 10);
    CHECK(pasted.density == chosen.density);

    // A paste that keeps the density as it was is not taken either: on x = 1..8 with interest at
    // 1, 3 and 4, the box [3, 6] has density 2/4. With alpha 0.5 a paste takes 2 runs: below, 2
    // and 1 give 3/6, the same; above, 7 and 8 give 2/6. The box stays [3, 6].
    std::vector<std::vector<double>> y;
    std::vector<bool> yes;
    for (int v = 1; v <= 8; ++v) {
        y.push_back({double(v)});
        yes.push_back(v == 1 || v == 3 || v == 4);
    }
    PrimBox box;
    box.lo = {3};
    box.hi = {6};
    const PrimBox same = prim_paste(y, yes, box, PrimOptions{0.5, 0, 0});
    CHECK(same.lo == std::vector<double>{3});
    CHECK(same.hi == std::vector<double>{6});
    CHECK(same.runs == 4);
    CHECK(same.interesting == 2);
    CHECK(same.coverage == 2.0 / 3);
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

    // A drawn shock argument's column may hold brackets (a schedule's step).
    const std::vector<std::string> drawn = {"trade.theta", "war.schedule[1].rate"};
    CHECK(ColumnCondition::parse("war.schedule[1].rate > 0.2", drawn).holds({5, 0.25}));
    CHECK_FALSE(ColumnCondition::parse("war.schedule[1].rate > 0.2", drawn).holds({5, 0.15}));
    CHECK(error_of("war.schedule[2].rate > 0", drawn) ==
          "0: unknown column 'war.schedule[2].rate' (did you mean 'war.schedule[1].rate'?)");
}

TEST_CASE("prim: the binomial upper tail, worked by hand", "[analyze][prim][significance]") {
    // P(X >= 8), X ~ Binomial(10, 1/2): (C(10,8) + C(10,9) + C(10,10)) / 2^10 = 56 / 1024.
    CHECK(binomial_upper_tail(10, 8, 0.5) == Approx(56.0 / 1024).epsilon(1e-12));
    // P(X >= 2), X ~ Binomial(3, 0.2): 3 x 0.2^2 x 0.8 + 0.2^3 = 0.104.
    CHECK(binomial_upper_tail(3, 2, 0.2) == Approx(0.104).epsilon(1e-12));
    CHECK(binomial_upper_tail(5, 5, 0.5) == Approx(1.0 / 32).epsilon(1e-12));
    CHECK(binomial_upper_tail(5, 0, 0.3) == 1);
    CHECK(binomial_upper_tail(5, 6, 0.3) == 0);
    CHECK(binomial_upper_tail(5, 3, 0) == 0);
    CHECK(binomial_upper_tail(5, 3, 1) == 1);
}

TEST_CASE("prim: quasi-p-values of a box's restrictions, and the one not significant dropped",
          "[analyze][prim][significance]") {
    // 20 runs: x0 = r, x1 = r mod 2; the runs of interest are those with x0 >= 10.
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (int r = 0; r < 20; ++r) {
        x.push_back({static_cast<double>(r), static_cast<double>(r % 2)});
        interest.push_back(r >= 10);
    }
    PrimBox all;
    all.lo = {0, 0};
    all.hi = {19, 1};
    // A box x0 in [10, 19], x1 = 0: runs 10, 12, 14, 16, 18, all of interest.
    PrimBox box;
    box.lo = {10, 0};
    box.hi = {19, 0};
    box.runs = 5;
    box.interesting = 5;
    const std::vector<double> p = prim_quasi_p(x, interest, box, all);
    // Without the x0 restriction: the 10 even runs, 5 of interest: P(Bin(5, 1/2) >= 5) = 1/32.
    CHECK(p[0] == Approx(1.0 / 32).epsilon(1e-12));
    // Without the x1 restriction: runs 10-19, all of interest: P(Bin(5, 1) >= 5) = 1.
    CHECK(p[1] == Approx(1).epsilon(1e-12));
    CHECK(prim_restricts(box, all, 1));

    // x1's restriction is dropped (quasi-p 1); then x0's, against all 20 runs of which 10 of
    // interest: P(Bin(10, 1/2) >= 10) = 1/1024, kept.
    std::vector<PrimDropped> dropped;
    const PrimBox kept = prim_drop_insignificant(x, interest, box, all, 0.05, dropped);
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].column == 1);
    CHECK(dropped[0].p == Approx(1).epsilon(1e-12));
    CHECK(kept.lo == std::vector<double>{10, 0});
    CHECK(kept.hi == std::vector<double>{19, 1});
    CHECK(kept.runs == 10);
    CHECK(kept.interesting == 10);
    CHECK(kept.density == 1);
    CHECK(!prim_restricts(kept, all, 1));
    CHECK(prim_quasi_p(x, interest, kept, all)[0] == Approx(1.0 / 1024).epsilon(1e-12));
    CHECK(std::isnan(prim_quasi_p(x, interest, kept, all)[1]));

    // With a threshold below 1/32 x0's restriction would go too, leaving the data's range.
    dropped.clear();
    const PrimBox none = prim_drop_insignificant(x, interest, box, all, 0.0001, dropped);
    REQUIRE(dropped.size() == 2);
    CHECK(dropped[1].column == 0);
    CHECK(dropped[1].p == Approx(1.0 / 1024).epsilon(1e-12));
    CHECK(none.runs == 20);
}
