#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace geosim {

struct Comparison;

// How a change of an indicator is measured so that indicators of different units compare:
// quantities (GDP, FDI flows, USD bn a year) by their change relative to the baseline;
// signed or bounded indices (alignment in [-1, 1], shares, tension in [0, 1], tie levels 0-5)
// by their absolute change, ranked against the width of their scale. A percentage of a signed
// index (alignment near 0) says nothing, so none is ever taken.
enum class EffectMeasure { Relative, Absolute };

struct EffectScale {
    EffectMeasure measure;
    double width;  // of the index's scale (2 for [-1, 1]); 1 for quantities, unused
};

// The indicators whose effects are ranked (gdp, exports, imports, alignment, asean_alignment,
// trade_share, bloc_trade_share, tension, tie_level) with their scale; nullopt for any other.
std::optional<EffectScale> effect_scale(std::string_view indicator);

// One row of a comparison (an indicator of an agent, and of a partner where it applies) over
// the horizon: the means of BASE and ALT, the mean paired difference ALT - BASE and its
// interval, by step. lo and hi are NaN where there is no interval (a single run).
struct EffectSeries {
    std::string indicator, agent, partner;
    std::vector<double> base, alt, diff, lo, hi;
};

// A row's effect at its peak.
struct RankedEffect {
    std::size_t row = 0;   // index into the rows given
    int step = 0;          // where it peaks
    double base = 0, alt = 0, diff = 0, lo = 0, hi = 0;  // at that step
    EffectMeasure measure = EffectMeasure::Relative;
    double change = 0;     // diff / |base| (relative) or diff (absolute)
    double size = 0;       // |diff| / |base| or |diff| / width: what ranks effects
};

// The effects of the ranked indicators' rows, largest first (ties keep the rows' order). A
// row's peak is the step where its size is largest among the steps whose interval excludes
// zero (with no interval: whose difference is not zero; for a relative measure, whose base is
// not zero either); rows without such a step have no effect and are left out.
std::vector<RankedEffect> rank_effects(const std::vector<EffectSeries>& rows);

// The rows of the ranked indicators of a comparison, with intervals at `level`.
std::vector<EffectSeries> effect_series(const Comparison& comparison, double level);

// The change as shown: "-27.31%" for a relative change, "-0.1234" for an absolute one.
std::string format_change(const RankedEffect& effect);

}  // namespace geosim
