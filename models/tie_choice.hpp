#pragma once
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "engine/core/params.hpp"
#include "engine/core/world.hpp"

namespace geosim::tie_choice {

// The decision rules of the security-tie mechanism, kept free of World and State so that the
// consent and veto rules can be tested on chosen inputs. The three that every pair's draw
// calls are defined here, inline, so that the pairs' loop (models/security_ties.cpp) does not
// call across files for each.

enum class Choice { Down, Hold, Up };

// Utilities of moving one rung up or down relative to holding (hold is 0), in log-odds.
struct Utilities {
    double up = 0;
    double down = 0;
};

struct Probabilities {
    double down = 0;
    double hold = 1;
    double up = 0;
};

// U_up = base_up - rung_cost * level - w_alignment_gap * gap * (level + 1) + delta, less the
// alliance cost when the next rung is a treaty alliance; U_down = base_down - delta, less the
// alliance stickiness at a treaty alliance. delta is the side's pressure above its starting
// value; gap = |x_i - x_j| / 2 the alignment gap of the pair, which makes close ties between
// agents on opposite sides of the US-China axis ever harder to reach.
inline Utilities utilities(const TiesParams& params, int level, double delta, double gap) {
    Utilities u;
    u.up = params.base_up - params.rung_cost * level - params.w_alignment_gap * gap * (level + 1) +
           delta - (level + 1 == kTreatyAlliance ? params.alliance_cost : 0.0);
    u.down = params.base_down - delta - (level == kTreatyAlliance ? params.alliance_stickiness : 0.0);
    return u;
}

// Multinomial logit over the moves open at this level: no tie (0) cannot go down and the top
// rung (a treaty alliance for pairs, kBlocTopLevel for blocs) cannot go up, so those
// alternatives leave the choice set.
inline Probabilities probabilities(const Utilities& u, int level, int top = kTreatyAlliance) {
    const bool can_down = level > 0;
    const bool can_up = level < top;  // a level above the top (set by data or a shock) only holds or falls
    // Shift by the largest open utility so that exp() cannot overflow.
    double shift = 0.0;
    if (can_down) shift = std::max(shift, u.down);
    if (can_up) shift = std::max(shift, u.up);
    const double e_down = can_down ? std::exp(u.down - shift) : 0.0;
    // exp(-0) is exactly 1: the usual case (no open utility above holding) skips a call.
    const double e_hold = shift == 0.0 ? 1.0 : std::exp(-shift);
    const double e_up = can_up ? std::exp(u.up - shift) : 0.0;
    const double sum = e_down + e_hold + e_up;
    return {e_down / sum, e_hold / sum, e_up / sum};
}

// The choice that a uniform number in [0, 1) picks: down, hold and up in that order.
inline Choice draw(const Probabilities& p, double uniform) {
    if (uniform < p.down) return Choice::Down;
    if (uniform < p.down + p.hold) return Choice::Hold;
    // A zero up-probability must never be chosen, even when rounding leaves down + hold < 1.
    return p.up > 0 ? Choice::Up : Choice::Hold;
}

// Bounds on what std::exp(u) returns, for -700 < u <= 0, each within 9% of it at a fraction of
// its cost. exp(u) = 2^t with t = u log2(e), and 2^t = 2^k 2^f with k = floor(t), f in [0, 1).
// The convex 2^f lies below its chord 1 + f and above its tangent at one half,
// sqrt(2) (1 + (f - 1/2) ln 2); 2^k is exact. The bounds are widened by 2^-20, far more than
// the rounding of t (under 2^-40 for |t| < 1,010, which moves 2^t by under 2^-40) and of the
// few operations, and than std::exp's own error (under one unit in the last place).
struct ExpBounds {
    double lo = 0;
    double hi = 0;
};
inline ExpBounds exp_bounds(double u) {
    const double t = u * 1.4426950408889634;
    int k = static_cast<int>(t);  // toward zero; t <= 0, so one less where t is not whole
    if (k > t) --k;
    const double f = t - k;
    const double scale = std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52);  // 2^k, k >= -1010
    return {scale * (1.4142135623730951 * (1.0 + (f - 0.5) * 0.6931471805599453) * (1.0 - 0x1p-20)),
            scale * ((1.0 + f) * (1.0 + 0x1p-20))};
}

// draw(probabilities(u, level, top), uniform), the same choice always, without the exp() calls
// where the answer is certain. When no open utility is above holding (the usual case), the
// logit's weights are exp(u.down), 1 and exp(u.up), and the choice compares the uniform with
// p.down = e_down / sum and p.down + p.hold. Rounded addition, and division of a non-negative
// number by a positive one, are monotone in each operand, so the same operations on the bounds
// of exp() give bounds on both thresholds; a uniform outside the bands between them is decided.
// Any other uniform (a few in a hundred), and any other case, is drawn as before.
inline Choice choose(const Utilities& u, int level, int top, double uniform) {
    const bool can_down = level > 0, can_up = level < top;
    const auto bounded = [](double x) { return x > -700 && x <= 0; };
    if ((!can_down || bounded(u.down)) && (!can_up || bounded(u.up))) {
        const ExpBounds d = can_down ? exp_bounds(u.down) : ExpBounds{}, e = can_up ? exp_bounds(u.up) : ExpBounds{};
        const double d_lo = d.lo, d_hi = d.hi, u_lo = e.lo, u_hi = e.hi;
        // e_down + e_hold + e_up, as probabilities() adds them
        const double sum_lo = d_lo + 1.0 + u_lo, sum_hi = d_hi + 1.0 + u_hi;
        // p.down = e_down / sum, and p.down + p.hold with p.hold = 1 / sum, between these
        const double down_lo = d_lo / sum_hi, down_hi = d_hi / sum_lo;
        const double hold_lo = down_lo + 1.0 / sum_hi, hold_hi = down_hi + 1.0 / sum_lo;
        if (uniform < down_lo) return Choice::Down;
        if (uniform >= down_hi && uniform < hold_lo) return Choice::Hold;
        if (uniform >= hold_hi && u_lo / sum_hi > 0) return Choice::Up;
    }
    return draw(probabilities(u, level, top), uniform);
}

// Rung change of a bilateral tie: down if either side chooses down (ending or cooling a tie needs
// no consent), up if both choose up (mutual consent), otherwise 0.
int pair_move(Choice a, Choice b);

// A member blocks a bloc upgrade when its preference for down over up exceeds the threshold.
bool vetoes(const Utilities& member, double veto_threshold);

// Rung change of a bloc-partner tie: down if the partner or the bloc chooses down; up if both
// choose up and no member vetoes; otherwise 0.
int bloc_move(Choice partner, Choice bloc, bool vetoed);

}  // namespace geosim::tie_choice
