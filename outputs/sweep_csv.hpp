#pragma once
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/date.hpp"

namespace geosim {

struct RowKey;
class SweepStats;
class SweepDesign;
struct SweepOutcome;
struct SweepRunResult;

// summary.csv: `step,date,indicator,agent,partner,sector,n,mean,sd,p05,p25,p50,p75,p95`, one row per
// summarised value (row step * rows.size() + k of `stats` is keys[rows[k]] at that step). n counts the
// successful runs; a statistic that does not exist (sd of one run, anything of none) is empty.
// Quantiles come from the rows' sketches (analysis/quantile_sketch.hpp states their error).
// Throws std::runtime_error naming the file when it cannot be written.
void write_sweep_summary(const std::filesystem::path& file, const SweepStats& stats,
                         const std::vector<RowKey>& keys, const std::vector<std::size_t>& rows,
                         QuarterIndex start);

// The layout of runs.csv: `run,seed`, for a sobol design `point,matrix` (the base point and
// A, B or AB:PATH, see SweepDesign), each sampled parameter's path, each shock argument drawn
// from a distribution ("shock.argument", the value the run drew), each outcome's label (its
// value at the last step), `shocks` ("name@2026Q1;other@2028Q4") and `error` (why a run failed).
class SweepRunsTable {
public:
    // `drawn`: drawn_arguments(world), ("shock.argument", distribution). A name that a
    // parameter's or outcome's column already has gets "_2" (or "_3", ...) appended, so that
    // every column has its own.
    SweepRunsTable(const SweepDesign& design, const std::vector<SweepOutcome>& outcomes, QuarterIndex start,
                   const std::vector<std::pair<std::string, std::string>>& drawn = {});
    std::string header() const;
    // The drawn arguments' columns, in order: (column name, distribution as written).
    const std::vector<std::pair<std::string, std::string>>& drawn() const { return drawn_; }
    // The field (from 0) of outcome k in each row.
    std::size_t outcome_column(std::size_t k) const;
    // Appends one run's row.
    void append(std::string& out, const SweepRunResult& run) const;

private:
    const SweepDesign& design_;
    const std::vector<SweepOutcome>& outcomes_;
    QuarterIndex start_;
    std::vector<std::pair<std::string, std::string>> drawn_;
};

}  // namespace geosim
