#include "engine/input/synthetic_world.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>
#include <utility>

#include "engine/core/error.hpp"
#include "engine/core/rng.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kPurpose = purpose_key("synthetic_world");
// Hubs (sea-lane junctions) on a jittered grid over a 16,000 x 9,000 km plane; every port joins
// its two nearest hubs.
constexpr int kHubColumns = 6;
constexpr int kHubRows = 4;
constexpr double kWidthKm = 16000;
constexpr double kHeightKm = 9000;
constexpr int kZones = 16;

// Shortest text that reads back as the same double, never in exponent form.
std::string num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    return std::string(buf, r.ptr);
}

// A node id: "p12" (port of economy 12), "h3" (junction 3).
std::string node(char kind, int k) {
    std::string id(1, kind);
    id += std::to_string(k);
    return id;
}

double round_to(double v, double step) { return std::round(v / step) * step; }

class Draws {
public:
    explicit Draws(std::uint64_t seed) : stream_(seed, 0, kPurpose, 0, 0, 0) {}
    double uniform(double lo, double hi) { return lo + (hi - lo) * stream_.uniform(); }
    int below(int n) { return static_cast<int>(stream_.uniform() * n); }

private:
    Stream stream_;
};

struct Point {
    double x = 0, y = 0;
};

double km(Point a, Point b) {
    return std::max(10.0, round_to(std::hypot(a.x - b.x, a.y - b.y), 10));
}

}  // namespace

SyntheticWorld write_synthetic_world(const fs::path& folder, const SyntheticSpec& spec,
                                     const Params& params) {
    if (spec.economies < 8) throw std::invalid_argument("a synthetic world needs at least 8 economies");
    fs::create_directories(folder);
    const int n = spec.economies;
    Draws draw(spec.seed);
    const std::string src = "\"synthetic: made up by geosim's world generator (seed " +
                            std::to_string(spec.seed) + "), not data\"";
    auto fig = [&](double v) { return "{value: " + num(v) + ", source: " + src + "}"; };

    SyntheticWorld out;
    out.world_file = folder / "world.yaml";
    out.scenario_file = folder / "scenario.yaml";
    std::ofstream w(out.world_file, std::ios::binary);
    w << "# A synthetic world of " << n << " economies for geosim bench; no figure is data.\n"
      << "name: synthetic" << n << "\n"
      << "description: " << n << " made-up economies on a made-up sea-lane graph\n"
      << "calibration_year: 2023\n"
      << "poles: {west: E000, east: E001, source: " << src << "}\n"
      << "credibility: " << fig(0.5) << "\n";

    // Economies: the two poles, then a mix; every tenth is passive (free trade margins), and so
    // is the last, so that a world of fewer than ten has one to close the tables (without one,
    // the poles' imports can exceed what the rest export and raking cannot meet the totals).
    std::vector<Point> port(n);
    w << "agents:\n";
    for (int i = 0; i < n; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "E%03d", i);
        const bool pole = i < 2;
        const bool strategic = pole || (i % 10 != 9 && i != n - 1);
        const double gdp = pole ? (i == 0 ? 27000 : 18000) : round_to(std::exp(draw.uniform(std::log(5.0), std::log(5000.0))), 0.1);
        port[i] = {draw.uniform(0, kWidthKm), draw.uniform(0, kHeightKm)};
        out.ids.push_back(id);
        out.strategic.push_back(strategic);
        out.gdp.push_back(gdp);
        w << "  " << id << ":\n"
          << "    name: Economy " << i << "\n"
          << "    role: " << (strategic ? "strategic" : "passive") << "\n"
          << "    port: p" << i << "\n"
          << "    gdp: " << fig(gdp) << "\n"
          << "    trend_growth: " << fig(round_to(draw.uniform(0.01, 0.06), 0.001)) << "\n"
          << "    defence: " << fig(round_to(gdp * draw.uniform(0.005, 0.03), 0.01)) << "\n"
          << "    alignment: " << fig(pole ? (i == 0 ? 1.0 : -1.0) : round_to(draw.uniform(-0.7, 0.7), 0.001)) << "\n"
          << "    offence: " << fig(pole ? 0.7 : round_to(draw.uniform(0, 0.5), 0.01)) << "\n"
          << "    projection: " << fig(pole ? 0.9 : round_to(draw.uniform(0, 0.3), 0.01)) << "\n";
        double exports = 0, imports = 0;
        if (strategic) {
            exports = round_to(gdp * draw.uniform(0.1, 0.4), 0.01);
            imports = round_to(gdp * draw.uniform(0.1, 0.4), 0.01);
            w << "    exports: " << fig(exports) << "\n"
              << "    imports: " << fig(imports) << "\n"
              << "    fdi_out: " << fig(round_to(gdp * draw.uniform(0.002, 0.02), 0.01) + 0.01) << "\n"
              << "    fdi_in: " << fig(round_to(gdp * draw.uniform(0.002, 0.02), 0.01) + 0.01) << "\n";
        }
        out.exports.push_back(exports);
        out.imports.push_back(imports);
    }

    // Two blocs of ten strategic economies each.
    std::vector<std::vector<int>> blocs(2);
    for (int i = 2, b = 0; i < n && b < 2; ++i) {
        if (!out.strategic[i]) continue;
        blocs[b].push_back(i);
        if (blocs[b].size() == 10) ++b;
    }
    w << "blocs:\n";
    for (int b = 0; b < 2; ++b) {
        w << "  " << (b == 0 ? "NORTHBLOC" : "SOUTHBLOC") << ":\n    name: Bloc " << b << "\n    members: [";
        for (std::size_t k = 0; k < blocs[b].size(); ++k) w << (k ? ", " : "") << out.ids[blocs[b][k]];
        w << "]\n    source: " << src << "\n";
    }

    // Sea lanes: hub grid (neighbours joined), each port joined to its two nearest hubs.
    std::vector<Point> hub;
    for (int r = 0; r < kHubRows; ++r)
        for (int c = 0; c < kHubColumns; ++c)
            hub.push_back({(c + 0.5 + draw.uniform(-0.3, 0.3)) * kWidthKm / kHubColumns,
                           (r + 0.5 + draw.uniform(-0.3, 0.3)) * kHeightKm / kHubRows});
    w << "sea_lanes:\n  source: " << src << "\n  nodes:\n";
    for (int i = 0; i < n; ++i) w << "    p" << i << ": {name: \"Port of economy " << i << "\"}\n";
    for (std::size_t h = 0; h < hub.size(); ++h) w << "    h" << h << ": {name: \"Junction " << h << "\"}\n";
    w << "  legs:\n";
    std::vector<std::string> hub_legs;
    auto leg = [&](const std::string& id, const std::string& a, const std::string& b, double length) {
        w << "    " << id << ": {name: \"" << a << " to " << b << "\", from: " << a << ", to: " << b
          << ", km: " << fig(length) << "}\n";
        ++out.legs;
    };
    for (int r = 0; r < kHubRows; ++r)
        for (int c = 0; c < kHubColumns; ++c) {
            const int h = r * kHubColumns + c;
            for (const int other : {c + 1 < kHubColumns ? h + 1 : -1, r + 1 < kHubRows ? h + kHubColumns : -1}) {
                if (other < 0) continue;
                const std::string id = node('h', h) + "_" + node('h', other);
                leg(id, node('h', h), node('h', other), km(hub[h], hub[other]));
                hub_legs.push_back(id);
            }
        }
    for (int i = 0; i < n; ++i) {
        std::vector<std::pair<double, int>> near;
        for (std::size_t h = 0; h < hub.size(); ++h) near.emplace_back(km(port[i], hub[h]), static_cast<int>(h));
        std::partial_sort(near.begin(), near.begin() + 2, near.end());
        for (int k = 0; k < 2; ++k)
            leg(node('p', i) + "_" + node('h', near[k].second), node('p', i), node('h', near[k].second),
                near[k].first);
    }

    // Disputed zones on junction legs, each between a strategic economy and the east pole.
    w << "zones:\n";
    for (int z = 0; z < kZones; ++z) {
        int claimant = 2 + draw.below(n - 2);
        while (!out.strategic[claimant]) claimant = 2 + draw.below(n - 2);
        const std::string& a = hub_legs[draw.below(static_cast<int>(hub_legs.size()))];
        const std::string& b = hub_legs[draw.below(static_cast<int>(hub_legs.size()))];
        w << "  zone" << z << ":\n    name: Zone " << z << "\n    claimant: " << out.ids[claimant]
          << "\n    rival: E001\n    legs: [" << a << (a == b ? "" : ", " + b) << "]\n"
          << "    base_rate: " << fig(round_to(draw.uniform(0.05, 0.4), 0.01)) << "\n"
          << "    base_tension: " << fig(round_to(draw.uniform(0.2, 0.6), 0.01)) << "\n";
        ++out.zones;
    }

    // Bilateral tables from the totals alone (passive economies close them).
    for (const char* table : {"trade", "investment"}) {
        w << table << ":\n  unit: USD bn a year\n  method: \"gravity prior raked to the totals\"\n"
          << "  prior: {gdp_exporter: 1.0, gdp_importer: 1.0, distance: 0.9, source: " << src << "}\n";
        if (std::string(table) == "investment") w << "  stock_to_flow: " << fig(16) << "\n";
        w << "  targets: []\n";
    }

    // Trust in the poles; ties with the poles and two other strategic economies.
    w << "trust:\n  default: " << fig(0) << "\n  entries:\n"
      << "    - {from: E000, to: E001, value: -0.6, source: " << src << "}\n"
      << "    - {from: E001, to: E000, value: -0.6, source: " << src << "}\n";
    for (int i = 2; i < n; ++i)
        for (const char* pole : {"E000", "E001"})
            w << "    - {from: " << out.ids[i] << ", to: " << pole << ", value: "
              << num(round_to(draw.uniform(-0.5, 0.5), 0.001)) << ", source: " << src << "}\n";
    w << "ties:\n  default: {level: none, source: " << src << "}\n  entries:\n";
    std::set<std::pair<int, int>> tied;
    auto tie = [&](int a, int b, int level) {
        if (a == b || !tied.insert({std::min(a, b), std::max(a, b)}).second) return;
        w << "    - {a: " << out.ids[a] << ", b: " << out.ids[b] << ", level: " << level
          << ", source: " << src << "}\n";
    };
    for (int i = 2; i < n; ++i) {
        if (!out.strategic[i]) continue;
        tie(i, 0, 1 + draw.below(5));
        tie(i, 1, 1 + draw.below(4));
        for (int k = 0; k < 2; ++k) {
            const int j = 2 + draw.below(n - 2);
            if (out.strategic[j]) tie(i, j, 1 + draw.below(4));
        }
    }
    w << "bloc_ties:\n";
    for (const char* bloc : {"NORTHBLOC", "SOUTHBLOC"})
        for (const char* pole : {"E000", "E001"})
            w << "  - {bloc: " << bloc << ", partner: " << pole << ", level: 3, source: " << src << "}\n";

    // The model's parameters, as given.
    Params p = params;
    w << "parameters:\n";
    std::string group;
    for (const ParamDef& d : param_defs()) {
        const std::string path = d.path;
        const std::string g = path.substr(0, path.find('.'));
        if (g != group) w << "  " << (group = g) << ":\n";
        w << "    " << path.substr(g.size() + 1) << ": {value: " << num(d.ref(p))
          << ", source: \"the model's parameter, copied from the world the generator was given\"}\n";
    }
    w.close();
    if (!w) throw write_error(out.world_file.string());

    std::ofstream s(out.scenario_file, std::ios::binary);
    s << "name: synthetic" << n << "\n"
      << "description: one run of the synthetic world, no shocks\n"
      << "world: world.yaml\nstart: 2025Q1\nhorizon: " << spec.horizon << "\nseed: " << spec.seed << "\n"
      << "parameters: {}\nshocks: []\n";
    s.close();
    if (!s) throw write_error(out.scenario_file.string());
    return out;
}

}  // namespace geosim
