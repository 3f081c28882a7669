#pragma once
// Runs on the four-economy test world (USA, CHN, KOR, PHL, ROW) for the shock tests: a scenario
// with a given shocks section, and every state of one run.
#include <string>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "tests/cli/cli_harness.hpp"

namespace geosim::test {

// Compiles a scenario on the test world with the given shocks section and horizon.
inline World tiny_with(const TempDir& dir, const std::string& shocks, int horizon = 12) {
    const std::string text = "name: t\nworld: " + std::string(GEOSIM_SOURCE_DIR) +
                             "/tests/data/tiny_world.yaml\nstart: 2025Q1\nhorizon: " +
                             std::to_string(horizon) + "\nseed: 5\n" + shocks;
    return compile(load_scenario(dir.write("s.yaml", text).string()));
}

// Every state of one run.
struct History : Observer {
    std::vector<State> states;
    void observe(const World&, const State& s) override { states.push_back(s); }
};

inline History run_once(const World& w, std::uint64_t seed = 5, std::uint64_t run_id = 0) {
    History h;
    run(w, RunPlan{run_id, seed}, h);
    return h;
}

}  // namespace geosim::test
