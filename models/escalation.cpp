#include "models/escalation.hpp"

#include <boost/random/poisson_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/incident_ladder.hpp"

namespace geosim::escalation {

namespace {

constexpr std::uint64_t kCountPurpose = purpose_key("escalation.count");
constexpr std::uint64_t kClimbPurpose = purpose_key("escalation.climb");
constexpr std::uint64_t kBanPurpose = purpose_key("escalation.ban");

double incident_rate(const World& world, const State& now, int z) {
    const Zone& zone = world.zones[z];
    return zone.base_rate *
           std::exp(world.params.escalation.hazard_tension * (now.tension[z] - zone.base_tension));
}

int incident_count(double rate, Stream stream) {
    if (!(rate > 0.0)) return 0;
    boost::random::poisson_distribution<int, double> poisson(rate);
    return poisson(stream);
}

// Bans run out before new ones are imposed, so a ban imposed this quarter always starts with
// its full duration.
void count_down_bans(const World& world, const State& now, State& next) {
    const int n = world.n();
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const int left = now.ban_left(i, j);
            if (left <= 0) continue;
            next.ban_left(i, j) = left - 1;
            if (left > 1) continue;
            next.ban(i, j) = 0.0;
            next.events.push_back({"ban_end", i, j,
                                   world.agents[i].id + " lifts its ban on imports from " +
                                       world.agents[j].id});
        }
}

void impose_ban(const World& world, State& next, int z) {
    const EscalationParams& p = world.params.escalation;
    const Zone& zone = world.zones[z];
    const int quarters = static_cast<int>(std::lround(p.ban_duration));
    // A ban that ran out this quarter and is imposed again at once never lapses: it restarts, as
    // one imposed during the ban does, and its lifting is not logged.
    std::erase_if(next.events, [&](const Event& e) {
        return e.kind == "ban_end" && e.agent == zone.rival && e.partner == zone.claimant;
    });
    next.ban(zone.rival, zone.claimant) = p.ban_share;
    next.ban_left(zone.rival, zone.claimant) = quarters;
    next.events.push_back({"ban", zone.rival, zone.claimant,
                           world.agents[zone.rival].id + " bans " +
                               std::to_string(std::lround(100.0 * p.ban_share)) +
                               "% of imports from " + world.agents[zone.claimant].id + " for " +
                               std::to_string(quarters) + " quarters after an incident at " +
                               zone.name});
}

std::string incident_detail(const World& world, const Zone& zone, int rung) {
    return zone.name + ": " + world.agents[zone.rival].id + " and " +
           world.agents[zone.claimant].id + " incident reaches " +
           incident_ladder::rung_name(rung) + " (rung " + std::to_string(rung) + ")";
}

// Incidents in zone z this quarter; returns their summed severity (rung / 5 each).
double zone_incidents(const World& world, const State& now, State& next, const Streams& streams,
                      int z) {
    const EscalationParams& p = world.params.escalation;
    const Zone& zone = world.zones[z];
    // A shock may start one incident this quarter at a given rung; it climbs like the others
    // and comes last, so the hazard's incidents keep their streams.
    const int drawn = incident_count(incident_rate(world, now, z),
                                     streams.get(kCountPurpose, now.step, world.calib.zone_keys[z]));
    const int forced = now.forced_rung[z];
    const int count = drawn + (forced > 0 ? 1 : 0);
    const double shift = incident_ladder::ladder_shift(world, now, z);
    const int ban_rung = static_cast<int>(std::lround(p.ban_rung));
    const bool bans_possible = std::lround(p.ban_duration) > 0;

    double severity = 0.0;
    int top = 0;
    bool banned = false;
    for (int k = 0; k < count; ++k) {
        Stream climb = streams.get(kClimbPurpose, now.step, world.calib.zone_keys[z], k);
        const int rung = incident_ladder::climb(world, z, shift, climb, k < drawn ? 1 : forced);
        severity += static_cast<double>(rung) / kTopRung;
        top = std::max(top, rung);
        next.events.push_back({"incident", zone.rival, zone.claimant, incident_detail(world, zone, rung)});
        if (rung < ban_rung || banned || !bans_possible) continue;
        if (streams.get(kBanPurpose, now.step, world.calib.zone_keys[z], k).uniform() < p.ban_probability) {
            impose_ban(world, next, z);
            banned = true;
        }
    }
    next.incidents[z] = count;
    next.incidents_total[z] = now.incidents_total[z] + count;
    next.max_rung[z] = top;
    return severity;
}

// Tension moves toward base tension scaled by this quarter's severity relative to the baseline
// expectation, so base tension is stationary in expectation.
double next_tension(const World& world, const State& now, int z, double severity) {
    const Zone& zone = world.zones[z];
    const double memory = world.params.escalation.tension_memory;
    const double ref = world.calib.severity_ref[z];
    const double relative = ref > 0.0 ? severity / ref : 1.0;
    const double t = (1.0 - memory) * now.tension[z] + memory * zone.base_tension * relative;
    return std::clamp(t, 0.0, 1.0);
}

void set_leg_risk(const World& world, State& next) {
    const double premium = world.params.escalation.risk_premium;
    std::fill(next.leg_risk.begin(), next.leg_risk.end(), 0.0);
    std::vector<bool> touched(next.leg_risk.size(), false);
    for (int z = 0; z < static_cast<int>(world.zones.size()); ++z) {
        const Zone& zone = world.zones[z];
        // Symmetric about base tension, so that a quiet quarter cheapens the route as much as a
        // tense one dears it and the no-shock path keeps the start's costs on average.
        const double risk = premium * (next.tension[z] - zone.base_tension);
        for (int leg : zone.legs) next.leg_risk[leg] = touched[leg] ? std::max(next.leg_risk[leg], risk) : risk;
        for (int leg : zone.legs) touched[leg] = true;
    }
}

}  // namespace

void calibrate(World& world, const State& initial) {
    const int zones = static_cast<int>(world.zones.size());
    world.calib.severity_ref.assign(zones, 0.0);
    world.calib.capability0.assign(zones, 0.0);
    world.calib.deterrence0.assign(zones, 0.0);
    for (int z = 0; z < zones; ++z) {
        world.calib.severity_ref[z] = world.zones[z].base_rate * incident_ladder::expected_rung(world, z) / kTopRung;
        world.calib.capability0[z] = incident_ladder::capability(world, initial, z);
        world.calib.deterrence0[z] = incident_ladder::deterrence(world, initial, z);
    }
}

void step(const World& world, const State& now, State& next, const Streams& streams) {
    count_down_bans(world, now, next);
    for (int z = 0; z < static_cast<int>(world.zones.size()); ++z) {
        const double severity = zone_incidents(world, now, next, streams, z);
        next.severity[z] = severity;
        next.tension[z] = next_tension(world, now, z, severity);
    }
    set_leg_risk(world, next);
}

}  // namespace geosim::escalation
