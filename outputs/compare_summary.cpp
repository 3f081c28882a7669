#include "outputs/compare_summary.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "engine/error.hpp"
#include "engine/number.hpp"
#include "engine/paired_runs.hpp"

namespace geosim {

namespace {

// The indicators a reader looks at first; the rest are in compare.csv.
constexpr std::array<std::string_view, 8> kHeadline = {
    "gdp", "alignment", "trade_share", "tension", "fdi_flow", "tie_level", "asean_alignment",
    "bloc_trade_share"};

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

std::string percent(double base, double diff) {
    if (base == 0) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.2f%%", 100 * diff / std::fabs(base));
    return buf;
}

// A row of the last step that differs, with what ranks it.
struct Diff {
    std::size_t key;  // index into Comparison::keys
    std::size_t row;  // index into the statistics
    bool has_pct;     // base != 0
    double size;      // |diff_pct| if has_pct, else |diff|
};

// Relative changes first, largest first; rows whose base is 0 after them, by |diff|; ties
// keep the order of compare.csv.
bool ranks_before(const Diff& a, const Diff& b) {
    if (a.has_pct != b.has_pct) return a.has_pct;
    return a.size > b.size;
}

std::string where(const RowKey& k) {
    std::string at = k.agent;
    if (!k.partner.empty()) at += " " + k.partner;
    if (!k.sector.empty()) at += " " + k.sector;
    return at;
}

// One line of the table of largest differences (or its header).
void table_line(std::ostream& out, std::string_view indicator, std::string_view agent,
                std::string_view base, std::string_view alt, std::string_view diff,
                std::string_view pct, std::string_view range) {
    out << "  " << std::left << std::setw(17) << indicator << ' ' << std::setw(13) << agent
        << std::right << ' ' << std::setw(11) << base << ' ' << std::setw(11) << alt << ' '
        << std::setw(11) << diff << ' ' << std::setw(9) << pct;
    if (!range.empty()) out << "  " << range;
    out << '\n';
}

}  // namespace

void write_compare_summary(std::ostream& out, const Comparison& c, const CompareSummaryInfo& info) {
    const PairedStats& s = c.stats;
    const int last = c.steps - 1;
    const std::string last_date = format_quarter(c.start + last);
    const bool interval = s.runs() >= 2;
    const double t = interval ? t_critical(info.level, s.runs()) : 0;

    out << "geosim compare: " << info.alt_name << " (ALT) against " << info.base_name
        << " (BASE), " << format_quarter(c.start) << " to " << last_date << " (" << last
        << " quarters), seed " << info.seed << ", " << s.runs() << (s.runs() == 1 ? " run\n" : " runs\n");

    // The differing rows of the headline indicators at the last step, all together and per
    // indicator, in compare.csv order before ranking.
    std::vector<Diff> all;
    std::vector<std::vector<Diff>> by_indicator(kHeadline.size());
    std::vector<std::size_t> rows_of(kHeadline.size(), 0);
    const std::size_t first = static_cast<std::size_t>(last) * c.keys.size();
    for (std::size_t k = 0; k < c.keys.size(); ++k) {
        const auto it = std::find(kHeadline.begin(), kHeadline.end(), c.keys[k].indicator);
        if (it == kHeadline.end()) continue;
        const auto family = static_cast<std::size_t>(it - kHeadline.begin());
        ++rows_of[family];
        const std::size_t row = first + k;
        const double base = s.base_mean(row), diff = s.diff_mean(row);
        if (diff == 0) continue;
        const Diff d{k, row, base != 0, base != 0 ? std::fabs(100 * diff / base) : std::fabs(diff)};
        all.push_back(d);
        by_indicator[family].push_back(d);
    }
    std::stable_sort(all.begin(), all.end(), ranks_before);
    for (auto& d : by_indicator) std::stable_sort(d.begin(), d.end(), ranks_before);

    if (all.empty()) {
        out << "No differences at " << last_date << ": ALT equals BASE in every headline row.\n";
    } else {
        out << "Largest differences at " << last_date << " (ALT - BASE, means over runs";
        if (interval) out << "; " << std::lround(100 * info.level) << "% interval of the difference";
        out << "):\n";
        table_line(out, "indicator", "agent partner", "base", "alt", "diff", "diff%", interval ? "interval" : "");
        for (std::size_t r = 0; r < std::min(info.top, all.size()); ++r) {
            const RowKey& key = c.keys[all[r].key];
            const std::size_t row = all[r].row;
            const double base = s.base_mean(row), diff = s.diff_mean(row);
            std::string range;
            if (interval) {
                const double half = t_half_width(t, s.diff_sd(row), s.runs());
                range.append("[").append(readable(diff - half, true)).append(", ");
                range.append(readable(diff + half, true)).append("]");
            }
            table_line(out, key.indicator, where(key), readable(base), readable(s.alt_mean(row)),
                       readable(diff, true), percent(base, diff), range);
        }
    }

    out << "By indicator at " << last_date << ":\n";
    for (std::size_t f = 0; f < kHeadline.size(); ++f) {
        if (rows_of[f] == 0) continue;
        const std::vector<Diff>& d = by_indicator[f];
        out << "  " << std::left << std::setw(17) << kHeadline[f] << std::right << ' ' << d.size()
            << " of " << rows_of[f] << " rows differ";
        if (!d.empty()) {
            const RowKey& key = c.keys[d.front().key];
            const double base = s.base_mean(d.front().row), diff = s.diff_mean(d.front().row);
            out << "; largest " << where(key) << " " << readable(diff, true);
            if (base != 0) out << " (" << percent(base, diff) << ")";
        }
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
