#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runs.hpp"
#include "engine/core/error.hpp"
#include "engine/core/params.hpp"
#include "engine/input/input.hpp"
#include "engine/input/read_number_spec.hpp"
#include "outputs/analysis_out.hpp"
#include "outputs/sweep_csv.hpp"
#include "outputs/sweep_manifest.hpp"
#include "outputs/sweep_read.hpp"
#include "tests/cli/cli_harness.hpp"

using namespace geosim;

namespace {

const double kPi = 3.14159265358979323846;

// Three registry parameters stand in for x1, x2, x3 ~ U(-pi, pi); the design does not care which
// parameters they are, only their distributions (parsed with bounds wide enough for them).
std::vector<SweepParamSpec> ishigami_params() {
    std::vector<SweepParamSpec> out;
    for (const char* path : {"trade.theta", "trade.adjustment", "trade.distance_elasticity"}) {
        const InputNode node = load_yaml_text("{uniform: [-3.14159265358979312, 3.14159265358979312]}", "test.yaml");
        out.push_back({path, read_number_spec(node, -4, 4), {}});
    }
    return out;
}

// Ishigami and Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1.
double ishigami(double x1, double x2, double x3, double a = 7, double b = 0.1) {
    return std::sin(x1) + a * std::sin(x2) * std::sin(x2) + b * std::pow(x3, 4) * std::sin(x1);
}

}  // namespace

TEST_CASE("sobol: the Ishigami function's analytic indices lie in the bootstrap intervals", "[analyze][sobol]") {
    // Analytic values (Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", 4.9;
    // Ishigami and Homma 1990) for a = 7, b = 0.1, x_i ~ U(-pi, pi):
    //   V1 = (1 + b pi^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50),
    //   V = a^2 / 8 + b pi^4 / 5 + b^2 pi^8 / 18 + 1/2.
    const double a = 7, b = 0.1, pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
    const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2), v2 = a * a / 8, v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
    const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    const std::vector<double> s1 = {v1 / v, v2 / v, 0};
    const std::vector<double> st = {(v1 + v13) / v, v2 / v, v13 / v};
    // The published four-digit figures.
    CHECK(s1[0] == Approx(0.3139).margin(5e-5));
    CHECK(s1[1] == Approx(0.4424).margin(5e-5));
    CHECK(st[0] == Approx(0.5576).margin(5e-5));
    CHECK(st[2] == Approx(0.2437).margin(5e-5));

    // The sweep's own path: the sobol design's points, runs.csv and manifest.json as geosim sweep
    // writes them, read back and analysed as geosim analyze does.
    const std::uint64_t n = 8192;
    const std::vector<SweepParamSpec> params = ishigami_params();
    const SweepDesign design(Design::Sobol, params, n * 5, 7);
    REQUIRE(design.base_points() == n);
    const std::vector<SweepOutcome> outcomes = {{"ishigami", 0}};
    const SweepRunsTable table(design, outcomes, 0);
    test::TempDir dir;
    {
        std::ofstream runs(dir / "runs.csv", std::ios::binary);
        runs << table.header();
        std::string rows;
        for (std::uint64_t r = 0; r < design.runs(); ++r) {
            SweepRunResult result;
            result.plan = design.plan(r);
            const auto& o = result.plan.overrides;
            result.outcomes = {ishigami(o[0].second, o[1].second, o[2].second)};
            table.append(rows, result);
        }
        runs << rows;
    }
    SweepManifest m;
    m.design = "sobol";
    m.seed = 7;
    m.runs = design.runs();
    m.sobol_base_points = n;
    for (const SweepParameter& p : design.parameters()) m.sampled.emplace_back(p.path, p.values.describe());
    m.outcomes = {"ishigami"};
    write_sweep_manifest(dir / "manifest.json", m);

    const SweepResults sweep = read_sweep_results(dir.path());
    const std::vector<SobolOutcome> results = sobol_analysis(sweep, 1000, 7, 2);
    REQUIRE(results.size() == 1);
    REQUIRE(results[0].n == n);
    REQUIRE(results[0].outcome == "ishigami");
    for (std::size_t i = 0; i < 3; ++i) {
        const SobolIndex& x = results[0].indices[i];
        INFO("x" << i + 1 << ": S1 " << x.s1 << " [" << x.s1_lo << ", " << x.s1_hi << "], ST " << x.st << " ["
                 << x.st_lo << ", " << x.st_hi << "]");
        CHECK(x.s1_lo <= s1[i]);
        CHECK(s1[i] <= x.s1_hi);
        CHECK(x.st_lo <= st[i]);
        CHECK(st[i] <= x.st_hi);
        // At 8192 base points the estimators' standard errors are below 0.02 (the largest is
        // Jansen's for x1, whose (f(A) - f(AB_1))^2 has a heavy tail), so a 95% interval
        // (about 4 standard errors) spans less than 0.08.
        CHECK(x.s1_hi - x.s1_lo < 0.08);
        CHECK(x.st_hi - x.st_lo < 0.08);
        CHECK(x.s1_lo < x.s1);
        CHECK(x.s1 < x.s1_hi);
    }
}

TEST_CASE("sobol: estimators on a linear function match the variance shares worked by hand", "[analyze][sobol]") {
    // f = 2 x1 + x2 with x1, x2 taken by hand at 2 base points: A = (0, 0), (1, 1); B = (1, 0), (0, 1).
    // f(A) = 0, 3; f(B) = 2, 1; AB1 (x1 from B) = (1, 0), (0, 1): f = 2, 1; AB2 = (0, 0), (1, 1): f = 0, 3.
    const std::vector<double> y = {0, 2, 2, 0, 3, 1, 1, 3};
    // Mean of A and B: 1.5; V = ((1.5^2 + 0.5^2) * 2) / 4 = 1.25.
    // S1_1 = mean((f(B) - 1.5)(f(AB1) - f(A))) / V = ((0.5)(2) + (-0.5)(-2)) / 2 / 1.25 = 0.8.
    // S1_2 = ((0.5)(0) + (-0.5)(0)) / 2 / 1.25 = 0.
    // ST_1 = mean((f(A) - f(AB1))^2) / (2V) = (4 + 4) / 2 / 2.5 = 1.6; ST_2 = 0.
    double s1[2], st[2];
    sobol_estimates(y, 2, {0, 1}, s1, st);
    CHECK(s1[0] == Approx(0.8));
    CHECK(s1[1] == Approx(0).margin(1e-15));
    CHECK(st[0] == Approx(1.6));
    CHECK(st[1] == Approx(0).margin(1e-15));
    // A resample repeating point 0: mean 1, V = (1 + 1) / 2 = 1; S1_1 = (2 - 1)(2 - 0) = 2,
    // ST_1 = (0 - 2)^2 / 2 = 2.
    sobol_estimates(y, 2, {0, 0}, s1, st);
    CHECK(s1[0] == Approx(2));
    CHECK(st[0] == Approx(2));
    // An outcome that does not vary has no indices.
    sobol_estimates(std::vector<double>(8, 5.0), 2, {0, 1}, s1, st);
    CHECK(std::isnan(s1[0]));
    CHECK(std::isnan(st[1]));
}

TEST_CASE("sobol: bootstrap intervals are the same bits for any number of threads", "[analyze][sobol][determinism]") {
    std::vector<double> y;
    Stream s(3, 0, purpose_key("test"), 0, 0, 0);
    for (int j = 0; j < 300 * 4; ++j) y.push_back(s.uniform());
    const auto one = sobol_indices(y, 2, 500, 9, 1);
    const auto four = sobol_indices(y, 2, 500, 9, 4);
    for (std::size_t i = 0; i < 2; ++i) {
        CHECK(one[i].s1_lo == four[i].s1_lo);
        CHECK(one[i].s1_hi == four[i].s1_hi);
        CHECK(one[i].st_lo == four[i].st_lo);
        CHECK(one[i].st_hi == four[i].st_hi);
    }
    // Another seed gives other resamples.
    CHECK(sobol_indices(y, 2, 500, 10, 1)[0].s1_lo != one[0].s1_lo);
}

TEST_CASE("sobol: percentiles interpolate between order statistics (type 7)", "[analyze][sobol]") {
    // For 1..5: h = q (n - 1); q = 0.025 -> h = 0.1 -> 1.1; q = 0.975 -> h = 3.9 -> 4.9.
    const std::vector<double> v = {1, 2, 3, 4, 5};
    CHECK(sorted_quantile(v, 0.025) == Approx(1.1));
    CHECK(sorted_quantile(v, 0.975) == Approx(4.9));
    CHECK(sorted_quantile(v, 0.5) == 3);
    CHECK(std::isnan(sorted_quantile({}, 0.5)));
}
