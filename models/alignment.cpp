#include "models/alignment.hpp"

#include <algorithm>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim::alignment {
namespace {

double share(double part, double total) { return total > 0 ? part / total : 0.0; }

// Economic reliance of `agent` on `pole`: the mean of the pole's share in the agent's two-way
// trade (of `trade_total`, its exports plus imports) and in the FDI stock the agent hosts (of
// `fdi_total`). The totals are the agent's own, summed once for both poles.
double reliance(const State& state, int agent, int pole, double trade_total, double fdi_total) {
    const double trade_with = state.trade(agent, pole) + state.trade(pole, agent);
    const double fdi_share = share(state.fdi_stock(pole, agent), fdi_total);
    return (share(trade_with, trade_total) + fdi_share) / 2.0;
}

bool moves(const World& world, int agent) {
    return world.agents[agent].strategic && agent != world.west && agent != world.east;
}

}  // namespace

Drivers drivers(const World& world, const State& state, int agent) {
    const int w = world.west, e = world.east;
    const double trade_total = state.trade.row_sum(agent) + state.trade.col_sum(agent);
    const double fdi_total = state.fdi_stock.col_sum(agent);
    return Drivers{
        state.threat(agent, e) - state.threat(agent, w),
        reliance(state, agent, w, trade_total, fdi_total) - reliance(state, agent, e, trade_total, fdi_total),
        state.trust(agent, w) - state.trust(agent, e),
    };
}

void calibrate(World& world, const State& initial) {
    const int n = world.n();
    world.calib.rel_threat0.assign(n, 0.0);
    world.calib.dependence0.assign(n, 0.0);
    world.calib.rel_trust0.assign(n, 0.0);
    for (int i = 0; i < n; ++i) {
        const Drivers d = drivers(world, initial, i);
        world.calib.rel_threat0[i] = d.rel_threat;
        world.calib.dependence0[i] = d.dependence;
        world.calib.rel_trust0[i] = d.rel_trust;
    }
}

void step(const World& world, const State& now, State& next) {
    const AlignmentParams& p = world.params.alignment;
    const Calibration& c = world.calib;
    for (int i = 0; i < world.n(); ++i) {
        const double s = salience(world, now, i);
        next.salience[i] = (1 - p.salience_decay) * s;
        if (!moves(world, i)) continue;
        // Drivers enter as changes from the start, so the target is the surveyed x0 until
        // something moves: the baseline stays anchored to the ISEAS figures.
        const Drivers d = drivers(world, now, i);
        const double target = std::clamp(world.agents[i].alignment +
                                             p.w_threat * (d.rel_threat - c.rel_threat0[i]) +
                                             p.w_dependence * (d.dependence - c.dependence0[i]) +
                                             p.w_credibility * (now.credibility - world.credibility0) +
                                             p.w_trust * (d.rel_trust - c.rel_trust0[i]),
                                         -1.0, 1.0);
        next.alignment[i] = now.alignment[i] + p.adjustment * (target - now.alignment[i]);
        // Stated alignment (what surveys record) moves toward the same target, at the alignment's
        // own speed when nothing makes the question salient and at adjustment_news when it leads
        // the news; the salience then fades.
        const double speed = p.adjustment + (p.adjustment_news - p.adjustment) * s;
        next.stated_alignment[i] = now.stated_alignment[i] + speed * (target - now.stated_alignment[i]);
    }
}

double salience(const World& world, const State& now, int agent) {
    // Incidents in the agent's own zones beyond what base tension produces on average
    // (calib.severity_ref): the routine leaves the question where it was.
    double excess = 0;
    for (std::size_t z = 0; z < now.severity.size(); ++z)
        if (world.zones[z].claimant == agent)
            excess += std::max(0.0, now.severity[z] - world.calib.severity_ref[z]);
    return std::clamp(std::max(now.salience[agent], world.params.alignment.salience_incident * excess), 0.0, 1.0);
}

double bloc_alignment(const World& world, const State& state, int bloc) {
    double weighted = 0, weight = 0;
    for (int m : world.blocs[bloc].members) {
        weighted += state.gdp[m] * state.alignment[m];
        weight += state.gdp[m];
    }
    return share(weighted, weight);
}

}  // namespace geosim::alignment
