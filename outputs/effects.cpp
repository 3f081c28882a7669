#include "outputs/effects.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <utility>

#include "analysis/paired_runs.hpp"

namespace geosim {

namespace {

struct Scaled {
    std::string_view indicator;
    EffectScale scale;
};

constexpr double kNoScale = 1;

// The headline indicators. Quantities: relative. Indices: absolute, against their scale
// (engine/run/indicators.cpp gives the units). The flows of one pair (fdi_flow, trade) are left
// out: a small flow that moves elsewhere changes by a large share, so they would crowd out
// what an economy gains or loses as a whole; compare.csv has them.
constexpr Scaled kScales[] = {
    {"gdp", {EffectMeasure::Relative, kNoScale}},               // USD bn a year
    {"exports", {EffectMeasure::Relative, kNoScale}},           // USD bn a year
    {"imports", {EffectMeasure::Relative, kNoScale}},           // USD bn a year
    {"alignment", {EffectMeasure::Absolute, 2}},                // [-1, 1]
    {"asean_alignment", {EffectMeasure::Absolute, 2}},          // [-1, 1]
    {"trade_share", {EffectMeasure::Absolute, 1}},              // share
    {"bloc_trade_share", {EffectMeasure::Absolute, 1}},         // share
    {"tension", {EffectMeasure::Absolute, 1}},                  // [0, 1]
    {"tie_level", {EffectMeasure::Absolute, 5}},                // 0-5
};

bool excludes_zero(double lo, double hi) { return lo > 0 || hi < 0; }

}  // namespace

std::optional<EffectScale> effect_scale(std::string_view indicator) {
    for (const Scaled& s : kScales)
        if (s.indicator == indicator) return s.scale;
    return std::nullopt;
}

std::vector<RankedEffect> rank_effects(const std::vector<EffectSeries>& rows) {
    std::vector<RankedEffect> effects;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const EffectSeries& s = rows[r];
        const std::optional<EffectScale> scale = effect_scale(s.indicator);
        if (!scale) continue;
        std::optional<RankedEffect> peak;
        for (std::size_t t = 0; t < s.diff.size(); ++t) {
            const double base = s.base[t], diff = s.diff[t], lo = s.lo[t], hi = s.hi[t];
            const bool tested = !std::isnan(lo) && !std::isnan(hi);
            if (tested ? !excludes_zero(lo, hi) : !(diff != 0)) continue;
            RankedEffect e{r, static_cast<int>(t), base, s.alt[t], diff, lo, hi, scale->measure, 0, 0};
            if (scale->measure == EffectMeasure::Relative) {
                if (base == 0 || !std::isfinite(base)) continue;
                e.change = diff / std::fabs(base);
                e.size = std::fabs(e.change);
            } else {
                e.change = diff;
                e.size = std::fabs(diff) / scale->width;
            }
            if (!std::isfinite(e.size)) continue;
            if (!peak || e.size > peak->size) peak = e;
        }
        if (peak) effects.push_back(*peak);
    }
    std::stable_sort(effects.begin(), effects.end(), [](const RankedEffect& a, const RankedEffect& b) { return a.size > b.size; });
    return effects;
}

std::vector<EffectSeries> effect_series(const Comparison& c, double level) {
    const PairedStats& s = c.stats;
    const bool interval = s.runs() >= 2;
    const double t = interval ? t_critical(level, s.runs()) : 0;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<EffectSeries> rows;
    for (std::size_t k = 0; k < c.keys.size(); ++k) {
        const RowKey& key = c.keys[k];
        if (!key.sector.empty() || !effect_scale(key.indicator)) continue;
        EffectSeries e{key.indicator, key.agent, key.partner, {}, {}, {}, {}, {}};
        for (int step = 0; step < c.steps; ++step) {
            const std::size_t row = static_cast<std::size_t>(step) * c.keys.size() + k;
            const double diff = s.diff_mean(row);
            const double half = interval ? t_half_width(t, s.diff_sd(row), s.runs()) : nan;
            e.base.push_back(s.base_mean(row));
            e.alt.push_back(s.alt_mean(row));
            e.diff.push_back(diff);
            e.lo.push_back(diff - half);
            e.hi.push_back(diff + half);
        }
        rows.push_back(std::move(e));
    }
    return rows;
}

std::string format_change(const RankedEffect& e) {
    char buf[48];
    if (e.measure == EffectMeasure::Relative) std::snprintf(buf, sizeof buf, "%+.2f%%", 100 * e.change);
    else std::snprintf(buf, sizeof buf, "%+.4f", e.change);
    return buf;
}

}  // namespace geosim
