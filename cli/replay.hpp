#pragma once
#include <filesystem>
#include <string>

#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/manifest.hpp"

namespace geosim::cli {

// Runs `plan` of `world` (compiled from `spec`, read from `scenario_file`) again and writes its
// files into `dir` (created) as `geosim run` does: series.csv (only when `series`), events.csv,
// the tie networks and manifest.json with the parameters the run used. Sweeps and comparisons
// use it for the runs their reports show.
void write_replay(const std::filesystem::path& dir, const std::string& scenario_file,
                  const ScenarioSpec& spec, const World& world, const RunPlan& plan, bool series,
                  const std::string& command_line);

// The manifest of run `plan` of `world` (compiled from `spec`, read from `scenario_file`): the
// scenario and world digests, the parameters with the plan's overrides applied, the shock draws
// of the plan's streams, `wall_seconds` and `command_line`. What geosim run and every replay
// record.
ManifestInfo run_manifest(const std::string& scenario_file, const ScenarioSpec& spec, const World& world,
                          const RunPlan& plan, double wall_seconds, const std::string& command_line);

}  // namespace geosim::cli
