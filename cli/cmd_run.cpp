#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "analysis/paired_runs.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/headline.hpp"
#include "cli/replay.hpp"
#include "cli/results_dir.hpp"
#include "engine/core/error.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/indicators_csv.hpp"
#include "outputs/manifest.hpp"
#include "outputs/output_dir.hpp"
#include "outputs/report.hpp"
#include "outputs/series.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

// Shows every state to several observers in turn.
class Tee : public Observer {
public:
    Tee(Observer& a, Observer& b) : a_(a), b_(b) {}
    void observe(const World& w, const State& s) override {
        a_.observe(w, s);
        b_.observe(w, s);
    }

private:
    Observer& a_;
    Observer& b_;
};

}  // namespace

int run_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"seed", true}, {"run-id", true}, {"out", true}, {"quiet", false}});
    if (args.positional.size() != 1) throw UsageError("expected one scenario file");
    const std::string scenario_file = args.positional[0];
    const auto out_given = out_option(args);

    const auto t0 = std::chrono::steady_clock::now();
    ScenarioSpec spec = load_scenario(scenario_file);
    if (auto seed = args.get_int("seed", 0, 1LL << 53)) spec.seed = static_cast<std::uint64_t>(*seed);
    const World world = compile(spec);
    RunPlan plan;
    plan.seed = world.seed;
    plan.run_id = static_cast<std::uint64_t>(args.get_int("run-id", 0, 1LL << 53).value_or(0));

    const fs::path out = destination(out_given, spec.name);
    OutputDir dir(out);
    SeriesWriter series(dir.path(), plan.run_id, spec.outputs);
    Headline headline;
    FiniteCheck finite;  // a run that leaves the model's range writes nothing
    Tee checked(finite, series);
    Tee tee(checked, headline);
    try {
        run(world, plan, tee);
    } catch (const RunFailed& e) {
        throw RunFailed("run " + std::to_string(plan.run_id) + " (seed " + std::to_string(plan.seed) +
                        ") failed: " + e.what());
    }
    series.finish();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    write_manifest(dir.path() / "manifest.json",
                   run_manifest(scenario_file, spec, world, plan, wall, command_text("run", argv)));
    write_indicators_csv(dir.path() / "indicators.csv");
    // The report charts series.csv; a scenario that turns it off gets no report.
    if (spec.outputs.series) write_report(dir.path());
    dir.commit();

    if (args.has("quiet")) {
        std::cout << out.string() << "\n";
    } else {
        for (const std::string& note : idle_shock_notes(world)) std::cerr << "geosim run: " << note << "\n";
        headline.print(std::cout, world, spec, plan);
        std::printf("wall time %.3f s\nresults: %s/\n", wall, out.string().c_str());
    }
    return 0;
}

}  // namespace geosim::cli
