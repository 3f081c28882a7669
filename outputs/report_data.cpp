#include "outputs/report_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "engine/core/error.hpp"
#include "engine/core/number.hpp"
#include "outputs/csv_reader.hpp"
#include "outputs/effects.hpp"
#include "outputs/report_build.hpp"
#include "outputs/report_runs.hpp"

namespace geosim {

namespace fs = std::filesystem;

using report::fail;
using report::ReportJson;
using report::json_number;
using report::manifest_value;
using report::read_file;
using report::read_manifest;
using report::write_run_files;

namespace {

// The fan charts: which rows of an indicator, under which label. An empty partner means rows
// without one; a partner means that partner's rows, one per agent.
struct FanSpec {
    const char* id;
    const char* indicator;
    const char* partner;
    const char* label;
    const char* unit;
};

constexpr FanSpec kFans[] = {
    {"gdp", "gdp", "", "GDP", "USD bn a year"},
    {"alignment", "alignment", "", "Alignment (-1 China, +1 US)", "[-1, 1]"},
    {"trade_share_CHN", "trade_share", "CHN", "China's share of the agent's trade", "share"},
    {"trade_share_USA", "trade_share", "USA", "The US share of the agent's trade", "share"},
    {"zone_tension", "zone_tension", "", "Tension in a disputed zone", "[0, 1]"},
    {"asean_alignment", "asean_alignment", "", "ASEAN alignment (GDP-weighted)", "[-1, 1]"},
};

// The effects the headline of a comparison lists: the first of summary.txt's table.
constexpr std::size_t kTopChanges = 5;


std::string stem_of(const std::string& path) {
    return path.empty() ? "" : fs::path(path).stem().string();
}

// The rows a report charts from one tidy table (series.csv, summary.csv or compare.csv): per
// (indicator, agent, partner, sector) and column, one cell per step. A table without a `sector`
// column (written before geosim traded by goods group) reads as one whose sectors are empty.
struct Rows {
    std::vector<std::string> dates;  // by step
    std::map<std::string, std::vector<std::string>> cells;  // by "indicator|agent|partner|sector|column"
    std::map<std::string, std::vector<std::string>> subjects;  // agents of each fan, in file order
    std::vector<std::string> agents;         // of the gdp rows, in file order
    std::vector<std::string> bloc_partners;  // of the bloc_trade_share rows, in file order
    std::string bloc;                        // the agent column of those rows ("ASEAN")
    std::vector<std::string> sectors;        // of the sector_trade rows, in file order
    std::vector<std::string> bloc_sectors;   // of the bloc_sector_trade_share rows, in file order

    const std::vector<std::string>* get(const std::string& indicator, const std::string& agent,
                                        const std::string& partner, const std::string& column,
                                        const std::string& sector = "") const {
        const auto it = cells.find(indicator + "|" + agent + "|" + partner + "|" + sector + "|" + column);
        return it == cells.end() ? nullptr : &it->second;
    }
};

bool is_trade(const std::string& indicator) {
    return indicator == "trade" || indicator == "sector_trade";
}

bool charted_pair(const std::string& indicator) {
    return indicator == "bloc_trade_share" || indicator == "bloc_sector_trade_share" || indicator == "bloc_fdi_share" ||
           is_trade(indicator);
}

const char* fan_of(const std::string& indicator, const std::string& partner, const std::string& sector) {
    if (!sector.empty()) return nullptr;
    for (const FanSpec& s : kFans)
        if (indicator == s.indicator && partner == s.partner) return s.id;
    return nullptr;
}

// Reads the charted rows of `file`, keeping `columns` of each. With `trade` false, the trade
// rows (all goods and by group) are skipped (a sweep's flows come from its representative run
// instead).
Rows read_rows(const fs::path& file, const std::vector<std::string>& columns, bool trade = true) {
    if (!fs::is_regular_file(file)) fail(file, "missing; the report needs it");
    Rows rows;
    int step_col = -1, date_col = -1, ind_col = -1, agent_col = -1, partner_col = -1, sector_col = -1;
    std::vector<int> cols;
    std::size_t width = 0;
    bool header_seen = false;
    read_csv(
        file,
        [&](const std::vector<std::string>& h, std::size_t) {
            header_seen = true;
            step_col = column_of(h, "step");
            date_col = column_of(h, "date");
            ind_col = column_of(h, "indicator");
            agent_col = column_of(h, "agent");
            partner_col = column_of(h, "partner");
            sector_col = column_of(h, "sector");
            bool ok = std::min({step_col, date_col, ind_col, agent_col, partner_col}) >= 0;
            for (const auto& c : columns) {
                cols.push_back(column_of(h, c));
                ok = ok && cols.back() >= 0;
            }
            if (!ok) {
                std::string list = "step, date, indicator, agent, partner";
                for (const auto& c : columns) list += ", " + c;
                fail(file, "not a geosim table: its header lacks one of " + list);
            }
            width = h.size();
        },
        [&](const std::vector<std::string>& f, std::size_t line) {
            require_fields(file, line, f, width);
            const std::string& indicator = f[ind_col];
            const std::string& agent = f[agent_col];
            const std::string& partner = f[partner_col];
            static const std::string none;
            const std::string& sector = sector_col >= 0 ? f[sector_col] : none;
            const char* fan = fan_of(indicator, partner, sector);
            if (!fan && !(charted_pair(indicator) && (trade || !is_trade(indicator)))) return;
            char* end = nullptr;
            const long step = std::strtol(f[step_col].c_str(), &end, 10);
            if (f[step_col].empty() || *end != '\0' || step < 0 || step > 1000000)
                throw InputError({file.string(), static_cast<int>(line)}, "",
                                 "bad step '" + f[step_col] + "': expected a whole number from 0 to 1000000");
            const auto s = static_cast<std::size_t>(step);
            if (rows.dates.size() <= s) rows.dates.resize(s + 1);
            rows.dates[s] = f[date_col];
            if (s == 0) {
                if (fan) rows.subjects[fan].push_back(agent);
                if (indicator == "gdp") rows.agents.push_back(agent);
                if (indicator == "bloc_trade_share") {
                    rows.bloc = agent;
                    rows.bloc_partners.push_back(partner);
                }
                if (indicator == "sector_trade" && std::find(rows.sectors.begin(), rows.sectors.end(), sector) == rows.sectors.end())
                    rows.sectors.push_back(sector);
                if (indicator == "bloc_sector_trade_share" &&
                    std::find(rows.bloc_sectors.begin(), rows.bloc_sectors.end(), sector) == rows.bloc_sectors.end())
                    rows.bloc_sectors.push_back(sector);
            }
            for (std::size_t c = 0; c < columns.size(); ++c) {
                auto& v = rows.cells[indicator + "|" + agent + "|" + partner + "|" + sector + "|" + columns[c]];
                if (v.size() <= s) v.resize(s + 1);
                v[s] = f[cols[c]];
            }
        });
    if (!header_seen) fail(file, "empty; the report needs its rows");
    if (rows.dates.empty()) fail(file, "has none of the rows the report charts (gdp, alignment, ...)");
    return rows;
}

// "fans": {id: {label, unit, series: {agent: {key: [...]}}}}, for each charted indicator present,
// with each (CSV column, JSON key) of `columns`.
void write_fans(ReportJson& j, const Rows& rows,
                const std::vector<std::pair<std::string, std::string>>& columns) {
    j.key("fans").open('{');
    for (const FanSpec& spec : kFans) {
        const auto it = rows.subjects.find(spec.id);
        if (it == rows.subjects.end()) continue;
        j.key(spec.id).open('{');
        j.key("label").str(spec.label).key("unit").str(spec.unit);
        j.key("series").open('{');
        for (const auto& agent : it->second) {
            j.key(agent).open('{');
            for (const auto& [column, name] : columns)
                if (const auto* v = rows.get(spec.indicator, agent, spec.partner, column)) j.key(name).values(*v);
            j.close('}');
        }
        j.close('}').close('}');
    }
    j.close('}');
}

// "blocs": {bloc, trade: {partner: [...]}, fdi: {partner: [...]}, sectors: [id...],
// trade_by_sector: {id: {partner: [...]}}} from `column`: the partners' shares of the bloc's
// trade of all goods, of its FDI inflows, and of its trade in each goods group the table has
// (bloc_sector_trade_share; none in a sweep's summary.csv unless its `summary` lists them).
void write_blocs(ReportJson& j, const Rows& rows, const std::string& column) {
    j.key("blocs").open('{').key("bloc").str(rows.bloc);
    auto shares = [&](const std::string& indicator, const std::string& sector) {
        j.open('{');
        for (const auto& p : rows.bloc_partners)
            if (const auto* v = rows.get(indicator, rows.bloc, p, column, sector)) j.key(p).values(*v);
        j.close('}');
    };
    j.key("trade");
    shares("bloc_trade_share", "");
    j.key("fdi");
    shares("bloc_fdi_share", "");
    j.key("sectors").strings(rows.bloc_sectors).key("trade_by_sector").open('{');
    for (const auto& sector : rows.bloc_sectors) {
        j.key(sector);
        shares("bloc_sector_trade_share", sector);
    }
    j.close('}').close('}');
}

// "exports": {members, partners, flows: {member: {partner: [...]}}, sectors: [id...],
// by_sector: {id: {member: {partner: [...]}}}}: the bloc's members (the agents that are not among
// its partners) and their exports to each partner, from `column`, of all goods (`trade`) and of
// each goods group (`sector_trade`; `sectors` empty when the table has none).
void write_exports(ReportJson& j, const Rows& rows, const std::vector<std::string>& partners,
                   const std::string& column) {
    std::vector<std::string> members;
    for (const auto& a : rows.agents)
        if (std::find(partners.begin(), partners.end(), a) == partners.end()) members.push_back(a);
    j.key("exports").open('{').key("members").strings(members).key("partners").strings(partners);
    auto flows = [&](const std::string& indicator, const std::string& sector) {
        j.open('{');
        for (const auto& m : members) {
            j.key(m).open('{');
            for (const auto& p : partners)
                if (const auto* v = rows.get(indicator, m, p, column, sector)) j.key(p).values(*v);
            j.close('}');
        }
        j.close('}');
    };
    j.key("flows");
    flows("trade", "");
    j.key("sectors").strings(rows.sectors).key("by_sector").open('{');
    for (const auto& sector : rows.sectors) {
        j.key(sector);
        flows("sector_trade", sector);
    }
    j.close('}').close('}');
}

// The largest effects over the horizon (outputs/effects.hpp), ranked from compare.csv's rows as
// summary.txt ranks them from the runs (compare.csv holds every number in full).
void write_top_effects(ReportJson& j, const fs::path& file, const std::vector<std::string>& dates) {
    std::vector<EffectSeries> rows;
    std::map<std::string, std::size_t> index;  // "indicator|agent|partner" -> rows
    const std::vector<std::string> names = {"step", "indicator", "agent", "partner", "sector", "base", "alt",
                                            "diff", "diff_lo", "diff_hi"};
    std::vector<int> cols;
    std::size_t width = 0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto number = [&](const std::string& cell) {
        if (cell.empty()) return nan;
        char* end = nullptr;
        const double v = std::strtod(cell.c_str(), &end);
        return end == cell.c_str() + cell.size() ? v : nan;
    };
    read_csv(
        file,
        [&](const std::vector<std::string>& h, std::size_t) {
            for (const auto& c : names) cols.push_back(column_of(h, c));
            // A table written before geosim traded by goods group has no sector column.
            if (std::count(cols.begin(), cols.end(), -1) > (cols[4] < 0 ? 1 : 0))
                fail(file, "not a geosim comparison table: its header lacks one of step, indicator, agent, partner, "
                           "base, alt, diff, diff_lo, diff_hi");
            width = h.size();
        },
        [&](const std::vector<std::string>& f, std::size_t line) {
            require_fields(file, line, f, width);
            if ((cols[4] >= 0 && !f[cols[4]].empty()) || !effect_scale(f[cols[1]])) return;
            const std::string key = f[cols[1]] + "|" + f[cols[2]] + "|" + f[cols[3]];
            auto [it, added] = index.emplace(key, rows.size());
            if (added) rows.push_back({f[cols[1]], f[cols[2]], f[cols[3]], {}, {}, {}, {}, {}});
            EffectSeries& r = rows[it->second];
            if (number(f[cols[0]]) != static_cast<double>(r.diff.size()))
                fail(file, "line " + std::to_string(line) + ": the steps of " + key + " are not in order");
            r.base.push_back(number(f[cols[5]]));
            r.alt.push_back(number(f[cols[6]]));
            r.diff.push_back(number(f[cols[7]]));
            r.lo.push_back(number(f[cols[8]]));
            r.hi.push_back(number(f[cols[9]]));
        });
    const std::vector<RankedEffect> effects = rank_effects(rows);
    j.key("changes").open('[');
    for (std::size_t i = 0; i < std::min(kTopChanges, effects.size()); ++i) {
        const RankedEffect& e = effects[i];
        const EffectSeries& r = rows[e.row];
        j.open('{').key("indicator").str(r.indicator).key("agent").str(r.agent).key("partner").str(r.partner);
        j.key("peak").str(static_cast<std::size_t>(e.step) < dates.size() ? dates[static_cast<std::size_t>(e.step)] : "");
        j.key("base").num(e.base).key("alt").num(e.alt).key("diff").num(e.diff);
        j.key("lo").num(e.lo).key("hi").num(e.hi);
        j.key("relative").raw(e.measure == EffectMeasure::Relative ? "true" : "false").key("change").num(e.change);
        j.key("shown").str(format_change(e)).close('}');
    }
    j.close(']');
}

void write_manifest_fields(ReportJson& j, const JsonFile& manifest, const std::string& parent = "") {
    const std::string path = manifest_value(manifest, "scenario_path", parent);
    j.key("scenario").str(stem_of(path)).key("scenario_path").str(path);
    j.key("scenario_sha256").str(manifest_value(manifest, "scenario_sha256", parent));
}

}  // namespace

ReportKind report_kind(const fs::path& dir) {
    if (!fs::exists(dir)) fail(dir, "no such folder");
    if (!fs::is_directory(dir)) fail(dir, "not a folder; give the folder geosim run, sweep or compare wrote");
    if (!fs::is_regular_file(dir / "manifest.json"))
        fail(dir, "not a geosim output folder: it has no manifest.json");
    if (fs::is_regular_file(dir / "compare.csv")) return ReportKind::Compare;
    if (fs::is_regular_file(dir / "summary.csv") && fs::is_regular_file(dir / "runs.csv")) return ReportKind::Sweep;
    if (fs::is_regular_file(dir / "series.csv")) return ReportKind::Run;
    fail(dir, "not a geosim output folder: it has none of series.csv, summary.csv or compare.csv");
}

std::string report_data_json(const fs::path& dir) {
    const ReportKind kind = report_kind(dir);
    const JsonFile manifest = report::read_manifest(dir / "manifest.json");
    ReportJson j;
    std::vector<std::string> shocks;
    j.open('{');
    j.key("kind").str(kind == ReportKind::Run ? "run" : kind == ReportKind::Sweep ? "sweep" : "compare");

    std::string variants;
    std::size_t steps = 0;
    std::vector<std::string> dates;
    ReportJson v;
    v.open('[');
    if (kind == ReportKind::Run) {
        const Rows rows = read_rows(dir / "series.csv", {"value"});
        dates = rows.dates;
        v.open('{').key("name").str(stem_of(manifest_value(manifest, "scenario_path")));
        write_fans(v, rows, {{"value", "value"}});
        write_blocs(v, rows, "value");
        write_exports(v, rows, rows.bloc_partners, "value");
        write_run_files(v, dir, shocks);
        v.close('}');
    } else if (kind == ReportKind::Sweep) {
        const Rows rows = read_rows(dir / "summary.csv", {"p05", "p25", "p50", "p75", "p95"}, false);
        dates = rows.dates;
        v.open('{').key("name").str(stem_of(manifest_value(manifest, "scenario_path")));
        write_fans(v, rows, {{"p05", "p05"}, {"p25", "p25"}, {"p50", "p50"}, {"p75", "p75"}, {"p95", "p95"}});
        write_blocs(v, rows, "p50");
        const fs::path rep = dir / kRepresentativeRun;
        if (fs::is_regular_file(rep / "series.csv")) {
            const Rows run = read_rows(rep / "series.csv", {"value"});
            write_exports(v, run, rows.bloc_partners, "value");
        } else {
            v.key("exports").raw("null");
        }
        write_run_files(v, rep, shocks);
        v.close('}');
    } else {
        const Rows rows = read_rows(dir / "compare.csv", {"base", "alt", "diff", "diff_lo", "diff_hi"});
        dates = rows.dates;
        std::vector<std::string> base_shocks;
        for (const auto& [side, column, folder] : {std::tuple{"base", "base", kBaseRun}, std::tuple{"alt", "alt", kAltRun}}) {
            v.open('{').key("name").str(stem_of(manifest_value(manifest, "scenario_path", side)));
            write_fans(v, rows, {{column, "value"}});
            write_blocs(v, rows, column);
            write_exports(v, rows, rows.bloc_partners, column);
            write_run_files(v, dir / folder, std::string(side) == "base" ? base_shocks : shocks);
            v.close('}');
        }
        v.close(']');
        variants = v.take();
        j.key("difference").open('{');
        write_fans(j, rows, {{"diff", "diff"}, {"diff_lo", "lo"}, {"diff_hi", "hi"}});
        j.close('}');
        j.key("base_shocks").strings(base_shocks);
    }
    if (kind != ReportKind::Compare) {
        v.close(']');
        variants = v.take();
    }
    steps = dates.size();

    j.key("headline").open('{');
    if (kind == ReportKind::Compare) {
        j.key("base").open('{');
        write_manifest_fields(j, manifest, "base");
        j.close('}');
        j.key("alt").open('{');
        write_manifest_fields(j, manifest, "alt");
        j.close('}');
        const std::string alt = manifest_value(manifest, "scenario_path", "alt");
        j.key("scenario").str(stem_of(alt)).key("scenario_path").str(alt);
    } else {
        write_manifest_fields(j, manifest);
    }
    for (const char* key : {"seed", "runs", "run_id", "failed_runs", "horizon"}) {
        const std::string value = manifest_value(manifest, key);
        if (!value.empty()) j.key(key).raw(json_number(value));
    }
    for (const char* key : {"design", "start", "version", "created_utc", "command_line"}) {
        const std::string value = manifest_value(manifest, key);
        if (!value.empty()) j.key(key).str(value);
    }
    j.key("shocks").strings(shocks);
    if (kind == ReportKind::Compare && steps > 0) write_top_effects(j, dir / "compare.csv", dates);
    j.close('}');

    j.key("dates").strings(dates);
    j.key("variants").raw(variants);
    j.close('}');
    return j.take();
}

std::string json_quote(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            case '&': out += "\\u0026"; break;
            default:
                if (c < 0x20) {
                    static const char* hex = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                           (static_cast<unsigned char>(text[i + 2]) == 0xA8 ||
                            static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
                    // U+2028 and U+2029 end a line in older JavaScript.
                    out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                    i += 2;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

}  // namespace geosim
