#include "outputs/compare_summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number.hpp"
#include "outputs/effects.hpp"

namespace geosim {

namespace {

// Four significant digits without exponents for the magnitudes indicators take (shares of
// 0.0012, GDP of 12345); exponents only outside them.
std::string readable(double x, bool sign = false) {
    if (!std::isfinite(x)) return format_number(x);
    if (x == 0) return "0";
    char buf[48];
    const double a = std::fabs(x);
    if (a < 1e-4 || a >= 1e9) {
        std::snprintf(buf, sizeof buf, sign ? "%+.3e" : "%.3e", x);
    } else {
        const int decimals = std::clamp(3 - static_cast<int>(std::floor(std::log10(a))), 0, 6);
        std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, x);
    }
    return buf;
}

std::string where(const EffectSeries& k) {
    std::string at = k.agent;
    if (!k.partner.empty()) at += " " + k.partner;
    return at;
}

// One line of the table of largest effects (or its header).
void table_line(std::ostream& out, std::string_view indicator, std::string_view agent, std::string_view peak,
                std::string_view base, std::string_view alt, std::string_view diff, std::string_view change,
                std::string_view range) {
    out << "  " << std::left << std::setw(17) << indicator << ' ' << std::setw(13) << agent << ' '
        << std::setw(7) << peak << std::right << ' ' << std::setw(11) << base << ' ' << std::setw(11) << alt
        << ' ' << std::setw(11) << diff << ' ' << std::setw(9) << change;
    if (!range.empty()) out << "  " << range;
    out << '\n';
}

}  // namespace

void write_compare_summary(std::ostream& out, const Comparison& c, const CompareSummaryInfo& info) {
    const int last = c.steps - 1;
    const bool interval = c.stats.runs() >= 2;

    out << "geosim compare: " << info.alt_name << " (ALT) against " << info.base_name
        << " (BASE), " << format_quarter(c.start) << " to " << format_quarter(c.start + last) << " (" << last
        << " quarters), seed " << info.seed << ", " << c.stats.runs() << (c.stats.runs() == 1 ? " run\n" : " runs\n");

    const std::vector<EffectSeries> rows = effect_series(c, info.level);
    const std::vector<RankedEffect> effects = rank_effects(rows);
    if (effects.empty()) {
        out << "No effects: ALT - BASE " << (interval ? "has an interval across zero" : "is zero")
            << " in every headline row at every quarter.\n";
    } else {
        out << "Largest effects over the horizon (ALT - BASE at each row's peak quarter, means over runs";
        if (interval) out << "; only effects whose " << std::lround(100 * info.level) << "% interval excludes zero";
        else out << "; one run, so no interval: every difference counts";
        out << "):\n"
               "  change: relative to BASE for gdp, exports and imports; absolute for the indices\n"
               "  (alignment, shares, tension, tie levels), ranked against the width of their scale\n";
        table_line(out, "indicator", "agent partner", "peak", "base", "alt", "diff", "change", interval ? "interval" : "");
        for (std::size_t r = 0; r < std::min(info.top, effects.size()); ++r) {
            const RankedEffect& e = effects[r];
            std::string range;
            if (interval) range.append("[").append(readable(e.lo, true)).append(", ").append(readable(e.hi, true)).append("]");
            table_line(out, rows[e.row].indicator, where(rows[e.row]), format_quarter(c.start + e.step), readable(e.base),
                       readable(e.alt), readable(e.diff, true), format_change(e), range);
        }
    }

    out << "By indicator, over the horizon:\n";
    std::vector<std::string> indicators;
    for (const EffectSeries& r : rows)
        if (std::find(indicators.begin(), indicators.end(), r.indicator) == indicators.end()) indicators.push_back(r.indicator);
    for (const std::string& indicator : indicators) {
        const auto count = std::count_if(rows.begin(), rows.end(), [&](const EffectSeries& r) { return r.indicator == indicator; });
        const auto with = std::count_if(effects.begin(), effects.end(), [&](const RankedEffect& e) { return rows[e.row].indicator == indicator; });
        out << "  " << std::left << std::setw(17) << indicator << std::right << ' ' << with << " of " << count
            << " rows have an effect";
        const auto largest = std::find_if(effects.begin(), effects.end(), [&](const RankedEffect& e) { return rows[e.row].indicator == indicator; });
        if (largest != effects.end())
            out << "; largest " << where(rows[largest->row]) << " " << format_change(*largest) << " at "
                << format_quarter(c.start + largest->step);
        out << '\n';
    }
}

void write_compare_summary(const std::filesystem::path& file, const Comparison& c,
                           const CompareSummaryInfo& info) {
    std::ofstream out(file);
    write_compare_summary(out, c, info);
    out.close();
    if (!out) throw write_error(file.string());
}

}  // namespace geosim
