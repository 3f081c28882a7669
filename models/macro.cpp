#include "models/macro.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim::macro {
namespace {

// Richardson-style target burden: the start burden scaled up by the rise in total threat
// perceived since the start. Clamped to [0, 1] because a burden is a share of GDP; the form
// itself keeps it near b0 since each pair's threat lies in [0, 1].
double target_burden(const World& world, const State& now, int i) {
    const double b0 = world.agents[i].defence / world.agents[i].gdp;
    const double rise = now.threat.row_sum(i) - world.calib.total_threat0[i];
    return std::clamp(b0 * (1.0 + world.params.macro.defence_threat * rise), 0.0, 1.0);
}

}  // namespace

void step(const World& world, const State& now, State& next) {
    const MacroParams& p = world.params.macro;
    const double income_elasticity = world.params.trade.income_elasticity;
    const int n = world.n();

    // GDP per USD of exports lost: the exporter's domestic value added share where the world
    // gives one, else the common multiplier.
    auto export_va = [&](int i) { return world.export_va_of(i); };
    // First pass, over partners j: next.gdp[i] accumulates the multiplier-weighted no-shock path
    // of i's exports and FDI inflows plus the shortfall of i's tourism receipts from j's visitors
    // against their no-shock path (start receipts grown with j's trend). Each partner's growth
    // factor is computed once, so the pass costs n pow calls, not n x n.
    // The partners' factors first, then each i's sum over j in partner order, row by row.
    std::vector<double> growth(n), demand(n);
    for (int j = 0; j < n; ++j) {
        growth[j] = now.gdp_trend[j] / world.agents[j].gdp;
        demand[j] = std::pow(growth[j], income_elasticity);
    }
    const double fdi_multiplier = p.fdi_multiplier, tourism_multiplier = p.tourism_multiplier;
    for (int i = 0; i < n; ++i) {
        const double va = export_va(i);
        double path = 0;
        for (int j = 0; j < n; ++j) {
            if (i == j) continue;
            path += va * world.trade0(i, j) * demand[j] + fdi_multiplier * world.fdi_flow0(j, i) * growth[j] +
                    tourism_multiplier * (world.tourism0(i, j) * growth[j] - now.tourism_receipts(i, j));
        }
        next.gdp[i] = path;
    }
    // Second pass: the gap is the weighted shortfall of actual exports and inflows against that
    // path, less the value added of industries stopped for want of critical inputs, as a share
    // of trend GDP; this quarter's flows set next quarter's GDP.
    for (int i = 0; i < n; ++i) {
        const double path = next.gdp[i];
        // Official money spent in the host (development aid, pledged investment and credit paid
        // in) finances projects there as FDI does, so it counts with the FDI inflows; it is not
        // on the no-shock path. Security assistance buys forces, not output: it adds capability.
        const double inflows = now.fdi_flow.col_sum(i) + now.pledged_investment.col_sum(i) +
                               now.pledged_credit.col_sum(i) + now.aid.row_sum(i);
        // Exports withheld because i's own industries stopped (the second round of critical
        // inputs) were counted in last quarter's supply loss: their value added is not lost twice.
        const double withheld = now.withheld_va.empty() ? 0.0 : now.withheld_va[i];
        const double actual =
            export_va(i) * now.trade.row_sum(i) + p.fdi_multiplier * inflows - (now.supply_loss[i] - withheld);
        const double gap = -(path - actual) / now.gdp_trend[i];
        next.gdp_trend[i] = now.gdp_trend[i] * world.quarter_trend(i);
        next.gdp[i] = next.gdp_trend[i] * (1.0 + gap);

        // A government's own decision (a `defence` shock) replaces the arms-race target; the
        // budget still moves toward it at the same speed.
        const bool set = !now.defence_set.empty() && now.defence_set[i] > 0;
        const double target = set ? now.defence_set[i] : target_burden(world, now, i);
        next.defence[i] = now.defence[i] + p.defence_adjustment * (target - now.defence[i]);
    }
}

}  // namespace geosim::macro
