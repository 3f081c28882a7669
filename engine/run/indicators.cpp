#include "engine/run/indicators.hpp"

#include <algorithm>
#include <string>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"
#include "models/network.hpp"
#include "models/perception.hpp"

namespace geosim {

const std::vector<IndicatorDef>& indicator_defs() {
    using S = IndicatorScope;
    static const std::vector<IndicatorDef> defs = {
        {"gdp", "USD bn a year", S::Agent, "GDP at an annual rate"},
        {"gdp_growth", "fraction a year", S::Agent, "GDP growth over the last quarter, annualised (trend growth at step 0)"},
        {"defence_spending", "USD bn a year", S::Agent, "defence spending"},
        {"defence_burden", "share of GDP", S::Agent, "defence spending as a share of GDP"},
        {"exports", "USD bn a year", S::Agent, "total goods exports"},
        {"imports", "USD bn a year", S::Agent, "total goods imports"},
        {"supply_loss", "USD bn a year", S::Agent, "value added lost for want of critical inputs (imports ordered but not delivered)"},
        {"sector_exports", "USD bn a year", S::AgentSector, "goods exports in the group `sector`"},
        {"sector_imports", "USD bn a year", S::AgentSector, "goods imports in the group `sector`"},
        {"alignment", "[-1, 1]", S::Agent, "position between China (-1) and the US (+1)"},
        {"stated_alignment", "[-1, 1]", S::Agent, "position surveys record (2p - 1, p the share choosing the US if forced to choose): moves toward alignment's target, faster when the question is salient"},
        {"centrality", "[0, 1]", S::Agent, "normalised betweenness in the network of strong security ties"},
        {"component", "id", S::Agent, "connected component (bloc) of strong security ties; -1 for passive economies"},
        {"credibility", "[0, 1]", S::Agent, "US commitment credibility (row for the west pole)"},
        {"trade", "USD bn a year", S::Pair, "exports of agent to partner"},
        {"sector_trade", "USD bn a year", S::PairSector, "exports of agent to partner in the group `sector` (trade is their sum over groups)"},
        {"trade_share", "share", S::Pair, "partner's share of the agent's total trade (exports + imports)"},
        {"fdi_flow", "USD bn a year", S::Pair, "FDI flow from agent into partner"},
        {"fdi_stock", "USD bn", S::Pair, "FDI stock of agent in partner"},
        {"official_finance", "USD bn a year", S::Pair, "official money from agent to partner: development aid, security assistance, and pledged investment and credit paid in"},
        {"tie_level", "0-5", S::Pair, "security tie: 0 none, 1 dialogue, 2 comprehensive, 3 strategic, 4 comprehensive strategic, 5 alliance"},
        {"trust", "[-1, 1]", S::Pair, "trust of agent in partner"},
        {"threat", "[0, 1]", S::Pair, "threat agent perceives from partner"},
        {"visitors", "million a year", S::Pair, "visitor arrivals in agent (the host) from partner (the visitors' country)"},
        {"tourism_receipts", "USD bn a year", S::Pair, "tourism receipts of agent (the host) from partner's visitors, in constant USD"},
        {"tension", "[0, 1]", S::Pair, "highest tension over the disputed zones of a claimant (agent) and its rival (partner)"},
        {"zone_tension", "[0, 1]", S::Zone, "tension in a disputed zone"},
        {"incidents", "count", S::Zone, "incidents in a disputed zone this quarter"},
        {"incident_rung", "0-5", S::Zone, "highest rung reached this quarter: 1 patrol, 2 shadowing, 3 water cannon or ramming, 4 seizure, 5 armed clash"},
        {"asean_alignment", "[-1, 1]", S::Bloc, "GDP-weighted alignment of the bloc's members"},
        {"asean_centrality", "[0, 1]", S::Bloc, "mean betweenness of the bloc's members in the tie network"},
        {"bloc_tie_level", "0-5", S::BlocPair, "security tie between the bloc and a partner"},
        {"bloc_trade_share", "share", S::BlocPair, "partner's share of the bloc's total trade (members' exports + imports)"},
        {"bloc_sector_trade_share", "share", S::BlocPairSector, "partner's share of the bloc's trade (members' exports + imports) in the group `sector`"},
        {"bloc_fdi_share", "share", S::BlocPair, "partner's share of the bloc's FDI inflows"},
    };
    return defs;
}

bool summarised_by_default(const IndicatorDef& def) {
    // supply_loss is per agent, but summarising it costs a default sweep 18 rows of sketches per
    // quarter (about 10% more memory) for a value that is zero unless inputs are cut: a sweep
    // of such a shock lists it.
    if (has_sector(def.scope) || def.name == "supply_loss") return false;
    return def.scope != IndicatorScope::Pair || def.name == "tension";
}

namespace {

// The body of emit_indicators and emit_values: `emit` is called for every value, in the order
// the header states. A template, so that a caller that wants the values only (a sweep's
// recording, every quarter of every run) pays for neither a std::function call nor the names.
template <class Emit>
void emit_all(const World& w, const State& s, Emit&& emit, const std::vector<bool>& wanted) {
    const int n = w.n();
    // Whether the indicator is wanted. The indicators are asked for in table order, most of them
    // several times running, so the search starts where the last one was found.
    const auto& defs = indicator_defs();
    std::size_t cursor = 0;
    auto on = [&](std::string_view name) {
        for (std::size_t step = 0; step < defs.size(); ++step) {
            const std::size_t k = (cursor + step) % defs.size();
            if (defs[k].name != name) continue;
            cursor = k;
            return k < wanted.size() && static_cast<bool>(wanted[k]);
        }
        return false;
    };
    auto id = [&](int i) -> std::string_view { return w.agents[i].id; };
    auto per_agent = [&](std::string_view name, auto value) {
        if (!on(name)) return;
        for (int i = 0; i < n; ++i) emit(name, id(i), {}, {}, value(i));
    };
    const int groups = w.sector_count();
    auto group = [&](int g) -> std::string_view { return w.sectors[g].id; };
    auto per_agent_group = [&](std::string_view name, auto value) {
        if (!on(name)) return;
        for (int i = 0; i < n; ++i)
            for (int g = 0; g < groups; ++g) emit(name, id(i), {}, group(g), value(i, g));
    };
    auto per_pair = [&](std::string_view name, auto value) {
        if (!on(name)) return;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                if (i != j) emit(name, id(i), id(j), {}, value(i, j));
    };
    std::vector<double> exports(n), imports(n);
    for (int i = 0; i < n; ++i) {
        exports[i] = s.trade.row_sum(i);
        imports[i] = s.trade.col_sum(i);
    }

    per_agent("gdp", [&](int i) { return s.gdp[i]; });
    per_agent("gdp_growth", [&](int i) { return s.gdp_growth[i]; });
    per_agent("defence_spending", [&](int i) { return s.defence[i] * s.gdp[i]; });
    per_agent("defence_burden", [&](int i) { return s.defence[i]; });
    per_agent("exports", [&](int i) { return exports[i]; });
    per_agent("imports", [&](int i) { return imports[i]; });
    per_agent("supply_loss", [&](int i) { return s.supply_loss[i]; });
    per_agent_group("sector_exports", [&](int i, int g) { return s.sector_trade[g].row_sum(i); });
    per_agent_group("sector_imports", [&](int i, int g) { return s.sector_trade[g].col_sum(i); });
    per_agent("alignment", [&](int i) { return s.alignment[i]; });
    per_agent("stated_alignment", [&](int i) { return s.stated_alignment[i]; });
    per_agent("centrality", [&](int i) { return s.centrality[i]; });
    per_agent("component", [&](int i) { return static_cast<double>(s.component[i]); });
    if (on("credibility")) emit("credibility", id(w.west), {}, {}, s.credibility);

    per_pair("trade", [&](int i, int j) { return s.trade(i, j); });
    if (on("sector_trade"))
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                for (int g = 0; i != j && g < groups; ++g)
                    emit("sector_trade", id(i), id(j), group(g), s.sector_trade[g](i, j));
    per_pair("trade_share", [&](int i, int j) {
        const double total = exports[i] + imports[i];
        return total > 0 ? (s.trade(i, j) + s.trade(j, i)) / total : 0.0;
    });
    per_pair("fdi_flow", [&](int i, int j) { return s.fdi_flow(i, j); });
    per_pair("fdi_stock", [&](int i, int j) { return s.fdi_stock(i, j); });
    per_pair("official_finance", [&](int i, int j) { return perception::official_from(s, i, j); });
    per_pair("tie_level", [&](int i, int j) { return static_cast<double>(s.ties(i, j)); });
    per_pair("trust", [&](int i, int j) { return s.trust(i, j); });
    per_pair("threat", [&](int i, int j) { return s.threat(i, j); });
    per_pair("visitors", [&](int i, int j) { return s.visitors(i, j); });
    per_pair("tourism_receipts", [&](int i, int j) { return s.tourism_receipts(i, j); });

    // Tension per (claimant, rival) pair that shares at least one zone, in zone order of first use.
    std::vector<std::pair<int, int>> pairs;
    for (const Zone& z : w.zones)
        if (std::find(pairs.begin(), pairs.end(), std::pair{z.claimant, z.rival}) == pairs.end())
            pairs.emplace_back(z.claimant, z.rival);
    for (auto [c, r] : on("tension") ? pairs : std::vector<std::pair<int, int>>{}) {
        double t = 0;
        for (std::size_t k = 0; k < w.zones.size(); ++k)
            if (w.zones[k].claimant == c && w.zones[k].rival == r) t = std::max(t, s.tension[k]);
        emit("tension", id(c), id(r), {}, t);
    }
    for (std::size_t k = 0; on("zone_tension") && k < w.zones.size(); ++k)
        emit("zone_tension", w.zones[k].id, {}, {}, s.tension[k]);
    for (std::size_t k = 0; on("incidents") && k < w.zones.size(); ++k)
        emit("incidents", w.zones[k].id, {}, {}, static_cast<double>(s.incidents[k]));
    for (std::size_t k = 0; on("incident_rung") && k < w.zones.size(); ++k)
        emit("incident_rung", w.zones[k].id, {}, {}, static_cast<double>(s.max_rung[k]));

    const int blocs = static_cast<int>(w.blocs.size());
    for (int b = 0; on("asean_alignment") && b < blocs; ++b)
        emit("asean_alignment", w.blocs[b].id, {}, {}, alignment::bloc_alignment(w, s, b));
    for (int b = 0; on("asean_centrality") && b < blocs; ++b)
        emit("asean_centrality", w.blocs[b].id, {}, {}, network::bloc_centrality(w, s, b));
    for (int b = 0; on("bloc_tie_level") && b < blocs; ++b)
        for (int p = 0; p < n; ++p)
            if (!w.in_bloc(p, b)) emit("bloc_tie_level", w.blocs[b].id, id(p), {}, static_cast<double>(s.bloc_ties(b, p)));
    // Bloc b's total trade (fdi = false) or FDI inflows (fdi = true), summed over its members,
    // the same for every partner.
    auto bloc_total = [&](int b, bool fdi) {
        double total = 0;
        for (int m : w.blocs[b].members) total += fdi ? s.fdi_flow.col_sum(m) : exports[m] + imports[m];
        return total;
    };
    // Partner p's share of that total.
    auto bloc_share = [&](int b, int p, bool fdi, double total) {
        double with = 0;
        for (int m : w.blocs[b].members) with += fdi ? s.fdi_flow(p, m) : s.trade(m, p) + s.trade(p, m);
        return total > 0 ? with / total : 0.0;
    };
    for (int b = 0; on("bloc_trade_share") && b < blocs; ++b) {
        const double total = bloc_total(b, false);
        for (int p = 0; p < n; ++p)
            if (!w.in_bloc(p, b)) emit("bloc_trade_share", w.blocs[b].id, id(p), {}, bloc_share(b, p, false, total));
    }
    if (on("bloc_sector_trade_share")) {
        // Each agent's trade (exports + imports) in each group, [g * n + i].
        std::vector<double> total(static_cast<std::size_t>(groups) * n);
        for (int g = 0; g < groups; ++g)
            for (int i = 0; i < n; ++i) total[g * n + i] = s.sector_trade[g].row_sum(i) + s.sector_trade[g].col_sum(i);
        for (int b = 0; b < blocs; ++b)
            for (int p = 0; p < n; ++p) {
                if (w.in_bloc(p, b)) continue;
                for (int g = 0; g < groups; ++g) {
                    double all = 0, with = 0;
                    for (int m : w.blocs[b].members) {
                        all += total[g * n + m];
                        with += s.sector_trade[g](m, p) + s.sector_trade[g](p, m);
                    }
                    emit("bloc_sector_trade_share", w.blocs[b].id, id(p), group(g), all > 0 ? with / all : 0.0);
                }
            }
    }
    for (int b = 0; on("bloc_fdi_share") && b < blocs; ++b) {
        const double total = bloc_total(b, true);
        for (int p = 0; p < n; ++p)
            if (!w.in_bloc(p, b)) emit("bloc_fdi_share", w.blocs[b].id, id(p), {}, bloc_share(b, p, true, total));
    }
}

}  // namespace

void emit_indicators(const World& w, const State& s, const EmitFn& emit) {
    emit_indicators(w, s, emit, std::vector<bool>(indicator_defs().size(), true));
}

void emit_indicators(const World& w, const State& s, const EmitFn& emit,
                     const std::vector<bool>& wanted) {
    emit_all(w, s, emit, wanted);
}

void emit_values(const World& w, const State& s, const std::vector<bool>& wanted, std::vector<double>& out) {
    emit_all(
        w, s,
        [&out](std::string_view, std::string_view, std::string_view, std::string_view, double value) {
            out.push_back(value);
        },
        wanted);
}

}  // namespace geosim
