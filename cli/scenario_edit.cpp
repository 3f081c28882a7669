#include "cli/scenario_edit.hpp"

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

#include "engine/core/date.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number.hpp"
#include "engine/input/yaml_number.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

// Collects the numbers and dates under a shock's node. Names, agents, legs, conditions and
// switches are not offered: changing them changes what the shock is, not how big or when.
void collect_fields(const YAML::Node& node, const std::string& path, std::vector<EditableField>& out) {
    if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        // Only `at:` and `until:` take a day (docs/shocks.md, "Dates within a quarter").
        const bool day = path == "at" || path == "until";
        if (day ? parse_moment(text).has_value() : parse_quarter(text).has_value()) {
            out.push_back({path, text, day ? EditableField::Type::Date : EditableField::Type::Quarter});
        } else if (const auto v = parse_yaml_number(text); v && std::isfinite(*v)) {
            out.push_back({path, text, EditableField::Type::Number});
        }
    } else if (node.IsMap()) {
        for (const auto& pair : node) {
            const std::string key = pair.first.as<std::string>();
            if (path.empty() && key == "name") continue;
            collect_fields(pair.second, path.empty() ? key : path + "." + key, out);
        }
    } else if (node.IsSequence()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            collect_fields(node[i], path + "[" + std::to_string(i) + "]", out);
    }
}

std::string scalar_at(const YAML::Node& map, const char* key) {
    const YAML::Node n = map[key];
    return n && n.IsScalar() ? n.Scalar() : "";
}

// The node at a path that collect_fields produced (so every step exists). yaml-cpp's
// assignment writes through to the node, so the walk rebinds with reset().
YAML::Node node_at(YAML::Node node, const std::string& path) {
    std::size_t k = 0;
    while (k < path.size()) {
        if (path[k] == '[') {
            const std::size_t close = path.find(']', k);
            node.reset(node[std::stoul(path.substr(k + 1, close - k - 1))]);
            k = close + 1;
        } else {
            if (path[k] == '.') ++k;
            const std::size_t end = path.find_first_of(".[", k);
            const std::string key = path.substr(k, end == std::string::npos ? std::string::npos : end - k);
            node.reset(node[key]);
            k = end == std::string::npos ? path.size() : end;
        }
    }
    return node;
}

std::optional<LibraryScenario> describe(const fs::path& file) {
    const InputNode root = load_yaml_file(file.string(), file.filename().string());
    if (!root.is_map() || !root.has("name") || !root.has("world")) return std::nullopt;
    LibraryScenario s;
    s.name = root.at("name").as_string();
    s.file = file.filename().string();
    if (auto d = root.get("description")) s.description = d->as_string();
    if (auto seed = root.get("seed")) s.seed = seed->as_string();
    if (auto shocks = root.get("shocks"); shocks && shocks->is_sequence()) {
        for (const InputNode& shock : shocks->elements()) {
            const YAML::Node& y = shock.yaml();
            if (!y.IsMap()) continue;
            ShockInfo info{scalar_at(y, "name"), scalar_at(y, "kind"), scalar_at(y, "after"), {}};
            collect_fields(y, "", info.fields);
            s.shocks.push_back(std::move(info));
        }
    }
    return s;
}

// What a JSON value is, for messages: a quoted scalar is a string, whatever it holds.
std::string json_kind(const YAML::Node& n) {
    if (n.IsMap()) return "an object";
    if (n.IsSequence()) return "an array";
    if (n.IsNull()) return "null";
    if (n.Tag() == "!") return "the string \"" + n.Scalar() + "\"";
    return "'" + n.Scalar() + "'";
}

bool plain(const YAML::Node& n) { return n.IsScalar() && n.Tag() == "?"; }

}  // namespace

double json_number(const InputNode& node) {
    static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
    const YAML::Node& n = node.yaml();
    if (!plain(n) || !std::regex_match(n.Scalar(), number)) node.fail("expected a JSON number, got " + json_kind(n));
    return node.as_number();
}

long long json_int(const InputNode& node, long long lo, long long hi) {
    json_number(node);
    return node.as_int(lo, hi);
}

bool json_bool(const InputNode& node) {
    const YAML::Node& n = node.yaml();
    if (!plain(n) || (n.Scalar() != "true" && n.Scalar() != "false"))
        node.fail("expected true or false, got " + json_kind(n));
    return n.Scalar() == "true";
}

namespace {

// The *.yaml files directly in `folder`, by name.
std::vector<fs::path> library_files(const fs::path& folder) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::optional<LibraryScenario> describe_if_valid(const fs::path& file) {
    try {
        return describe(file);
    } catch (const InputError&) {
        // A broken file is not offered; `geosim validate` says what is wrong with it.
        return std::nullopt;
    }
}

}  // namespace

std::vector<LibraryScenario> list_library(const fs::path& folder) {
    std::vector<LibraryScenario> out;
    for (const fs::path& f : library_files(folder))
        if (auto s = describe_if_valid(f)) out.push_back(std::move(*s));
    return out;
}

ScenarioLibrary::ScenarioLibrary(fs::path folder) : folder_(std::move(folder)) {}

std::vector<LibraryScenario> ScenarioLibrary::scenarios() {
    std::lock_guard lock(mutex_);
    std::map<fs::path, Entry> seen;
    std::vector<LibraryScenario> out;
    for (const fs::path& f : library_files(folder_)) {
        // The stamp is taken before the file is read, so a change while it is read shows as a
        // new stamp next time and the file is read again.
        std::error_code ec_time, ec_size;
        const auto mtime = fs::last_write_time(f, ec_time);
        const auto size = fs::file_size(f, ec_size);
        if (ec_time || ec_size) continue;  // gone since the folder was scanned
        auto it = entries_.find(f);
        if (it == entries_.end() || it->second.mtime != mtime || it->second.size != size) {
            ++reads_;
            Entry fresh{mtime, size, describe_if_valid(f)};
            it = entries_.insert_or_assign(f, std::move(fresh)).first;
        }
        if (it->second.scenario) out.push_back(*it->second.scenario);
        seen.insert(*it);
    }
    entries_ = std::move(seen);
    return out;
}

std::uint64_t ScenarioLibrary::files_read() const {
    std::lock_guard lock(mutex_);
    return reads_;
}

std::string edited_scenario(const fs::path& folder, const LibraryScenario& scenario,
                            const std::optional<InputNode>& edits) {
    const fs::path file = folder / scenario.file;
    YAML::Node root = YAML::Clone(load_yaml_file(file.string(), scenario.file).yaml());

    std::set<std::string> off;
    std::vector<std::string> notes;
    if (edits) {
        std::vector<std::string> names;
        for (const ShockInfo& s : scenario.shocks) names.push_back(s.name);
        for (const auto& [name, edit] : edits->items()) {
            const auto it = std::find(names.begin(), names.end(), name);
            if (it == names.end())
                edit.fail("unknown shock '" + name + "' in scenario '" + scenario.name + "'" + did_you_mean(name, names));
            const ShockInfo& info = scenario.shocks[static_cast<std::size_t>(it - names.begin())];
            edit.allow_keys({"enabled", "values"});
            if (auto enabled = edit.get("enabled"); enabled && !json_bool(*enabled)) off.insert(name);
            const auto values = edit.get("values");
            if (!values) continue;
            YAML::Node shock = root["shocks"][static_cast<std::size_t>(it - names.begin())];
            std::vector<std::string> paths;
            for (const EditableField& f : info.fields) paths.push_back(f.path);
            for (const auto& [path, value] : values->items()) {
                const auto field = std::find_if(info.fields.begin(), info.fields.end(),
                                                [&](const EditableField& f) { return f.path == path; });
                if (field == info.fields.end())
                    value.fail("shock '" + name + "' has no editable field '" + path + "'" + did_you_mean(path, paths));
                const std::string text = field->type == EditableField::Type::Date      ? format_moment(value.as_moment())
                                         : field->type == EditableField::Type::Quarter ? format_quarter(value.as_quarter())
                                                                                        : format_number(json_number(value));
                if (text == field->value) continue;
                node_at(shock, path) = text;
                notes.push_back(name + "." + path + " " + field->value + " -> " + text);
            }
        }
    }
    // A shock that follows one switched off cannot fire either.
    for (bool grew = true; grew;) {
        grew = false;
        for (const ShockInfo& s : scenario.shocks)
            if (!s.after.empty() && off.count(s.after) && off.insert(s.name).second) grew = true;
    }
    if (!off.empty()) {
        YAML::Node kept(YAML::NodeType::Sequence);
        for (std::size_t i = 0; i < scenario.shocks.size(); ++i)
            if (!off.count(scenario.shocks[i].name)) kept.push_back(root["shocks"][i]);
        root["shocks"] = kept;
        std::string list;
        for (const std::string& name : off) list += (list.empty() ? "" : ", ") + name;
        notes.insert(notes.begin(), "switched off: " + list);
    }

    // The world and included files stay as the library names them, relative to its folder: a
    // server's answers never show where it is installed, and the file runs where it belongs.
    if (!notes.empty()) root["name"] = scenario.name + "_edited";

    YAML::Emitter out;
    std::string comment = scenario.name + " (" + scenario.file + " of the scenario library)";
    comment += notes.empty() ? ", unchanged." : " as edited in geosim serve:";
    for (const std::string& n : notes) comment += "\n  " + n;
    comment += "\nSave it in the scenario library folder (where " + scenario.file +
               " is): its world and included files are named relative to that folder.";
    out << YAML::Comment(comment) << YAML::Newline << root;
    return std::string(out.c_str()) + "\n";
}

}  // namespace geosim::cli
