#include "models/incident_ladder.hpp"

#include <cmath>

#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/perception.hpp"

namespace geosim::incident_ladder {

const char* rung_name(int rung) {
    static const char* const names[kTopRung] = {"patrol", "shadowing or blocking",
                                                "water cannon or ramming", "seizure",
                                                "armed clash"};
    return names[rung - 1];
}

double base_step_up(const EscalationParams& params, int rung) {
    switch (rung) {
        case 1: return params.step_up_1;
        case 2: return params.step_up_2;
        case 3: return params.step_up_3;
        default: return params.step_up_4;
    }
}

double base_step_up(const World& world, int zone, int rung) {
    const double own = world.zones[zone].step_up[rung - 1];
    return std::isnan(own) ? base_step_up(world.params.escalation, rung) : own;
}

double step_up(double base, double shift) {
    if (base <= 0.0 || base >= 1.0) return base;
    const double log_odds = std::log(base / (1.0 - base)) + shift;
    return 1.0 / (1.0 + std::exp(-log_odds));
}

namespace {

// 1 + p1 + p1 p2 + ...: the sum over r of P(rung >= r) with step-up probabilities step(r).
template <class StepUp>
double expected_rung_of(StepUp step) {
    double reach = 1.0;  // P(rung >= r)
    double sum = 1.0;
    for (int r = 1; r < kTopRung; ++r) {
        reach *= step(r);
        sum += reach;
    }
    return sum;
}

}  // namespace

double expected_rung(const EscalationParams& params) {
    return expected_rung_of([&](int r) { return base_step_up(params, r); });
}

double expected_rung(const World& world, int zone) {
    return expected_rung_of([&](int r) { return base_step_up(world, zone, r); });
}

int climb(const World& world, int zone, double shift, Stream& stream, int start) {
    int rung = start;
    while (rung < kTopRung && stream.uniform() < step_up(base_step_up(world, zone, rung), shift)) ++rung;
    return rung;
}

double capability(const World& world, const State& state, int zone) {
    const Zone& z = world.zones[zone];
    const double rival = perception::capability_spending(state, z.rival);
    const double claimant = perception::capability_spending(state, z.claimant);
    if (!(rival > 0.0) || !(claimant > 0.0)) return std::nan("");
    return std::log(rival / claimant);
}

double deterrence(const World& world, const State& state, int zone) {
    const int claimant = world.zones[zone].claimant, rival = world.zones[zone].rival;
    const auto protects = [&](int p) {
        return p >= 0 && p != claimant && p != rival && state.ties(p, rival) < kTreatyAlliance;
    };
    double det = 0.0;
    if (protects(world.west)) det += state.credibility * state.ties(claimant, world.west) / kTreatyAlliance;
    const int partner = world.west_partner;
    if (protects(partner) && partner != world.west)
        det += world.params.escalation.japan_deterrence * state.ties(claimant, partner) / kTreatyAlliance;
    return det;
}

double ladder_shift(const World& world, const State& state, int zone) {
    const EscalationParams& p = world.params.escalation;
    const double cap_change = capability(world, state, zone) - world.calib.capability0[zone];
    const double cap_term = std::isfinite(cap_change) ? p.w_capability * cap_change : 0.0;
    return cap_term - p.w_deterrence * (deterrence(world, state, zone) - world.calib.deterrence0[zone]);
}

}  // namespace geosim::incident_ladder
