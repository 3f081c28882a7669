#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "engine/core/params.hpp"
#include "engine/input/input.hpp"
#include "engine/input/table_loader.hpp"
#include "engine/input/world_loader.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/indicators.hpp"
#include "engine/shocks/shock_compile.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

void line(const std::string& name, const std::string& meaning, int width = 24) {
    std::printf("  %-*s %s\n", width, name.c_str(), meaning.c_str());
}

void list_agents(const World& w) {
    std::printf("agents (%s):\n", w.source_file.c_str());
    for (const Agent& a : w.agents)
        line(a.id, a.name + (a.strategic ? " (strategic)" : " (passive economy)"), 6);
    for (const Bloc& b : w.blocs) {
        std::string members;
        for (int m : b.members) members += (members.empty() ? "" : " ") + w.agents[m].id;
        line(b.id, b.name + " (bloc: " + members + ")", 6);
    }
}

// Each disputed zone with its sea, the two parties, the base figures and the legs that carry its
// risk premium; the claimant's protectors are in docs/model.md (deterrence).
void list_zones(const World& w) {
    std::printf("zones (%s; docs/model.md, \"Escalation at sea\"):\n", w.source_file.c_str());
    std::printf("  %-14s %-9s %-8s %-6s %9s %12s  %s\n", "id", "sea", "claimant", "rival", "base_rate",
                "base_tension", "legs");
    for (const Zone& z : w.zones) {
        std::string legs;
        for (int l : z.legs) legs += (legs.empty() ? "" : " ") + w.legs[l].id;
        std::printf("  %-14s %-9s %-8s %-6s %9.3g %12.3g  %s\n", z.id.c_str(), z.sea.empty() ? "-" : z.sea.c_str(),
                    w.agents[z.claimant].id.c_str(), w.agents[z.rival].id.c_str(), z.base_rate, z.base_tension,
                    legs.empty() ? "-" : legs.c_str());
    }
    std::printf("  (base_rate: incidents a quarter at base tension; incidents(X) in a condition reads X as a\n"
                "  zone id, then a sea id (the sum over its zones), then all (every zone))\n");
}

// Each goods group's elasticity as published and as the model uses it (trade.theta times the
// group's elasticity over the trade-weighted mean), its input figures and its share of world
// trade at the start.
void list_sectors(const World& w) {
    std::printf("sectors (%s; docs/model.md, \"Trade: structural gravity by goods group\"):\n", w.source_file.c_str());
    double world_trade = 0;
    std::vector<double> group_trade(w.sectors.size(), 0.0);
    for (std::size_t s = 0; s < w.sectors.size(); ++s) {
        for (double v : w.sector_trade0[s].values()) group_trade[s] += v;
        world_trade += group_trade[s];
    }
    std::printf("  %-4s %-40s %7s %7s %12s %8s %13s %13s %11s\n", "id", "name", "theta", "used",
                "intermediate", "critical", "downstream_va", "user_va_share", "trade_share");
    for (std::size_t s = 0; s < w.sectors.size(); ++s) {
        const Sector& g = w.sectors[s];
        const double used = w.params.trade.theta * w.calib.theta_rel[s];
        std::printf("  %-4s %-40s %7.3g %7.3g %12.3g %8.3g %13.3g %13.3g %11.4f\n", g.id.c_str(), g.name.c_str(),
                    g.theta, used, g.intermediate, g.critical, g.downstream_va, g.user_va_share,
                    world_trade > 0 ? group_trade[s] / world_trade : 0.0);
    }
    std::printf("  (theta: the group's trade elasticity as published; used: trade.theta x theta / the\n"
                "  trade-weighted mean theta; trade_share: the group's share of the world's trade at the start;\n"
                "  user_va_share: 0 when downstream_va already counts the suppliers of the using industries)\n");
    bool header = false;
    for (const Sector& g : w.sectors) {
        if (g.users.empty()) continue;
        if (!header) std::printf("  users (the groups an importer short of the group ships less of; shares of the users' output):\n");
        header = true;
        std::string shares;
        for (std::size_t u = 0; u < g.users.size(); ++u)
            if (g.users[u] > 0) shares += (shares.empty() ? "" : ", ") + w.sectors[u].id + " " + compact(g.users[u]);
        std::printf("    %-4s %s\n", g.id.c_str(), shares.c_str());
    }
    // Exporters whose goods of a group carry the critical input in a share of their own; the
    // others share what is left of the group's intermediate x critical.
    header = false;
    const std::size_t n = static_cast<std::size_t>(w.n());
    for (std::size_t s = 0; s < w.sectors.size() && !w.critical_content.empty(); ++s) {
        double rest = -1;
        for (std::size_t i = 0; i < n; ++i) {
            const double k = w.critical_content[s * n + i];
            if (k < 0) continue;
            if (!w.critical_named[s * n + i]) {
                rest = k;
                continue;
            }
            if (!header) std::printf("  critical exports (share of the exporter's goods of the group that is its critical input):\n");
            header = true;
            std::printf("    %-4s %-4s %.3f\n", w.sectors[s].id.c_str(), w.agents[i].id.c_str(), k);
        }
        if (rest >= 0)
            std::printf("    %-4s others %.3f (the group's intermediate x critical, %.3f, in all its trade)\n",
                        w.sectors[s].id.c_str(), rest, w.sectors[s].intermediate * w.sectors[s].critical);
    }
}

void list_indicators() {
    std::printf("indicators (series.csv column `indicator`):\n");
    for (const IndicatorDef& d : indicator_defs())
        line(std::string(d.name), std::string(d.meaning) + " [" + std::string(d.unit) + "]", 18);
}

void list_shocks() {
    std::printf("shock kinds (docs/shocks.md; a scenario may define more under `kinds:`):\n");
    for (const BuiltinKind& k : builtin_kinds()) {
        line(k.name, k.meaning, 18);
        std::string args;
        for (const std::string& a : k.args) args += (args.empty() ? "" : ", ") + a;
        line("", "arguments: " + args, 18);
    }
}

void list_parameters(const World& w) {
    std::printf("parameters (path = value unit: meaning):\n");
    World copy = w;
    for (const ParamDef& d : param_defs()) {
        char value[64];
        std::snprintf(value, sizeof value, "%g %s", d.ref(copy.params), d.unit);
        line(d.path, std::string(value) + ": " + d.meaning, 32);
    }
}

void list_scenarios(const std::string& dir) {
    std::printf("scenarios (%s):\n", dir.c_str());
    std::vector<fs::path> files;
    if (fs::is_directory(dir))
        for (const auto& e : fs::directory_iterator(dir))
            if (e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        try {
            const InputNode root = load_yaml_file(f.string(), f.string());
            std::string description = root.has("description") ? root.at("description").as_string() : "";
            if (const auto nl = description.find('\n'); nl != std::string::npos) description.resize(nl);
            line(f.string(), description, 44);
        } catch (const InputError& e) {
            line(f.string(), std::string("(invalid: ") + e.what() + ")", 44);
        }
    }
}

}  // namespace

int list_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"world", true}, {"dir", true}});
    const std::vector<std::string> topics = {"agents", "sectors", "zones", "indicators", "shocks", "parameters",
                                            "scenarios"};
    if (args.positional.size() > 1) throw UsageError("expected at most one topic");
    const std::string topic = args.positional.empty() ? "" : args.positional[0];
    if (!topic.empty() && std::find(topics.begin(), topics.end(), topic) == topics.end())
        throw UsageError("unknown topic '" + topic + "'" + did_you_mean(topic, topics));
    const bool all = topic.empty();
    const std::string world_file = args.get("world").value_or("scenarios/world/default.yaml");
    std::optional<World> world;
    if (all || topic == "agents" || topic == "sectors" || topic == "zones" || topic == "parameters") {
        world = load_world(world_file, world_file);
        calibrate(*world);
    }
    if (all || topic == "agents") list_agents(*world);
    if (all || topic == "sectors") list_sectors(*world);
    if (all || topic == "zones") list_zones(*world);
    if (all || topic == "indicators") list_indicators();
    if (all || topic == "shocks") list_shocks();
    if (all || topic == "parameters") list_parameters(*world);
    if (all || topic == "scenarios") list_scenarios(args.get("dir").value_or("scenarios"));
    return 0;
}

}  // namespace geosim::cli
