#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/number_spec.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"

namespace geosim {

struct RowKey;

// How a sweep chooses each run's parameter values.
enum class Design {
    Mc,    // Monte Carlo: each run draws each parameter from its distribution
    Lhs,   // Latin hypercube over uniform ranges: each of N strata of each range used once
    Grid,  // full factorial over choice lists: runs = product of the list sizes
    Sobol, // Saltelli's scheme on a Sobol sequence: N base points x (k + 2) runs
};

Design parse_design(const std::string& name);  // "mc", "lhs", "grid" or "sobol"; std::invalid_argument otherwise
const char* design_name(Design design);

// A parameter the sweep varies, resolved against the registry.
struct SweepParameter {
    std::string path;
    int index = -1;        // into param_defs()
    bool integer = false;  // whole-number parameter: sampled values are rounded
    NumberSpec values;
};

// Where a sweep's run count and design were given, so that a complaint about them names the
// place: the scenario's `sweep:` keys (a location and a key path) or a command-line option (no
// location; the path names the option, e.g. "geosim sweep: --runs").
struct DesignSource {
    Location runs_where;
    std::string runs_path = "sweep.runs";
    Location design_where;            // the `design:` value, the `sweep:` section or the file
    std::string design_path = "sweep.design";
    bool has_section = true;          // whether the scenario has a `sweep:` section at all
};

// Where the run count and design of a sweep of `spec` come from, given whether `--runs` and
// `--design` were given on the command line.
DesignSource design_source(const ScenarioSpec& spec, bool runs_option, bool design_option);

// The runs of a sweep as data: run id -> RunPlan. Holds O(parameters) state whatever the number
// of runs; the Latin hypercube's permutations are computed per run id, not stored.
class SweepDesign {
public:
    // Checks that the parameters suit the design (lhs: uniform, grid: choice) and, for a grid,
    // that `runs` is 0 (take the grid's size) or the grid's size; for sobol, that there is a
    // parameter and `runs` is 0 (take kSobolBasePoints base points) or a multiple of k + 2.
    // Throws a located InputError.
    SweepDesign(Design design, const std::vector<SweepParamSpec>& parameters, std::uint64_t runs,
                std::uint64_t seed, const DesignSource& source);
    // The same, for parameters not read from a file (messages name no location).
    SweepDesign(Design design, const std::vector<SweepParamSpec>& parameters, std::uint64_t runs,
                std::uint64_t seed)
        : SweepDesign(design, parameters, runs, seed, unlocated()) {}

    Design design() const { return design_; }
    std::uint64_t runs() const { return runs_; }
    std::uint64_t seed() const { return seed_; }
    const std::vector<SweepParameter>& parameters() const { return params_; }

    // The plan of run `run` (< runs()): its seed and one override per parameter, in order.
    RunPlan plan(std::uint64_t run) const;

    // Lhs: the position of run `run` in [0, 1) for parameter p, before mapping through its range
    // (stratum floor(u * runs) is used by exactly one run).
    double lhs_unit(std::uint64_t run, std::size_t p) const;

    // Sobol: run r belongs to base point r / (k + 2) and is its matrix A (r % (k + 2) == 0), B
    // (1) or AB_i (2 + i: A with parameter i's column taken from B).
    std::uint64_t base_points() const { return runs_ / (params_.size() + 2); }
    static std::uint64_t sobol_point(std::uint64_t run, std::size_t k) { return run / (k + 2); }
    static std::size_t sobol_matrix(std::uint64_t run, std::size_t k) { return run % (k + 2); }
    // "A", "B" or "AB:" and the swapped parameter's path, as runs.csv's `matrix` column says.
    std::string sobol_matrix_name(std::uint64_t run) const;
    // Sobol: the 2k coordinates in [0, 1) of base point `point`, A's row first, then B's: point
    // sobol_skip() + point of the Sobol sequence (Gray-code order, origin = point 0).
    std::vector<double> sobol_units(std::uint64_t point) const;
    // The sequence's points left out before base point 0: the smallest power of two >= N and
    // >= 2 (SALib's default, after Owen 2020). The first points have equal halves, A_j = B_j
    // (the origin, then (1/2, ..., 1/2)), and add nothing to the estimators; starting at a power
    // of two 2^M >= N = 2^m keeps the N points a (t, m, 2k)-net, one point in each 2^-m strip
    // of every coordinate.
    std::uint64_t sobol_skip() const;

private:
    static const DesignSource& unlocated() {
        static const DesignSource none;
        return none;
    }
    double value(std::uint64_t run, std::size_t p) const;

    Design design_;
    std::vector<SweepParameter> params_;
    std::uint64_t runs_;
    std::uint64_t seed_;
};

// Base points of a sobol sweep whose runs are not given.
inline constexpr std::uint64_t kSobolBasePoints = 128;

// A value reported per run: the row of `key` at the last step.
struct SweepOutcome {
    std::string label;     // as written, e.g. "alignment(PHL)"
    std::size_t key = 0;   // index into row_keys(world)
};

// Resolves "indicator(agent)" or "indicator(agent, partner)" against the rows a world records;
// an indicator by goods group takes the group last: "sector_exports(VNM, ELE)",
// "sector_trade(VNM, USA, ELE)". Throws a located InputError naming the first unknown outcome
// (an unknown indicator or goods group with a suggestion, or a row the world does not record).
std::vector<SweepOutcome> resolve_outcomes(const std::vector<SweepOutcomeSpec>& specs,
                                           const std::vector<RowKey>& keys);

// The outcomes of a sweep whose scenario does not list them, so that runs.csv always has
// end-of-horizon values to discover scenarios with: among the rows the world records,
// asean_alignment of each bloc, then alignment of each agent, then zone_tension of each disputed
// zone, each in the world's order, labelled "indicator(id)" as an explicit outcome would be.
std::vector<SweepOutcome> default_outcomes(const std::vector<RowKey>& keys);

// A sweep's outcomes: `sweep.outcomes` resolved when given (an empty list: none), the default
// outcomes otherwise.
std::vector<SweepOutcome> sweep_outcomes(const SweepSpec& sweep, const std::vector<RowKey>& keys);

}  // namespace geosim
