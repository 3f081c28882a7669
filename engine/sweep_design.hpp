#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/number_spec.hpp"
#include "engine/runner.hpp"
#include "engine/scenario.hpp"

namespace geosim {

struct RowKey;

// How a sweep chooses each run's parameter values.
enum class Design {
    Mc,    // Monte Carlo: each run draws each parameter from its distribution
    Lhs,   // Latin hypercube over uniform ranges: each of N strata of each range used once
    Grid,  // full factorial over choice lists: runs = product of the list sizes
};

Design parse_design(const std::string& name);  // "mc", "lhs" or "grid"; std::invalid_argument otherwise
const char* design_name(Design design);

// A parameter the sweep varies, resolved against the registry.
struct SweepParameter {
    std::string path;
    int index = -1;        // into param_defs()
    bool integer = false;  // whole-number parameter: sampled values are rounded
    NumberSpec values;
};

// The runs of a sweep as data: run id -> RunPlan. Holds O(parameters) state whatever the number
// of runs; the Latin hypercube's permutations are computed per run id, not stored.
class SweepDesign {
public:
    // Checks that the parameters suit the design (lhs: uniform, grid: choice) and, for a grid,
    // that `runs` is 0 (take the grid's size) or the grid's size. Throws a located InputError.
    SweepDesign(Design design, const std::vector<SweepParamSpec>& parameters, std::uint64_t runs,
                std::uint64_t seed);

    Design design() const { return design_; }
    std::uint64_t runs() const { return runs_; }
    std::uint64_t seed() const { return seed_; }
    const std::vector<SweepParameter>& parameters() const { return params_; }

    // The plan of run `run` (< runs()): its seed and one override per parameter, in order.
    RunPlan plan(std::uint64_t run) const;

    // Lhs: the position of run `run` in [0, 1) for parameter p, before mapping through its range
    // (stratum floor(u * runs) is used by exactly one run).
    double lhs_unit(std::uint64_t run, std::size_t p) const;

private:
    double value(std::uint64_t run, std::size_t p) const;

    Design design_;
    std::vector<SweepParameter> params_;
    std::uint64_t runs_;
    std::uint64_t seed_;
};

// A value reported per run: the row of `key` at the last step.
struct SweepOutcome {
    std::string label;     // as written, e.g. "alignment(PHL)"
    std::size_t key = 0;   // index into row_keys(world)
};

// Resolves "indicator(agent)" or "indicator(agent, partner)" against the rows a world records.
// Throws a located InputError naming the first unknown outcome.
std::vector<SweepOutcome> resolve_outcomes(const std::vector<SweepOutcomeSpec>& specs,
                                           const std::vector<RowKey>& keys);

}  // namespace geosim
