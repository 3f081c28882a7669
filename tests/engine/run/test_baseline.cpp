#include <catch2/catch.hpp>

#include <cmath>

#include "engine/core/state.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/initial_state.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "models/alignment.hpp"

using namespace geosim;

namespace {

// Keeps the last state of a run.
struct LastState : Observer {
    State last;
    void observe(const World&, const State& s) override { last = s; }
};

}  // namespace

TEST_CASE("baseline: with no shocks the default world stays on its no-shock path on average",
          "[baseline]") {
    // Twenty seeds of the default scenario. Incidents at sea are random, so single runs wander;
    // what must hold is that their mean stays where the calibration put it: GDP on its trend
    // path (trend growth compounded quarterly), zone tension at its base, ASEAN's alignment at
    // the survey value. The bounds are several standard errors of a 20-run mean (single-run
    // spreads seen: GDP gap sd about 1% for Singapore, zone tension sd about 0.2).
    const World world = compile(load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/baseline.yaml"));
    const int seeds = 20;
    std::vector<double> gap(world.n(), 0.0), tension(world.zones.size(), 0.0);
    double asean = 0;
    for (int s = 1; s <= seeds; ++s) {
        LastState obs;
        run(world, RunPlan{0, static_cast<std::uint64_t>(s)}, obs);
        REQUIRE(obs.last.step == world.horizon);
        for (int i = 0; i < world.n(); ++i) {
            const Agent& a = world.agents[i];
            const double trend = a.gdp * std::pow(std::pow(1 + a.trend_growth, 0.25), world.horizon);
            gap[i] += (obs.last.gdp[i] / trend - 1) / seeds;
        }
        for (std::size_t z = 0; z < world.zones.size(); ++z) tension[z] += obs.last.tension[z] / seeds;
        asean += alignment::bloc_alignment(world, obs.last, world.bloc_index("ASEAN")) / seeds;
    }
    for (int i = 0; i < world.n(); ++i) {
        INFO(world.agents[i].id << " mean GDP gap " << gap[i]);
        CHECK(std::fabs(gap[i]) < 0.015);
    }
    for (std::size_t z = 0; z < world.zones.size(); ++z) {
        INFO(world.zones[z].id << " mean tension " << tension[z]);
        CHECK(std::fabs(tension[z] - world.zones[z].base_tension) < 0.15);
    }
    const State start = initial_state(world);
    CHECK(std::fabs(asean - alignment::bloc_alignment(world, start, world.bloc_index("ASEAN"))) < 0.05);
}
