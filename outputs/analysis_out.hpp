#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/column_condition.hpp"
#include "engine/prim.hpp"
#include "engine/sensitivity.hpp"
#include "outputs/sweep_read.hpp"

namespace geosim {

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

// What PRIM was asked and found, for prim.csv and prim.txt.
struct PrimReport {
    std::string condition;
    PrimOptions options;
    std::vector<std::string> parameters;
    std::size_t runs = 0;         // successful runs peeled
    std::size_t interesting = 0;  // of which meet the condition
    PrimResult result;
    PrimBox pasted;               // the chosen box after pasting (prim_paste)
};

// PRIM over the sampled parameters of the successful runs, the runs of interest those that
// meet `condition` (parsed against the parameters then the outcomes, in runs.csv's order):
// peeling (telling `progress` as prim() does), then pasting of the chosen box.
// Throws InputError naming `dir` when the sweep has no sampled parameter or no run meets it.
PrimReport prim_analysis(const SweepResults& sweep, const std::string& dir, const std::string& text,
                         const ColumnCondition& condition, const PrimOptions& options, const ProgressFn& progress = {});

// prim.csv: the peeling trajectory, one row per box: step,runs,support,coverage,density,chosen,
// then PATH_lo,PATH_hi for each parameter, then phase (peel); and a last row, phase paste, for
// the chosen box after pasting, with the chosen box's step and chosen 0.
std::string prim_csv(const PrimReport& report);
// prim.txt: the condition, the chosen box's coverage, density and support, what pasting changed,
// and the pasted box's limits, saying which parameters it restricts.
std::string prim_text(const PrimReport& report);

// Writes `text` to a temporary file beside `file` and renames it over `file`, so a reader sees
// the old file or the whole new one. Throws std::runtime_error naming the file.
void write_file_atomically(const std::filesystem::path& file, const std::string& text);

}  // namespace geosim
