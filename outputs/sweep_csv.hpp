#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "engine/date.hpp"

namespace geosim {

struct RowKey;
class SweepStats;
class SweepDesign;
struct SweepOutcome;
struct SweepRunResult;

// summary.csv: `step,date,indicator,agent,partner,sector,n,mean,sd,p05,p25,p50,p75,p95`, one row per
// summarised value (row step * rows.size() + k of `stats` is keys[rows[k]] at that step). n counts the
// successful runs; a statistic that does not exist (sd of one run, anything of none) is empty.
// Quantiles come from the rows' sketches (engine/quantile_sketch.hpp states their error).
// Throws std::runtime_error naming the file when it cannot be written.
void write_sweep_summary(const std::filesystem::path& file, const SweepStats& stats,
                         const std::vector<RowKey>& keys, const std::vector<std::size_t>& rows,
                         QuarterIndex start);

// The layout of runs.csv: `run,seed`, for a sobol design `point,matrix` (the base point and
// A, B or AB:PATH, see SweepDesign), each sampled parameter's path, each outcome's label (its
// value at the last step), `shocks` ("name@2026Q1;other@2028Q4") and `error` (why a run failed).
class SweepRunsTable {
public:
    SweepRunsTable(const SweepDesign& design, const std::vector<SweepOutcome>& outcomes, QuarterIndex start);
    std::string header() const;
    // The field (from 0) of outcome k in each row.
    std::size_t outcome_column(std::size_t k) const;
    // Appends one run's row.
    void append(std::string& out, const SweepRunResult& run) const;

private:
    const SweepDesign& design_;
    const std::vector<SweepOutcome>& outcomes_;
    QuarterIndex start_;
};

}  // namespace geosim
