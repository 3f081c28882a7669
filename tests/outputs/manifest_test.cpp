#include "outputs/manifest.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <stdexcept>

#include "engine/core/params.hpp"
#include "tests/outputs/files.hpp"

using namespace geosim;

namespace {

ManifestInfo example() {
    ManifestInfo info;
    info.scenario_path = "scenarios/baseline.yaml";
    info.scenario_sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    info.world_path = "scenarios/world/default.yaml";
    info.world_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    info.seed = 18446744073709551557ull;
    info.run_id = 42;
    info.version = "0.1.0";
    info.start = "2025Q1";
    info.horizon = 40;
    info.parameters = {{"trade.theta", 4.5}, {"ties.cooldown", 4}};
    info.draws = {{"thaad.tourism_cut", 0.5625}};
    info.wall_seconds = 1.25;
    info.command_line = "geosim run scenarios/baseline.yaml --out \"my results\"";
    info.created_utc = "2026-11-23T10:44:20Z";
    return info;
}

const char* const kExampleJson = R"({
  "scenario_path": "scenarios/baseline.yaml",
  "scenario_sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  "world_path": "scenarios/world/default.yaml",
  "world_sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "seed": 18446744073709551557,
  "run_id": 42,
  "version": "0.1.0",
  "start": "2025Q1",
  "horizon": 40,
  "parameters": {
    "trade.theta": 4.5,
    "ties.cooldown": 4
  },
  "draws": {
    "thaad.tourism_cut": 0.5625
  },
  "wall_seconds": 1.25,
  "command_line": "geosim run scenarios/baseline.yaml --out \"my results\"",
  "created_utc": "2026-11-23T10:44:20Z"
}
)";

}  // namespace

TEST_CASE("the manifest lists its fields in a fixed order", "[outputs][manifest]") {
    std::ostringstream out;
    write_manifest(out, example());
    CHECK(out.str() == kExampleJson);
}

TEST_CASE("the manifest goes to a file", "[outputs][manifest]") {
    test::TempDir dir;
    write_manifest(dir.path() / "manifest.json", example());
    CHECK(test::read_text(dir.path() / "manifest.json") == kExampleJson);
    const auto unwritable = dir.path() / "missing" / "manifest.json";
    CHECK_THROWS_WITH(write_manifest(unwritable, example()), "cannot write '" + unwritable.string() + "': No such file or directory");
}

TEST_CASE("parameter_values reads every registered parameter", "[outputs][manifest]") {
    Params params;
    params.trade.theta = 4.5;
    params.ties.cooldown = 4;
    params.network.strong_tie = 2;
    const auto values = parameter_values(params);
    REQUIRE(values.size() == param_defs().size());
    CHECK(values.front() == std::pair<std::string, double>{"trade.theta", 4.5});
    CHECK(std::count(values.begin(), values.end(), std::pair<std::string, double>{"ties.cooldown", 4}) == 1);
    CHECK(std::count(values.begin(), values.end(), std::pair<std::string, double>{"network.strong_tie", 2}) == 1);
    std::set<std::string> paths;
    for (const auto& [path, value] : values) paths.insert(path);
    CHECK(paths.size() == values.size());
}

TEST_CASE("format_utc_iso8601 writes UTC to the second", "[outputs][manifest]") {
    using std::chrono::seconds;
    using std::chrono::system_clock;
    CHECK(format_utc_iso8601(system_clock::time_point{}) == "1970-01-01T00:00:00Z");
    CHECK(format_utc_iso8601(system_clock::time_point{seconds{951782400}}) == "2000-02-29T00:00:00Z");
    CHECK(format_utc_iso8601(system_clock::time_point{seconds{1700000000}} + std::chrono::milliseconds{999}) ==
          "2023-11-14T22:13:20Z");
}
