#include "engine/run/runner.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/initial_state.hpp"
#include "engine/shocks/shock_run.hpp"
#include "models/alignment.hpp"
#include "models/escalation.hpp"
#include "models/investment.hpp"
#include "models/macro.hpp"
#include "models/network.hpp"
#include "models/perception.hpp"
#include "models/sea_lanes.hpp"
#include "models/security_ties.hpp"
#include "models/tourism.hpp"
#include "models/trade.hpp"

namespace geosim {

void step(const World& world, State& now, State& next, const Streams& streams) {
    sea_lanes::update(world, now);
    next = now;
    next.step = now.step + 1;
    next.events.clear();
    std::fill(next.forced_rung.begin(), next.forced_rung.end(), 0);
    next.trust_shift.fill(0.0);
    trade::step(world, now, next);
    investment::step(world, now, next);
    tourism::step(world, now, next);
    perception::step(world, now, next);
    alignment::step(world, now, next);
    security_ties::step(world, now, next, streams);
    escalation::step(world, now, next, streams);
    macro::step(world, now, next);
    for (int i = 0; i < world.n(); ++i)
        next.gdp_growth[i] = std::pow(next.gdp[i] / now.gdp[i], 4) - 1;
    network::measure(world, next);
}

void run(const World& shared, const RunPlan& plan, Observer& observer) {
    const Streams streams(plan.seed, streams_run_of(plan));
    // Sampled parameters make a world of this run's own, calibrated as compile() would, since
    // calibration reads some parameters (the escalation ladder's expected severity).
    std::optional<World> varied;
    if (!plan.overrides.empty()) {
        varied = shared;
        for (const auto& [index, value] : plan.overrides) param_defs()[index].ref(varied->params) = value;
        calibrate(*varied);
    }
    const World& world = varied ? *varied : shared;
    ShockRun shocks(world, streams);
    // Shocks that move a parameter need parameters of their own for this run; every other run
    // shares the one World.
    std::optional<World> own;
    if (shocks.touches_parameters()) own = world;
    State now = initial_state(world);
    State next = now;
    std::vector<Event> fired;
    Params params;
    observer.observe(world, now);
    for (int t = 0; t < world.horizon; ++t) {
        fired.clear();
        shocks.begin_quarter(world, now, params, fired);
        if (own) own->params = params;
        step(own ? *own : world, now, next, streams);
        next.events.insert(next.events.begin(), fired.begin(), fired.end());
        std::swap(now, next);
        observer.observe(world, now);
    }
}

}  // namespace geosim
