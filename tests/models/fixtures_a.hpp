#pragma once
#include <algorithm>
// Small hand-made worlds and states for the tests of sea lanes, network metrics, security ties
// and escalation. Every figure is chosen so that the expected results can be worked out by hand.
#include <limits>
#include <string>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/compile.hpp"

namespace geosim::fixtures_a {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

// A world of agents named A0, A1, ... (strategic unless listed in `passive`), with no sea lanes.
inline World agents_world(int n, const std::vector<int>& passive = {}) {
    World w;
    w.name = "fixture";
    for (int i = 0; i < n; ++i) {
        Agent a;
        // Appended rather than "A" + ...: GCC 12 warns falsely (-Wrestrict) on that form.
        a.id = "A";
        a.id += std::to_string(i);
        a.name = a.id;
        for (int p : passive)
            if (p == i) a.strategic = false;
        w.agents.push_back(a);
    }
    w.trust0 = Matrix(n, 0.0);
    w.ties0 = IntMatrix(n, 0);
    w.bloc_ties0 = IntMatrix(n, 0);
    assign_stream_keys(w);
    return w;
}

// A state sized for `w`: all zero, every leg open, tension at each zone's base.
inline State blank_state(const World& w) {
    const int n = w.n();
    State s;
    s.gdp.assign(n, 0.0);
    s.gdp_trend.assign(n, 0.0);
    s.defence.assign(n, 0.0);
    s.alignment.assign(n, 0.0);
    s.import_pen.assign(n, 0.0);
    for (Matrix* m : {&s.trade, &s.fdi_flow, &s.fdi_stock, &s.ban, &s.tourism_block, &s.tourism_boycott,
                      &s.tourism_booked, &s.tourism_banned, &s.invest_block,
                      &s.invest_promotion, &s.trust, &s.threat, &s.hostility, &s.trust_shift, &s.coercion,
                      &s.assistance, &s.aid, &s.tourism_promotion, &s.pledged_investment, &s.pledged_credit, &s.tie_stance,
                      &s.bloc_stance, &s.partner_bloc_stance,
                      &s.visitors, &s.tourism_receipts})
        *m = Matrix(n, 0.0);
    s.tourism_level = Matrix(n, 1.0);
    const std::size_t groups = std::max<std::size_t>(1, w.sectors.size());
    for (std::vector<Matrix>* v : {&s.sector_trade, &s.source_share, &s.tariff, &s.trade_block, &s.export_control,
                                   &s.trade_promotion})
        v->assign(groups, Matrix(n, 0.0));
    s.supply_loss.assign(n, 0.0);
    s.ties = IntMatrix(n, 0);
    s.tie_cooldown = IntMatrix(n, 0);
    s.bloc_ties = IntMatrix(n, 0);
    s.bloc_cooldown = IntMatrix(n, 0);
    s.ban_left = IntMatrix(n, 0);
    const std::size_t legs = w.legs.size();
    s.leg_policy.assign(legs, 1.0);
    s.leg_risk.assign(legs, 0.0);
    s.leg_cost.assign(legs, 1.0);
    s.sea_dist = Matrix(n, 0.0);
    const std::size_t zones = w.zones.size();
    s.tension.assign(zones, 0.0);
    for (std::size_t z = 0; z < zones; ++z) s.tension[z] = w.zones[z].base_tension;
    s.incidents.assign(zones, 0);
    s.incidents_total.assign(zones, 0);
    s.max_rung.assign(zones, 0);
    s.severity.assign(zones, 0.0);
    s.forced_rung.assign(zones, 0);
    s.centrality.assign(n, 0.0);
    s.component.assign(n, -1);
    return s;
}

// The next quarter's starting point, as the runner makes it: a copy with events cleared.
inline State successor(const State& now) {
    State next = now;
    next.events.clear();
    next.step = now.step + 1;
    return next;
}

inline void add_node(World& w, const std::string& id) { w.nodes.push_back({id, id}); }

inline void add_leg(World& w, const std::string& id, int a, int b, double km) {
    SeaLeg leg;
    leg.id = id;
    leg.name = id;
    leg.a = a;
    leg.b = b;
    leg.km = km;
    w.legs.push_back(leg);
}

// Five nodes: P0 - S - P1 is the short way (100 + 100 km, through strait "S" = leg 0 and leg 1),
// P0 - R - P1 the long way round (150 + 200 km, legs 2 and 3); node "island" has no leg.
// Agents A0 at P0, A1 at P1, A2 at island, A3 (passive) without a port.
inline World lane_world() {
    World w = agents_world(4, {3});
    for (const char* id : {"P0", "S", "P1", "R", "island"}) add_node(w, id);
    add_leg(w, "strait_in", 0, 1, 100);
    add_leg(w, "strait_out", 1, 2, 100);
    add_leg(w, "round_in", 0, 3, 150);
    add_leg(w, "round_out", 3, 2, 200);
    w.agents[0].port = 0;
    w.agents[1].port = 2;
    w.agents[2].port = 4;
    return w;
}

inline void set_tie(State& s, int i, int j, int level) { s.ties(i, j) = s.ties(j, i) = level; }

// Tie parameters for tests; each test overrides what it needs.
inline TiesParams ties_params() {
    TiesParams p;
    p.base_up = -20;
    p.base_down = -20;
    p.rung_cost = 0;
    p.w_threat = 0;
    p.w_interdependence = 0;
    p.w_trust = 40;
    p.w_retaliation = 0;
    p.alliance_stickiness = 0;
    p.w_alignment_gap = 0;
    p.alliance_cost = 0;
    p.cooldown = 2;
    p.veto_threshold = 1;
    return p;
}

// Escalation parameters for tests: step-up 0.5, 0.4, 0.25, 0.1 give an expected top rung of
// 1 + 0.5 + 0.2 + 0.05 + 0.005 = 1.755.
inline EscalationParams escalation_params() {
    EscalationParams p;
    p.hazard_tension = 2;
    p.step_up_1 = 0.5;
    p.step_up_2 = 0.4;
    p.step_up_3 = 0.25;
    p.step_up_4 = 0.1;
    p.w_capability = 0.5;
    p.w_deterrence = 2;
    p.japan_deterrence = 0.5;
    p.tension_memory = 0.25;
    p.risk_premium = 0.5;
    p.ban_rung = 4;
    p.ban_probability = 0.5;
    p.ban_share = 0.3;
    p.ban_duration = 2;
    return p;
}

// Agents: 0 "CLM" (claimant), 1 "RIV" (rival, east pole), 2 "USA" (west pole), 3 "JPN".
// One zone between CLM and RIV, on leg 0 of a two-leg line CLM port - mid - RIV port.
inline World zone_world(double base_rate, double base_tension) {
    World w = agents_world(4);
    w.agents[0].id = "CLM";
    w.agents[1].id = "RIV";
    w.agents[2].id = "USA";
    w.agents[3].id = "JPN";
    w.east = 1;
    w.west = 2;
    for (const char* id : {"clm_port", "mid", "riv_port"}) add_node(w, id);
    add_leg(w, "near", 0, 1, 500);
    add_leg(w, "far", 1, 2, 500);
    Zone z;
    z.id = "shoal";
    z.name = "Test Shoal";
    z.claimant = 0;
    z.rival = 1;
    z.legs = {0};
    z.base_rate = base_rate;
    z.base_tension = base_tension;
    w.zones.push_back(z);
    w.west_partner = 3;
    w.params.escalation = escalation_params();
    assign_stream_keys(w);
    return w;
}

}  // namespace geosim::fixtures_a
