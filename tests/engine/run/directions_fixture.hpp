#pragma once
// Helpers for the direction tests: paired runs of a scenario against the baseline with common
// random numbers, read back by indicator, agent, partner and step.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"

namespace directions {

using namespace geosim;

// A scenario of the project (path relative to the source folder), compiled.
inline World load(const std::string& relative) {
    return compile(load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/" + relative));
}

inline const World& baseline() {
    static const World w = load("scenarios/baseline.yaml");
    return w;
}

// Sixteen pairs: enough for the 90% intervals of the effects tested here to sit well inside
// their bands (the sds are measured in the comments), few enough for the file to run in a few
// seconds on two busy cores.
inline constexpr std::uint64_t kRuns = 16;

struct Paired {
    Comparison c;

    std::size_t row(const RowKey& key, int step) const {
        for (std::size_t k = 0; k < c.keys.size(); ++k)
            if (c.keys[k] == key) return static_cast<std::size_t>(step) * c.keys.size() + k;
        throw std::invalid_argument("no row " + key.indicator + " " + key.agent + " " + key.partner);
    }
    double diff(const RowKey& key, int step) const { return c.stats.diff_mean(row(key, step)); }
    double base(const RowKey& key, int step) const { return c.stats.base_mean(row(key, step)); }
    // Mean paired difference as a share of the base mean.
    double rel(const RowKey& key, int step) const { return diff(key, step) / base(key, step); }

    // Sums over partners (a bloc's members): exports of `agent` to them.
    double sum_diff(const std::string& ind, const std::string& agent, const std::vector<std::string>& partners, int step) const {
        double s = 0;
        for (const auto& p : partners) s += diff({ind, agent, p}, step);
        return s;
    }
    double sum_base(const std::string& ind, const std::string& agent, const std::vector<std::string>& partners, int step) const {
        double s = 0;
        for (const auto& p : partners) s += base({ind, agent, p}, step);
        return s;
    }
};

inline Paired against_baseline(const std::string& alt_file, std::uint64_t runs = kRuns) {
    const World alt = load(alt_file);
    return Paired{compare_worlds(baseline(), alt, {.seed = baseline().seed, .runs = runs, .threads = 2})};
}

// The step of a date of the default scenarios (start 2025Q1).
inline int step_of(int year, int quarter) { return (year - 2025) * 4 + (quarter - 1); }

inline std::vector<std::string> asean_ids(const World& w) {
    std::vector<std::string> out;
    for (int m : w.blocs[w.bloc_index("ASEAN")].members) out.push_back(w.agents[m].id);
    return out;
}

// Keeps every state of a run, for values that are not indicators (sea distances, levers).
struct AllStates : Observer {
    std::vector<State> states;
    void observe(const World&, const State& s) override { states.push_back(s); }
};

inline std::vector<State> run_states(const World& w, std::uint64_t run_id) {
    AllStates obs;
    run(w, RunPlan{.run_id = run_id, .seed = baseline().seed}, obs);
    return std::move(obs.states);
}

}  // namespace directions
