#include "models/tie_choice.hpp"

#include "engine/core/world.hpp"

namespace geosim::tie_choice {

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
