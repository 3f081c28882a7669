#include "models/tie_choice.hpp"

#include <algorithm>
#include <cmath>

#include "engine/world.hpp"

namespace geosim::tie_choice {

Utilities utilities(const TiesParams& params, int level, double delta) {
    Utilities u;
    u.up = params.base_up - params.rung_cost * level + delta;
    u.down = params.base_down - delta - (level == kTreatyAlliance ? params.alliance_stickiness : 0.0);
    return u;
}

Probabilities probabilities(const Utilities& u, int level) {
    const bool can_down = level > 0;
    const bool can_up = level < kTreatyAlliance;
    // Shift by the largest open utility so that exp() cannot overflow.
    double top = 0.0;
    if (can_down) top = std::max(top, u.down);
    if (can_up) top = std::max(top, u.up);
    const double e_down = can_down ? std::exp(u.down - top) : 0.0;
    const double e_hold = std::exp(-top);
    const double e_up = can_up ? std::exp(u.up - top) : 0.0;
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
