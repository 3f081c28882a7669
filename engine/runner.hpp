#pragma once
#include <cstdint>

namespace geosim {

struct World;
struct State;
class Streams;

// One run to execute: which run of the sweep and its seed. Sampled parameter values and
// shock draws join this when shocks and sweeps arrive; the runner only executes plans.
struct RunPlan {
    std::uint64_t run_id = 0;
    std::uint64_t seed = 0;
};

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
