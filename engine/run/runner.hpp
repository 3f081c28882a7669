#pragma once
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "engine/core/params.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/shocks/shock_run.hpp"

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
// mechanism reads `now` and writes its part of `next` (synchronous updates), then macro totals
// the quarter's flows that trade, investment and visitors wrote into `next` into its GDP
// (accounting, so it steps last), then the network metrics of `next` are measured.
void step(const World& world, State& now, State& next, const Streams& streams);

// Runs steps 0..world.horizon, showing each state to the observer.
void run(const World& world, const RunPlan& plan, Observer& observer);

// One run that advances a quarter at a time: `run` is a loop over it, and a workshop session
// forks it at its present to play many futures from there (docs/workshop.md, "The futures").
// Keeps a reference to the World it was made with (or a copy, for a plan with overrides).
class RunCursor {
public:
    // The run at step 0 (the data).
    RunCursor(const World& world, const RunPlan& plan);

    // The world the run shows its observers: the shared one, or the plan's own with overrides.
    const World& world() const { return varied_ ? *varied_ : *shared_; }
    const State& state() const { return now_; }
    int step() const { return now_.step; }
    bool done() const { return now_.step >= world().horizon; }
    // Plays the next quarter: the shocks due fire, then every mechanism steps.
    void advance();

    // A copy of this run at its present that continues with the random streams of run
    // `run_id`: the tie choices, incidents and hazards drawn from now on, the outcomes of later
    // firings, and the values of shocks that have not fired yet. Shocks that have fired keep
    // the values this run drew. Forks of one cursor with the same run id are the same bits.
    RunCursor fork(std::uint64_t run_id) const;

private:
    const World* shared_;
    std::optional<World> varied_;  // the plan's overrides applied, recalibrated
    Streams streams_;
    ShockRun shocks_;
    std::optional<World> own_;     // shocks that move parameters write this run's own copy
    State now_, next_;
    Params params_;
    std::vector<Event> fired_;
};

}  // namespace geosim
