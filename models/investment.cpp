#include "models/investment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "engine/core/levers.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"

namespace geosim::investment {
namespace {

// Highest tension over the zones where `host` is the claimant; 0 when it claims none. With
// `base` true, the zones' base tensions (the start) are used instead of the current ones.
double host_risk(const World& world, const State& state, int host, bool base) {
    double risk = 0;
    for (std::size_t z = 0; z < world.zones.size(); ++z) {
        if (world.zones[z].claimant != host) continue;
        const double t = base ? world.zones[z].base_tension : state.tension[z];
        risk = std::max(risk, t);
    }
    return risk;
}

// The part of host h's logit utility that is the same for every source, relative to the
// no-shock path: market size (log GDP against trend), growth (the output gap in percentage
// points) and conflict risk. Measuring size against the trend path keeps no-shock shares
// constant, which is the path the macro mechanism compares inflows with.
double host_utility(const World& world, const State& now, int h) {
    const InvestmentParams& p = world.params.investment;
    return p.beta_size * std::log(now.gdp[h] / now.gdp_trend[h]) +
           p.beta_growth * 100.0 * (now.gdp[h] / now.gdp_trend[h] - 1.0) -
           p.beta_risk * (host_risk(world, now, h, false) - host_risk(world, now, h, true));
}

// The part that depends on the pair, for every host h of source i into dv[h] (each host's own
// part, host[h], added; -inf where the host had no flow from the source at the start):
// agglomeration on the existing stock, the host's restrictions on this source, the source
// government's subsidy for investing there (a promotion), the change in their bloc distance and
// the change in the host public's trust in the source. The logarithms are taken first, in a loop
// of their own, so that the arithmetic after them holds its operands in registers rather than
// saving them around each call. kLevers false: neither invest_block nor invest_promotion is
// set this quarter, and each reads as its +0 (the same operations, so the same bits).
template <bool kLevers>
void utility_row(const World& world, const State& now, int i, const std::vector<double>& host, double* dv) {
    const InvestmentParams& p = world.params.investment;
    const int n = world.n();
    const double minus_inf = -std::numeric_limits<double>::infinity();
    const double* c = &world.calib.fdi_const.values()[static_cast<std::size_t>(i) * n];
    const double* stock0 = &world.fdi_stock0.values()[static_cast<std::size_t>(i) * n];
    const double* stock = &now.fdi_stock.values()[static_cast<std::size_t>(i) * n];
    for (int h = 0; h < n; ++h)
        if (std::isfinite(c[h]) && stock0[h] > 0) dv[h] = std::log(stock[h] / stock0[h]);
    const double x = now.alignment[i], x0 = world.agents[i].alignment;
    for (int h = 0; h < n; ++h) {
        if (!std::isfinite(c[h])) {
            dv[h] = minus_inf;
            continue;
        }
        double v = 0;
        if (stock0[h] > 0) v += p.beta_agglomeration * dv[h];
        v -= p.beta_restriction * (kLevers ? now.invest_block(h, i) : 0.0);
        v += p.beta_subsidy * (kLevers ? now.invest_promotion(i, h) : 0.0);
        const double gap = alignment::distance(x, now.alignment[h]);
        const double gap0 = alignment::distance(x0, world.agents[h].alignment);
        v -= p.beta_alignment * (gap - gap0);
        // The host public's trust in the source: a public that turns against a source's firms
        // boycotts their goods and, at worst, riots against their plants.
        v += p.beta_trust * (now.trust(h, i) - world.trust0(h, i));
        dv[h] = host[h] + v;
    }
}

// The stocks depreciate and take a quarter of the year's flow, pledged investment included,
// cell by cell over the whole matrix (the arrays never overlap, so the loop vectorises).
void stock_step(std::size_t cells, double keep, const double* __restrict stock, const double* __restrict flow,
                const double* __restrict pledged, double* __restrict next) {
    for (std::size_t k = 0; k < cells; ++k) next[k] = stock[k] * keep + (flow[k] + pledged[k]) / 4.0;
}

}  // namespace

void calibrate(World& world) {
    const int n = world.n();
    const double minus_inf = -std::numeric_limits<double>::infinity();
    world.calib.fdi_const = Matrix(n, minus_inf);
    world.calib.outward_rate.assign(n, 0.0);
    for (int i = 0; i < n; ++i) {
        double total = 0;
        for (int h = 0; h < n; ++h)
            if (h != i) total += world.fdi_flow0(i, h);
        if (total <= 0 || world.agents[i].gdp <= 0) continue;
        world.calib.outward_rate[i] = total / world.agents[i].gdp;
        // c = ln(share): the exponentials then sum to 1, so the logit returns the shares exactly.
        for (int h = 0; h < n; ++h)
            if (h != i && world.fdi_flow0(i, h) > 0)
                world.calib.fdi_const(i, h) = std::log(world.fdi_flow0(i, h) / total);
    }
    // The nests of the nested logit and each source's start share in each, summed from exp(c)
    // as the step sums the hosts' weights.
    Calibration& c = world.calib;
    c.fdi_nest = world.host_nest;
    if (c.fdi_nest.empty())
        for (int h = 0; h < n; ++h) c.fdi_nest.push_back(h);
    c.fdi_nests = c.fdi_nest.empty() ? 0 : 1 + *std::max_element(c.fdi_nest.begin(), c.fdi_nest.end());
    c.fdi_nest_single.assign(c.fdi_nests, 0);
    std::vector<int> hosts(c.fdi_nests, 0);
    for (const int m : c.fdi_nest) ++hosts[m];
    for (int m = 0; m < c.fdi_nests; ++m) c.fdi_nest_single[m] = hosts[m] == 1;
    c.fdi_nest_share0 = Matrix(n);
    c.fdi_exp_const = Matrix(n);
    for (int i = 0; i < n; ++i)
        for (int h = 0; h < n; ++h)
            if (std::isfinite(c.fdi_const(i, h))) {
                c.fdi_exp_const(i, h) = std::exp(c.fdi_const(i, h));
                c.fdi_nest_share0(i, c.fdi_nest[h]) += c.fdi_exp_const(i, h);
            }
    // The nests' constant factor for this lambda; a step under another lambda (a shock that
    // moves the parameter) computes it afresh.
    c.fdi_nest_lambda = world.host_nest.empty() ? 1.0 : world.params.investment.nest_lambda;
    c.fdi_nest_scale = Matrix(n);
    for (int i = 0; i < n; ++i)
        for (int m = 0; m < c.fdi_nests; ++m)
            c.fdi_nest_scale(i, m) = std::pow(c.fdi_nest_share0(i, m), 1 - c.fdi_nest_lambda);
}

void step(const World& world, const State& now, State& next) {
    const InvestmentParams& p = world.params.investment;
    const double minus_inf = -std::numeric_limits<double>::infinity();
    const int n = world.n();
    stock_step(static_cast<std::size_t>(n) * n, 1.0 - p.depreciation, now.fdi_stock.values().data(),
               now.fdi_flow.values().data(), now.pledged_investment.values().data(), next.fdi_stock.values().data());

    // next.fdi_flow first holds the utility changes dV_ih (host part + pair part; -inf where the
    // host had no flow from the source at the start), filled row by row after each host's own
    // part is computed once; then, row by row, the nested-logit shares and the flows.
    std::vector<double> host(n);
    for (int h = 0; h < n; ++h) host[h] = host_utility(world, now, h);
    const bool levers = now.levers_set & (lever_bit(Lever::InvestBlock) | lever_bit(Lever::InvestPromotion));
    for (int i = 0; i < n; ++i) {
        double* dv = &next.fdi_flow.values()[static_cast<std::size_t>(i) * n];
        if (levers)
            utility_row<true>(world, now, i, host, dv);
        else
            utility_row<false>(world, now, i, host, dv);
    }
    // Nested logit with the start shares as constants (docs/model.md): with s0 the start share
    // of host h, S0_m the start share of its nest m and lambda the nests' dissimilarity,
    //   D_m = sum_{k in m} (s0_k / S0_m) exp(dV_k / lambda),
    //   P_h = (s0_h / S0_m) exp(dV_h / lambda) / D_m * S0_m D_m^lambda / sum_m' S0_m' D_m'^lambda,
    // which is s0_h when every dV is 0, and the plain logit s0_h exp(dV_h) / sum when lambda is
    // 1 or every nest has one host. A shift common to all dV cancels, so dV - max is used.
    const Calibration& c = world.calib;
    const double lambda = world.host_nest.empty() ? 1.0 : p.nest_lambda;
    std::vector<double> inner(c.fdi_nests);  // by nest: the sum of s0 exp(dV/lambda)
    for (int i = 0; i < n; ++i) {
        // Next quarter's budget: this quarter's GDP grown at trend, so that on the no-shock path
        // flows equal the start flows scaled by their source's trend GDP in the same quarter.
        const double budget = world.calib.outward_rate[i] * now.gdp[i] *
                              world.quarter_trend(i);
        if (budget <= 0) {
            for (int h = 0; h < n; ++h) next.fdi_flow(i, h) = now.fdi_flow(i, h);
            continue;
        }
        double vmax = minus_inf;
        for (int h = 0; h < n; ++h) vmax = std::max(vmax, next.fdi_flow(i, h));
        std::fill(inner.begin(), inner.end(), 0.0);
        for (int h = 0; h < n; ++h) {
            const double ch = c.fdi_const(i, h);
            if (!std::isfinite(ch)) {
                next.fdi_flow(i, h) = 0;
                continue;
            }
            // A host alone in its nest: the nest's weight S0_m D_m^lambda is s0_h exp(dV_h) (S0_m is
            // s0_h), which the nest's formula gives in exact arithmetic; taken directly it costs
            // one exp instead of an exp and a pow, and differs from the formula's rounding by a
            // few units in the last place. Dividing by 1 is exact, so at lambda 1 nothing moves.
            const bool single = c.fdi_nest_single[c.fdi_nest[h]];
            next.fdi_flow(i, h) = c.fdi_exp_const(i, h) * std::exp((next.fdi_flow(i, h) - vmax) / (single ? 1.0 : lambda));
            inner[c.fdi_nest[h]] += next.fdi_flow(i, h);
        }
        // Nest m's weight is S0_m D_m^lambda = S0_m^(1 - lambda) inner_m^lambda (a host alone in
        // its nest: inner_m itself, above); inner_m then becomes the factor that turns a host's
        // s0 exp(dV/lambda) into its weight (1 for a host alone).
        double sum = 0;
        for (int m = 0; m < c.fdi_nests; ++m) {
            if (inner[m] <= 0) continue;
            double weight = inner[m];
            if (lambda != 1.0 && !c.fdi_nest_single[m]) {
                const double scale = lambda == c.fdi_nest_lambda ? c.fdi_nest_scale(i, m)
                                                                 : std::pow(c.fdi_nest_share0(i, m), 1 - lambda);
                weight = scale * std::pow(inner[m], lambda);
            }
            sum += weight;
            inner[m] = weight / inner[m];
        }
        for (int h = 0; h < n; ++h)
            if (next.fdi_flow(i, h) > 0) next.fdi_flow(i, h) *= inner[c.fdi_nest[h]];
        // The allocation (shares) adjusts partially; the budget follows GDP at once.
        const double held_total = now.fdi_flow.row_sum(i);
        for (int h = 0; h < n; ++h) {
            const double target = next.fdi_flow(i, h) / sum;
            const double held = held_total > 0 ? now.fdi_flow(i, h) / held_total : target;
            next.fdi_flow(i, h) = budget * (held + p.adjustment * (target - held));
        }
    }
}

}  // namespace geosim::investment
