#pragma once

namespace geosim {
struct World;
struct State;
class Streams;
}

namespace geosim::escalation {

// Sets world.calib severity_ref, deterrence0, capability0 so that base tension is stationary
// in expectation.
void calibrate(World& world, const State& initial);

// Incidents arrive per zone with a hazard that grows with tension and climb the incident ladder;
// they update tension, risk premiums on the zone's legs and product bans. Reads `now`, writes
// next.tension, incidents, incidents_total, max_rung, leg_risk, ban, ban_left and appends
// incident / ban events to next.events.
void step(const World& world, const State& now, State& next, const Streams& streams);

}  // namespace geosim::escalation
