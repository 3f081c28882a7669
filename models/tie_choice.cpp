#include "models/tie_choice.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/world.hpp"

namespace geosim::tie_choice {

Utilities utilities(const TiesParams& params, int level, double delta, double gap) {
    Utilities u;
    u.up = params.base_up - params.rung_cost * level - params.w_alignment_gap * gap * (level + 1) +
           delta - (level + 1 == kTreatyAlliance ? params.alliance_cost : 0.0);
    u.down = params.base_down - delta - (level == kTreatyAlliance ? params.alliance_stickiness : 0.0);
    return u;
}

Probabilities probabilities(const Utilities& u, int level, int top) {
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

Choice draw(const Probabilities& p, double uniform) {
    if (uniform < p.down) return Choice::Down;
    if (uniform < p.down + p.hold) return Choice::Hold;
    // A zero up-probability must never be chosen, even when rounding leaves down + hold < 1.
    return p.up > 0 ? Choice::Up : Choice::Hold;
}

int pair_move(Choice a, Choice b) {
    if (a == Choice::Down || b == Choice::Down) return -1;
    if (a == Choice::Up && b == Choice::Up) return 1;
    return 0;
}

bool vetoes(const Utilities& member, double veto_threshold) {
    return member.down - member.up > veto_threshold;
}

int bloc_move(Choice partner, Choice bloc, bool vetoed) {
    if (partner == Choice::Down || bloc == Choice::Down) return -1;
    if (partner == Choice::Up && bloc == Choice::Up && !vetoed) return 1;
    return 0;
}

}  // namespace geosim::tie_choice
