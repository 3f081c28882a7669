#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace geosim {

struct Params;

// Everything needed to replay one run and to check that its inputs are the ones used.
// write_manifest writes the fields in this order.
struct ManifestInfo {
    std::string scenario_path;     // the scenario file, as given on the command line
    std::string scenario_sha256;   // lowercase hex digest of its bytes
    std::string world_path;        // the world file
    std::string world_sha256;      // digest of the world file and its includes, concatenated in load order
    std::uint64_t seed = 0;
    std::uint64_t run_id = 0;
    // A sobol sweep's run: its base point, the run id its random streams are keyed by (replay it
    // with `geosim run --run-id POINT`). Written only when set.
    std::optional<std::uint64_t> point;
    std::string version;           // geosim version, e.g. "0.1.0"
    std::string start;             // first quarter, e.g. "2025Q1"
    int horizon = 0;               // quarters after the start
    std::vector<std::pair<std::string, double>> parameters;  // (path, value) as used by the run
    std::vector<std::pair<std::string, double>> draws;       // ("shock.argument", value) drawn for the run
    double wall_seconds = 0;       // elapsed time of the run, seconds
    std::string command_line;      // the command as typed
    std::string created_utc;       // ISO-8601, e.g. "2026-11-23T10:44:20Z"
};

// The manifest as pretty-printed JSON; `parameters` becomes an object keyed by path.
void write_manifest(std::ostream& out, const ManifestInfo& info);

// Writes the manifest to `file`; throws std::runtime_error naming the file when that fails.
void write_manifest(const std::filesystem::path& file, const ManifestInfo& info);

// Every registered parameter's (path, value), in registry order (param_defs()).
std::vector<std::pair<std::string, double>> parameter_values(const Params& params);

// "2026-11-23T10:44:20Z": the time in UTC to the second, for ManifestInfo::created_utc.
std::string format_utc_iso8601(std::chrono::system_clock::time_point time);

}  // namespace geosim
