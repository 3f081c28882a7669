#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/runner.hpp"

namespace geosim {

struct World;
struct RowKey;
class SweepDesign;

// What one run of a sweep gave.
struct SweepRunResult {
    RunPlan plan;
    std::vector<double> values;  // every row of every step: step 0 first, emit_indicators order
    std::vector<std::pair<std::string, int>> shocks;  // (shock name, step) of each firing
    std::string error;           // why the run failed; empty when it succeeded
};

// Runs ids [first, last) of `design` (last <= design.runs()) on `world` over `threads` worker
// threads and shows each result to `fold` in run-id order, one at a time, whichever thread
// computed it, so what `fold` builds is the same bits for any number of threads. A run that
// throws, or records a value that is not finite, is passed to `fold` with `error` set (naming
// the row and step). At most two runs per thread are in flight, so memory does not grow with
// the number of runs.
void run_sweep(const World& world, const std::vector<RowKey>& keys, const SweepDesign& design,
               std::uint64_t first, std::uint64_t last, int threads,
               const std::function<void(const SweepRunResult&)>& fold);

}  // namespace geosim
