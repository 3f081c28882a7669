#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/pawn.hpp"
#include "analysis/prim.hpp"
#include "analysis/sensitivity.hpp"
#include "engine/shocks/column_condition.hpp"
#include "outputs/sweep_read.hpp"

namespace geosim {

// The inputs that can explain a sweep's outcomes, named as runs.csv's columns and in their
// order: the sampled parameters, then the shock arguments drawn per run.
std::vector<std::string> sweep_inputs(const SweepResults& sweep);

// The Sobol indices of one outcome, per sampled parameter, from n base points.
struct SobolOutcome {
    std::string outcome;
    std::size_t n = 0;                 // base points whose k + 2 runs all succeeded
    std::vector<SobolIndex> indices;   // one per parameter
};

// Sobol indices of every outcome of a sobol sweep: the base points whose k + 2 runs all
// succeeded, through sobol_indices (indices of fewer than 2 base points are NaN). `progress` is
// told the resamples done of resamples x outcomes (as sobol_indices tells it).
std::vector<SobolOutcome> sobol_analysis(const SweepResults& sweep, std::size_t resamples, std::uint64_t seed,
                                         int threads, const ProgressFn& progress = {});

// sobol.csv: outcome,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi,n; an index that does not exist
// (the outcome does not vary) is an empty cell.
std::string sobol_csv(const std::vector<SobolOutcome>& results, const std::vector<std::string>& parameters);
// sobol.txt: one table per outcome, indices to 3 decimals with their intervals.
std::string sobol_text(const std::vector<SobolOutcome>& results, const std::vector<std::string>& parameters,
                       std::size_t resamples);

// The PAWN indices of one outcome, per input (sweep_inputs), over its successful runs.
struct PawnOutcome {
    std::string outcome;
    std::size_t n = 0;                // successful runs
    double noise = 0;                 // pawn_noise_level(n, n / classes)
    std::vector<PawnIndex> indices;   // one per input
};

// PAWN indices of every outcome of any sweep over the successful runs, inputs the sampled
// parameters and the drawn shock values (sweep_inputs), with `classes` intervals and bootstrap
// intervals from `resamples` resamples (pawn_indices; all NaN when no run succeeded). Throws
// InputError naming `dir` when the sweep has no input. `progress` is told the resamples done of
// resamples x outcomes.
std::vector<PawnOutcome> pawn_analysis(const SweepResults& sweep, const std::string& dir, std::size_t classes,
                                       std::size_t resamples, std::uint64_t seed, int threads,
                                       const ProgressFn& progress = {});

// pawn.csv: outcome,input,median,median_lo,median_hi,max,max_lo,max_hi,classes,n,noise; an index
// that does not exist (no successful run) is an empty cell.
std::string pawn_csv(const std::vector<PawnOutcome>& results, const std::vector<std::string>& inputs);
// pawn.txt: one table per outcome, the inputs by decreasing median, to 3 decimals with intervals.
std::string pawn_text(const std::vector<PawnOutcome>& results, const std::vector<std::string>& inputs,
                      std::size_t classes, std::size_t resamples);

// A restriction of PRIM's box whose quasi-p-value exceeds this is dropped unless asked to keep it.
constexpr double kPrimSignificance = 0.05;

// What PRIM was asked and found, for prim.csv and prim.txt.
struct PrimReport {
    std::string condition;
    PrimOptions options;
    std::vector<std::string> parameters;  // the inputs peeled (sweep_inputs)
    std::size_t runs = 0;         // successful runs peeled
    std::size_t interesting = 0;  // of which meet the condition
    PrimResult result;
    PrimBox pasted;               // the chosen box after pasting (prim_paste)
    std::vector<double> pasted_p; // prim_quasi_p of the pasted box
    bool keep_restrictions = false;  // --keep-restrictions: nothing dropped
    double threshold = kPrimSignificance;
    PrimBox significant;          // the pasted box without its restrictions not significant (or the pasted box)
    std::vector<double> significant_p;
    std::vector<PrimDropped> dropped;
    const PrimBox& final_box() const { return significant; }
};

// PRIM over the inputs (sweep_inputs: sampled parameters and drawn shock values) of the
// successful runs, the runs of interest those that meet `condition` (parsed against the inputs
// then the outcomes, in runs.csv's order): peeling (telling `progress` as prim() does), then
// pasting of the chosen box. Throws InputError naming `dir` when the sweep has no input or no
// run meets it.
PrimReport prim_analysis(const SweepResults& sweep, const std::string& dir, const std::string& text,
                         const ColumnCondition& condition, const PrimOptions& options, bool keep_restrictions = false,
                         const ProgressFn& progress = {});

// prim.csv: the peeling trajectory, one row per box: step,runs,support,coverage,density,chosen,
// then PATH_lo,PATH_hi for each input, then phase (peel), then PATH_p for each input (the
// quasi-p-value of its restriction; empty on peel rows and for an input not restricted); a row,
// phase paste, for the chosen box after pasting, with the chosen box's step and chosen 0; and
// unless the restrictions were kept, a last row, phase significant, for the box without those
// not significant.
std::string prim_csv(const PrimReport& report);
// prim.txt: the condition, the chosen box's coverage, density and support, what pasting changed,
// which restrictions were dropped as not significant and what that changed, and the final box's
// limits with their quasi-p-values, saying which inputs it restricts.
std::string prim_text(const PrimReport& report);

// Writes `text` to a temporary file beside `file` and renames it over `file`, so a reader sees
// the old file or the whole new one. Throws std::runtime_error naming the file.
void write_file_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace geosim
