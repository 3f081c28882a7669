#include "models/tourism.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"

namespace geosim::tourism {

Bookings bookings(double lead_days) {
    if (!(lead_days > 0)) return {};
    const double fade = std::exp(-kQuarterDays / lead_days);
    return {lead_days / kQuarterDays * (1 - fade), fade};
}

double ban_fade(double half_life_months) {
    // A quarter is three months: after k quarters 0.5^(3k / half-life) of the share is still stopped.
    return half_life_months > 0 ? std::pow(0.5, 3.0 / half_life_months) : 0.0;
}

void step(const World& world, const State& now, State& next) {
    const TourismParams& p = world.params.tourism;
    const Bookings book = bookings(p.booking_lead_days);
    const double ban_kept = ban_fade(p.ban_half_life_months);
    const std::size_t spans = now.tourism_span_share.size();
    const int n = world.n();
    // A boycott stops the trips booked while it holds. past = sum over j >= 1 of fade^(j-1) x
    // the boycott share of quarter t - j: of this quarter's trips, the share 1 - before was
    // booked this quarter, before x fade^(j-1) x (1 - fade) in quarter t - j. Every pair's book,
    // row by row in memory order; the diagonal, which no trip crosses, keeps what next holds.
    for (int o = 0; o < n; ++o) {
        const double* boycott = &now.tourism_boycott.values()[static_cast<std::size_t>(o) * n];
        const double* past = &now.tourism_booked.values()[static_cast<std::size_t>(o) * n];
        double* booked = &next.tourism_booked.values()[static_cast<std::size_t>(o) * n];
        const double diagonal = booked[o];
        for (int h = 0; h < n; ++h) booked[h] = boycott[h] + book.fade * past[h];
        booked[o] = diagonal;
    }
    // By origin: the trend growth factor since the start at quarter t + 1 (the trend the macro
    // step writes for next quarter, computed the same way so the no-shock path is exact), and
    // the income factor, taken only for an origin some host has visitors or receipts from.
    std::vector<double> growth(n), income_factor(n);
    std::vector<char> has_income(n, 0);
    for (int o = 0; o < n; ++o) growth[o] = now.gdp_trend[o] * world.quarter_trend(o) / world.agents[o].gdp;
    // Pairs by host, then origin, so that the (host, origin) matrices are read in memory order;
    // most pairs have neither visitors nor receipts at the start and are passed over.
    for (int h = 0; h < n; ++h) {
        for (int o = 0; o < n; ++o) {
            if (h == o) continue;
            const double n0 = world.visitors0(h, o), r0 = world.tourism0(h, o);
            if (n0 == 0 && r0 == 0) continue;
            const Agent& origin = world.agents[o];
            if (!has_income[o]) {
                // Income against the trend path this quarter; 1 on the no-shock path.
                const double income = now.gdp[o] / now.gdp_trend[o];
                income_factor[o] = income != 1.0 ? std::pow(income, p.income_elasticity) : 1.0;
                has_income[o] = 1;
            }
            const double boycott = now.tourism_boycott(o, h), past = now.tourism_booked(o, h);
            const double dgap = alignment::distance(now.alignment[h], now.alignment[o]) -
                                alignment::distance(world.agents[h].alignment, origin.alignment);
            // Encouragement by the origin's government (a reward's `visitors`) raises the target
            // by its share; arrivals then close the gap at tourism.adjustment, as after any change.
            const double encouraged = 1.0 + now.tourism_promotion(o, h);
            const double target = encouraged * (dgap != 0 ? income_factor[o] * std::exp(-p.alignment_elasticity * dgap)
                                                          : income_factor[o]);
            const double level = now.tourism_level(h, o) + p.adjustment * (target - now.tourism_level(h, o));
            next.tourism_level(h, o) = level;
            // tourism_block(o, h): the share of o's tourist spending in h that o's government
            // blocks, booked trips and all. When a ban ends or eases, the trips it released come
            // back at ban_kept a quarter (flights and tours are put back, travellers' caution
            // fades): the share stopped is the ban plus what it released, faded, from what was
            // stopped at the last quarter's end (tourism_banned). A ban and a boycott fall on the
            // same trips, so the larger share stops (docs/shocks.md). Where bans change within
            // the quarter (dates), span by span: each span's ban plus what the highest ban before
            // it (in the quarter, or at the last quarter's end) released, faded once; and what is
            // carried to the next quarter counts the days up to the highest ban's last span at
            // that ban, so that what it released fades by ban_kept in the first quarter from its
            // day and by ban_kept^2 in the second, as a ban ended on a quarter's first day does
            // (docs/model.md, visitors).
            double banned, at_end;
            if (spans == 0) {
                const double ban = now.tourism_block(o, h);
                banned = ban + ban_kept * std::max(0.0, now.tourism_banned(o, h) - ban);
                at_end = banned;
            } else {
                const double before = now.tourism_banned(o, h);
                double peak = before;
                std::size_t last_peak = spans;  // none: the peak is the one carried in
                for (std::size_t m = 0; m < spans; ++m) {
                    const double ban = now.tourism_span_block[m](o, h);
                    if (ban >= peak && ban > 0) peak = ban, last_peak = m;
                }
                double high = before;
                banned = 0;
                at_end = 0;
                for (std::size_t m = 0; m < spans; ++m) {
                    const double ban = now.tourism_span_block[m](o, h);
                    const double stopped = ban + ban_kept * std::max(0.0, high - ban);
                    banned += now.tourism_span_share[m] * stopped;
                    at_end += now.tourism_span_share[m] * (last_peak < spans && m <= last_peak ? peak : stopped);
                    high = std::max(high, ban);
                }
            }
            next.tourism_banned(o, h) = at_end;
            const double booked_out = (1 - book.before) * boycott + book.before * (1 - book.fade) * past;
            const double kept = level * (1.0 - std::max(banned, booked_out));
            next.visitors(h, o) = n0 * growth[o] * kept;
            next.tourism_receipts(h, o) = r0 * growth[o] * kept;
        }
    }
}

}  // namespace geosim::tourism
