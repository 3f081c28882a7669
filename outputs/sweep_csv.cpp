#include "outputs/sweep_csv.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runs.hpp"
#include "analysis/sweep_stats.hpp"
#include "engine/core/error.hpp"
#include "outputs/csv.hpp"

namespace geosim {

namespace {

// NaN (sd of one run, any statistic of no runs) is written as an empty cell.
void cell(CsvWriter& csv, double v) {
    if (std::isnan(v)) csv.text("");
    else csv.number(v);
}

}  // namespace

void write_sweep_summary(const std::filesystem::path& file, const SweepStats& stats,
                         const std::vector<RowKey>& keys, const std::vector<std::size_t>& rows,
                         QuarterIndex start) {
    std::ofstream out(file, std::ios::binary);
    CsvWriter csv(out);
    for (const char* h : {"step", "date", "indicator", "agent", "partner", "sector", "n", "mean", "sd", "p05",
                          "p25", "p50", "p75", "p95"})
        csv.text(h);
    csv.end_row();
    const std::vector<double> qs = {0.05, 0.25, 0.50, 0.75, 0.95};
    const std::size_t steps = rows.empty() ? 0 : stats.rows() / rows.size();
    const double nan = std::nan("");
    for (std::size_t step = 0; step < steps; ++step) {
        const std::string date = format_quarter(start + static_cast<QuarterIndex>(step));
        for (std::size_t k = 0; k < rows.size(); ++k) {
            const std::size_t row = step * rows.size() + k;
            const RunningStats& m = stats.moments(row);
            const RowKey& key = keys[rows[k]];
            csv.integer(step).text(date).text(key.indicator).text(key.agent).text(key.partner).text(key.sector);
            csv.integer(m.count);
            cell(csv, m.count > 0 ? m.mean : nan);
            cell(csv, m.sd());
            for (double q : stats.sketch(row).quantiles(qs)) cell(csv, q);
            csv.end_row();
        }
    }
    out.close();
    if (!out) throw write_error(file.string());
}

SweepRunsTable::SweepRunsTable(const SweepDesign& design, const std::vector<SweepOutcome>& outcomes,
                               QuarterIndex start, const std::vector<std::pair<std::string, std::string>>& drawn)
    : design_(design), outcomes_(outcomes), start_(start) {
    std::set<std::string> taken = {"run", "seed", "point", "matrix", "shocks", "error"};
    for (const SweepParameter& p : design_.parameters()) taken.insert(p.path);
    for (const SweepOutcome& o : outcomes_) taken.insert(o.label);
    for (const auto& [name, spec] : drawn) {
        std::string column = name;
        for (int k = 2; taken.count(column) > 0; ++k) column = name + "_" + std::to_string(k);
        taken.insert(column);
        drawn_.emplace_back(column, spec);
    }
}

std::string SweepRunsTable::header() const {
    std::ostringstream out;
    CsvWriter csv(out);
    csv.text("run").text("seed");
    if (design_.design() == Design::Sobol) csv.text("point").text("matrix");
    for (const SweepParameter& p : design_.parameters()) csv.text(p.path);
    for (const auto& [column, spec] : drawn_) csv.text(column);
    for (const SweepOutcome& o : outcomes_) csv.text(o.label);
    csv.text("shocks").text("error");
    csv.end_row();
    return out.str();
}

std::size_t SweepRunsTable::outcome_column(std::size_t k) const {
    return (design_.design() == Design::Sobol ? 4 : 2) + design_.parameters().size() + drawn_.size() + k;
}

void SweepRunsTable::append(std::string& text, const SweepRunResult& run) const {
    std::ostringstream out;
    CsvWriter csv(out);
    csv.integer(run.plan.run_id).integer(run.plan.seed);
    if (design_.design() == Design::Sobol)
        csv.integer(SweepDesign::sobol_point(run.plan.run_id, design_.parameters().size()))
            .text(design_.sobol_matrix_name(run.plan.run_id));
    for (const auto& [index, value] : run.plan.overrides) csv.number(value);
    for (double v : run.draws) csv.number(v);
    const bool ok = run.error.empty();
    for (std::size_t k = 0; k < outcomes_.size(); ++k) {
        if (ok) csv.number(run.outcomes[k]);
        else csv.text("");
    }
    std::string shocks;
    for (const auto& [name, step] : run.shocks)
        shocks += (shocks.empty() ? "" : ";") + name + "@" + format_quarter(start_ + step);
    csv.text(shocks).text(run.error);
    csv.end_row();
    text += out.str();
}

}  // namespace geosim
