#include "engine/run/runner.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

#include "engine/core/levers.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/initial_state.hpp"
#include "engine/shocks/shock_run.hpp"
#include "models/alignment.hpp"
#include "models/escalation.hpp"
#include "models/investment.hpp"
#include "models/macro.hpp"
#include "models/network.hpp"
#include "models/perception.hpp"
#include "models/sea_lanes.hpp"
#include "models/security_ties.hpp"
#include "models/tourism.hpp"
#include "models/trade.hpp"

namespace geosim {

namespace {

// The pair matrices that step() writes whole into next before anything reads them there: trade
// (its totals, groups and orders: trade::step), investment's flows and stocks, threat, trust and
// hostility (perception, the diagonals included), and the trust shifts (zeroed below). Copying
// them into next would be undone at once.
constexpr Matrix State::*kRewrittenPairs[] = {&State::trade,  &State::fdi_flow,  &State::fdi_stock,  &State::threat,
                                              &State::trust,  &State::hostility, &State::trust_shift};
constexpr std::vector<Matrix> State::*kRewrittenGroups[] = {&State::sector_trade, &State::source_share};

// next = now, but a lever that is all zeros in both (outside both levers_set) is not copied:
// the lever matrices are more than half of the State's bytes (49 of 86 matrices in the default
// world), and in most quarters no shock sets any. Nor are the matrices step() rewrites whole
// (kRewrittenPairs, kRewrittenGroups) when next already has their shape. They are set aside by
// swapping (which moves no data) and put back after the copy, so each state keeps its own.
void copy_state(State& now, State& next) {
    const std::uint32_t zeros = ~(now.levers_set | next.levers_set);
    State aside_now, aside_next;
    // Only zeros of the same shape stand for each other (in a run, next starts as a copy of now).
    std::uint32_t skip = 0;
    for (auto [lever, m] : kGroupLevers)
        if ((now.*m).size() == (next.*m).size() && ((now.*m).empty() || (now.*m)[0].n() == (next.*m)[0].n()))
            skip |= zeros & lever_bit(lever);
    for (auto [lever, m] : kPairLevers)
        if ((now.*m).n() == (next.*m).n()) skip |= zeros & lever_bit(lever);
    auto same_groups = [&](std::vector<Matrix> State::*m) {
        return (now.*m).size() == (next.*m).size() && ((now.*m).empty() || (now.*m)[0].n() == (next.*m)[0].n());
    };
    std::uint32_t rewritten = 0;  // bit k: kRewrittenPairs[k], then kRewrittenGroups
    for (std::size_t k = 0; k < std::size(kRewrittenPairs); ++k)
        if ((now.*kRewrittenPairs[k]).n() == (next.*kRewrittenPairs[k]).n()) rewritten |= 1u << k;
    for (std::size_t k = 0; k < std::size(kRewrittenGroups); ++k)
        if (same_groups(kRewrittenGroups[k])) rewritten |= 1u << (std::size(kRewrittenPairs) + k);
    auto swap_skipped = [&] {
        for (auto [lever, m] : kGroupLevers)
            if (skip & lever_bit(lever)) std::swap(now.*m, aside_now.*m), std::swap(next.*m, aside_next.*m);
        for (auto [lever, m] : kPairLevers)
            if (skip & lever_bit(lever)) std::swap(now.*m, aside_now.*m), std::swap(next.*m, aside_next.*m);
        for (std::size_t k = 0; k < std::size(kRewrittenPairs); ++k)
            if (rewritten & (1u << k)) {
                const auto m = kRewrittenPairs[k];
                std::swap(now.*m, aside_now.*m), std::swap(next.*m, aside_next.*m);
            }
        for (std::size_t k = 0; k < std::size(kRewrittenGroups); ++k)
            if (rewritten & (1u << (std::size(kRewrittenPairs) + k))) {
                const auto m = kRewrittenGroups[k];
                std::swap(now.*m, aside_now.*m), std::swap(next.*m, aside_next.*m);
            }
    };
    swap_skipped();
    next = now;
    swap_skipped();
}

}  // namespace

void step(const World& world, State& now, State& next, const Streams& streams) {
    sea_lanes::update(world, now);
    copy_state(now, next);
    next.step = now.step + 1;
    next.events.clear();
    std::fill(next.forced_rung.begin(), next.forced_rung.end(), 0);
    next.trust_shift.fill(0.0);
    trade::step(world, now, next);
    investment::step(world, now, next);
    tourism::step(world, now, next);
    perception::step(world, now, next);
    alignment::step(world, now, next);
    security_ties::step(world, now, next, streams);
    escalation::step(world, now, next, streams);
    macro::step(world, now, next);  // after trade, investment and tourism: it reads their flows in next
    for (int i = 0; i < world.n(); ++i)
        next.gdp_growth[i] = std::pow(next.gdp[i] / now.gdp[i], 4) - 1;
    network::measure(world, next);
}

namespace {

// Sampled parameters make a world of this run's own, calibrated as compile() would, since
// calibration reads some parameters (the escalation ladder's expected severity).
std::optional<World> varied_world(const World& shared, const RunPlan& plan) {
    if (plan.overrides.empty()) return std::nullopt;
    World varied = shared;
    for (const auto& [index, value] : plan.overrides) param_defs()[index].ref(varied.params) = value;
    calibrate(varied);
    return varied;
}

}  // namespace

RunCursor::RunCursor(const World& world, const RunPlan& plan)
    : shared_(&world),
      varied_(varied_world(world, plan)),
      streams_(plan.seed, streams_run_of(plan)),
      shocks_(this->world(), streams_) {
    // Shocks that move a parameter need parameters of their own for this run; every other run
    // shares the one World.
    if (shocks_.touches_parameters()) own_ = this->world();
    now_ = initial_state(this->world());
    next_ = now_;
}

void RunCursor::advance() {
    const World& w = world();
    fired_.clear();
    shocks_.begin_quarter(w, now_, params_, fired_);
    if (own_) own_->params = params_;
    geosim::step(own_ ? *own_ : w, now_, next_, streams_);
    next_.events.insert(next_.events.begin(), fired_.begin(), fired_.end());
    std::swap(now_, next_);
}

RunCursor RunCursor::fork(std::uint64_t run_id) const {
    RunCursor c = *this;
    c.streams_ = Streams(streams_.seed(), run_id);
    c.shocks_ = shocks_.fork(world(), c.streams_);
    return c;
}

void run(const World& shared, const RunPlan& plan, Observer& observer) {
    RunCursor cursor(shared, plan);
    observer.observe(cursor.world(), cursor.state());
    while (!cursor.done()) {
        cursor.advance();
        observer.observe(cursor.world(), cursor.state());
    }
}

}  // namespace geosim
