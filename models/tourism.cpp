#include "models/tourism.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"

namespace geosim::tourism {

Bookings bookings(double lead_days) {
    if (!(lead_days > 0)) return {};
    const double fade = std::exp(-kQuarterDays / lead_days);
    return {lead_days / kQuarterDays * (1 - fade), fade};
}

void step(const World& world, const State& now, State& next) {
    const TourismParams& p = world.params.tourism;
    const Bookings book = bookings(p.booking_lead_days);
    const int n = world.n();
    for (int o = 0; o < n; ++o) {
        const Agent& origin = world.agents[o];
        // The origin's trend growth factor since the start, at quarter t + 1: the trend the macro
        // step writes for next quarter, computed the same way so the no-shock path is exact.
        const double trend_next = now.gdp_trend[o] * world.quarter_trend(o);
        const double growth = trend_next / origin.gdp;
        // Income against the trend path this quarter; 1 on the no-shock path.
        const double income = now.gdp[o] / now.gdp_trend[o];
        const double income_factor = income != 1.0 ? std::pow(income, p.income_elasticity) : 1.0;
        for (int h = 0; h < n; ++h) {
            if (h == o) continue;
            // A boycott stops the trips booked while it holds. past = sum over j >= 1 of
            // fade^(j-1) x the boycott share of quarter t - j: of this quarter's trips, the share
            // 1 - before was booked this quarter, before x fade^(j-1) x (1 - fade) in quarter t - j.
            const double boycott = now.tourism_boycott(o, h), past = now.tourism_booked(o, h);
            next.tourism_booked(o, h) = boycott + book.fade * past;
            const double n0 = world.visitors0(h, o), r0 = world.tourism0(h, o);
            if (n0 == 0 && r0 == 0) continue;
            const double dgap = alignment::distance(now.alignment[h], now.alignment[o]) -
                                alignment::distance(world.agents[h].alignment, origin.alignment);
            // Encouragement by the origin's government (a reward's `visitors`) raises the target
            // by its share; arrivals then close the gap at tourism.adjustment, as after any change.
            const double encouraged = 1.0 + now.tourism_promotion(o, h);
            const double target =
                encouraged * (dgap != 0 ? income_factor * std::exp(-p.alignment_elasticity * dgap) : income_factor);
            const double level = now.tourism_level(h, o) + p.adjustment * (target - now.tourism_level(h, o));
            next.tourism_level(h, o) = level;
            // tourism_block(o, h): the share of o's tourist spending in h that o's government
            // blocks, booked trips and all. A ban and a boycott fall on the same trips, so the
            // larger share stops (docs/shocks.md).
            const double booked_out = (1 - book.before) * boycott + book.before * (1 - book.fade) * past;
            const double kept = level * (1.0 - std::max(now.tourism_block(o, h), booked_out));
            next.visitors(h, o) = n0 * growth * kept;
            next.tourism_receipts(h, o) = r0 * growth * kept;
        }
    }
}

}  // namespace geosim::tourism
