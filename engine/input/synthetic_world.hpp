#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/params.hpp"

namespace geosim {

// A world of made-up economies for measuring how the model scales with their number (geosim
// bench). Written as YAML in the world-file format (docs/world-format.md), so that it goes
// through the same loader, derivation and calibration as a real world. Every figure's source
// says it is synthetic.
struct SyntheticSpec {
    int economies = 200;       // agents, >= 8: the first two are the west and east poles
    int horizon = 40;          // quarters of the scenario written beside the world
    std::uint64_t seed = 1;    // the same seed writes the same files
};

// What was generated, for checking the loaded world against it.
struct SyntheticWorld {
    std::filesystem::path world_file;     // <folder>/world.yaml
    std::filesystem::path scenario_file;  // <folder>/scenario.yaml: the world, no shocks
    std::vector<std::string> ids;         // agent ids, in file order
    std::vector<bool> strategic;          // false: passive economy with free trade margins
    std::vector<double> gdp;              // USD bn, as written
    std::vector<double> exports;          // USD bn a year as written; 0 for passive economies
    std::vector<double> imports;
    int legs = 0;                         // sea legs written
    int zones = 0;                        // disputed zones written
};

// Writes world.yaml and scenario.yaml into `folder` (created if missing). The model parameters
// are `params` (normally the default world's), since they are the model's, not the economies'.
SyntheticWorld write_synthetic_world(const std::filesystem::path& folder, const SyntheticSpec& spec,
                                     const Params& params);

}  // namespace geosim
