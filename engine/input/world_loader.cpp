#include "engine/input/world_loader.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "engine/input/derive.hpp"
#include "engine/input/input.hpp"
#include "engine/input/sector_table.hpp"
#include "engine/input/table_loader.hpp"
#include "engine/input/tariff_table.hpp"
#include "models/sea_lanes.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSections = {
    "name", "description", "calibration_year", "include", "agents", "blocs", "poles",
    "credibility", "sea_lanes", "zones", "trade", "sectors", "tariffs", "investment", "tourism", "trust", "ties",
    "bloc_ties", "parameters"};

// The top-level sections of a world file and its includes. A section may be given once, except
// `parameters`, whose groups may be spread over several files.
struct Sections {
    std::map<std::string, InputNode> one;
    std::vector<InputNode> parameters;
    std::optional<InputNode> root;

    const InputNode& need(const std::string& key) const {
        auto it = one.find(key);
        if (it == one.end()) root->fail("missing section '" + key + "'");
        return it->second;
    }
    const InputNode* find(const std::string& key) const {
        auto it = one.find(key);
        return it == one.end() ? nullptr : &it->second;
    }
};

void collect(const InputNode& doc, Sections& out) {
    if (!doc.is_map()) doc.fail("expected a map of world sections");
    // A scenario named where a world file belongs (its own `world:` names the world).
    if (doc.has("world") && (doc.has("start") || doc.has("shocks")))
        doc.key_node("world").fail("this is a scenario, not a world file: give the world file it names (" +
                                   (doc.at("world").is_scalar() ? doc.at("world").as_string() : std::string("?")) + ")");
    doc.allow_keys(kSections);
    for (auto& [key, node] : doc.items()) {
        if (key == "include") continue;
        if (key == "parameters") {
            out.parameters.push_back(node);
            continue;
        }
        auto [it, fresh] = out.one.emplace(key, node);
        if (!fresh) {
            const Location first = it->second.location();
            node.fail("section '" + key + "' is already given at " + format_location(first));
        }
    }
}

// The files `root` (the file `path`, shown as `display`) includes, each relative to the folder of
// the file that names it, read into `out` in order, depth first: an included file may include
// others. A file read twice (a cycle, or the same file named by two) is refused where it is
// named, since its sections would be given twice.
void load_includes(const InputNode& root, const std::string& path, const std::string& display, Sections& out,
                   std::vector<std::string>& files, std::vector<fs::path>& seen, std::vector<std::string>& shown_as) {
    const auto inc = root.get("include");
    if (!inc) return;
    const fs::path base = fs::path(path).parent_path();
    const fs::path base_display = fs::path(display).parent_path();
    for (const InputNode& item : inc->elements()) {
        const std::string rel = item.as_string();
        const std::string file = (base / rel).string();
        if (!fs::exists(file)) item.fail("included file '" + rel + "' does not exist");
        require_yaml_file(item, file, "included file '" + rel + "'");
        std::error_code ec;
        const fs::path same = fs::weakly_canonical(file, ec);
        const std::string shown = (base_display / rel).string();
        for (std::size_t k = 0; k < seen.size(); ++k)
            if (!ec && seen[k] == same)
                item.fail("included file '" + rel + "' is " +
                          (k == 0 ? std::string("the world file itself") : "already read (as '" + shown_as[k] + "')"));
        files.push_back(file);
        seen.push_back(ec ? fs::path(file) : same);
        shown_as.push_back(shown);
        const InputNode doc = load_yaml_file(file, shown);
        collect(doc, out);
        load_includes(doc, file, shown, out, files, seen, shown_as);
    }
}

void load_sections(const std::string& path, const std::string& display, Sections& out,
                   std::vector<std::string>& files) {
    files.push_back(path);
    InputNode root = load_yaml_file(path, display);
    out.root = root;
    collect(root, out);
    std::error_code ec;
    std::vector<fs::path> seen{fs::weakly_canonical(path, ec)};
    if (ec) seen.front() = path;
    std::vector<std::string> shown_as{display};
    load_includes(root, path, display, out, files, seen, shown_as);
}

// Every id of a world (agent, bloc, zone, sea-lane node and leg) is letters, digits and `_`,
// starting with a letter, so that it reads the same in every output (never a CSV formula, a
// quote or a separator).
void check_id(const char* what, const std::string& id, const InputNode& node) {
    const auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0])) || !std::all_of(id.begin(), id.end(), word))
        node.fail(std::string(what) + " id '" + id + "' must be letters, digits and _, starting with a letter");
}

void load_agents(const InputNode& section, World& w) {
    for (auto& [id, node] : section.items()) {
        check_id("agent", id, section.key_node(id));
        if (id.size() < 2 || id.size() > 16 || !std::isupper(static_cast<unsigned char>(id[0])))
            section.key_node(id).fail("agent id '" + id + "' must be 2-16 characters starting with a capital letter");
        node.allow_keys({"name", "role", "port", "gdp", "trend_growth", "defence", "alignment",
                         "offence", "projection", "exports", "imports", "fdi_out", "fdi_in",
                         "tie_ceiling"});
        Agent a;
        a.id = id;
        a.name = node.at("name").as_string();
        const InputNode role = node.at("role");
        const std::string r = role.as_string();
        if (r != "strategic" && r != "passive")
            role.fail("unknown role '" + r + "'" + did_you_mean(r, {"strategic", "passive"}));
        a.strategic = r == "strategic";
        a.gdp = figure(node.at("gdp"), 0.001, 1e6);
        a.trend_growth = figure(node.at("trend_growth"), -0.2, 0.3);
        a.defence = figure(node.at("defence"), 0, 1e5);
        a.alignment = figure(node.at("alignment"), -1, 1);
        a.offence = figure(node.at("offence"), 0, 1);
        a.projection = figure(node.at("projection"), 0, 1);
        if (auto c = node.get("tie_ceiling")) a.tie_ceiling = static_cast<int>(figure(*c, 0, kTreatyAlliance));
        w.agents.push_back(a);
    }
    if (w.agents.size() < 2) section.fail("a world needs at least two agents");
}

void load_blocs(const InputNode& section, World& w, const std::vector<std::string>& agent_ids) {
    for (auto& [id, node] : section.items()) {
        check_id("bloc", id, section.key_node(id));
        if (w.index_of(id) >= 0) section.key_node(id).fail("bloc id '" + id + "' is also an agent id");
        node.allow_keys({"name", "members", "source"});
        Bloc b;
        b.id = id;
        b.name = node.at("name").as_string();
        source_of(node);
        for (const InputNode& m : node.at("members").elements()) {
            const std::string mid = m.as_string();
            const int k = w.index_of(mid);
            if (k < 0) m.fail("unknown agent '" + mid + "'" + did_you_mean(mid, agent_ids));
            if (std::find(b.members.begin(), b.members.end(), k) != b.members.end())
                m.fail("agent '" + mid + "' is listed twice");
            b.members.push_back(k);
        }
        w.blocs.push_back(b);
    }
    if (w.blocs.size() > w.agents.size()) section.fail("a world may have no more blocs than agents");
}

void load_sea_lanes(const InputNode& section, World& w) {
    section.allow_keys({"source", "nodes", "legs"});
    source_of(section);
    std::vector<std::string> node_ids;
    for (auto& [id, node] : section.at("nodes").items()) {
        check_id("sea-lane node", id, section.at("nodes").key_node(id));
        node.allow_keys({"name"});
        w.nodes.push_back({id, node.at("name").as_string()});
        node_ids.push_back(id);
    }
    auto node_index = [&](const InputNode& n) {
        const std::string id = n.as_string();
        for (int k = 0; k < static_cast<int>(node_ids.size()); ++k)
            if (node_ids[k] == id) return k;
        n.fail("unknown sea-lane node '" + id + "'" + did_you_mean(id, node_ids));
    };
    for (auto& [id, node] : section.at("legs").items()) {
        check_id("sea leg", id, section.at("legs").key_node(id));
        node.allow_keys({"name", "from", "to", "km"});
        SeaLeg leg;
        leg.id = id;
        leg.name = node.at("name").as_string();
        leg.a = node_index(node.at("from"));
        leg.b = node_index(node.at("to"));
        if (leg.a == leg.b) node.at("to").fail("a leg must join two different nodes");
        leg.km = figure(node.at("km"), 1, 40000);
        w.legs.push_back(leg);
    }
}

std::vector<std::string> leg_ids(const World& w) {
    std::vector<std::string> ids;
    for (const auto& l : w.legs) ids.push_back(l.id);
    return ids;
}

// The id incidents(...) reads as every zone; no zone or sea may take it.
constexpr const char* kEveryZone = "all";

void load_zones(const InputNode& section, World& w, const Names& names) {
    const std::vector<std::string> legs = leg_ids(w);
    for (auto& [id, node] : section.items()) {
        check_id("zone", id, section.key_node(id));
        if (id == kEveryZone) section.key_node(id).fail("zone id 'all' is reserved: incidents(all) counts every zone");
        node.allow_keys({"name", "sea", "claimant", "rival", "legs", "base_rate", "base_tension", "step_up_1",
                         "step_up_2", "step_up_3", "step_up_4"});
        Zone z;
        z.id = id;
        z.name = node.at("name").as_string();
        if (auto sea = node.get("sea")) {
            z.sea = sea->as_string();
            check_id("sea", z.sea, *sea);
            if (z.sea == kEveryZone) sea->fail("sea id 'all' is reserved: incidents(all) counts every zone");
        }
        z.claimant = names.agent(node.at("claimant"));
        z.rival = names.agent(node.at("rival"));
        if (z.claimant == z.rival) node.at("rival").fail("the rival must differ from the claimant");
        if (auto ls = node.get("legs"))
            for (const InputNode& l : ls->elements()) {
                const std::string lid = l.as_string();
                int k = -1;
                for (int q = 0; q < static_cast<int>(legs.size()); ++q)
                    if (legs[q] == lid) k = q;
                if (k < 0) l.fail("unknown sea leg '" + lid + "'" + did_you_mean(lid, legs));
                if (std::find(z.legs.begin(), z.legs.end(), k) != z.legs.end())
                    l.fail("sea leg '" + lid + "' is listed twice");
                z.legs.push_back(k);
            }
        z.base_rate = figure(node.at("base_rate"), 0, 100);
        z.base_tension = figure(node.at("base_tension"), 0, 1);
        for (int r = 0; r < 4; ++r)
            if (auto p = node.get("step_up_" + std::to_string(r + 1))) z.step_up[r] = figure(*p, 0, 1);
        w.zones.push_back(z);
    }
    // incidents(X) reads X as a zone id first, so a sea named like a zone could never be read.
    for (auto& [id, node] : section.items())
        if (auto sea = node.get("sea"))
            for (const Zone& z : w.zones)
                if (z.id == sea->as_string()) sea->fail("sea id '" + z.id + "' is also a zone id");
}

void load_parameters(const std::vector<InputNode>& sections, World& w,
                     const InputNode& root) {
    std::vector<std::string> groups;
    for (const auto& d : param_defs()) {
        const std::string path = d.path;
        const std::string g = path.substr(0, path.find('.'));
        if (groups.empty() || groups.back() != g) groups.push_back(g);
    }
    std::map<std::string, Location> seen;
    for (const InputNode& section : sections) {
        for (auto& [group, gnode] : section.items()) {
            if (std::find(groups.begin(), groups.end(), group) == groups.end())
                gnode.fail("unknown parameter group '" + group + "'" + did_you_mean(group, groups));
            for (auto& [name, pnode] : gnode.items()) {
                const std::string path = group + "." + name;
                const ParamDef* def = find_param(path);
                if (!def) {
                    std::vector<std::string> names;
                    for (const auto& d : param_defs())
                        if (std::string(d.path).rfind(group + ".", 0) == 0)
                            names.push_back(std::string(d.path).substr(group.size() + 1));
                    pnode.fail("unknown parameter '" + name + "'" + did_you_mean(name, names));
                }
                if (auto [it, fresh] = seen.emplace(path, pnode.location()); !fresh)
                    pnode.fail("parameter '" + path + "' is already given at " +
                               format_location(it->second));
                def->ref(w.params) = param_figure(pnode, *def);
            }
        }
    }
    for (const auto& d : param_defs())
        if (std::isnan(d.ref(w.params)))
            root.fail("parameter '" + std::string(d.path) + "' is not given");
}

}  // namespace

World load_world(const std::string& path, const std::string& display_name) {
    World w;
    Sections s;
    load_sections(path, display_name, s, w.files);
    const InputNode& root = *s.root;

    w.source_file = display_name;
    w.name = s.need("name").as_string();
    load_agents(s.need("agents"), w);
    std::vector<std::string> agent_ids;
    for (const auto& a : w.agents) agent_ids.push_back(a.id);
    if (const InputNode* blocs = s.find("blocs")) load_blocs(*blocs, w, agent_ids);
    const Names names(w);

    const InputNode& poles = s.need("poles");
    poles.allow_keys({"west", "east", "partner", "source"});
    source_of(poles);
    w.west = names.agent(poles.at("west"));
    w.east = names.agent(poles.at("east"));
    if (w.west == w.east) poles.at("east").fail("the two poles must differ");
    if (auto partner = poles.get("partner")) w.west_partner = names.agent(*partner);
    w.credibility0 = figure(s.need("credibility"), 0, 1);

    load_sea_lanes(s.need("sea_lanes"), w);
    {
        // Ports are checked after the sea-lane nodes exist.
        const InputNode& agents = s.need("agents");
        std::vector<std::string> node_ids;
        for (const auto& nd : w.nodes) node_ids.push_back(nd.id);
        std::vector<std::string> served(node_ids.size());  // the agent each node is the port of
        for (auto& [id, node] : agents.items()) {
            const InputNode port = node.at("port");
            const std::string pid = port.as_string();
            int k = -1;
            for (int q = 0; q < static_cast<int>(node_ids.size()); ++q)
                if (node_ids[q] == pid) k = q;
            if (k < 0) port.fail("unknown sea-lane node '" + pid + "'" + did_you_mean(pid, node_ids));
            // Trade reads each pair's sea distance against its start: two agents on one port are
            // 0 apart, a ratio with no meaning.
            if (!served[k].empty())
                port.fail("sea-lane node '" + pid + "' is already the port of " + served[k] +
                          "; each agent needs a port of its own");
            served[k] = id;
            w.agents[w.index_of(id)].port = k;
        }
    }
    if (const InputNode* zones = s.find("zones")) load_zones(*zones, w, names);
    load_parameters(s.parameters, w, root);

    const Matrix dist = sea_lanes::shortest_distances(w, std::vector<double>(w.legs.size(), 1.0));
    {
        // The port to blame is the one cut off from the most others (the first such agent).
        int worst = -1, worst_count = 0;
        for (int i = 0; i < w.n(); ++i) {
            int count = 0;
            for (int j = 0; j < w.n(); ++j) count += i != j && !std::isfinite(dist(i, j));
            if (count > worst_count) worst = i, worst_count = count;
        }
        if (worst >= 0) {
            int other = 0;
            while (other == worst || std::isfinite(dist(worst, other))) ++other;
            s.need("agents").at(w.agents[worst].id).at("port").fail(
                "no sea route joins the ports of " + w.agents[worst].id + " and " + w.agents[other].id);
        }
    }

    const InputNode& agents = s.need("agents");
    w.trade0 = derive_table(s.need("trade"), agents, "exports", "imports", w, names, dist);
    load_sectors(s.find("sectors"), w, names);
    w.tariff0 = load_tariffs(s.find("tariffs"), w, names);
    const InputNode& inv = s.need("investment");
    w.fdi_flow0 = derive_table(inv, agents, "fdi_out", "fdi_in", w, names, dist, {"nests"});
    const std::optional<InputNode> nests = inv.get("nests");
    w.host_nest = load_nests(nests ? &*nests : nullptr, w, names);
    const double stock_to_flow = figure(inv.at("stock_to_flow"), 0, 100);
    w.fdi_stock0 = w.fdi_flow0;
    for (double& v : w.fdi_stock0.values()) v *= stock_to_flow;

    TourismTable tourism = load_tourism(s.find("tourism"), w, names);
    w.visitors0 = std::move(tourism.visitors);
    w.tourism0 = std::move(tourism.receipts);
    w.trust0 = load_trust(s.need("trust"), w, names);
    w.ties0 = load_ties(s.need("ties"), w, names);
    w.bloc_ties0 = load_bloc_ties(s.find("bloc_ties"), w, names);
    return w;
}

}  // namespace geosim
