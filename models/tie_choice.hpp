#pragma once
#include "engine/core/params.hpp"
#include "engine/core/world.hpp"

namespace geosim::tie_choice {

// The decision rules of the security-tie mechanism, kept free of World and State so that the
// consent and veto rules can be tested on chosen inputs.

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
Utilities utilities(const TiesParams& params, int level, double delta, double gap);

// Multinomial logit over the moves open at this level: no tie (0) cannot go down and the top
// rung (a treaty alliance for pairs, kBlocTopLevel for blocs) cannot go up, so those
// alternatives leave the choice set.
Probabilities probabilities(const Utilities& u, int level, int top = kTreatyAlliance);

// The choice that a uniform number in [0, 1) picks: down, hold and up in that order.
Choice draw(const Probabilities& p, double uniform);

// Rung change of a bilateral tie: down if either side chooses down (ending or cooling a tie needs
// no consent), up if both choose up (mutual consent), otherwise 0.
int pair_move(Choice a, Choice b);

// A member blocks a bloc upgrade when its preference for down over up exceeds the threshold.
bool vetoes(const Utilities& member, double veto_threshold);

// Rung change of a bloc-partner tie: down if the partner or the bloc chooses down; up if both
// choose up and no member vetoes; otherwise 0.
int bloc_move(Choice partner, Choice bloc, bool vetoed);

}  // namespace geosim::tie_choice
