#include "models/security_ties.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "engine/core/levers.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"
#include "models/tie_choice.hpp"
#include "models/tie_pressure.hpp"

namespace geosim::security_ties {

namespace {

using tie_choice::Choice;

constexpr std::uint64_t kPairPurpose = purpose_key("ties");
constexpr std::uint64_t kBlocPurpose = purpose_key("bloc_ties");

const char* level_name(int level) {
    static const char* const names[kTieLevels] = {
        "no tie", "dialogue partnership", "comprehensive partnership", "strategic partnership",
        "comprehensive strategic partnership", "treaty alliance"};
    return names[level];
}

std::string change_detail(const std::string& a, const std::string& b, int move, int level) {
    return a + " and " + b + (move > 0 ? " raise" : " lower") + " their tie to " +
           level_name(level) + " (" + std::to_string(level) + ")";
}

// How many of each agent's largest threats the shared threat reads in order before it scans
// every third agent. Below 32 agents the scan alone is cheaper than ordering the rows.
int threat_kept(int n) { return n >= 32 ? 8 : 0; }

// The weights of the pressure's four terms, in the order Calibration::tie_weights0 keeps them.
std::array<double, 4> weights_of(const TiesParams& p) {
    return {p.w_threat, p.w_interdependence, p.w_trust, p.w_retaliation};
}

// Side s's pressure toward p at the start under today's weights: the calibrated sum while the
// weights are those it was summed with, else the start's terms summed afresh, so that a shock
// that moves a weight weighs the terms' changes since the start and not their start levels.
double start_pressure(const World& world, bool calibrated, int s, int p) {
    const Calibration& c = world.calib;
    if (calibrated) return c.tie_pressure0(s, p);
    return tie_pressure::pressure_of(world.params.ties, c.tie_shared0(s, p), c.tie_interdependence0(s, p),
                                     world.trust0(s, p), c.tie_retaliation0(s, p));
}

// Each strategic side's pressure toward each strategic partner above its starting value (so
// that the observed ties are the status quo), computed once per quarter for pairs and blocs.
Matrix pressure_change(const World& world, const State& now) {
    const int n = world.n();
    const auto totals = tie_pressure::total_trade(now);
    const Matrix without_self = tie_pressure::threat_without_self(now);
    const tie_pressure::ThreatOrder order = tie_pressure::threat_order(without_self, threat_kept(n));
    const bool calibrated = weights_of(world.params.ties) == world.calib.tie_weights0;
    Matrix delta(n, 0.0);
    for (int s = 0; s < n; ++s) {
        if (!world.agents[s].strategic) continue;
        for (int p = s + 1; p < n; ++p) {
            if (!world.agents[p].strategic) continue;
            const auto pressures = tie_pressure::pair_pressures(world, now, totals, without_self, order, s, p);
            delta(s, p) = pressures.ab - start_pressure(world, calibrated, s, p);
            delta(p, s) = pressures.ba - start_pressure(world, calibrated, p, s);
        }
    }
    return delta;
}

// The two sides of a pair (a partner and its bloc) draw from one stream: the first side the
// first output of its Philox block, the second side the second, so a pair costs one block.
Choice draw(const tie_choice::Utilities& u, int level, int top, Stream& stream) {
    return tie_choice::choose(u, level, top, stream.uniform());
}

double gap(const State& s, int a, int b) { return alignment::gap(s.alignment[a], s.alignment[b]); }

// A side's choice set by a `tie_stance` shock replaces its draw (a delegation decides for its
// country in a workshop session). A move the ladder does not offer at this level (up at the
// top, down at none) is a hold, as the draw never picks it either.
Choice decided(const State& now, Lever lever, double stance, Choice drawn, int level, int top) {
    if (!(now.levers_set & lever_bit(lever)) || stance == 0) return drawn;
    const Choice c = stance == 1 ? Choice::Down : stance == 3 ? Choice::Up : Choice::Hold;
    if ((c == Choice::Up && level >= top) || (c == Choice::Down && level == 0)) return Choice::Hold;
    return c;
}

constexpr int kUndecided = 2;

// The move of a pair (or a bloc and its partner) once one side has chosen `first`, where the
// other side's choice cannot change it (pair_move, bloc_move): after a Down the tie falls
// whatever the other side chooses, and at level 0, where no Down is open to either side, after a
// Hold it stays. kUndecided otherwise.
int decided_by(Choice first, int level) {
    if (first == Choice::Down) return -1;
    if (first == Choice::Hold && level == 0) return 0;
    return kUndecided;
}

void step_pairs(const World& world, const State& now, State& next, const Streams& streams,
                const Matrix& delta, int cooldown) {
    const TiesParams& params = world.params.ties;
    const int n = world.n();
    for (int i = 0; i < n; ++i) {
        if (!world.agents[i].strategic) continue;
        for (int j = i + 1; j < n; ++j) {
            if (!world.agents[j].strategic) continue;
            const int wait = now.tie_cooldown(i, j);
            if (wait > 0) {
                next.tie_cooldown(i, j) = next.tie_cooldown(j, i) = wait - 1;
                continue;
            }
            const int level = now.ties(i, j);
            const std::uint64_t pair = pair_key(world.calib.agent_keys[i], world.calib.agent_keys[j]);
            const double g = gap(now, i, j);
            const auto u_i = tie_choice::utilities(params, level, delta(i, j), g);
            // The ladder's top for this pair: an agent's ceiling (Taiwan's unofficial ties) caps it.
            const int top = std::min(world.agents[i].tie_ceiling, world.agents[j].tie_ceiling);
            Stream stream = streams.get(kPairPurpose, now.step, pair, 0);
            const Choice c_i = decided(now, Lever::TieStance, now.tie_stance(i, j), draw(u_i, level, top, stream), level, top);
            // j's choice is drawn only where it can change the move (decided_by, above: after i's
            // choice, its stance included); each pair has a stream of its own, of which j's draw
            // is the second number, so a draw left out moves no other number.
            int move = decided_by(c_i, level);
            if (move == kUndecided) {
                const auto u_j = tie_choice::utilities(params, level, delta(j, i), g);
                const Choice c_j = decided(now, Lever::TieStance, now.tie_stance(j, i), draw(u_j, level, top, stream), level, top);
                move = tie_choice::pair_move(c_i, c_j);
            }
            if (move == 0) continue;
            next.ties(i, j) = next.ties(j, i) = level + move;
            next.tie_cooldown(i, j) = next.tie_cooldown(j, i) = cooldown;
            next.events.push_back({"tie_change", i, j,
                                   change_detail(world.agents[i].id, world.agents[j].id, move,
                                                 level + move)});
        }
    }
}

// One bloc-partner tie: the partner weighs the bloc as a whole (its mean pressure toward the
// members); the bloc decides by one draw from the members' mean utilities, and an upgrade also
// needs that no member is strongly against.
void step_bloc_tie(const World& world, const State& now, State& next, const Streams& streams,
                   const Matrix& delta, int cooldown, int b, int partner) {
    const TiesParams& params = world.params.ties;
    const auto& members = world.blocs[b].members;
    const int level = now.bloc_ties(b, partner);

    double partner_delta = 0.0, mean_gap = 0.0;
    double mean_up = 0.0, mean_down = 0.0;
    bool vetoed = false;
    for (int m : members) {
        partner_delta += delta(partner, m);
        mean_gap += gap(now, m, partner);
        const auto u = tie_choice::utilities(params, level, delta(m, partner), gap(now, m, partner));
        mean_up += u.up;
        mean_down += u.down;
        vetoed = vetoed || tie_choice::vetoes(u, params.veto_threshold);
    }
    const double count = static_cast<double>(members.size());
    const tie_choice::Utilities bloc_u{mean_up / count, mean_down / count};
    const auto partner_u = tie_choice::utilities(params, level, partner_delta / count, mean_gap / count);

    const std::uint64_t slot = pair_key(world.calib.bloc_keys[b], world.calib.agent_keys[partner]);
    const int top = std::min(kBlocTopLevel, world.agents[partner].tie_ceiling);
    // A bloc whose choice is set (a workshop delegation playing the bloc) has decided for all
    // its members: no member is left to veto it.
    const bool bloc_set = (now.levers_set & lever_bit(Lever::BlocStance)) && now.bloc_stance(b, partner) != 0;
    if (bloc_set) vetoed = false;
    // At level 0 a veto leaves nothing to draw: no Down is open, and the only Up is vetoed.
    if (vetoed && level == 0) return;
    Stream stream = streams.get(kBlocPurpose, now.step, slot, 0);
    const Choice c_partner = decided(now, Lever::PartnerBlocStance, now.partner_bloc_stance(b, partner),
                                     draw(partner_u, level, top, stream), level, top);
    int move = decided_by(c_partner, level);
    if (move == kUndecided) {
        const Choice c_bloc = decided(now, Lever::BlocStance, now.bloc_stance(b, partner),
                                      draw(bloc_u, level, top, stream), level, top);
        move = tie_choice::bloc_move(c_partner, c_bloc, vetoed);
    }
    if (move == 0) return;
    next.bloc_ties(b, partner) = level + move;
    next.bloc_cooldown(b, partner) = cooldown;
    next.events.push_back({"bloc_tie_change", partner, -1,
                           change_detail(world.blocs[b].id, world.agents[partner].id, move,
                                         level + move)});
}

void step_blocs(const World& world, const State& now, State& next, const Streams& streams,
                const Matrix& delta, int cooldown) {
    std::vector<char> member(world.n());  // of bloc b, marked once rather than searched per partner
    for (int b = 0; b < static_cast<int>(world.blocs.size()); ++b) {
        if (world.blocs[b].members.empty()) continue;
        std::fill(member.begin(), member.end(), 0);
        for (int m : world.blocs[b].members) member[m] = 1;
        for (int p = 0; p < world.n(); ++p) {
            if (!world.agents[p].strategic || member[p]) continue;
            const int wait = now.bloc_cooldown(b, p);
            if (wait > 0) {
                next.bloc_cooldown(b, p) = wait - 1;
                continue;
            }
            step_bloc_tie(world, now, next, streams, delta, cooldown, b, p);
        }
    }
}

}  // namespace

void calibrate(World& world, const State& initial) {
    const int n = world.n();
    const auto totals = tie_pressure::total_trade(initial);
    Calibration& c = world.calib;
    c.tie_pressure0 = Matrix(n, 0.0);
    c.tie_shared0 = Matrix(n, 0.0);
    c.tie_interdependence0 = Matrix(n, 0.0);
    c.tie_retaliation0 = Matrix(n, 0.0);
    c.tie_weights0 = weights_of(world.params.ties);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            if (i != j) {
                c.tie_shared0(i, j) = tie_pressure::shared_threat(initial, i, j);
                c.tie_interdependence0(i, j) = tie_pressure::interdependence(initial, totals, i, j);
                c.tie_retaliation0(i, j) = tie_pressure::expected_retaliation(world, initial, totals, i, j);
                // pressure() of the same four terms, summed once
                c.tie_pressure0(i, j) = tie_pressure::pressure_of(world.params.ties, c.tie_shared0(i, j),
                                                                  c.tie_interdependence0(i, j), initial.trust(i, j),
                                                                  c.tie_retaliation0(i, j));
            }
}

void step(const World& world, const State& now, State& next, const Streams& streams) {
    const int cooldown = static_cast<int>(std::lround(world.params.ties.cooldown));
    const Matrix delta = pressure_change(world, now);
    step_pairs(world, now, next, streams, delta, cooldown);
    step_blocs(world, now, next, streams, delta, cooldown);
}

}  // namespace geosim::security_ties
