#include "models/macro.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "engine/core/levers.hpp"
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

// Row i's terms of the no-shock path, partner by partner (macro::step): element by element, so
// the loop vectorises without changing any operation.
void path_terms(int n, double va, double fdi_multiplier, double tourism_multiplier, const double* __restrict trade0,
                const double* __restrict demand, const double* __restrict inflow0, const double* __restrict growth,
                const double* __restrict tourism0, const double* __restrict receipts, double* __restrict term) {
    for (int j = 0; j < n; ++j)
        term[j] = va * trade0[j] * demand[j] + fdi_multiplier * inflow0[j] * growth[j] +
                  tourism_multiplier * (tourism0[j] * growth[j] - receipts[j]);
}

}  // namespace

void step(const World& world, const State& now, State& next) {
    const MacroParams& p = world.params.macro;
    const double income_elasticity = world.params.trade.income_elasticity;
    const int n = world.n();

    // GDP per USD of exports lost: the exporter's domestic value added share where the world
    // gives one, else the common multiplier.
    auto export_va = [&](int i) { return world.export_va_of(i); };
    // GDP of the quarter being stepped is set by the same quarter's flows, which the mechanisms
    // before this one wrote into `next` (trade, investment, visitors), against their no-shock
    // paths at that quarter's trend: the trend at t + 1 is this quarter's grown at trend, as
    // trade's absorption, the investment budget and visitors' incomes take it on the no-shock
    // path. (Until this version GDP read the flows of the quarter before, a quarter late.)
    // First pass, over partners j: next.gdp[i] accumulates the multiplier-weighted no-shock path
    // of i's exports and FDI inflows plus the shortfall of i's tourism receipts from j's visitors
    // against their no-shock path (start receipts grown with j's trend). Each partner's growth
    // factor is computed once, so the pass costs n pow calls, not n x n.
    // The partners' factors first, then each i's sum over j in partner order, row by row.
    std::vector<double> growth(n), demand(n);
    for (int j = 0; j < n; ++j) {
        growth[j] = now.gdp_trend[j] * world.quarter_trend(j) / world.agents[j].gdp;
        demand[j] = std::pow(growth[j], income_elasticity);
    }
    // Each partner's term first, in a loop over j that reads rows in memory order (the FDI
    // inflows from a transposed copy), then the terms added in partner order as before: the
    // same operations on the same operands, so the same bits.
    const double fdi_multiplier = p.fdi_multiplier, tourism_multiplier = p.tourism_multiplier;
    // inflow0[i * n + j] = fdi_flow0(j, i); every cell is written, so none is zeroed first
    const auto inflow0 = std::make_unique_for_overwrite<double[]>(static_cast<std::size_t>(n) * n);
    std::vector<double> term(n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) inflow0[static_cast<std::size_t>(i) * n + j] = world.fdi_flow0(j, i);
    for (int i = 0; i < n; ++i) {
        const double va = export_va(i);
        const std::size_t row = static_cast<std::size_t>(i) * n;
        path_terms(n, va, fdi_multiplier, tourism_multiplier, &world.trade0.values()[row], demand.data(),
                   &inflow0[row], growth.data(), &world.tourism0.values()[row], &next.tourism_receipts.values()[row],
                   term.data());
        double path = 0;
        for (int j = 0; j < n; ++j)
            if (j != i) path += term[j];
        next.gdp[i] = path;
    }
    // Second pass: the gap is the weighted shortfall of actual exports and inflows against that
    // path, less the value added of industries stopped for want of critical inputs, as a share
    // of trend GDP, all of the quarter being stepped.
    // The column sums of the inflows, each added in row order as Matrix::col_sum adds them; a
    // lever no shock set this quarter is all +0, and so is its column sum.
    const auto col_sums = [n](const Matrix& m) {
        std::vector<double> sums(n, 0.0);
        for (int k = 0; k < n; ++k)
            for (int j = 0; j < n; ++j) sums[j] += m(k, j);
        return sums;
    };
    const auto lever_col_sums = [&](const Matrix& m, Lever lever) {
        return (now.levers_set & lever_bit(lever)) ? col_sums(m) : std::vector<double>(n, 0.0);
    };
    const std::vector<double> fdi_in = col_sums(next.fdi_flow);
    const std::vector<double> pledged_in = lever_col_sums(now.pledged_investment, Lever::PledgedInvestment);
    const std::vector<double> credit_in = lever_col_sums(now.pledged_credit, Lever::PledgedCredit);
    const bool aided = now.levers_set & lever_bit(Lever::Aid);
    for (int i = 0; i < n; ++i) {
        const double path = next.gdp[i];
        // Official money spent in the host (development aid, pledged investment and credit paid
        // in) finances projects there as FDI does, so it counts with the FDI inflows; it is not
        // on the no-shock path. Security assistance buys forces, not output: it adds capability.
        const double inflows = fdi_in[i] + pledged_in[i] + credit_in[i] + (aided ? now.aid.row_sum(i) : 0.0);
        // Exports withheld because i's own industries stopped (the second round of critical
        // inputs) were counted in last quarter's supply loss: their value added is not lost twice.
        const double withheld = next.withheld_va.empty() ? 0.0 : next.withheld_va[i];
        const double actual =
            export_va(i) * next.trade.row_sum(i) + p.fdi_multiplier * inflows - (next.supply_loss[i] - withheld);
        next.gdp_trend[i] = now.gdp_trend[i] * world.quarter_trend(i);
        const double gap = -(path - actual) / next.gdp_trend[i];
        next.gdp[i] = next.gdp_trend[i] * (1.0 + gap);

        // A government's own decision (a `defence` shock) replaces the arms-race target; the
        // budget still moves toward it at the same speed.
        const bool set = !now.defence_set.empty() && now.defence_set[i] > 0;
        const double target = set ? now.defence_set[i] : target_burden(world, now, i);
        next.defence[i] = now.defence[i] + p.defence_adjustment * (target - now.defence[i]);
    }
}

}  // namespace geosim::macro
