#include "outputs/compare_manifest.hpp"

#include <fstream>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "outputs/json_writer.hpp"

namespace geosim {

namespace {

void write_side(JsonWriter& json, const ScenarioDigest& d) {
    json.begin_object();
    json.key("scenario_path").string(d.scenario_path);
    json.key("scenario_sha256").string(d.scenario_sha256);
    json.key("world_path").string(d.world_path);
    json.key("world_sha256").string(d.world_sha256);
    json.key("parameters").begin_object();
    for (const auto& [path, value] : d.parameters) json.key(path).number(value);
    json.end_object();
    json.end_object();
}

}  // namespace

void write_compare_manifest(std::ostream& out, const CompareManifest& info) {
    JsonWriter json(out);
    json.begin_object();
    json.key("base");
    write_side(json, info.base);
    json.key("alt");
    write_side(json, info.alt);
    json.key("seed").integer(info.seed);
    json.key("runs").integer(info.runs);
    json.key("threads").integer(info.threads);
    json.key("level").number(info.level);
    json.key("version").string(info.version);
    json.key("start").string(info.start);
    json.key("horizon").integer(info.horizon);
    json.key("wall_seconds").number(info.wall_seconds);
    json.key("command_line").string(info.command_line);
    json.key("created_utc").string(info.created_utc);
    json.end_object();
}

void write_compare_manifest(const std::filesystem::path& file, const CompareManifest& info) {
    std::ofstream out(file);
    write_compare_manifest(out, info);
    out.close();
    if (!out) throw write_error(file.string());
}

}  // namespace geosim
