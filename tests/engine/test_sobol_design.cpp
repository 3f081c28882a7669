#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "engine/error.hpp"
#include "engine/input.hpp"
#include "engine/number_spec.hpp"
#include "engine/params.hpp"
#include "engine/scenario.hpp"
#include "engine/sweep_design.hpp"

using namespace geosim;

namespace {

SweepParamSpec param(const std::string& path, const std::string& yaml) {
    const InputNode node = load_yaml_text(yaml, "test.yaml");
    const ParamDef* def = find_param(path);
    return {path, NumberSpec::parse(node, def->lo, def->hi), {}};
}

NumberSpec spec(const std::string& yaml, double lo = -1e9, double hi = 1e9) {
    return NumberSpec::parse(load_yaml_text(yaml, "test.yaml"), lo, hi);
}

}  // namespace

TEST_CASE("sobol design: runs are A, B and AB_i per base point, from the Sobol sequence", "[sweep][sobol]") {
    const std::vector<SweepParamSpec> ps = {param("trade.theta", "{uniform: [3, 7]}"),
                                            param("alignment.adjustment", "{uniform: [0.1, 0.3]}")};
    const SweepDesign d(Design::Sobol, ps, 40, 5);
    REQUIRE(d.runs() == 40);
    REQUIRE(d.base_points() == 10);
    // Boost's generator leaves out the origin: its point 0 is (1/2, ...), point 1 (3/4, 1/4, ...),
    // point 2 (1/4, 3/4, ...) in every dimension after the first's van der Corput sequence.
    CHECK(d.sobol_units(0) == std::vector<double>{0.5, 0.5, 0.5, 0.5});
    CHECK(d.sobol_units(1) == std::vector<double>{0.75, 0.25, 0.25, 0.25});
    CHECK(d.sobol_units(2) == std::vector<double>{0.25, 0.75, 0.75, 0.75});
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
    // The first 2^m - 1 points of each coordinate (the origin left out) are the multiples of
    // 2^-m: here m = 3, the 7 points j = 0..6 fill 1/8..7/8.
    for (std::size_t dim = 0; dim < 4; ++dim) {
        std::vector<double> xs;
        for (std::uint64_t j = 0; j < 7; ++j) xs.push_back(d.sobol_units(j)[dim]);
        std::sort(xs.begin(), xs.end());
        for (std::size_t i = 0; i < 7; ++i) CHECK(xs[i] == (i + 1) / 8.0);
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
        CHECK(std::string(e.what()) == "sweep.parameters: the sobol design needs at least one sampled parameter");
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
