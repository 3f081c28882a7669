#pragma once
#include <filesystem>
#include <string>

#include "engine/runner.hpp"
#include "engine/scenario.hpp"

namespace geosim::cli {

// Runs `plan` of `world` (compiled from `spec`, read from `scenario_file`) again and writes its
// files into `dir` (created) as `geosim run` does: series.csv (only when `series`), events.csv,
// the tie networks and manifest.json with the parameters the run used. Sweeps and comparisons
// use it for the runs their reports show.
void write_replay(const std::filesystem::path& dir, const std::string& scenario_file,
                  const ScenarioSpec& spec, const World& world, const RunPlan& plan, bool series,
                  const std::string& command_line);

}  // namespace geosim::cli
