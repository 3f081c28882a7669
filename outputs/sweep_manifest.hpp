#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace geosim {

// Everything needed to replay a sweep, or any run of it; written in this order.
struct SweepManifest {
    std::string scenario_path;     // as given on the command line
    std::string scenario_sha256;   // lowercase hex digest of its bytes
    std::string world_path;
    std::string world_sha256;      // the world file and its includes, in load order
    std::uint64_t seed = 0;        // of every run (streams are keyed by seed and run id)
    std::uint64_t runs = 0;        // run ids 0..runs-1
    std::uint64_t failed_runs = 0; // left out of summary.csv (listed in runs.csv)
    std::string design;            // mc, lhs, grid or sobol
    std::uint64_t sobol_base_points = 0;  // sobol: N (runs = N (k + 2)); written for sobol only
    std::uint64_t block_size = 0;  // runs per journaled block
    int threads = 0;               // worker threads (the results do not depend on it)
    bool resumed = false;          // whether the sweep was finished from a journal
    bool series = false;           // --keep-series: series.csv was written (recorded only then)
    std::vector<std::pair<std::string, std::string>> sampled;  // (path, distribution as written)
    // (runs.csv column, distribution as written) of each shock argument drawn per run
    std::vector<std::pair<std::string, std::string>> drawn;
    std::vector<std::string> outcomes;  // runs.csv's outcome columns
    std::string version;
    std::string start;             // first quarter, e.g. "2025Q1"
    int horizon = 0;
    double wall_seconds = 0;       // this command's elapsed time
    std::string command_line;
    std::string created_utc;
};

// Writes the manifest as pretty-printed JSON; throws std::runtime_error naming the file.
void write_sweep_manifest(const std::filesystem::path& file, const SweepManifest& m);

}  // namespace geosim
