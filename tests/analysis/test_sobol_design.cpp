#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "analysis/sweep_design.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number_spec.hpp"
#include "engine/core/params.hpp"
#include "engine/input/input.hpp"
#include "engine/input/read_number_spec.hpp"
#include "engine/run/scenario.hpp"

using namespace geosim;

namespace {

SweepParamSpec param(const std::string& path, const std::string& yaml) {
    const InputNode node = load_yaml_text(yaml, "test.yaml");
    const ParamDef* def = find_param(path);
    return {path, read_number_spec(node, def->lo, def->hi), {}};
}

NumberSpec spec(const std::string& yaml, double lo = -1e9, double hi = 1e9) {
    return read_number_spec(load_yaml_text(yaml, "test.yaml"), lo, hi);
}

}  // namespace

TEST_CASE("sobol design: runs are A, B and AB_i per base point, from the Sobol sequence", "[sweep][sobol]") {
    const std::vector<SweepParamSpec> ps = {param("trade.theta", "{uniform: [3, 7]}"),
                                            param("alignment.adjustment", "{uniform: [0.1, 0.3]}")};
    const SweepDesign d(Design::Sobol, ps, 40, 5);
    REQUIRE(d.runs() == 40);
    REQUIRE(d.base_points() == 10);
    // N = 10 base points start at point 16 of the sequence (the power of two >= N). In Gray-code
    // order point s has the direction numbers of the set bits of s ^ (s >> 1): 16 -> 24 (v4, v5),
    // 17 -> 25 (v1, v4, v5). Dimension 1 is van der Corput's, v_k = 2^-k: 1/16 + 1/32 = 3/32 and
    // 1/2 + 3/32 = 19/32. Dimension 2 (Joe and Kuo: m_k = 2 m_(k-1) xor m_(k-1), m_1 = 1) has
    // m = 1, 3, 5, 15, 17, so v4 = 15/16, v5 = 17/32: v4 xor v5 = 15/32, and with v1 31/32.
    REQUIRE(d.sobol_skip() == 16);
    CHECK(d.sobol_units(0)[0] == 3.0 / 32);
    CHECK(d.sobol_units(0)[1] == 15.0 / 32);
    CHECK(d.sobol_units(1)[0] == 19.0 / 32);
    CHECK(d.sobol_units(1)[1] == 31.0 / 32);
    for (std::uint64_t j = 0; j < d.base_points(); ++j) {
        const std::vector<double> u = d.sobol_units(j);
        auto theta = [&](double x) { return 3 + x * 4; };
        auto adj = [&](double x) { return 0.1 + x * (0.3 - 0.1); };
        const RunPlan a = d.plan(4 * j), b = d.plan(4 * j + 1), ab1 = d.plan(4 * j + 2), ab2 = d.plan(4 * j + 3);
        CHECK(a.overrides[0].second == theta(u[0]));
        CHECK(a.overrides[1].second == adj(u[1]));
        CHECK(b.overrides[0].second == theta(u[2]));
        CHECK(b.overrides[1].second == adj(u[3]));
        // AB_1: A with parameter 1 from B; AB_2: A with parameter 2 from B.
        CHECK(ab1.overrides[0].second == b.overrides[0].second);
        CHECK(ab1.overrides[1].second == a.overrides[1].second);
        CHECK(ab2.overrides[0].second == a.overrides[0].second);
        CHECK(ab2.overrides[1].second == b.overrides[1].second);
        // The runs of a base point share their random streams; run ids stay distinct.
        for (const RunPlan* p : {&a, &b, &ab1, &ab2}) CHECK(p->streams_run == j);
        CHECK(ab2.run_id == 4 * j + 3);
        CHECK(d.sobol_matrix_name(4 * j) == "A");
        CHECK(d.sobol_matrix_name(4 * j + 1) == "B");
        CHECK(d.sobol_matrix_name(4 * j + 3) == "AB:alignment.adjustment");
    }
    // N = 2^m base points (here 8, starting at point 8) are a net: every coordinate has one
    // point in each strip [i/8, (i+1)/8).
    const SweepDesign eight(Design::Sobol, ps, 32, 5);
    REQUIRE(eight.sobol_skip() == 8);
    for (std::size_t dim = 0; dim < 4; ++dim) {
        std::vector<int> strips;
        for (std::uint64_t j = 0; j < 8; ++j) strips.push_back(static_cast<int>(eight.sobol_units(j)[dim] * 8));
        std::sort(strips.begin(), strips.end());
        CHECK(strips == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7});
    }
    // No base point has A = B (which would make its k + 2 runs equal and add nothing to the
    // estimators), for 2 to 6 parameters and N = 1 to 1024; the skip is at least 2, since
    // points 0 and 1 of the sequence are (0, ...) and (1/2, ...). (With one parameter A and B
    // are the sequence's first two coordinates, which coincide at some points: docs/sensitivity.md.)
    for (std::size_t k = 2; k <= 6; ++k) {
        std::vector<SweepParamSpec> many;
        for (std::size_t i = 0; i < k; ++i) many.push_back(ps[i % 2]);
        for (std::uint64_t n : {1, 2, 3, 100, 1024}) {
            const SweepDesign s(Design::Sobol, many, n * (k + 2), 5);
            CHECK(s.sobol_skip() >= std::max<std::uint64_t>(2, n));
            for (std::uint64_t j = 0; j < n; ++j) {
                const std::vector<double> u = s.sobol_units(j);
                INFO("k " << k << " N " << n << " point " << j);
                CHECK_FALSE(std::equal(u.begin(), u.begin() + static_cast<long>(k), u.begin() + static_cast<long>(k)));
            }
        }
    }
    // No run of another design shares streams.
    CHECK_FALSE(SweepDesign(Design::Mc, ps, 4, 5).plan(3).streams_run.has_value());
}

TEST_CASE("sobol design: runs must be a multiple of k + 2, and the default is 128 base points", "[sweep][sobol]") {
    const std::vector<SweepParamSpec> ps = {param("trade.theta", "{uniform: [3, 7]}"),
                                            param("alignment.adjustment", "{normal: [0.2, 0.05]}"),
                                            param("ties.cooldown", "{choice: [2, 4, 8]}")};
    CHECK(SweepDesign(Design::Sobol, ps, 0, 1).runs() == 128 * 5);
    try {
        SweepDesign(Design::Sobol, ps, 24, 1);
        FAIL("accepted 24 runs");
    } catch (const InputError& e) {
        CHECK(e.message() == "the sobol design runs N base points x 5 (k + 2 for k = 3 parameters), so runs must "
                             "be a multiple of 5, got 24 (use 20 or 25)");
    }
    try {
        SweepDesign(Design::Sobol, {}, 10, 1);
        FAIL("accepted no parameters");
    } catch (const InputError& e) {
        CHECK(std::string(e.what()) ==
              "sweep.design: the sobol design needs at least one sampled parameter under sweep.parameters");
    }
    // Whole-number parameters are rounded, as in every design; choices come from the weights.
    const SweepDesign d(Design::Sobol, ps, 50, 1);
    for (std::uint64_t r = 0; r < d.runs(); ++r) {
        const double cooldown = d.plan(r).overrides[2].second;
        CHECK((cooldown == 2 || cooldown == 4 || cooldown == 8));
    }
}

TEST_CASE("number spec: quantiles are the inverse CDFs worked by hand", "[sweep][sobol]") {
    CHECK(spec("{uniform: [3, 7]}").quantile(0.25) == 4);
    // Normal: the 97.5% point is mean + 1.959964 sd.
    CHECK(spec("{normal: [0.2, 0.05]}").quantile(0.975) == Approx(0.2 + 1.959964 * 0.05).epsilon(1e-6));
    CHECK(spec("{normal: [0.2, 0.05]}").quantile(0.5) == Approx(0.2));
    // Lognormal: exp of the normal's quantile; the median is exp(mu).
    CHECK(spec("{lognormal: [1, 0.5]}").quantile(0.5) == Approx(std::exp(1.0)));
    // Triangular (0, 1, 4): F(1) = 1/4; F(x) = x^2 / 4 below the mode, so F^-1(0.09) = 0.6;
    // 1 - (4 - x)^2 / 12 above it, so F^-1(2/3) = 4 - 2 = 2.
    const NumberSpec tri = spec("{triangular: [0, 1, 4]}");
    CHECK(tri.quantile(0.09) == Approx(0.6));
    CHECK(tri.quantile(1 - 4.0 / 12) == Approx(2));
    // Choice with weights 1, 3: values below u = 0.25 take the first.
    const NumberSpec choice = spec("{choice: [2, 8], weights: [1, 3]}");
    CHECK(choice.quantile(0.2) == 2);
    CHECK(choice.quantile(0.3) == 8);
    // The unbounded tails stop at the parameter's range, as draws are clamped; u = 0 is finite.
    CHECK(spec("{normal: [0, 1]}", -3, 3).quantile(0) == -3);
    CHECK(spec("{normal: [0, 1]}", -3, 3).quantile(0.999999) == 3);
}
