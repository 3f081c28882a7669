#include "engine/run/compile.hpp"

#include <cmath>

#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/input/world_loader.hpp"
#include "engine/run/initial_state.hpp"
#include "engine/shocks/shock_compile.hpp"
#include "models/alignment.hpp"
#include "models/escalation.hpp"
#include "models/investment.hpp"
#include "models/perception.hpp"
#include "models/sea_lanes.hpp"
#include "models/security_ties.hpp"
#include "models/trade.hpp"

namespace geosim {

void assign_stream_keys(World& world) {
    world.calib.agent_keys.clear();
    world.calib.zone_keys.clear();
    world.calib.bloc_keys.clear();
    for (const Agent& a : world.agents) world.calib.agent_keys.push_back(purpose_key(a.id));
    for (const Zone& z : world.zones) world.calib.zone_keys.push_back(purpose_key(z.id));
    for (const Bloc& b : world.blocs) world.calib.bloc_keys.push_back(purpose_key(b.id));
}

void calibrate(World& world) {
    assign_stream_keys(world);
    // Every mechanism that grows a figure at trend takes this factor each quarter.
    world.calib.quarter_trend.clear();
    world.calib.quarter_trend_of.clear();
    for (const Agent& a : world.agents) {
        world.calib.quarter_trend.push_back(std::pow(1.0 + a.trend_growth, 0.25));
        world.calib.quarter_trend_of.push_back(a.trend_growth);
    }
    world.calib.base_dist =
        sea_lanes::shortest_distances(world, std::vector<double>(world.legs.size(), 1.0));
    trade::calibrate(world);
    investment::calibrate(world);
    // The remaining mechanisms measure their drivers relative to the starting state.
    const State s0 = initial_state(world);
    perception::calibrate(world, s0);
    alignment::calibrate(world, s0);
    security_ties::calibrate(world, s0);
    escalation::calibrate(world, s0);
}

World compile(const ScenarioSpec& scenario) {
    World world = load_world(scenario.world_file, scenario.world_display);
    for (const ParamOverride& o : scenario.overrides) find_param(o.path)->ref(world.params) = o.value;
    world.start = scenario.start;
    world.horizon = scenario.horizon;
    world.seed = scenario.seed;
    if (scenario.shocks) world.shocks = compile_shocks(*scenario.shocks, scenario.kinds, world);
    calibrate(world);
    return world;
}

}  // namespace geosim
