#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/paired_stats.hpp"
#include "engine/core/date.hpp"
#include "engine/run/runner.hpp"

namespace geosim {

struct World;
struct RunPlan;

// What one recorded value is: an indicator of an agent (bloc, zone), and of a partner and a
// goods group (sector) where they apply (empty otherwise).
struct RowKey {
    std::string indicator;
    std::string agent;
    std::string partner;
    std::string sector = {};  // "" for all goods; defaulted so {indicator, agent, partner} reads
    bool operator==(const RowKey&) const = default;
};

// The row as a sweep outcome names it: "alignment(PHL)", "trade(VNM, USA)",
// "sector_exports(VNM, ELE)", "sector_trade(VNM, USA, ELE)".
std::string row_label(const RowKey& key);

// The keys of the values emit_indicators gives for one state of `world`, in its order. They
// depend on the world's agents, blocs and zones only, so they are the same at every step.
std::vector<RowKey> row_keys(const World& world);

// Stops a run at the first indicator value that is not a finite number: throws RunFailed,
// "value inf of gdp_growth(BRN) at step 40 (2035Q1)". Attach it to a run that writes what it
// records (geosim run, compare), so that a run that left the model's range writes nothing.
class FiniteCheck : public Observer {
public:
    void observe(const World& world, const State& state) override;
    // The same check of one state's values, emitted by emit_values for every indicator.
    void check(const World& world, int step, const double* values, std::size_t count);

private:
    std::vector<RowKey> keys_;
    std::vector<double> values_;
    std::vector<bool> every_;
};

// Throws InputError unless the two worlds record the same rows at the same dates: the same
// agents, blocs (with the same members) and zones (with the same claimant and rival) in the
// same order, the same start and the same horizon. The message names the first difference,
// e.g. "BASE and ALT use different worlds: agent 19 is IND in ALT only".
void check_comparable(const World& base, const World& alt);

// Runs `plan` on `world` and leaves in `values` every indicator value of every step: step 0
// first, each step in emit_indicators order. The buffer is reused, so pass the same one again.
// Throws RunFailed ("value inf of gdp(CHN) at step 40 (2035Q1)") when a value is not finite.
void record_run(const World& world, const RunPlan& plan, std::vector<double>& values);

// How to pair the runs of two scenarios.
struct PairingSpec {
    std::uint64_t seed = 0;   // seed of both scenarios' runs, so they share random numbers
    std::uint64_t runs = 1;   // run ids 0..runs-1, >= 1
    int threads = 0;          // worker threads, >= 1; 0 lets oneTBB use every core
};

// The statistics of alt - base for every row of every step.
struct Comparison {
    std::vector<RowKey> keys;  // the rows of one step
    QuarterIndex start = 0;    // the date of step 0
    int steps = 0;             // horizon + 1
    PairedStats stats;         // row step * keys.size() + k is keys[k] at that step
};

// Runs base and alt for run ids 0..runs-1 with the same seed (common random numbers: they
// differ only where the scenarios differ) and folds each pair into the statistics in run-id
// order, so the result is bit-identical for any number of threads. Runs are computed in
// parallel; memory holds the statistics and two runs' values per run in flight (at most two per
// thread), whatever the number of runs. Calls check_comparable first.
Comparison compare_worlds(const World& base, const World& alt, const PairingSpec& spec);

}  // namespace geosim
