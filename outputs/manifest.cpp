#include "outputs/manifest.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "engine/core/params.hpp"
#include "outputs/json_writer.hpp"

namespace geosim {

void write_manifest(std::ostream& out, const ManifestInfo& info) {
    JsonWriter json(out);
    json.begin_object();
    json.key("scenario_path").string(info.scenario_path);
    json.key("scenario_sha256").string(info.scenario_sha256);
    json.key("world_path").string(info.world_path);
    json.key("world_sha256").string(info.world_sha256);
    json.key("seed").integer(info.seed);
    json.key("run_id").integer(info.run_id);
    if (info.point) json.key("point").integer(*info.point);
    json.key("version").string(info.version);
    json.key("start").string(info.start);
    json.key("horizon").integer(info.horizon);
    json.key("parameters").begin_object();
    for (const auto& [path, value] : info.parameters) json.key(path).number(value);
    json.end_object();
    json.key("draws").begin_object();
    for (const auto& [name, value] : info.draws) json.key(name).number(value);
    json.end_object();
    json.key("wall_seconds").number(info.wall_seconds);
    json.key("command_line").string(info.command_line);
    json.key("created_utc").string(info.created_utc);
    json.end_object();
}

void write_manifest(const std::filesystem::path& file, const ManifestInfo& info) {
    std::ofstream out(file);
    write_manifest(out, info);
    out.close();
    if (!out) throw write_error(file.string());
}

std::vector<std::pair<std::string, double>> parameter_values(const Params& params) {
    Params copy = params;  // the registry hands out mutable references only
    std::vector<std::pair<std::string, double>> out;
    for (const ParamDef& def : param_defs()) out.emplace_back(def.path, def.ref(copy));
    return out;
}

std::string format_utc_iso8601(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto seconds = floor<std::chrono::seconds>(time);
    const auto day = floor<days>(seconds);
    const year_month_day date{day};
    const hh_mm_ss clock{seconds - day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                  static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                  static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buf;
}

}  // namespace geosim
