#include "cli/replay.hpp"

#include <chrono>

#include "engine/core/params.hpp"
#include "engine/core/rng.hpp"
#include "engine/run/compile.hpp"
#include "engine/shocks/shock_run.hpp"
#include "outputs/manifest.hpp"
#include "outputs/series.hpp"
#include "outputs/sha256.hpp"

namespace geosim::cli {

void write_replay(const std::filesystem::path& dir, const std::string& scenario_file,
                  const ScenarioSpec& spec, const World& world, const RunPlan& plan, bool series,
                  const std::string& command_line) {
    const auto t0 = std::chrono::steady_clock::now();
    std::filesystem::create_directory(dir);
    OutputSpec outputs = spec.outputs;
    outputs.series = outputs.series && series;
    SeriesWriter writer(dir, plan.run_id, outputs);
    run(world, plan, writer);
    writer.finish();

    write_manifest(dir / "manifest.json",
                   run_manifest(scenario_file, spec, world, plan,
                                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(),
                                command_line));
}

ManifestInfo run_manifest(const std::string& scenario_file, const ScenarioSpec& spec, const World& world,
                          const RunPlan& plan, double wall_seconds, const std::string& command_line) {
    Params used = world.params;
    for (const auto& [index, value] : plan.overrides) param_defs()[index].ref(used) = value;
    ManifestInfo m;
    m.scenario_path = scenario_file;
    m.scenario_sha256 = sha256_file(scenario_file);
    m.world_path = spec.world_display;
    // One digest over the world file and every file it includes, in load order.
    m.world_sha256 = sha256_files(world.files);
    m.seed = plan.seed;
    m.run_id = plan.run_id;
    m.version = GEOSIM_VERSION;
    m.start = format_quarter(world.start);
    m.horizon = world.horizon;
    m.parameters = parameter_values(used);
    m.point = plan.streams_run;
    m.draws = ShockRun(world, Streams(plan.seed, streams_run_of(plan))).drawn(world);
    m.wall_seconds = wall_seconds;
    m.command_line = command_line;
    m.created_utc = format_utc_iso8601(std::chrono::system_clock::now());
    return m;
}

}  // namespace geosim::cli
