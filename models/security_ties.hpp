#pragma once

namespace geosim {
struct World;
struct State;
class Streams;
}

namespace geosim::security_ties {

// Sets world.calib.tie_pressure0 from the initial state.
void calibrate(World& world, const State& initial);

// Each pair of strategic agents weighs one rung down / hold / up with a multinomial logit draw
// per side; up needs both sides, down needs one; one rung per decision, then a cool-down; treaty
// alliances are sticky. Bloc-partner ties move up only by consensus (no member strongly
// against). Reads `now`, writes next.ties, next.tie_cooldown, next.bloc_ties, next.bloc_cooldown
// and appends tie_change events to next.events.
void step(const World& world, const State& now, State& next, const Streams& streams);

}  // namespace geosim::security_ties
