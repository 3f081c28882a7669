#pragma once
#include <algorithm>
// Small hand-made worlds and states for the investment, perception, alignment and macro tests.
#include <string>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim::fixtures_b {

// A world of `n` strategic agents named A0, A1, ... with every matrix sized and zero, GDP 100,
// no zones, no trend growth. Tests set the figures they need.
inline World blank_world(int n) {
    World w;
    w.name = "fixture_b";
    for (int i = 0; i < n; ++i) {
        Agent a;
        a.id = std::to_string(i);
        a.id.insert(a.id.begin(), 'A');
        a.name = a.id;
        a.gdp = 100;
        w.agents.push_back(a);
    }
    w.trade0 = Matrix(n);
    w.fdi_flow0 = Matrix(n);
    w.fdi_stock0 = Matrix(n);
    w.trust0 = Matrix(n);
    w.tourism0 = Matrix(n);
    w.visitors0 = Matrix(n);
    w.ties0 = IntMatrix(n);
    w.calib.base_dist = Matrix(n);
    w.calib.total_threat0.assign(n, 0.0);
    return w;
}

// The state at quarter 0 that the lead's compile step would build from `w` (only the fields the
// mechanisms of this test suite read or write).
inline State start_state(const World& w) {
    const int n = w.n();
    State s;
    for (const Agent& a : w.agents) {
        s.gdp.push_back(a.gdp);
        s.gdp_trend.push_back(a.gdp);
        s.defence.push_back(a.gdp > 0 ? a.defence / a.gdp : 0.0);
        s.alignment.push_back(a.alignment);
        s.stated_alignment.push_back(a.alignment);
    }
    s.salience.assign(n, 0.0);
    s.credibility = w.credibility0;
    s.trade = w.trade0;
    s.fdi_flow = w.fdi_flow0;
    s.fdi_stock = w.fdi_stock0;
    s.trust = w.trust0;
    s.tariff.assign(std::max<std::size_t>(1, w.sectors.size()), Matrix(n));
    s.supply_loss.assign(n, 0.0);
    s.tourism_block = Matrix(n);
    s.tourism_boycott = Matrix(n);
    s.tourism_booked = Matrix(n);
    s.tourism_banned = Matrix(n);
    s.visitors = w.visitors0;
    s.tourism_receipts = w.tourism0;
    s.tourism_level = Matrix(n, 1.0);
    s.invest_block = Matrix(n);
    s.invest_promotion = Matrix(n);
    s.threat = Matrix(n);
    s.hostility = Matrix(n);
    s.trust_shift = Matrix(n);
    s.coercion = Matrix(n);
    s.assistance = Matrix(n);
    s.aid = Matrix(n);
    s.tourism_promotion = Matrix(n);
    s.pledged_investment = Matrix(n);
    s.pledged_credit = Matrix(n);
    s.ties = w.ties0;
    s.sea_dist = w.calib.base_dist;
    for (const Zone& z : w.zones) {
        s.tension.push_back(z.base_tension);
        s.incidents.push_back(0);
        s.max_rung.push_back(0);
        s.severity.push_back(0.0);
        s.forced_rung.push_back(0);
    }
    return s;
}

// The next state as the runner starts it: a copy of `now` one step on.
inline State copy_next(const State& now) {
    State next = now;
    next.step = now.step + 1;
    next.events.clear();
    return next;
}

}  // namespace geosim::fixtures_b
