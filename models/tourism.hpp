#pragma once

namespace geosim {
struct World;
struct State;
}

namespace geosim::tourism {

// Days of a quarter, over which its trips are spread evenly.
inline constexpr double kQuarterDays = 91;

// When trips are booked, for booking lead times exponential with mean `lead_days` and a quarter's
// trips spread evenly over its kQuarterDays days D (docs/model.md, "Visitors and tourism
// receipts"). `before`: the share of a quarter's trips booked before the quarter began,
// (m / D) (1 - exp(-D / m)). `fade`: exp(-D / m), so that the share booked before the quarter
// j quarters earlier began is before x fade^j. Both 0 when lead_days is 0 (every trip booked on
// its day).
struct Bookings {
    double before = 0;
    double fade = 0;
};
Bookings bookings(double lead_days);

// The share of what a government's ban released (as it ended or eased) that is still stopped a
// quarter later, for a half-life of `half_life_months`: 0.5^(3 / half_life_months), 0 when the
// half-life is 0 (every trip back at once).
double ban_fade(double half_life_months);

// Visitor arrivals by host and origin (docs/model.md, "Visitors and tourism receipts"). The
// unblocked level, relative to the no-shock path (arrivals growing with the origin's trend
// GDP), moves toward a target set by the origin's income against its trend and by the pair's
// bloc distance. A government's tour ban (the origin's tourism_block on the host) removes its
// share in the quarter it applies, and after it ends what it stopped comes back at the pace of
// tourism.ban_half_life_months; a public's boycott (tourism_boycott) removes its share of the
// trips booked while it holds, so trips booked before it go ahead and trips booked during it stay
// away after it ends, as the booking lead time says. Receipts are arrivals times the start
// spending per visitor, in the constant USD of GDP. Reads `now`, writes next.visitors,
// next.tourism_receipts, next.tourism_level, next.tourism_booked, next.tourism_banned.
void step(const World& world, const State& now, State& next);

}  // namespace geosim::tourism
