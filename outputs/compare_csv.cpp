#include "outputs/compare_csv.hpp"

#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>

#include "analysis/paired_runs.hpp"
#include "engine/core/error.hpp"
#include "outputs/csv.hpp"

namespace geosim {

void write_compare_csv(std::ostream& out, const Comparison& c, double level) {
    CsvWriter csv(out);
    for (const char* name : {"step", "date", "indicator", "agent", "partner", "sector", "base", "alt",
                             "diff", "diff_pct", "diff_lo", "diff_hi"})
        csv.text(name);
    csv.end_row();
    const PairedStats& s = c.stats;
    const bool interval = s.runs() >= 2;
    // The t quantile depends on the number of runs only: once, not per row.
    const double t = interval ? t_critical(level, s.runs()) : 0;
    std::size_t row = 0;
    for (int step = 0; step < c.steps; ++step) {
        const std::string date = format_quarter(c.start + step);
        for (const RowKey& key : c.keys) {
            const double base = s.base_mean(row), diff = s.diff_mean(row);
            csv.integer(step).text(date).text(key.indicator).text(key.agent).text(key.partner).text(key.sector);
            csv.number(base).number(s.alt_mean(row)).number(diff);
            if (base != 0) csv.number(100 * diff / std::fabs(base));
            else csv.text("");
            if (interval) {
                const double half = t_half_width(t, s.diff_sd(row), s.runs());
                csv.number(diff - half).number(diff + half);
            } else {
                csv.text("").text("");
            }
            csv.end_row();
            ++row;
        }
    }
}

void write_compare_csv(const std::filesystem::path& file, const Comparison& c, double level) {
    std::ofstream out(file);
    write_compare_csv(out, c, level);
    out.close();
    if (!out) throw write_error(file.string());
}

}  // namespace geosim
