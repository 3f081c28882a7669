#include "engine/shocks/shock_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <tuple>

#include "engine/core/levers.hpp"
#include "engine/core/number.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/shocks/condition.hpp"
#include "models/trade.hpp"

namespace geosim {

namespace {

double apply(EffectOp op, double current, double v) {
    switch (op) {
        case EffectOp::Set: return v;
        case EffectOp::Add: return current + v;
        case EffectOp::Scale: return current * v;
        case EffectOp::Max: return std::max(current, v);
    }
    return v;
}

// Shares stay shares, tariffs, money and assistance stay non-negative; a promotion cuts at most
// kMaxTradeCut of a price (a cut of the whole price would make the goods free), encouragement
// raises arrivals by at most kMaxVisitorRise.
std::pair<double, double> bounds_of(Lever lever) {
    if (lever == Lever::TradePromotion) return {0.0, kMaxTradeCut};
    if (lever == Lever::TourismPromotion) return {0.0, kMaxVisitorRise};
    const bool share = lever == Lever::TradeBlock || lever == Lever::TourismBlock || lever == Lever::TourismBoycott ||
                       lever == Lever::InvestBlock || lever == Lever::Coercion ||
                       lever == Lever::ExportControl || lever == Lever::InvestPromotion;
    return {0.0, share ? 1.0 : std::numeric_limits<double>::infinity()};
}

double bound(Lever lever, double v) {
    const auto [lo, hi] = bounds_of(lever);
    return std::clamp(v, lo, hi);
}

constexpr double kForever = std::numeric_limits<double>::infinity();

// A moment in quarters since the start as a calendar moment.
Moment moment_at(const World& world, double at) {
    const double step = std::floor(at);
    return {world.start + static_cast<int>(step), at - step};
}

// The lever's value in a quarter that an effect holds for share w of: the mean over the quarter
// of the value with the effect (`with`) and without it (`without`), the other shocks' part held
// through the quarter. w = 1 gives `with` exactly.
double average(double without, double with, double w) { return w == 1.0 ? with : without + w * (with - without); }


// "{pK}" becomes slot K as a percentage, "{mK}" as a cut ("-40.1%", or "0%" for none), "{vK}"
// its value.
std::string fill(const std::string& text, const std::vector<double>& values) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char tag = i + 2 < text.size() ? text[i + 1] : '\0';
        if (text[i] == '{' && (tag == 'p' || tag == 'm' || tag == 'v')) {
            const std::size_t close = text.find('}', i);
            const int slot = std::stoi(text.substr(i + 2, close - i - 2));
            const double v = values[slot];
            out += tag == 'p'   ? format_percent(v)
                   : tag == 'm' ? (format_percent(v) == format_percent(0.0) ? format_percent(0.0) : "-" + format_percent(v))
                                : format_number(std::round(v * 1000) / 1000);
            i = close;
        } else {
            out += text[i];
        }
    }
    return out;
}

void set_tie(const World& world, State& s, int i, int j, int level) {
    const int top = std::min(world.agents[i].tie_ceiling, world.agents[j].tie_ceiling);
    const int cur = s.ties(i, j);
    // A shock can lower any tie but raise it only up to the pair's ceiling.
    const int v = std::clamp(level, 0, std::max(cur, top));
    s.ties(i, j) = s.ties(j, i) = v;
    s.tie_cooldown(i, j) = s.tie_cooldown(j, i) = static_cast<int>(std::lround(world.params.ties.cooldown));
}

void set_bloc_tie(const World& world, State& s, int b, int p, int level) {
    const int top = std::min(kBlocTopLevel, world.agents[p].tie_ceiling);
    s.bloc_ties(b, p) = std::clamp(level, 0, std::max(s.bloc_ties(b, p), top));
    s.bloc_cooldown(b, p) = static_cast<int>(std::lround(world.params.ties.cooldown));
}

// i's trust in j this quarter after the quarter's earlier impulses on the pair, within [-1, 1]:
// what a salient act, a headline incident or a statement takes its share of the room from.
double trust_after_impulses(const State& s, int i, int j) {
    return std::clamp(s.trust(i, j) + s.trust_shift(i, j), -1.0, 1.0);
}

void impulse(const World& world, const Effect& f, double v, State& s) {
    switch (f.kind) {
        case Effect::Kind::Incident:
            s.forced_rung[f.zone] = std::max(s.forced_rung[f.zone], static_cast<int>(v));
            break;
        case Effect::Kind::TieSet:
        case Effect::Kind::TieMove: {
            const bool set = f.kind == Effect::Kind::TieSet;
            const int k = static_cast<int>(v);
            for (auto [i, j] : f.cells) set_tie(world, s, i, j, set ? k : s.ties(i, j) + k);
            for (auto [b, p] : f.bloc_cells) set_bloc_tie(world, s, b, p, set ? k : s.bloc_ties(b, p) + k);
            break;
        }
        case Effect::Kind::WriteOff:
            for (auto [i, j] : f.cells) s.fdi_stock(i, j) *= 1 - v;
            break;
        case Effect::Kind::TrustShift:
            // Perception adds the shift to the quarter's trust, which then returns toward its
            // start value at perception.trust_reversion, as after any other event.
            for (auto [i, j] : f.cells) s.trust_shift(i, j) += v;
            break;
        case Effect::Kind::Salience:
        case Effect::Kind::Headline: {
            // A visible act against i's public (Salience), or an incident at sea that leads the
            // news on both sides (Headline), takes a share of what separates its trust in the
            // other from -1 (docs/model.md, perception): the same act costs a public that still
            // trusts the actor more than one that already distrusts it. The room is read after
            // this quarter's earlier impulses on the pair, as for statements, so two acts in one
            // quarter take 1 - (1 - share)^2 of it and trust never passes -1.
            const double share = f.kind == Effect::Kind::Salience ? world.params.perception.trust_salience
                                                                  : world.params.perception.incident_salience;
            for (auto [i, j] : f.cells) s.trust_shift(i, j) -= share * v * (1 + trust_after_impulses(s, i, j));
            break;
        }
        case Effect::Kind::Statement:
            // What its leaders say in public moves a public's trust in the partner by a share of
            // the room left toward the side they point to (docs/model.md, perception): the room
            // after this quarter's earlier impulses, so statements in one quarter compound
            // (two warm ones take 1 - (1 - 0.32)^2 of it) and never pass +1 or -1.
            for (auto [i, j] : f.cells) {
                const double t = trust_after_impulses(s, i, j);
                s.trust_shift(i, j) += f.sign > 0 ? world.params.perception.statement_warm * v * (1 - t)
                                                  : -world.params.perception.statement_critical * v * (1 + t);
            }
            break;
        case Effect::Kind::News:
            // The strongest news of the quarter sets the salience (any order of the list).
            for (int i : f.agents) s.salience[i] = std::max(s.salience[i], v);
            break;
        default:
            break;
    }
}

// `written` gains the levers that the effect sets; it holds for share w of the quarter
// (docs/shocks.md, "Dates within a quarter").
void lasting(const Effect& f, double v, double w, State& s, Params& params, unsigned& written) {
    switch (f.kind) {
        case Effect::Kind::Relation: {
            auto value = [&](std::size_t k) { return f.factors.empty() ? v : v * f.factors[k]; };
            written |= lever_bit(f.lever);
            if (std::vector<Matrix>* groups = group_lever(s, f.lever)) {
                // Bounded once all shocks have acted (begin_quarter), so that lists and
                // exclusions add up in any order.
                auto one = [&](Matrix& m) {
                    for (std::size_t k = 0; k < f.cells.size(); ++k) {
                        auto [i, j] = f.cells[k];
                        m(i, j) = average(m(i, j), apply(f.op, m(i, j), value(k)), w);
                    }
                };
                if (f.sectors.empty())
                    for (Matrix& m : *groups) one(m);
                else
                    for (int g : f.sectors) one((*groups)[g]);
                break;
            }
            Matrix& m = *pair_lever(s, f.lever);
            for (std::size_t k = 0; k < f.cells.size(); ++k) {
                auto [i, j] = f.cells[k];
                m(i, j) = bound(f.lever, average(m(i, j), apply(f.op, m(i, j), value(k)), w));
            }
            break;
        }
        case Effect::Kind::Credibility:
            s.credibility = std::clamp(average(s.credibility, apply(f.op, s.credibility, v), w), 0.0, 1.0);
            break;
        case Effect::Kind::Parameter: {
            const ParamDef& d = param_defs()[f.param];
            double& p = d.ref(params);
            p = std::clamp(average(p, apply(f.op, p, v), w), d.lo, d.hi);
            if (d.integer) p = std::round(p);
            break;
        }
        // A lane is open or closed, and a government's defence budget is its own or the one
        // set, for a whole quarter: they hold in a quarter the effect holds half of or more.
        case Effect::Kind::LegClose:
            if (w >= 0.5)
                for (int l : f.legs) s.leg_policy[l] = std::numeric_limits<double>::infinity();
            break;
        case Effect::Kind::LegTax:
            for (int l : f.legs) s.leg_policy[l] *= 1 + w * v;
            break;
        case Effect::Kind::DefenceSet:
            if (w >= 0.5)
                for (int a : f.agents) s.defence_set[a] = v;
            break;
        default:
            break;
    }
}

// The trade levers' bounds, which hold once all of a day's shocks have acted (so that lists and
// exclusions add up in any order): shares stay shares, and a tariff's change may cut the rate
// but never below zero, at least minus the start's rate. A lever no shock set is all zeros and
// within them already (the world file's rates are in [0, 5]).
void bound_group_levers(const World& world, State& s, unsigned written) {
    for (auto [lever, groups] : {std::pair{Lever::TradeBlock, &s.trade_block},
                                 std::pair{Lever::ExportControl, &s.export_control},
                                 std::pair{Lever::TradePromotion, &s.trade_promotion}}) {
        if (!(written & lever_bit(lever))) continue;
        const auto [lo, hi] = bounds_of(lever);
        for (Matrix& m : *groups)
            for (double& v : m.values()) v = std::clamp(v, lo, hi);
    }
    for (std::size_t g = 0; g < s.tariff.size() && (written & lever_bit(Lever::Tariff)); ++g) {
        std::vector<double>& change = s.tariff[g].values();
        if (world.tariff0.empty()) {
            for (double& v : change) v = std::max(v, 0.0);
            continue;
        }
        const std::vector<double>& start = world.tariff0[g].values();
        for (std::size_t c = 0; c < change.size(); ++c) change[c] = std::max(change[c], -start[c]);
    }
}

// A relation effect in force in the quarter, with the days it holds: [step, step + carried) and
// [from, to) (docs/shocks.md, "Dates within a quarter").
struct Piece {
    const Effect* effect;
    double value;
    double carried, from, to;
    // Whether it holds every day of [a, b) (a span between the pieces' first and last days), or
    // on moment `day`.
    bool holds(int step, double a, double b) const {
        return (carried > 0 && b <= step + carried) || (to > from && from <= a && b <= to);
    }
    bool holds_at(int step, double day) const {
        return (carried > 0 && day < step + carried) || (to > from && from <= day && day < to);
    }
};

// Applies the pieces for which holds(piece) is true to `s`'s relation levers, in list order from
// their start values (zeros on entry) as in a whole quarter, then bounds them. Returns the levers set.
template <typename Holds>
unsigned apply_pieces(const World& world, const std::vector<Piece>& pieces, Holds&& holds, State& s, Params& params) {
    unsigned set = 0;
    for (const Piece& p : pieces)
        if (holds(p)) lasting(*p.effect, p.value, 1.0, s, params, set);
    bound_group_levers(world, s, set);
    return set;
}

// Calls f(m_now, m_span, m_first) for the matching matrices of each lever in `levers` (bits of Lever).
template <typename F>
void each_lever(unsigned levers, State& now, State& span, State& first, F&& f) {
    for (auto [lever, groups] : kGroupLevers)
        if (levers & lever_bit(lever))
            for (std::size_t g = 0; g < (now.*groups).size(); ++g) f((now.*groups)[g], (span.*groups)[g], (first.*groups)[g]);
    for (auto [lever, m] : kPairLevers)
        if (levers & lever_bit(lever)) f(now.*m, span.*m, first.*m);
}

// The relation levers of a quarter in which some effect holds only part of the days: the mean
// over the days of the value that each day's effects give the lever, applied in list order from
// the start value as in a whole quarter. The days split at every effect's first and last day
// into spans in which the same effects hold; the mean is the first span's levers plus each later
// span's difference from them times its share of the quarter (a lever no effect moves within
// the quarter keeps its value to the bit). `now`'s relation levers are all zeros on entry, as
// the quarter's rebuild leaves them. Returns the levers set; now.tourism_span_* receive the tour
// bans of every span (visitors fade what a ban released within the quarter).
unsigned day_mean(const World& world, const std::vector<Piece>& pieces, int step, State& now, Params& params) {
    std::vector<double> cuts{static_cast<double>(step), step + 1.0};
    for (const Piece& p : pieces) {
        if (p.carried > 0) cuts.push_back(step + p.carried);
        if (p.to > p.from) cuts.insert(cuts.end(), {p.from, p.to});
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    State span;  // the levers of one span, then of the first
    for (auto [lever, groups] : kGroupLevers) span.*groups = now.*groups;
    for (auto [lever, m] : kPairLevers) span.*m = now.*m;
    State first = span;
    unsigned written = 0;
    bool started = false;
    for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        const double a = cuts[c], b = cuts[c + 1];
        if (a < step || b > step + 1.0) continue;
        each_lever(written, now, span, first, [](Matrix&, Matrix& m, Matrix&) { m.fill(0.0); });
        const unsigned set =
            apply_pieces(world, pieces, [&](const Piece& p) { return p.holds(step, a, b); }, span, params);
        written |= set;
        const double share = b - a;
        now.tourism_span_share.push_back(share);
        now.tourism_span_block.push_back(span.tourism_block);
        each_lever(written, now, span, first, [&](Matrix& out, Matrix& m, Matrix& m0) {
            if (!started) {
                out = m;
                m0 = m;
                return;
            }
            std::vector<double>& o = out.values();
            const std::vector<double>& v = m.values();
            const std::vector<double>& v0 = m0.values();
            for (std::size_t k = 0; k < o.size(); ++k) o[k] += share * (v[k] - v0[k]);
        });
        started = true;
    }
    if (!(written & lever_bit(Lever::TourismBlock))) {
        now.tourism_span_share.clear();
        now.tourism_span_block.clear();
    }
    return written;
}

}  // namespace

ShockRun::ShockRun(const World& world, const Streams& streams) : streams_(streams) {
    const std::size_t count = world.shocks.size();
    status_.resize(count);
    draws_.resize(count);
    for (std::size_t k = 0; k < count; ++k) {
        const Shock& s = world.shocks[k];
        for (std::size_t v = 0; v < s.values.size(); ++v) {
            Stream stream = streams.get(purpose_key("draw:" + s.name + "." + s.value_names[v]), 0, v);
            draws_[k].push_back(s.values[v].draw(stream));
        }
        auto uses = [](const std::vector<Effect>& effects) {
            return std::any_of(effects.begin(), effects.end(),
                               [](const Effect& f) { return f.kind == Effect::Kind::Parameter; });
        };
        touches_parameters_ = touches_parameters_ || uses(s.effects);
        for (const Outcome& o : s.outcomes) touches_parameters_ = touches_parameters_ || uses(o.effects);
    }
    // A shock triggered by another is evaluated after it, so `after:` with no delay fires in
    // the same quarter; compile refused cycles, so the depth is finite.
    std::vector<int> depth(count, 0);
    for (std::size_t k = 0; k < count; ++k)
        for (int j = world.shocks[k].trigger.after; j >= 0; j = world.shocks[j].trigger.after) ++depth[k];
    for (std::size_t k = 0; k < count; ++k) order_.push_back(static_cast<int>(k));
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) { return depth[a] < depth[b]; });
    // A follower fires on its leader's day of the quarter.
    elapsed_.resize(count);
    for (int k : order_) {
        const Trigger& t = world.shocks[k].trigger;
        elapsed_[k] = t.kind == Trigger::Kind::At ? world.shocks[k].at_elapsed
                      : t.kind == Trigger::Kind::After ? elapsed_[t.after] : 0.0;
    }
}

ShockRun ShockRun::fork(const World& world, const Streams& future) const {
    ShockRun out(world, future);
    out.status_ = status_;
    out.set_last_ = set_last_;
    for (std::size_t k = 0; k < status_.size(); ++k)
        if (!status_[k].firings.empty()) out.draws_[k] = draws_[k];
    return out;
}

bool ShockRun::due(const World& world, int k, int step, const State& now) const {
    const Shock& s = world.shocks[k];
    const Trigger& t = s.trigger;
    // Past its window nothing fires: a firing starts on its day and must start before `until`.
    if (s.until >= 0 && step + elapsed_[k] >= s.until + s.until_elapsed) return false;
    switch (t.kind) {
        case Trigger::Kind::At:
            return step == t.at || (t.every > 0 && step > t.at && (step - t.at) % t.every == 0);
        case Trigger::Kind::Hazard: {
            if (step < t.from || step > t.to) return false;
            Stream u = streams_.get(purpose_key("shock:" + s.name), static_cast<std::uint64_t>(step));
            return u.uniform() < draws_[k][t.hazard];
        }
        case Trigger::Kind::When:
            return !status_[k].active && !status_[k].rearm && t.when->holds(world, now);
        case Trigger::Kind::After: {
            const auto& f = status_[t.after].firings;
            return std::find(f.begin(), f.end(), step - t.delay) != f.end();
        }
    }
    return false;
}

void ShockRun::fire(const World& world, int k, int step, std::vector<Event>& events) {
    const Shock& s = world.shocks[k];
    Status& st = status_[k];
    const double start = step + elapsed_[k];
    // A repeat while the shock still holds keeps the days of its quarter before the new day.
    st.carried = st.active ? std::clamp(std::min(st.end_at, start) - step, 0.0, elapsed_[k]) : 0.0;
    st.carried_outcome = st.outcome;
    st.active = true;
    st.lifted = false;
    st.firings.push_back(step);
    st.begin_at = start;
    // A duration from a date ends on the same share of the quarter `duration` quarters on.
    st.end_at = s.until >= 0 ? s.until + s.until_elapsed : s.duration > 0 ? start + s.duration : kForever;
    // A firing at or past `until` (a hazard, a condition or a follower) has no lasting effect.
    if (start >= st.end_at) st.active = false;
    std::string words = fill(s.summary, draws_[k]);
    if (!s.outcomes.empty()) {
        Stream u = streams_.get(purpose_key("outcome:" + s.name), static_cast<std::uint64_t>(step));
        const double x = u.uniform();
        double cum = 0;
        st.outcome = static_cast<int>(s.outcomes.size()) - 1;
        for (std::size_t o = 0; o < s.outcomes.size(); ++o)
            if (x < (cum += s.outcomes[o].probability)) {
                st.outcome = static_cast<int>(o);
                break;
            }
        const Outcome& out = s.outcomes[st.outcome];
        words = fill(out.summary, draws_[k]) + " (probability " + format_number(out.probability) + ")";
    }
    if (elapsed_[k] > 0) words += " (from " + format_moment(moment_at(world, start)) + ")";
    if (st.end_at != kForever) words += " (until " + format_moment(moment_at(world, st.end_at)) + ")";
    events.push_back({"shock", s.agent, s.partner, s.name + ": " + words});
}

ShockRun::Days ShockRun::days(int k, const Effect& f, int step, Part part) const {
    const Status& st = status_[k];
    const double fired = st.firings.back(), shift = f.from_day ? elapsed_[k] : 0.0;
    // The days before the firing's day that the firing before it still held, as far as f's own
    // window from that firing reaches (a pledge's quarters may have ended).
    double c = 0;
    if (step == fired && st.carried > 0 && f.from == 0) {
        const double before = st.firings[st.firings.size() - 2];
        const double reach = f.to < 0 ? kForever : before + f.to + shift;
        c = std::clamp(std::min(reach, step + st.carried) - step, 0.0, st.carried);
    }
    if (part == Part::Carried) return {c, 0, 0};
    if (part == Part::Own) c = 0;
    // The shock's window, within the effect's own (a schedule step's quarters, a pledge's
    // quarters from the day), against [step, step + 1).
    const double lo = std::max({st.begin_at, fired + f.from + shift, static_cast<double>(step)});
    const double hi = std::min({st.end_at, f.to < 0 ? kForever : fired + f.to + shift, step + 1.0});
    return {c, lo, hi};
}

double ShockRun::share(int k, const Effect& f, int step, Part part) const {
    // With the carried days: hi - (lo - c), which is exactly 1 for a quarter they make whole.
    const Days d = days(k, f, step, part);
    return d.to > d.from ? d.to - (d.from - d.carried) : d.carried;
}

double ShockRun::value_of(int k, const Effect& f) const {
    const double v = f.value >= 0 ? draws_[k][f.value] : 0.0;
    return f.scale >= 0 ? v * draws_[k][f.scale] : v;
}

void ShockRun::begin_quarter(const World& world, State& now, Params& params, std::vector<Event>& events) {
    const int step = now.step + 1;
    // Every trigger is judged on the previous quarter's state as it was recorded; the impulses
    // of this quarter's firings apply only after all are decided, in list order.
    std::vector<int> fired;
    std::vector<std::pair<std::size_t, int>> fired_at;  // (event index, shock) of each firing
    for (int k : order_) {
        Status& st = status_[k];
        // A lifted shock with a condition fires again only once its condition has been false.
        if (st.rearm && !world.shocks[k].trigger.when->holds(world, now)) st.rearm = false;
        if (st.active && st.end_at <= step) {
            st.active = false;
            if (!st.lifted)
                events.push_back({"shock_end", world.shocks[k].agent, world.shocks[k].partner,
                                  world.shocks[k].name + " ends"});
        }
        if (due(world, k, step, now)) {
            fired_at.emplace_back(events.size(), k);
            fire(world, k, step, events);
            fired.push_back(k);
        }
    }
    std::sort(fired.begin(), fired.end());
    // A reward's `lift` ends the lasting effects of the shocks it names from its day on, as if
    // their time were up; once every firing is decided, so the order of the list does not
    // matter. Only a window that began before the reward's day and still holds after it is
    // lifted: a named shock that fires on the reward's day or later acts as written, and one
    // whose own end comes first ends as written. In a repeat's quarter, the days before its day
    // that the firing before it held are lifted from the reward's day; the repeat then acts as
    // written. Of two rewards lifting one shock, the earlier day lifts it (in a tie, the first
    // in the list). A lifted shock with a condition (`when:`) waits for its condition to be
    // false before it may fire again.
    std::vector<std::tuple<int, int, double>> lifts;  // (lifted shock, reward, moment)
    for (int k : fired) {
        const double at = step + elapsed_[k];
        for (int l : world.shocks[k].lifts) {
            const Status& st = status_[l];
            const bool carried = st.active && st.firings.back() == step && at < step + st.carried;
            if (!carried && (!st.active || st.begin_at >= at || st.end_at <= at)) continue;
            const auto it = std::find_if(lifts.begin(), lifts.end(), [&](const auto& x) { return std::get<0>(x) == l; });
            if (it == lifts.end())
                lifts.emplace_back(l, k, at);
            else if (at < std::get<2>(*it))
                *it = {l, k, at};
        }
    }
    for (const auto& [l, k, at] : lifts) {
        Status& st = status_[l];
        if (at < st.begin_at) {
            st.carried = at - step;  // the firing before held the days to the reward's
        } else {
            st.end_at = at;
            st.active = at > step;  // a lift from a date holds the days before it
            st.lifted = true;
            st.rearm = world.shocks[l].trigger.kind == Trigger::Kind::When;
        }
        events.push_back({"shock_end", world.shocks[l].agent, world.shocks[l].partner,
                          world.shocks[l].name + " lifted by " + world.shocks[k].name});
    }
    for (int k : fired) {
        const Shock& s = world.shocks[k];
        for (const Effect& f : s.effects)
            if (!f.lasting()) impulse(world, f, value_of(k, f), now);
        if (status_[k].outcome >= 0)
            for (const Effect& f : s.outcomes[status_[k].outcome].effects)
                if (!f.lasting()) impulse(world, f, value_of(k, f), now);
    }
    // Levers are rebuilt every quarter from the start values, so an ended shock leaves no trace.
    // Only the shocks write levers, so a lever no shock set last quarter is still all zeros and
    // is not cleared again (49 matrices a quarter in the default world, most quarters none set).
    for (auto [lever, m] : kPairLevers)
        if (set_last_ & lever_bit(lever)) (now.*m).fill(0.0);
    now.tourism_span_share.clear();
    now.tourism_span_block.clear();
    for (auto [lever, groups] : kGroupLevers)
        if (set_last_ & lever_bit(lever))
            for (Matrix& m : now.*groups) m.fill(0.0);
    std::fill(now.leg_policy.begin(), now.leg_policy.end(), 1.0);
    std::fill(now.defence_set.begin(), now.defence_set.end(), 0.0);
    now.credibility = world.credibility0;
    params = world.params;
    unsigned written = 0;  // the levers that some shock set this quarter
    // A relation holds on its days: where one holds part of the quarter, each lever is the mean
    // over the days of what that day's relations give it (day_mean); the other lasting effects
    // hold by their share of the days.
    std::vector<Piece> pieces;
    bool partial = false;
    for (std::size_t k = 0; k < world.shocks.size(); ++k) {
        if (!status_[k].active) continue;
        const Shock& s = world.shocks[k];
        const Status& st = status_[k];
        auto hold = [&](const Effect& f, Part part) {
            if (!f.lasting()) return;
            const double w = share(k, f, step, part);
            if (w <= 0) return;
            if (f.kind != Effect::Kind::Relation) {
                lasting(f, value_of(k, f), w, now, params, written);
                return;
            }
            const Days d = days(k, f, step, part);
            pieces.push_back({&f, value_of(k, f), d.carried, d.from, d.to});
            partial = partial || w != 1.0;
        };
        for (const Effect& f : s.effects) hold(f, Part::Whole);
        // A repeat that drew another outcome: the one before holds the days before its day.
        const bool other = st.carried_outcome != st.outcome && st.firings.back() == step;
        if (st.outcome >= 0)
            for (const Effect& f : s.outcomes[st.outcome].effects) hold(f, other ? Part::Own : Part::Whole);
        if (other && st.carried_outcome >= 0)
            for (const Effect& f : s.outcomes[st.carried_outcome].effects) hold(f, Part::Carried);
    }
    if (partial) {
        written |= day_mean(world, pieces, step, now, params);
    } else {
        for (const Piece& p : pieces) lasting(*p.effect, p.value, 1.0, now, params, written);
    }
    set_last_ = written;
    now.levers_set = written;
    bound_group_levers(world, now, written);
    // The firing of a tariff says the rate each pair it touches now pays on average over the
    // goods, with every list in force (events.csv): on the firing's day where some relation holds
    // part of the quarter (a tariff from a date pays its full rate from that day).
    std::optional<Matrix> pair;
    for (auto [e, k] : fired_at) {
        if (partial) pair.reset();  // the levers of this firing's day, not another's
        // An agreement touches many pairs: the first few are named, the rest counted.
        constexpr int kNamed = 8;
        std::string rates;
        std::set<std::pair<int, int>> named;
        for (const Effect& f : world.shocks[k].effects) {
            if (f.kind != Effect::Kind::Relation || f.lever != Lever::Tariff) continue;
            if (!pair && !partial) pair = trade::pair_applied_tariffs(world, now);
            if (!pair) {
                State day;  // the relation levers of the firing's day, from their start values (zeros)
                for (auto [lever, groups] : kGroupLevers)
                    for (const Matrix& m : now.*groups) (day.*groups).emplace_back(m.n());
                for (auto [lever, m] : kPairLevers) day.*m = Matrix((now.*m).n());
                const double moment = step + elapsed_[k];
                day.levers_set = apply_pieces(
                    world, pieces, [&](const Piece& p) { return p.holds_at(step, moment); }, day, params);
                pair = trade::pair_applied_tariffs(world, day);
            }
            for (auto [i, j] : f.cells) {
                if (!named.insert({i, j}).second || named.size() > kNamed) continue;
                rates += (rates.empty() ? "" : ", ") + world.agents[i].id + " on " + world.agents[j].id + " " +
                         format_percent((*pair)(i, j));
            }
        }
        if (named.size() > kNamed) rates += " and " + std::to_string(named.size() - kNamed) + " more pairs";
        if (!rates.empty()) events[e].detail += "; tariffs now in force on average: " + rates;
    }
}

namespace {

// "shock.argument" of each drawn value, in drawn()'s order; a name already given (two effects of
// one user-defined kind drawing a value for the same field) gets "_2", "_3", ... appended.
std::vector<std::string> drawn_names(const World& world) {
    std::vector<std::string> out;
    std::set<std::string> taken;
    for (const Shock& s : world.shocks)
        for (std::size_t v = 0; v < s.values.size(); ++v) {
            if (s.values[v].is_fixed()) continue;
            const std::string name = s.name + "." + s.value_names[v];
            std::string unique = name;
            for (int k = 2; !taken.insert(unique).second; ++k) unique = name + "_" + std::to_string(k);
            out.push_back(unique);
        }
    return out;
}

}  // namespace

std::vector<std::pair<std::string, double>> ShockRun::drawn(const World& world) const {
    const std::vector<std::string> names = drawn_names(world);
    const std::vector<double> values = drawn_values(world);
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t k = 0; k < names.size(); ++k) out.emplace_back(names[k], values[k]);
    return out;
}

std::vector<double> ShockRun::drawn_values(const World& world) const {
    std::vector<double> out;
    for (std::size_t k = 0; k < world.shocks.size(); ++k) {
        const Shock& s = world.shocks[k];
        for (std::size_t v = 0; v < s.values.size(); ++v)
            if (!s.values[v].is_fixed()) out.push_back(draws_[k][v]);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> drawn_arguments(const World& world) {
    const std::vector<std::string> names = drawn_names(world);
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t k = 0;
    for (const Shock& s : world.shocks)
        for (std::size_t v = 0; v < s.values.size(); ++v)
            if (!s.values[v].is_fixed()) out.emplace_back(names[k++], s.values[v].describe());
    return out;
}

}  // namespace geosim
