#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/run/runner.hpp"

namespace geosim {

struct World;
struct RowKey;
class SweepDesign;

struct SweepOutcome;

// What a sweep records of each run: the rows summary.csv summarises, at every step, and the
// outcomes runs.csv reports, at the last step.
struct SweepRecording {
    std::vector<bool> indicators;       // by indicator_defs() index: summarised
    std::vector<std::size_t> rows;      // indices into row_keys(world) of the summarised rows, in order
    std::vector<std::size_t> outcomes;  // indices into row_keys(world) of the outcomes, in order
    std::vector<bool> outcome_indicators;  // by indicator_defs() index: some outcome is a row of it
    std::vector<std::size_t> outcome_at;   // each outcome's place among the rows of outcome_indicators
};

// `summary`: the scenario's sweep.summary (names already checked); not given, the default
// (summarised_by_default()).
SweepRecording sweep_recording(const std::vector<RowKey>& keys,
                               const std::optional<std::vector<std::string>>& summary,
                               const std::vector<SweepOutcome>& outcomes);

// What one run of a sweep gave.
struct SweepRunResult {
    RunPlan plan;
    std::vector<double> values;    // the recording's rows at every step: step 0 first
    std::vector<double> outcomes;  // the recording's outcomes at the last step
    std::vector<std::pair<std::string, int>> shocks;  // (shock name, step) of each firing
    std::vector<double> draws;     // the shocks' drawn values (ShockRun::drawn_values), also when the run failed
    std::string error;           // why the run failed; empty when it succeeded
};

// Runs ids [first, last) of `design` (last <= design.runs()) on `world`, recording what
// `recording` says (`keys` are row_keys(world)), over `threads` worker threads and shows each
// result to `fold` in run-id order, one at a time, whichever thread computed it, so what `fold`
// builds is the same bits for any number of threads. A run that throws, or records a value that
// is not finite, is passed to `fold` with `error` set (naming the row and step). At most two runs
// per thread are in flight, so memory does not grow with the number of runs. Once `stop` is
// set, no further run starts: the runs in flight are folded and run_sweep returns early.
void run_sweep(const World& world, const std::vector<RowKey>& keys, const SweepRecording& recording,
               const SweepDesign& design, std::uint64_t first, std::uint64_t last, int threads,
               const std::function<void(const SweepRunResult&)>& fold,
               const std::atomic<bool>* stop = nullptr);

}  // namespace geosim
