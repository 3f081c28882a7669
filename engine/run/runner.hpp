#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace geosim {

struct World;
struct State;
class Streams;

// One run to execute: which run of the sweep, its seed and the parameter values a sweep
// sampled for it; the runner only executes plans.
struct RunPlan {
    std::uint64_t run_id = 0;
    std::uint64_t seed = 0;
    // (index into param_defs(), value), applied to this run's own copy of the world as a
    // scenario override would be (then the world is recalibrated), so that `geosim run` with the
    // same values as `parameters:` replays the run. Empty: the shared world is used as it is.
    std::vector<std::pair<int, double>> overrides = {};
    // The run id the random streams are keyed by, when not run_id: the runs of one base point
    // of a sobol sweep share their random numbers, so that they differ only in the parameters.
    std::optional<std::uint64_t> streams_run = std::nullopt;
};

// The run id a plan's random streams are keyed by: every Streams made for a plan (the run, the
// shock draws a manifest records) must use this, or it shows another run's random numbers.
inline std::uint64_t streams_run_of(const RunPlan& plan) { return plan.streams_run.value_or(plan.run_id); }

// Receives the state after each quarter (step 0 is the start) and the run's end.
class Observer {
public:
    virtual ~Observer() = default;
    virtual void observe(const World& world, const State& state) = 0;
};

// Advances one quarter: the sea lanes are brought up to date in `now` (exogenous), then each
// mechanism reads `now` and writes its part of `next` (synchronous updates), then the network
// metrics of `next` are measured.
void step(const World& world, State& now, State& next, const Streams& streams);

// Runs steps 0..world.horizon, showing each state to the observer.
void run(const World& world, const RunPlan& plan, Observer& observer);

}  // namespace geosim
