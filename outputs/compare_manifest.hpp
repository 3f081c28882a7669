#pragma once
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace geosim {

// One side of a comparison: enough to check that a scenario is the one compared.
struct ScenarioDigest {
    std::string scenario_path;    // as given on the command line
    std::string scenario_sha256;  // lowercase hex digest of its bytes
    std::string world_path;       // the world file
    std::string world_sha256;     // digest of the world file and its includes, in load order
    std::vector<std::pair<std::string, double>> parameters;  // (path, value) as used
};

// Everything needed to replay a comparison; written in this order.
struct CompareManifest {
    ScenarioDigest base;
    ScenarioDigest alt;
    std::uint64_t seed = 0;        // of both scenarios' runs
    std::uint64_t runs = 0;        // run ids 0..runs-1
    int threads = 0;               // worker threads used (the results do not depend on it)
    double level = 0;              // of the intervals in compare.csv, e.g. 0.9
    std::string version;           // geosim version
    std::string start;             // first quarter, e.g. "2025Q1"
    int horizon = 0;               // quarters after the start
    double wall_seconds = 0;       // elapsed time of the whole command
    std::string command_line;      // the command as typed
    std::string created_utc;       // ISO-8601, e.g. "2026-11-23T10:44:20Z"
};

// The manifest as pretty-printed JSON; "base" and "alt" are objects, parameters keyed by path.
void write_compare_manifest(std::ostream& out, const CompareManifest& info);

// Writes it to `file`; throws std::runtime_error naming the file when that fails.
void write_compare_manifest(const std::filesystem::path& file, const CompareManifest& info);

}  // namespace geosim
