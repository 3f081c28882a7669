#include <catch2/catch.hpp>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runs.hpp"
#include "analysis/sweep_stats.hpp"
#include "engine/core/error.hpp"
#include "engine/core/params.hpp"
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"
#include "engine/input/read_number_spec.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/indicators.hpp"
#include "engine/run/scenario.hpp"

using namespace geosim;

namespace {

SweepParamSpec param(const std::string& path, const std::string& yaml) {
    const InputNode node = load_yaml_text(yaml, "test.yaml");
    const ParamDef* def = find_param(path);
    return {path, read_number_spec(node, def->lo, def->hi), {}};
}

std::string error_of(Design d, const std::vector<SweepParamSpec>& ps, std::uint64_t runs) {
    try {
        SweepDesign(d, ps, runs, 1);
    } catch (const InputError& e) {
        return e.message();
    }
    return "";
}

}  // namespace

TEST_CASE("sweep design: a Latin hypercube uses each stratum of each range exactly once", "[sweep][lhs]") {
    const std::uint64_t n = 50;
    const SweepDesign d(Design::Lhs, {param("trade.theta", "{uniform: [3, 7]}"),
                                      param("alignment.adjustment", "{uniform: [0.1, 0.3]}")},
                        n, 42);
    for (std::size_t p = 0; p < 2; ++p) {
        std::set<std::uint64_t> strata;
        for (std::uint64_t r = 0; r < n; ++r) {
            const double u = d.lhs_unit(r, p);
            REQUIRE(u >= 0);
            REQUIRE(u < 1);
            strata.insert(static_cast<std::uint64_t>(u * static_cast<double>(n)));
        }
        REQUIRE(strata.size() == n);
    }
    // The values map the strata through the ranges; the two parameters are permuted differently.
    int same_stratum = 0;
    for (std::uint64_t r = 0; r < n; ++r) {
        const RunPlan plan = d.plan(r);
        REQUIRE(plan.overrides.size() == 2);
        REQUIRE(plan.overrides[0].second == Approx(3 + 4 * d.lhs_unit(r, 0)));
        REQUIRE(plan.overrides[1].second >= 0.1);
        REQUIRE(plan.overrides[1].second < 0.3);
        same_stratum += static_cast<int>(d.lhs_unit(r, 0) * n) == static_cast<int>(d.lhs_unit(r, 1) * n);
    }
    REQUIRE(same_stratum < 10);
    // Another seed, another permutation.
    const SweepDesign e(Design::Lhs, {param("trade.theta", "{uniform: [3, 7]}")}, n, 43);
    int moved = 0;
    for (std::uint64_t r = 0; r < n; ++r)
        moved += static_cast<int>(e.lhs_unit(r, 0) * n) != static_cast<int>(d.lhs_unit(r, 0) * n);
    REQUIRE(moved > 25);
}

TEST_CASE("sweep design: a grid enumerates the product, the last parameter fastest", "[sweep][grid]") {
    const SweepDesign d(Design::Grid, {param("trade.theta", "{choice: [4, 5, 6]}"),
                                       param("ties.cooldown", "{choice: [2, 8]}")},
                        0, 1);
    REQUIRE(d.runs() == 6);
    std::vector<std::pair<double, double>> seen;
    for (std::uint64_t r = 0; r < 6; ++r)
        seen.emplace_back(d.plan(r).overrides[0].second, d.plan(r).overrides[1].second);
    REQUIRE(seen == std::vector<std::pair<double, double>>{{4, 2}, {4, 8}, {5, 2}, {5, 8}, {6, 2}, {6, 8}});
    REQUIRE(error_of(Design::Grid, {param("trade.theta", "{choice: [4, 5]}")}, 3) ==
            "the grid has 2 points but 3 runs were asked for");
    REQUIRE(error_of(Design::Grid, {param("trade.theta", "{uniform: [4, 5]}")}, 0) ==
            "the grid design needs {choice: [values]}, got uniform(4, 5)");
    REQUIRE(error_of(Design::Lhs, {param("trade.theta", "{normal: [5, 1]}")}, 10) ==
            "the lhs design needs {uniform: [lo, hi]}, got normal(5, 1)");
}

TEST_CASE("sweep design: Monte Carlo draws depend on the seed and run id only, and whole numbers round", "[sweep][mc]") {
    const std::vector<SweepParamSpec> ps = {param("trade.theta", "{normal: [5, 1]}"),
                                            param("ties.cooldown", "{uniform: [1, 9]}")};
    const SweepDesign a(Design::Mc, ps, 100, 9), b(Design::Mc, ps, 7, 9);
    for (std::uint64_t r = 0; r < 7; ++r) REQUIRE(a.plan(r).overrides == b.plan(r).overrides);
    REQUIRE(a.plan(0).overrides != a.plan(1).overrides);
    for (std::uint64_t r = 0; r < 7; ++r) {
        const double cooldown = a.plan(r).overrides[1].second;
        REQUIRE(cooldown == std::round(cooldown));
    }
}

TEST_CASE("sweep runs: a sampled value gives the run a scenario override would", "[sweep]") {
    ScenarioSpec spec = load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny.yaml");
    const World shared = compile(spec);
    // escalation.step_up_1 is read by calibration too, so this also checks the recalibration.
    for (const char* path : {"trade.theta", "escalation.step_up_1"}) {
        const double value = std::string(path) == "trade.theta" ? 6.5 : 0.55;
        ScenarioSpec overridden = spec;
        overridden.overrides.push_back({path, value, {}});
        const World replay = compile(overridden);
        const int index = static_cast<int>(find_param(path) - param_defs().data());
        std::vector<double> swept, direct;
        record_run(shared, RunPlan{.run_id = 3, .seed = 5, .overrides = {{index, value}}}, swept);
        record_run(replay, RunPlan{.run_id = 3, .seed = 5}, direct);
        REQUIRE(swept == direct);
    }
}

TEST_CASE("sweep runs: a run that records a non-finite value is reported and left out", "[sweep][errors]") {
    // A tariff shock that fires at random; its rate is made NaN after compilation, so the runs
    // where it fires go wrong from that quarter on and the others are untouched.
    const std::string text = "name: nan\nworld: " + std::string(GEOSIM_SOURCE_DIR) +
                             "/tests/data/tiny_world.yaml\nstart: 2025Q1\nhorizon: 6\nseed: 3\n"
                             "shocks:\n  - {name: levy, kind: tariff, hazard: 0.1, sender: USA, "
                             "targets: [CHN], rate: 0.1}\n";
    const std::string file =
        (std::filesystem::temp_directory_path() / ("geosim-sweep-nan-" + std::to_string(::getpid()) + ".yaml")).string();
    {
        std::ofstream(file) << text;
    }
    World w = compile(load_scenario(file));
    std::remove(file.c_str());
    Shock& levy = w.shocks.at(0);
    for (std::size_t v = 0; v < levy.value_names.size(); ++v)
        if (levy.value_names[v] == "rate") levy.values[v] = NumberSpec::fixed(std::nan(""));
    const auto keys = row_keys(w);
    std::vector<std::string> every;
    for (const IndicatorDef& def : indicator_defs()) every.emplace_back(def.name);
    const SweepRecording recording = sweep_recording(keys, every, {});
    REQUIRE(recording.rows.size() == keys.size());
    const SweepDesign d(Design::Mc, {}, 40, 3);
    SweepStats stats(keys.size() * 7);
    std::vector<std::string> errors;
    std::uint64_t fired = 0;
    run_sweep(w, keys, recording, d, 0, d.runs(), 2, [&](const SweepRunResult& r) {
        if (r.error.empty()) stats.add(r.values);
        else {
            stats.add_failure();
            errors.push_back(r.error);
        }
        fired += !r.shocks.empty();
    });
    REQUIRE(fired >= stats.failed());  // a failed run still lists the shocks that fired
    REQUIRE(stats.failed() == errors.size());
    REQUIRE(stats.failed() > 0);
    REQUIRE(stats.runs() == 40 - stats.failed());
    INFO(errors.front());
    REQUIRE(errors.front().rfind("value nan of ", 0) == 0);
    REQUIRE(errors.front().find(") at step ") != std::string::npos);
    for (std::size_t row = 0; row < stats.rows(); ++row) REQUIRE(std::isfinite(stats.moments(row).mean));
}
