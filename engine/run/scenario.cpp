#include "engine/run/scenario.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "engine/core/params.hpp"
#include "engine/input/read_number_spec.hpp"
#include "engine/run/indicators.hpp"
#include "engine/shocks/shock_compile.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

SweepSpec parse_sweep(const InputNode& node) {
    if (!node.is_map()) node.fail("expected a map with runs, design, parameters and outcomes");
    node.allow_keys({"runs", "design", "parameters", "outcomes", "summary"});
    SweepSpec s;
    s.where = node.location();
    if (auto runs = node.get("runs")) {
        s.runs = static_cast<std::uint64_t>(runs->as_int(1, kMaxSweepRuns));
        s.runs_where = runs->location();
    }
    if (auto design = node.get("design")) {
        s.design = design->as_string();
        s.design_where = design->location();
        const std::vector<std::string> designs = {"mc", "lhs", "grid", "sobol"};
        if (std::find(designs.begin(), designs.end(), s.design) == designs.end())
            design->fail("unknown design '" + s.design + "', expected mc, lhs, grid or sobol" +
                         did_you_mean(s.design, designs));
    }
    if (auto params = node.get("parameters")) {
        for (auto& [key, value] : params->items()) {
            const ParamDef* def = find_param(key);
            if (!def) value.fail("unknown parameter '" + key + "'" + did_you_mean(key, param_paths()));
            s.parameters.push_back({key, read_number_spec(value, def->lo, def->hi), value.location()});
        }
    }
    if (auto outcomes = node.get("outcomes")) {
        s.outcomes.emplace();
        for (const InputNode& o : outcomes->elements()) s.outcomes->push_back({o.as_string(), o.location()});
    }
    if (auto summary = node.get("summary")) {
        std::vector<std::string> names;
        for (const IndicatorDef& d : indicator_defs()) names.emplace_back(d.name);
        if (summary->is_scalar() && summary->as_string() == "all") {
            s.summary = names;
        } else {
            if (!summary->is_sequence()) summary->fail("expected `all` or a list of indicator names");
            s.summary.emplace();
            for (const InputNode& item : summary->elements()) {
                const std::string name = item.as_string();
                if (std::find(names.begin(), names.end(), name) == names.end())
                    item.fail("unknown indicator '" + name + "'" + did_you_mean(name, names));
                if (std::find(s.summary->begin(), s.summary->end(), name) != s.summary->end())
                    item.fail("indicator '" + name + "' is listed twice");
                s.summary->push_back(name);
            }
        }
    }
    return s;
}

struct ResolvedFile {
    std::string path;     // to open
    std::string display;  // names it in messages
};

// Resolves a file the scenario names (world, include) against its folder. With `confine`, the
// file must lie inside `folder` (scenarios sent over HTTP may name only the library's files)
// and messages name it relative to that folder, so a server never shows where it is installed.
ResolvedFile resolve_file(const InputNode& item, const fs::path& folder, bool confine, const char* what) {
    const std::string rel = item.as_string();
    if (rel.empty()) item.fail(std::string("expected the name of the ") + what + ", got an empty text");
    const fs::path file = (folder / rel).lexically_normal();
    if (confine) {
        const fs::path root = fs::weakly_canonical(folder);
        const fs::path real = fs::weakly_canonical(file);
        const auto [end, ignored] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
        if (end != root.end()) item.fail(std::string(what) + " '" + rel + "' is outside the scenario library");
    }
    if (!fs::exists(file)) item.fail(std::string(what) + " '" + rel + "' does not exist");
    require_yaml_file(item, file.string(), std::string(what) + " '" + rel + "'");
    if (!confine) return {file.string(), file.string()};
    fs::path shown = file.lexically_relative(folder.lexically_normal());
    if (shown.empty() || *shown.begin() == "..")
        shown = fs::weakly_canonical(file).lexically_relative(fs::weakly_canonical(folder));
    return {file.string(), shown.generic_string()};
}

ScenarioSpec parse_scenario(const InputNode& root, const std::string& path, const fs::path& folder,
                            bool confine) {
    if (!root.is_map()) root.fail("expected a map with name, world, start, horizon, seed");
    root.allow_keys({"name", "description", "world", "start", "horizon", "seed", "parameters",
                     "outputs", "include", "kinds", "shocks", "sweep"});
    ScenarioSpec s;
    s.file = path;
    s.name = root.at("name").as_string();
    if (s.name.empty()) root.at("name").fail("the name must not be empty");
    for (char c : s.name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'))
            root.at("name").fail("the name may hold only letters, digits, '_' and '-'");
    // It names the results folders, two of them in a comparison's ("compare-A-vs-B-<time>"),
    // which must fit the file system's 255 bytes with their temporary suffix.
    if (s.name.size() > kMaxScenarioName)
        root.at("name").fail("the name is " + std::to_string(s.name.size()) + " characters long; at most " +
                             std::to_string(kMaxScenarioName) + " (it names the results folders)");
    if (auto d = root.get("description")) s.description = d->as_string();

    const ResolvedFile world = resolve_file(root.at("world"), folder, confine, "world file");
    s.world_file = world.path;
    s.world_display = world.display;

    s.start = root.at("start").as_quarter();
    s.horizon = static_cast<int>(root.at("horizon").as_int(1, kMaxHorizon));
    s.seed = static_cast<std::uint64_t>(root.at("seed").as_int(0, (1LL << 53)));

    if (auto params = root.get("parameters")) {
        if (!params->is_null()) {
            for (auto& [key, node] : params->items()) {
                const ParamDef* def = find_param(key);
                if (!def) node.fail("unknown parameter '" + key + "'" + did_you_mean(key, param_paths()));
                const double v = def->integer
                                     ? static_cast<double>(node.as_int(static_cast<long long>(def->lo),
                                                                       static_cast<long long>(def->hi)))
                                     : node.as_number(def->lo, def->hi);
                s.overrides.push_back({key, v, node.location()});
            }
        }
    }
    if (auto out = root.get("outputs")) {
        out->allow_keys({"series", "events", "graphml"});
        if (auto v = out->get("series")) s.outputs.series = v->as_bool();
        if (auto v = out->get("events")) s.outputs.events = v->as_bool();
        if (auto v = out->get("graphml")) s.outputs.graphml = v->as_bool();
    }
    // User-defined shock kinds: in the scenario's `kinds:` or in files it includes.
    auto add_kinds = [&](const InputNode& kinds) {
        for (auto& [name, node] : kinds.items()) {
            if (!node.is_map()) node.fail("expected a kind: a map with args and effects");
            node.allow_keys({"description", "args", "effects"});
            node.at("args").elements();
            node.at("effects").elements();
            for (const auto& k : builtin_kinds())
                if (name == k.name) node.fail("kind '" + name + "' is built in; choose another name");
            if (auto it = s.kinds.find(name); it != s.kinds.end())
                node.fail("kind '" + name + "' is already defined at " + format_location(it->second.location()));
            s.kinds.emplace(name, node);
        }
    };
    if (auto inc = root.get("include")) {
        for (const InputNode& item : inc->elements()) {
            const ResolvedFile file = resolve_file(item, folder, confine, "included file");
            const InputNode doc = load_yaml_file(file.path, file.display);
            doc.allow_keys({"kinds"});
            if (auto k = doc.get("kinds")) add_kinds(*k);
        }
    }
    if (auto kinds = root.get("kinds")) add_kinds(*kinds);
    if (auto shocks = root.get("shocks")) {
        if (!shocks->is_null()) {
            if (!shocks->is_sequence()) shocks->fail("expected a list of shocks");
            s.shocks = shocks;
        }
    }
    if (auto sweep = root.get("sweep")) s.sweep = parse_sweep(*sweep);
    return s;
}

}  // namespace

ScenarioSpec load_scenario(const std::string& path) {
    return parse_scenario(load_yaml_file(path, path), path, fs::path(path).parent_path(), false);
}

ScenarioSpec load_scenario_text(const std::string& text, const std::string& display_name,
                                const std::string& folder) {
    return parse_scenario(load_yaml_text(text, display_name), display_name, folder, true);
}

}  // namespace geosim
