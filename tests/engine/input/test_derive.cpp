#include <catch2/catch.hpp>

#include "engine/input/derive.hpp"

using namespace geosim;

TEST_CASE("derive: raking a uniform prior to margins gives the independence table", "[derive]") {
    // Rows must sum to 3 and 7, columns to 4 and 6. From a uniform prior the fitted table is
    // r_i * c_j / total: [[1.2, 1.8], [2.8, 4.2]].
    Matrix prior(2, 1.0);
    const std::vector<RakeConstraint> cons = {
        {{0, 1}, 3, "row 0"}, {{2, 3}, 7, "row 1"}, {{0, 2}, 4, "col 0"}, {{1, 3}, 6, "col 1"}};
    const RakeResult r = rake(prior, cons, 1e-14, 1000);
    REQUIRE(r.converged);
    REQUIRE(r.table(0, 0) == Approx(1.2).epsilon(1e-13));
    REQUIRE(r.table(0, 1) == Approx(1.8).epsilon(1e-13));
    REQUIRE(r.table(1, 0) == Approx(2.8).epsilon(1e-13));
    REQUIRE(r.table(1, 1) == Approx(4.2).epsilon(1e-13));
}

TEST_CASE("derive: a pinned cell holds and the rest absorbs the margins", "[derive]") {
    // Cell (0,1) pinned at 1 with row 0 = 3 forces (0,0) = 2; column 0 = 4 then forces (1,0) = 2,
    // row 1 = 7 forces (1,1) = 5: a unique solution raking must find.
    Matrix prior(2, 1.0);
    const std::vector<RakeConstraint> cons = {
        {{0, 1}, 3, "row 0"}, {{2, 3}, 7, "row 1"}, {{0, 2}, 4, "col 0"}, {{1}, 1, "pinned"}};
    const RakeResult r = rake(prior, cons, 1e-13, 10000);
    REQUIRE(r.converged);
    REQUIRE(r.table(0, 0) == Approx(2).epsilon(1e-12));
    REQUIRE(r.table(0, 1) == Approx(1).epsilon(1e-12));
    REQUIRE(r.table(1, 0) == Approx(2).epsilon(1e-12));
    REQUIRE(r.table(1, 1) == Approx(5).epsilon(1e-12));
}

TEST_CASE("derive: inconsistent totals are reported, naming the worst constraint", "[derive]") {
    // Rows sum to 10 but columns to 12: no table satisfies both.
    Matrix prior(2, 1.0);
    const std::vector<RakeConstraint> cons = {
        {{0, 1}, 5, "row 0"}, {{2, 3}, 5, "row 1"}, {{0, 2}, 6, "col 0"}, {{1, 3}, 6, "col 1"}};
    const RakeResult r = rake(prior, cons, 1e-12, 50);
    REQUIRE_FALSE(r.converged);
    REQUIRE(r.worst_error > 0.01);
}

TEST_CASE("derive: the gravity prior is GDP_i^a GDP_j^b / d^c off the diagonal", "[derive]") {
    Matrix dist(3, 2.0);
    dist(0, 2) = std::numeric_limits<double>::infinity();
    const Matrix m = gravity_prior({1, 2, 4}, dist, 1, 1, 1);
    REQUIRE(m(0, 0) == 0);
    REQUIRE(m(0, 1) == Approx(1 * 2 / 2.0));
    REQUIRE(m(2, 1) == Approx(4 * 2 / 2.0));
    REQUIRE(m(0, 2) == 0);  // no route
}
