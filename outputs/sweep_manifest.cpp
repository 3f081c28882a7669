#include "outputs/sweep_manifest.hpp"

#include <fstream>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "outputs/json_writer.hpp"

namespace geosim {

void write_sweep_manifest(const std::filesystem::path& file, const SweepManifest& m) {
    std::ofstream out(file);
    JsonWriter json(out);
    json.begin_object();
    json.key("scenario_path").string(m.scenario_path);
    json.key("scenario_sha256").string(m.scenario_sha256);
    json.key("world_path").string(m.world_path);
    json.key("world_sha256").string(m.world_sha256);
    json.key("seed").integer(m.seed);
    json.key("runs").integer(m.runs);
    json.key("failed_runs").integer(m.failed_runs);
    json.key("design").string(m.design);
    if (m.design == "sobol") {
        json.key("sobol").begin_object();
        json.key("base_points").integer(m.sobol_base_points);
        json.key("parameters").integer(m.sampled.size());
        json.end_object();
    }
    json.key("block_size").integer(m.block_size);
    json.key("threads").integer(m.threads);
    json.key("resumed").boolean(m.resumed);
    if (m.series) json.key("series").string("series.csv");
    json.key("sampled").begin_object();
    for (const auto& [path, spec] : m.sampled) json.key(path).string(spec);
    json.end_object();
    json.key("drawn").begin_object();
    for (const auto& [column, spec] : m.drawn) json.key(column).string(spec);
    json.end_object();
    json.key("outcomes").begin_array();
    for (const auto& o : m.outcomes) json.string(o);
    json.end_array();
    json.key("version").string(m.version);
    json.key("start").string(m.start);
    json.key("horizon").integer(m.horizon);
    json.key("wall_seconds").number(m.wall_seconds);
    json.key("command_line").string(m.command_line);
    json.key("created_utc").string(m.created_utc);
    json.end_object();
    out.close();
    if (!out) throw write_error(file.string());
}

}  // namespace geosim
