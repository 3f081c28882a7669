#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/core/number.hpp"
#include "engine/core/params.hpp"
#include "engine/shocks/shock_compile.hpp"

namespace geosim {

namespace {

// "{pK}" in a summary becomes slot K as a percentage, "{vK}" its value (engine/shocks/shock_run.cpp).
std::string pct(int slot) { return "{p" + std::to_string(slot) + "}"; }
std::string cut(int slot) { return "{m" + std::to_string(slot) + "}"; }
std::string val(int slot) { return "{v" + std::to_string(slot) + "}"; }

std::string ids(const World& w, const std::vector<int>& agents) {
    std::string s;
    for (int a : agents) s += (s.empty() ? "" : ", ") + w.agents[a].id;
    return s;
}

// A slot for an optional argument: the number given, or `fallback`.
int optional_slot(ShockBuilder& b, const char* key, double lo, double hi, double fallback) {
    const InputNode& e = b.node();
    return e.has(key) ? b.slot(e.at(key), lo, hi, key) : b.fixed_slot(fallback, key);
}

// The `targets` of a kind with a sender (agents or blocs), the sender left out; at least one.
std::vector<int> targets_of(ShockBuilder& b, int sender) {
    const InputNode& e = b.node();
    std::vector<int> targets = b.agents(e.at("targets"));
    targets.erase(std::remove(targets.begin(), targets.end(), sender), targets.end());
    if (targets.empty()) e.at("targets").fail("the targets must include an agent other than the sender");
    return targets;
}

Effect relation(Lever lever, EffectOp op, std::vector<std::pair<int, int>> cells, int value,
                std::vector<int> sectors = {}) {
    Effect f;
    f.kind = Effect::Kind::Relation;
    f.lever = lever;
    f.op = op;
    f.cells = std::move(cells);
    f.value = value;
    f.sectors = std::move(sectors);
    return f;
}

// The optional `sectors:` of a trade lever (every group when absent), its words for the event
// log, and the share of the flow exporter -> importer at the start that those groups carry.
struct Groups {
    std::vector<int> ids;  // empty: every group
    std::string words;     // "" or " of ELE, MAC"
};

Groups groups_of(ShockBuilder& b, const InputNode& node) {
    Groups g;
    if (auto sec = node.get("sectors")) {
        g.ids = b.sectors(*sec);
        for (int k : g.ids) g.words += (g.words.empty() ? " of " : ", ") + b.world().sectors[k].id;
    }
    return g;
}

// The default change of the boycotted public's trust in the boycotting one (docs/shocks.md).
constexpr double kBoycottTrust = -0.05;

// Quarters in which a shift of trust halves: ln 0.5 / ln(1 - perception.trust_reversion).
double trust_half_life(const World& w) {
    const double r = w.params.perception.trust_reversion;
    return r > 0 ? std::log(0.5) / std::log(1 - r) : std::numeric_limits<double>::infinity();
}

// The impulse of a visible act on the targets' publics: each target's public loses a share
// perception.trust_salience x salience of its trust in the sender above -1 in the quarter the
// act starts (docs/model.md, perception). `salience` is 0-1, 1 by default: a government's act
// named against one target leads the news there whatever the share of trade it blocks.
Effect salience_of(ShockBuilder& b, int sender, const std::vector<int>& targets) {
    Effect f;
    f.kind = Effect::Kind::Salience;
    for (int t : targets) f.cells.emplace_back(t, sender);
    f.value = optional_slot(b, "salience", 0, 1, 1);
    return f;
}

// The impulse of an act on the salience of the alignment question to `agents`: it rises to at
// least the value of `slot` in the quarter the act fires, then fades (docs/model.md, alignment).
Effect news(const std::vector<int>& agents, int slot) {
    Effect f;
    f.kind = Effect::Kind::News;
    f.agents = agents;
    f.value = slot;
    return f;
}

double flow_share(const World& w, const Groups& g, int exporter, int importer) {
    if (g.ids.empty()) return 1;
    const double total = w.trade0(exporter, importer);
    if (total <= 0) return 0;
    double part = 0;
    for (int k : g.ids) part += w.sector_trade0[k](exporter, importer);
    return part / total;
}

void sanctions(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int sender = b.agent(e.at("sender")), target = b.agent(e.at("target"));
    if (sender == target) e.at("target").fail("the target must differ from the sender");
    const int blocked = optional_slot(b, "imports_blocked", 0, 1, 0);
    const int tourism = optional_slot(b, "tourism_cut", 0, 1, 0);
    const int invest = optional_slot(b, "investment_restricted", 0, 1, 0);
    const int closures = optional_slot(b, "closures", 0, 1, 0);
    const bool formal = e.has("formal") && e.at("formal").as_bool();
    const Groups g = groups_of(b, e);
    // The sender blocks imports from the target (of the groups named, or all goods), its
    // tourists' spending there and the target's investment in it; the target feels coerced by
    // the largest of the three, the blocked imports counted as a share of the whole flow. Max:
    // with another ban or a boycott on the same pair the larger share holds, in any list order.
    s.effects.push_back(relation(Lever::TradeBlock, EffectOp::Max, {{sender, target}}, blocked, g.ids));
    s.effects.push_back(relation(Lever::TourismBlock, EffectOp::Max, {{sender, target}}, tourism));
    s.effects.push_back(relation(Lever::InvestBlock, EffectOp::Max, {{sender, target}}, invest));
    for (int v : {blocked, tourism, invest}) {
        Effect c = relation(Lever::Coercion, EffectOp::Max, {{target, sender}}, v);
        if (v == blocked && !g.ids.empty()) c.factors = {flow_share(w, g, target, sender)};
        s.effects.push_back(c);
    }
    Effect off;
    off.kind = Effect::Kind::WriteOff;
    off.cells = {{target, sender}};
    off.value = closures;
    s.effects.push_back(off);
    const Effect seen = salience_of(b, sender, {target});
    s.effects.push_back(seen);
    s.effects.push_back(news({target}, seen.value));
    const std::string S = w.agents[sender].id, T = w.agents[target].id;
    s.summary = S + " restricts imports from " + T + " (" + (formal ? "formal" : "informal") + "): " +
                pct(blocked) + " of trade" + g.words + " blocked, tourism " + cut(tourism) + ", investment " +
                cut(invest) + ", " + pct(closures) + " of " + T + "'s investment in " + S + " closed; salience " +
                val(seen.value);
    s.agent = sender;
    s.partner = target;
}

void boycott(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int origin = b.agent(e.at("public")), target = b.agent(e.at("target"));
    if (origin == target) e.at("target").fail("the target must differ from the public");
    if (!e.has("visitors") && !e.has("goods")) e.fail("a boycott needs visitors, goods or both");
    if (e.has("sectors") && !e.has("goods")) e.at("sectors").fail("sectors name the boycotted goods: give goods too");
    const int visitors = optional_slot(b, "visitors", 0, 1, 0);
    const int goods = optional_slot(b, "goods", 0, 1, 0);
    const int trust = optional_slot(b, "trust", -1, 0, kBoycottTrust);
    const int salience = optional_slot(b, "salience", 0, 1, 1);
    const Groups g = groups_of(b, e);
    // The origin's public stops buying the target's goods (of the groups named, or all) and
    // booking trips there: trips booked before the boycott still go ahead (TourismBoycott, not
    // TourismBlock; models/tourism.cpp). No government acts, so no Coercion: the target's
    // government has no one to feel coerced by. Max, not Set: where a government's ban holds on
    // the same pair the larger share stops the flow, whatever the order of the shocks
    // (docs/shocks.md).
    s.effects.push_back(relation(Lever::TradeBlock, EffectOp::Max, {{origin, target}}, goods, g.ids));
    s.effects.push_back(relation(Lever::TourismBoycott, EffectOp::Max, {{origin, target}}, visitors));
    // The target's public, boycotted, trusts the boycotting public less (an impulse that then
    // reverts with trust).
    Effect shift;
    shift.kind = Effect::Kind::TrustShift;
    shift.cells = {{target, origin}};
    shift.value = trust;
    s.effects.push_back(shift);
    // A boycott of a whole country leads its news: the question of where it stands becomes
    // salient to the target (`salience`, 0-1, 1 by default).
    s.effects.push_back(news({target}, salience));
    const std::string O = w.agents[origin].id, T = w.agents[target].id;
    s.summary = "the public of " + O + " boycotts " + T + ": " + pct(goods) + " of goods" + g.words +
                " from " + T + " and " + pct(visitors) + " of visits to " + T + " stopped; " + T +
                "'s trust in " + O + " moves by " + val(trust);
    s.agent = origin;
    s.partner = target;
}

void opinion(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int origin = b.agent(e.at("public"));
    std::vector<int> toward = b.agents(e.at("toward"));
    toward.erase(std::remove(toward.begin(), toward.end(), origin), toward.end());
    if (toward.empty()) e.at("toward").fail("toward must include an agent other than the public");
    // A shift of trust, which lives in [-1, 1]; perception keeps the sum there.
    const int shift = b.slot(e.at("shift"), -1, 1, "shift");
    Effect f;
    f.kind = Effect::Kind::TrustShift;
    for (int t : toward) f.cells.emplace_back(origin, t);
    f.value = shift;
    s.effects.push_back(f);
    const double half = trust_half_life(w);
    s.summary = "the public of " + w.agents[origin].id + " changes its trust in " + ids(w, toward) + " by " +
                val(shift) +
                (std::isfinite(half) ? " (halving every " + format_number(std::round(half * 10) / 10) + " quarters)"
                                     : " (lasting: trust does not revert)");
    s.agent = origin;
    if (toward.size() == 1) s.partner = toward[0];
}

// A government's words in public about partners: its own public's trust in them moves a share
// of the room toward the side the words point to (docs/model.md, perception, "Statements").
void statement(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int speaker = b.agent(e.at("speaker"));
    std::vector<int> toward = b.agents(e.at("toward"));
    toward.erase(std::remove(toward.begin(), toward.end(), speaker), toward.end());
    if (toward.empty()) e.at("toward").fail("toward must include an agent other than the speaker");
    const std::string tone = e.at("tone").as_string();
    const std::vector<std::string> tones = {"warm", "critical"};
    if (std::find(tones.begin(), tones.end(), tone) == tones.end())
        e.at("tone").fail("unknown tone '" + tone + "': warm or critical" + did_you_mean(tone, tones));
    Effect f;
    f.kind = Effect::Kind::Statement;
    f.sign = tone == "warm" ? 1 : -1;
    for (int t : toward) f.cells.emplace_back(speaker, t);
    const int salience = optional_slot(b, "salience", 0, 1, 1);
    f.value = salience;
    s.effects.push_back(f);
    const std::string S = w.agents[speaker].id;
    s.summary = S + (f.sign > 0 ? " embraces " : " denounces ") + ids(w, toward) + " in public: the public of " + S +
                (f.sign > 0 ? " gains a share of its trust below +1 in " : " loses a share of its trust above -1 in ") +
                ids(w, toward) + " (salience " + val(salience) + ")";
    s.agent = speaker;
    if (toward.size() == 1) s.partner = toward[0];
}

// One step of a `schedule:` list: its value slot and the quarters after the shock's firing in
// which it holds (to the next step's date; the last step while the shock is active).
struct Step {
    int slot = -1;
    int from = 0, to = -1;
    std::string when;  // "2027Q1", for the event words
};

// A `schedule:` of {at: DATE, KEY: value} steps in increasing date order, for a shock that fires
// `at` a date (offsets count from that firing).
std::vector<Step> schedule_of(ShockBuilder& b, const InputNode& list, const std::string& key, double lo, double hi) {
    const Trigger& t = b.shock().trigger;
    if (t.kind != Trigger::Kind::At || t.every > 0)
        list.fail("a schedule of dates needs a shock that fires once, 'at' a date");
    std::vector<Step> steps;
    const std::vector<InputNode> rows = list.elements();
    if (rows.empty()) list.fail("a schedule needs at least one step");
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const InputNode& e = rows[k];
        if (!e.is_map()) e.fail("expected {at: DATE, " + key + ": value}");
        e.allow_keys({"at", key});
        const InputNode date = e.at("at");
        const int offset = b.step_of(date) - t.at;
        const QuarterIndex q = b.world().start + t.at + offset;
        if (offset < 0)
            date.fail("date " + format_quarter(q) + " is before the shock fires (" +
                      format_quarter(b.world().start + t.at) + ")");
        if (!steps.empty() && offset <= steps.back().from)
            date.fail("schedule dates must increase: " + format_quarter(q) + " comes after " + steps.back().when);
        if (!steps.empty()) steps.back().to = offset;
        steps.push_back({b.slot(e.at(key), lo, hi, "schedule[" + std::to_string(k) + "]." + key), offset, -1,
                         format_quarter(q)});
    }
    return steps;
}

// Exactly one of `key` (one value, holding from the firing while the shock is active) and
// `schedule` (dated values of `key`): the steps either way, the one value's slot named `name`.
std::vector<Step> steps_of(ShockBuilder& b, const InputNode& e, const std::string& key, double lo, double hi,
                           const std::string& name) {
    if (e.has(key) == e.has("schedule")) e.fail("give exactly one of '" + key + "' and 'schedule'");
    if (e.has("schedule")) return schedule_of(b, e.at("schedule"), key, lo, hi);
    return {{b.slot(e.at(key), lo, hi, name), 0, -1, format_quarter(b.world().start + b.shock().trigger.at)}};
}

// A lasting effect held for one step of a schedule.
Effect at_step(Effect f, const Step& st) {
    f.from = st.from;
    f.to = st.to;
    return f;
}

// The rate (or schedule of rates) of a tariff, as effects adding to `cells` of the groups named,
// each multiplied by the `coverage` slot; returns words such as "10% from 2026Q1, 20% from 2027Q1".
std::string tariff_effects(ShockBuilder& b, const InputNode& e, const std::vector<std::pair<int, int>>& cells,
                           const std::vector<int>& groups, int coverage, const std::string& prefix) {
    const std::vector<Step> steps = steps_of(b, e, "rate", -10, 10, prefix + "rate");
    std::string words;
    for (const Step& st : steps) {
        Effect on = relation(Lever::Tariff, EffectOp::Add, cells, st.slot, groups);
        on.scale = coverage;
        b.shock().effects.push_back(at_step(on, st));
        words += (words.empty() ? "" : ", ") + pct(st.slot) + (e.has("schedule") ? " from " + st.when : "");
    }
    return words;
}

void tariff(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int sender = b.agent(e.at("sender"));
    const std::vector<int> targets = targets_of(b, sender);
    const int coverage = optional_slot(b, "coverage", 0, 1, 1);
    const Groups g = groups_of(b, e);
    std::vector<std::pair<int, int>> cells, back;
    for (int t : targets) {
        cells.emplace_back(sender, t);
        back.emplace_back(t, sender);
    }
    // Tariff shocks on the same goods add up, each list with its own rate, coverage and dates;
    // a negative rate cuts the rate (an exclusion, or a cut below the start's applied rate);
    // the applied rate stays at or above 0 (engine/shocks/shock_run.cpp, and the compile check of
    // check_tariff_floor).
    const std::string rate = tariff_effects(b, e, cells, g.ids, coverage, "");
    s.summary = w.agents[sender].id + " sets a tariff of " + rate + " on " + pct(coverage) + " of goods" +
                g.words + " from " + ids(w, targets);
    if (auto r = e.get("retaliation")) {
        r->allow_keys({"rate", "schedule", "coverage", "sectors"});
        const int rc = r->has("coverage") ? b.slot(r->at("coverage"), 0, 1, "retaliation.coverage")
                                          : b.fixed_slot(1, "retaliation.coverage");
        const Groups rg = groups_of(b, *r);
        const std::string rr = tariff_effects(b, *r, back, rg.ids, rc, "retaliation.");
        s.summary += "; they retaliate with " + rr + " on " + pct(rc) + " of its goods" + rg.words;
    }
    s.agent = sender;
    if (targets.size() == 1) s.partner = targets[0];
}

// A trade agreement among `members`: each member's tariff on the others' goods falls by a share
// of the rate applied at the start (the world's `tariffs`), by schedule, on the share of trade
// that qualifies and claims the preference (`utilisation`), deeper or shallower by group
// (`sector_depth`); optionally a subsidy-like pull of investment among members and a move of
// each member public's trust in the others (docs/shocks.md).
void agreement(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const std::vector<int> members = b.agents(e.at("members"));
    if (members.size() < 2) e.at("members").fail("an agreement needs at least two members");
    if (w.tariff0.empty())
        e.fail("the world gives no applied tariffs (a 'tariffs' section), so an agreement has nothing to cut");
    const int groups = w.sector_count();
    std::vector<double> depth(groups, 1.0);
    std::vector<std::string> depth_words;
    if (auto d = e.get("sector_depth")) {
        for (auto& [id, node] : d->items()) {
            const int k = w.sector_index(id);
            if (k < 0) {
                std::vector<std::string> ids;
                for (const Sector& sec : w.sectors) ids.push_back(sec.id);
                node.fail("unknown sector '" + id + "'" + did_you_mean(id, ids));
            }
            depth[k] = b.resolve(node).as_number(0, 1);
            depth_words.push_back(id + " x" + format_number(depth[k]));
        }
    }
    const int utilisation = optional_slot(b, "utilisation", 0, 1, 1);
    const std::vector<Step> steps = steps_of(b, e, "cut", 0, 1, "cut");
    // One effect per group and step: the change of each pair's rate is -cut x utilisation x
    // depth x the start's rate (factors), so pairs already at zero (an older agreement) gain nothing.
    for (int g = 0; g < groups; ++g) {
        if (depth[g] == 0) continue;
        std::vector<std::pair<int, int>> cells;
        std::vector<double> factors;
        for (int j : members)
            for (int i : members)
                if (i != j && w.tariff0[g](j, i) > 0) {
                    cells.emplace_back(j, i);
                    factors.push_back(-w.tariff0[g](j, i) * depth[g]);
                }
        if (cells.empty()) continue;
        for (const Step& st : steps) {
            Effect f = relation(Lever::Tariff, EffectOp::Add, cells, st.slot, {g});
            f.factors = factors;
            f.scale = utilisation;
            s.effects.push_back(at_step(f, st));
        }
    }
    std::string cuts;
    for (const Step& st : steps) cuts += (cuts.empty() ? "" : ", ") + pct(st.slot) + " from " + st.when;
    s.summary = "agreement of " + ids(w, members) + ": tariffs among members cut by " + cuts +
                " of the applied rate, on the " + pct(utilisation) + " of trade that claims it" +
                (depth_words.empty() ? "" : " (groups: " + [&] {
                    std::string t;
                    for (const auto& d : depth_words) t += (t.empty() ? "" : ", ") + d;
                    return t;
                }() + ")");
    std::vector<std::pair<int, int>> pairs;
    for (int i : members)
        for (int j : members)
            if (i != j) pairs.emplace_back(i, j);
    if (e.has("investment")) {
        const int subsidy = b.slot(e.at("investment"), 0, 1, "investment");
        s.effects.push_back(relation(Lever::InvestPromotion, EffectOp::Add, pairs, subsidy));
        s.summary += "; members' investment in each other pulled as by a subsidy of " + pct(subsidy) + " of its cost";
    }
    if (e.has("trust")) {
        Effect f;
        f.kind = Effect::Kind::TrustShift;
        f.cells = pairs;
        f.value = b.slot(e.at("trust"), -1, 1, "trust");
        s.effects.push_back(f);
        s.summary += "; each member public's trust in the others moves by " + val(f.value);
    }
    if (members.size() == 2) {
        s.agent = members[0];
        s.partner = members[1];
    }
}

// Words that join parts of a summary: "a, b and c".
std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (std::size_t k = 0; k < parts.size(); ++k)
        out += (k == 0 ? "" : k + 1 == parts.size() ? " and " : ", ") + parts[k];
    return out;
}

// A reward from the sender to the target (docs/shocks.md): it lifts shocks before their end,
// opens the sender's market to the target's goods, encourages the sender's visitors to go there,
// pledges investment and credit paid in over quarters at a realisation rate, and may move the
// target public's trust in the sender. Each part is optional; at least one is given.
void reward(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int sender = b.agent(e.at("sender")), target = b.agent(e.at("target"));
    if (sender == target) e.at("target").fail("the target must differ from the sender");
    if (!e.has("lift") && !e.has("market_access") && !e.has("visitors") && !e.has("pledge") && !e.has("trust"))
        e.fail("a reward needs at least one of lift, market_access, visitors, pledge or trust");
    if (e.has("sectors") && !e.has("market_access"))
        e.at("sectors").fail("sectors name the goods let in: give market_access too");
    const std::string S = w.agents[sender].id, T = w.agents[target].id;
    std::vector<std::string> parts;
    if (auto lift = e.get("lift")) {
        // The names are resolved once the whole list is read (compile_shocks), as `after:` is.
        std::vector<std::string> names;
        if (lift->is_sequence()) {
            for (const InputNode& n : lift->elements()) names.push_back(n.as_string());
            if (names.empty()) lift->fail("the list of shocks to lift is empty");
        } else {
            names.push_back(lift->as_string());
        }
        parts.push_back("lifts " + joined(names));
    }
    if (e.has("market_access")) {
        // trade_promotion(i, j) cuts the cost of importer i's purchases from j: the sender's
        // barriers to the target's goods, as a share of their price (a tariff equivalent).
        const InputNode given = b.resolve(e.at("market_access"));
        if (given.is_scalar() && given.as_number() < 0)
            given.fail("market_access is a barrier removed, a share of the price, and cannot be negative "
                       "(to close a market use sanctions or a tariff)");
        const int cut = b.slot(e.at("market_access"), 0, kMaxTradeCut, "market_access");
        const Groups g = groups_of(b, e);
        s.effects.push_back(relation(Lever::TradePromotion, EffectOp::Add, {{sender, target}}, cut, g.ids));
        parts.push_back("opens its market to " + T + "'s goods" + g.words + " (barriers worth " + pct(cut) +
                        " of their price removed)");
    }
    if (e.has("visitors")) {
        const int rise = b.slot(e.at("visitors"), 0, kMaxVisitorRise, "visitors");
        s.effects.push_back(relation(Lever::TourismPromotion, EffectOp::Add, {{sender, target}}, rise));
        parts.push_back("encourages its visitors to " + T + " (arrivals +" + pct(rise) + " once adjusted)");
    }
    if (auto p = e.get("pledge")) {
        p->allow_keys({"investment", "credit", "quarters", "realised"});
        if (!p->has("investment") && !p->has("credit")) p->fail("a pledge needs investment, credit or both");
        const int quarters = static_cast<int>(p->at("quarters").as_int(1, 400));
        const int realised = b.slot(p->at("realised"), 0, 1, "pledge.realised");
        // A pledge of A USD bn paid in evenly over Q quarters at a realisation rate r flows at
        // A r / Q a quarter, 4 A r / Q a year (the unit of flows), from the firing for Q quarters.
        std::vector<std::string> money;
        for (auto [key, lever] : {std::pair{"investment", Lever::PledgedInvestment},
                                  std::pair{"credit", Lever::PledgedCredit}}) {
            if (!p->has(key)) continue;
            const int amount = b.slot(p->at(key), 0, 1000, std::string("pledge.") + key);
            Effect f = relation(lever, EffectOp::Add, {{sender, target}}, amount);
            f.scale = realised;
            f.factors = {4.0 / quarters};
            f.to = quarters;
            f.from_day = true;  // a pledge from a date pays its last part in quarter `quarters`
            s.effects.push_back(f);
            money.push_back("USD " + val(amount) + " bn of " + key);
        }
        parts.push_back("pledges " + joined(money) + " over " + std::to_string(quarters) + " quarters, " +
                        pct(realised) + " of it paid in");
    }
    if (e.has("trust")) {
        Effect f;
        f.kind = Effect::Kind::TrustShift;
        f.cells = {{target, sender}};
        f.value = b.slot(e.at("trust"), -1, 1, "trust");
        s.effects.push_back(f);
        parts.push_back(T + "'s public's trust in " + S + " moves by " + val(f.value));
    }
    s.summary = S + " rewards " + T + ": ";
    for (std::size_t k = 0; k < parts.size(); ++k) s.summary += (k ? "; " : "") + parts[k];
    s.agent = sender;
    s.partner = target;
}

// Official aid from a donor (docs/shocks.md): development aid or security assistance, USD bn a
// year to each recipient, a fixed amount or a schedule, and optionally a move of their ties.
void aid(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int donor = b.agent(e.at("donor"));
    std::vector<int> recipients = b.agents(e.at("recipients"));
    recipients.erase(std::remove(recipients.begin(), recipients.end(), donor), recipients.end());
    if (recipients.empty()) e.at("recipients").fail("the recipients must include an agent other than the donor");
    const InputNode purpose = e.at("purpose");
    const std::string kind = purpose.as_string();
    if (kind != "development" && kind != "security")
        purpose.fail("unknown purpose '" + kind + "': development or security" +
                     did_you_mean(kind, {"development", "security"}));
    const Lever lever = kind == "security" ? Lever::Assistance : Lever::Aid;
    // assistance(i, j) and aid(i, j): what j gives i.
    std::vector<std::pair<int, int>> cells;
    for (int r : recipients) cells.emplace_back(r, donor);
    std::string amounts;
    for (const Step& st : steps_of(b, e, "amount", 0, 1000, "amount")) {
        s.effects.push_back(at_step(relation(lever, EffectOp::Add, cells, st.slot), st));
        amounts += (amounts.empty() ? "USD " : ", ") + val(st.slot) + " bn a year" +
                   (e.has("schedule") ? " from " + st.when : "");
    }
    s.summary = w.agents[donor].id + " gives " + (kind == "security" ? "security assistance" : "development aid") +
                " of " + amounts + (recipients.size() > 1 ? " each" : "") + " to " + ids(w, recipients);
    if (auto m = e.get("tie_move")) {
        Effect f;
        f.kind = Effect::Kind::TieMove;
        const int move = static_cast<int>(m->as_int(-5, 5));
        for (int r : recipients) f.cells.emplace_back(std::min(donor, r), std::max(donor, r));
        f.value = b.fixed_slot(move, "tie_move");
        s.effects.push_back(f);
        if (move != 0)
            s.summary += "; their ties move " + std::string(move > 0 ? "up " : "down ") + std::to_string(std::abs(move)) +
                         (std::abs(move) == 1 ? " rung" : " rungs");
    }
    s.agent = donor;
    if (recipients.size() == 1) s.partner = recipients[0];
}

void export_controls(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int sender = b.agent(e.at("sender"));
    const std::vector<int> targets = targets_of(b, sender);
    const int withheld = b.slot(e.at("share"), 0, 1, "share");
    const Groups g = groups_of(b, e);
    // export_control(i, j): share of j's exports to i withheld by j. The targets feel coerced
    // by the share of their imports from the sender that is withheld.
    std::vector<std::pair<int, int>> cells;
    Effect coerced = relation(Lever::Coercion, EffectOp::Max, {}, withheld);
    for (int t : targets) {
        cells.emplace_back(t, sender);
        coerced.cells.emplace_back(t, sender);
        coerced.factors.push_back(flow_share(w, g, sender, t));
    }
    // Max, as sanctions and boycotts: two controls on one pair hold the larger share in any order.
    s.effects.push_back(relation(Lever::ExportControl, EffectOp::Max, cells, withheld, g.ids));
    s.effects.push_back(coerced);
    const Effect seen = salience_of(b, sender, targets);
    s.effects.push_back(seen);
    s.effects.push_back(news(targets, seen.value));
    s.summary = w.agents[sender].id + " withholds " + pct(withheld) + " of its exports" +
                (g.words.empty() ? " of all goods" : g.words) + " to " + ids(w, targets) +
                " (export controls); salience " + val(seen.value);
    s.agent = sender;
    if (targets.size() == 1) s.partner = targets[0];
}

void maritime_incident(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    Effect f;
    f.kind = Effect::Kind::Incident;
    f.zone = b.zone(e.at("zone"));
    const int rung = e.has("rung") ? static_cast<int>(e.at("rung").as_int(1, 5)) : 1;
    f.value = b.fixed_slot(rung, "rung");
    s.effects.push_back(f);
    const Zone& z = w.zones[f.zone];
    // Whether it leads the news on both sides (`salience`, 0-1): by default a seizure or an
    // armed clash (rung 4 or 5) does and water cannon or less does not; a file that replays a
    // headline incident lower on the ladder (a ramming that sinks a boat) says so.
    const Effect news = b.incident_news(e, f.zone, rung);
    s.effects.push_back(news);
    s.summary = "an incident at " + z.name + " starts at rung " + std::to_string(rung) + "; salience " + val(news.value);
    s.agent = z.rival;
    s.partner = z.claimant;
}

void partnership(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    if (e.has("level") == e.has("move")) e.fail("a partnership needs exactly one of level or move");
    Effect f;
    const std::string a = e.at("a").as_string(), bb = e.at("b").as_string();
    const int bloc_a = w.bloc_index(a), bloc_b = w.bloc_index(bb);
    if (bloc_a >= 0 || bloc_b >= 0) {
        if (bloc_a >= 0 && bloc_b >= 0) e.at("b").fail("a tie joins a bloc and an agent, not two blocs");
        const int bloc = bloc_a >= 0 ? bloc_a : bloc_b;
        for (int p : b.agents(bloc_a >= 0 ? e.at("b") : e.at("a"))) f.bloc_cells.emplace_back(bloc, p);
    } else {
        const int i = b.agent(e.at("a")), j = b.agent(e.at("b"));
        if (i == j) e.at("b").fail("a tie joins two different agents");
        f.cells.emplace_back(std::min(i, j), std::max(i, j));
        s.agent = i;
        s.partner = j;
    }
    if (e.has("level")) {
        f.kind = Effect::Kind::TieSet;
        const int level = tie_level(e.at("level"));
        f.value = b.fixed_slot(level, "level");
        s.summary = a + " and " + bb + " set their tie to level " + std::to_string(level);
    } else {
        f.kind = Effect::Kind::TieMove;
        const int move = static_cast<int>(e.at("move").as_int(-5, 5));
        f.value = b.fixed_slot(move, "move");
        s.summary = a + " and " + bb + " move their tie " + (move > 0 ? "up " : "down ") +
                    std::to_string(std::abs(move)) + (std::abs(move) == 1 ? " rung" : " rungs");
    }
    s.effects.push_back(f);
}

// One side's choice toward partners, in place of its draw (docs/model.md, "Security ties"): what
// a workshop delegation decides for its country.
void tie_stance(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const std::string word = e.at("stance").as_string();
    const std::vector<std::string> words = {"down", "hold", "up"};
    const auto it = std::find(words.begin(), words.end(), word);
    if (it == words.end()) e.at("stance").fail("unknown stance '" + word + "': down, hold or up" + did_you_mean(word, words));
    const int stance = b.fixed_slot(1.0 + static_cast<double>(it - words.begin()), "stance");
    const std::string verb = word == "up" ? " seeks a closer security tie with " : word == "down" ? " lowers its security tie with "
                                                                                                  : " holds its security ties with ";
    // The partners: agents (their pair ties) and blocs (the tie with the bloc as a whole; a bloc
    // named here does not stand for its members, who are named one by one), in the order given.
    const InputNode partner_node = b.resolve(e.at("partner"));
    std::vector<InputNode> listed;
    if (partner_node.is_sequence())
        for (const InputNode& n : partner_node.elements()) listed.push_back(b.resolve(n));
    else
        listed.push_back(partner_node);
    std::vector<int> partners, blocs;
    for (const InputNode& n : listed) {
        if (const int bloc = w.bloc_index(n.as_string()); bloc >= 0) {
            if (std::find(blocs.begin(), blocs.end(), bloc) == blocs.end()) blocs.push_back(bloc);
        } else if (const int p = b.agent(n); std::find(partners.begin(), partners.end(), p) == partners.end()) {
            partners.push_back(p);
        }
    }
    std::sort(partners.begin(), partners.end());
    std::sort(blocs.begin(), blocs.end());
    auto strategic_only = [&] {
        partners.erase(std::remove_if(partners.begin(), partners.end(), [&](int p) { return !w.agents[p].strategic; }),
                       partners.end());
    };
    // A bloc as the agent decides its ties as a bloc (no member is left to veto); its members'
    // own ties stay theirs.
    const InputNode agent_node = b.resolve(e.at("agent"));
    if (const int bloc = w.bloc_index(agent_node.as_string()); bloc >= 0) {
        if (!blocs.empty()) e.at("partner").fail("a tie joins a bloc and an agent, not two blocs");
        partners.erase(std::remove_if(partners.begin(), partners.end(), [&](int p) { return w.in_bloc(p, bloc); }),
                       partners.end());
        strategic_only();
        if (partners.empty())
            e.at("partner").fail("the partners must include a strategic agent outside " + w.blocs[bloc].id);
        std::vector<std::pair<int, int>> cells;
        for (int p : partners) cells.emplace_back(bloc, p);
        s.effects.push_back(relation(Lever::BlocStance, EffectOp::Set, std::move(cells), stance));
        if (partners.size() == 1) s.partner = partners[0];
        s.summary = w.blocs[bloc].id + verb + ids(w, partners) + " as a bloc";
        return;
    }
    const int agent = b.agent(e.at("agent"));
    if (!w.agents[agent].strategic)
        e.at("agent").fail(w.agents[agent].id + " takes no part in security ties (it is not strategic in the world)");
    partners.erase(std::remove(partners.begin(), partners.end(), agent), partners.end());
    strategic_only();
    blocs.erase(std::remove_if(blocs.begin(), blocs.end(), [&](int bl) { return w.in_bloc(agent, bl) || w.blocs[bl].members.empty(); }),
                blocs.end());
    if (partners.empty() && blocs.empty())
        e.at("partner").fail("the partners must include a strategic agent other than " + w.agents[agent].id +
                             ", or a bloc it is not in");
    std::string named;
    if (!partners.empty()) {
        std::vector<std::pair<int, int>> cells;
        for (int p : partners) cells.emplace_back(agent, p);
        s.effects.push_back(relation(Lever::TieStance, EffectOp::Set, std::move(cells), stance));
        named = ids(w, partners);
    }
    if (!blocs.empty()) {
        std::vector<std::pair<int, int>> cells;
        for (int bl : blocs) {
            cells.emplace_back(bl, agent);
            named += (named.empty() ? "" : ", ") + w.blocs[bl].id + " (as a bloc)";
        }
        s.effects.push_back(relation(Lever::PartnerBlocStance, EffectOp::Set, std::move(cells), stance));
    }
    s.agent = agent;
    if (partners.size() == 1 && blocs.empty()) s.partner = partners[0];
    s.summary = w.agents[agent].id + verb + named;
}

// A government sets its defence spending (a share of GDP) in place of the model's arms-race
// response: what a workshop delegation decides for its country.
void defence(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    Effect f;
    f.kind = Effect::Kind::DefenceSet;
    const int agent = b.agent(e.at("agent"));
    f.agents = {agent};
    f.value = b.slot(e.at("share"), 0.001, 0.2, "share");
    s.effects.push_back(f);
    s.agent = agent;
    s.summary = w.agents[agent].id + " sets its defence spending to " + pct(f.value) + " of GDP";
}

void blockade(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    Effect f;
    for (const InputNode& l : e.at("legs").elements()) f.legs.push_back(b.leg(l));
    if (f.legs.empty()) e.at("legs").fail("a blockade needs at least one leg");
    if (e.has("close") == e.has("tax")) e.fail("a blockade needs exactly one of close or tax");
    std::string names;
    for (int l : f.legs) names += (names.empty() ? "" : ", ") + w.legs[l].name;
    // A closure names as partner the agent whose port every closed leg reaches, if one does (a
    // blockade of Taiwan's ports names Taiwan; a strait, or a premium on routes, names none).
    if (e.has("close"))
        for (int a = 0; a < w.n() && s.partner < 0; ++a) {
            const int port = w.agents[a].port;
            if (port >= 0 && std::all_of(f.legs.begin(), f.legs.end(),
                                         [&](int l) { return w.legs[l].a == port || w.legs[l].b == port; }))
                s.partner = a;
        }
    if (e.has("close")) {
        if (!e.at("close").as_bool()) e.at("close").fail("close must be true");
        f.kind = Effect::Kind::LegClose;
        s.summary = "blockade closes " + names;
    } else {
        f.kind = Effect::Kind::LegTax;
        f.value = b.slot(e.at("tax"), 0, 100, "tax");
        s.summary = "blockade raises the cost of " + names + " by " + pct(f.value);
    }
    s.effects.push_back(f);
}

void parameter(ShockBuilder& b) {
    const InputNode& e = b.node();
    Shock& s = b.shock();
    const InputNode path = e.at("parameter");
    const ParamDef* def = find_param(path.as_string());
    if (!def) path.fail("unknown parameter '" + path.as_string() + "'" + did_you_mean(path.as_string(), param_paths()));
    if (e.has("set") + e.has("add") + e.has("scale") != 1) e.fail("expected exactly one of set, add or scale");
    Effect f;
    f.kind = Effect::Kind::Parameter;
    f.param = static_cast<int>(def - param_defs().data());
    const double span = def->hi - def->lo;
    if (e.has("set")) {
        f.op = EffectOp::Set;
        f.value = b.slot(e.at("set"), def->lo, def->hi, def->path);
    } else if (e.has("add")) {
        f.op = EffectOp::Add;
        f.value = b.slot(e.at("add"), -span, span, def->path);
    } else {
        f.op = EffectOp::Scale;
        f.value = b.slot(e.at("scale"), 0, 100, def->path);
    }
    s.effects.push_back(f);
    const char* verb = f.op == EffectOp::Set ? " set to " : f.op == EffectOp::Add ? " raised by " : " scaled by ";
    s.summary = std::string("parameter ") + param_defs()[f.param].path + verb + val(f.value);
}

// A promotion's size: a share of a cost, never negative (a restriction or a dearer trade is
// another kind), at most `hi`.
int promotion_slot(ShockBuilder& b, const char* key, double hi) {
    const InputNode n = b.resolve(b.node().at(key));
    if (n.is_scalar() && n.as_number() < 0)
        n.fail(std::string(key) + " is a subsidy, a share of the cost, and cannot be negative" +
               (std::string(key) == "investment" ? " (to restrict investment use sanctions' investment_restricted)"
                                                 : " (to make trade dearer use a tariff)"));
    return b.slot(b.node().at(key), 0, hi, key);
}

void promotion(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int origin = b.agent(e.at("origin"));
    std::vector<int> hosts = b.agents(e.at("hosts"));
    hosts.erase(std::remove(hosts.begin(), hosts.end(), origin), hosts.end());
    if (hosts.empty()) e.at("hosts").fail("the hosts must include an agent other than the origin");
    if (!e.has("investment") && !e.has("trade")) e.fail("a promotion needs investment, trade or both");
    if (e.has("sectors") && !e.has("trade")) e.at("sectors").fail("sectors go with trade (investment is not held by goods group)");
    s.summary = w.agents[origin].id + " promotes its firms'";
    if (e.has("investment")) {
        // invest_promotion(i, h): the share of the cost of i's investment in h that i subsidises.
        const int subsidy = promotion_slot(b, "investment", 1);
        std::vector<std::pair<int, int>> cells;
        for (int h : hosts) cells.emplace_back(origin, h);
        s.effects.push_back(relation(Lever::InvestPromotion, EffectOp::Add, cells, subsidy));
        s.summary += " investment (a subsidy of " + pct(subsidy) + " of its cost)";
    }
    if (e.has("trade")) {
        // trade_promotion(i, j) cuts the price of importer i's purchases from j: the origin's
        // sales to the hosts and its purchases from them both.
        const int cut = promotion_slot(b, "trade", kMaxTradeCut);
        const Groups g = groups_of(b, e);
        std::vector<std::pair<int, int>> cells;
        for (int h : hosts) {
            cells.emplace_back(h, origin);
            cells.emplace_back(origin, h);
        }
        s.effects.push_back(relation(Lever::TradePromotion, EffectOp::Add, cells, cut, g.ids));
        s.summary += std::string(e.has("investment") ? " and" : "") + " trade (prices cut by " + pct(cut) +
                     (g.words.empty() ? "" : ", goods" + g.words) + ")";
    }
    s.summary += " with " + ids(w, hosts);
    s.agent = origin;
    if (hosts.size() == 1) s.partner = hosts[0];
}

void us_election(ShockBuilder& b) {
    const InputNode& e = b.node();
    const World& w = b.world();
    Shock& s = b.shock();
    const int us = w.west;
    std::vector<int> allies;
    for (int j = 0; j < w.n(); ++j)
        if (j != us && w.ties0(us, j) == kTreatyAlliance) allies.push_back(j);
    double total = 0;
    const InputNode list = e.at("outcomes");
    for (const InputNode& o : list.elements()) {
        o.allow_keys({"name", "probability", "credibility", "tariffs", "alliance_posture",
                      "assistance", "investment_incentives"});
        Outcome out;
        out.name = o.at("name").as_string();
        out.probability = o.at("probability").as_number(0, 1);
        total += out.probability;
        out.summary = "US election: " + out.name;
        if (auto c = o.get("credibility")) {
            Effect f;
            f.kind = Effect::Kind::Credibility;
            f.value = b.slot(*c, 0, 1, out.name + ".credibility");
            out.effects.push_back(f);
            out.summary += ", credibility " + val(f.value);
        }
        if (auto t = o.get("tariffs")) {
            for (auto& [key, node] : t->items()) {
                std::vector<int> on;
                if (key == "universal") {
                    for (int j = 0; j < w.n(); ++j)
                        if (j != us) on.push_back(j);
                } else {
                    const int a = w.index_of(key), bl = w.bloc_index(key);
                    if (a < 0 && bl < 0) {
                        std::vector<std::string> known = {"universal"};
                        for (const auto& ag : w.agents) known.push_back(ag.id);
                        for (const auto& bc : w.blocs) known.push_back(bc.id);
                        node.fail("unknown agent '" + key + "'" + did_you_mean(key, known));
                    }
                    if (a >= 0) on.push_back(a);
                    else on = w.blocs[bl].members;
                }
                std::vector<std::pair<int, int>> cells;
                for (int j : on)
                    if (j != us) cells.emplace_back(us, j);
                const int slot = b.slot(node, 0, 10, out.name + ".tariffs." + key);
                out.effects.push_back(relation(Lever::Tariff, EffectOp::Add, cells, slot));
                out.summary += ", tariffs " + pct(slot) + (key == "universal" ? " on all" : " on " + key);
            }
        }
        const int posture = o.has("alliance_posture") ? static_cast<int>(o.at("alliance_posture").as_int(-1, 1)) : 0;
        if (posture < 0) {
            Effect f;
            f.kind = Effect::Kind::TieMove;
            for (int a : allies) f.cells.emplace_back(std::min(us, a), std::max(us, a));
            f.value = b.fixed_slot(-1, out.name + ".alliance_posture");
            out.effects.push_back(f);
            out.summary += ", alliances loosened";
        } else if (posture > 0) {
            std::vector<std::pair<int, int>> cells;
            for (int a : allies) cells.emplace_back(a, us);
            const int slot = o.has("assistance") ? b.slot(o.at("assistance"), 0, 1000, out.name + ".assistance")
                                                 : b.fixed_slot(0, out.name + ".assistance");
            // Add, so that aid shocks to the same allies add to it in any order.
            out.effects.push_back(relation(Lever::Assistance, EffectOp::Add, cells, slot));
            out.summary += ", allies reassured (assistance " + val(slot) + " bn a year each)";
        } else if (o.has("assistance")) {
            o.at("assistance").fail("assistance goes with alliance_posture: 1");
        }
        if (auto inc = o.get("investment_incentives")) {
            Effect f;
            f.kind = Effect::Kind::Parameter;
            f.op = EffectOp::Scale;
            f.param = static_cast<int>(find_param("investment.beta_alignment") - param_defs().data());
            f.value = b.slot(*inc, 0, 10, out.name + ".investment_incentives");
            out.effects.push_back(f);
            out.summary += ", friend-shoring x" + val(f.value);
        }
        s.outcomes.push_back(std::move(out));
    }
    // Whatever the outcome, an election puts the question of where each agent stands before
    // its public: the salience of alignment rises to `salience` (0-1, 1 by default) for all.
    std::vector<int> everyone(w.n());
    for (int j = 0; j < w.n(); ++j) everyone[j] = j;
    s.effects.push_back(news(everyone, optional_slot(b, "salience", 0, 1, 1)));
    if (s.outcomes.empty()) list.fail("an election needs at least one outcome");
    if (std::fabs(total - 1) > 1e-9) list.fail("outcome probabilities sum to " + format_number(total) + ", not 1");
    s.agent = us;
}

}  // namespace

const std::vector<BuiltinKind>& builtin_kinds() {
    static const std::vector<BuiltinKind> kinds = {
        {"us_election", "a US election: one outcome drawn per firing sets credibility, tariffs, alliance posture and friend-shoring",
         {"outcomes", "salience"}, us_election},
        {"sanctions", "THAAD-style coercion: the sender blocks imports (of some goods groups or all), tourism and investment from the target",
         {"sender", "target", "imports_blocked", "sectors", "tourism_cut", "investment_restricted", "closures", "formal", "salience"}, sanctions},
        {"boycott", "a public (not its government) stops buying the target's goods (of some groups or all) and visiting it; no coercion",
         {"public", "target", "visitors", "goods", "sectors", "trust", "salience"}, boycott},
        {"opinion", "a public's trust in other agents moves for reasons the model does not represent; it reverts as trust does",
         {"public", "toward", "shift"}, opinion},
        {"statement", "a government's words in public, warm or critical, about partners: its own public's trust in them moves a share of the way toward +1 or -1",
         {"speaker", "toward", "tone", "salience"}, statement},
        {"export_controls", "the sender withholds a share of its exports of some goods groups (or all) from the targets: licences, halts, technology controls",
         {"sender", "targets", "share", "sectors", "salience"}, export_controls},
        {"maritime_incident", "an incident in a disputed zone, starting at a rung of the incident ladder",
         {"zone", "rung", "salience"}, maritime_incident},
        {"tariff", "a change of the sender's tariff on the targets' goods (of some groups or all; a rate or a schedule of dated rates; a cut may go down to zero), with optional retaliation",
         {"sender", "targets", "rate", "schedule", "coverage", "sectors", "retaliation"}, tariff},
        {"agreement", "a trade agreement: members cut their applied tariffs on each other by schedule, on the share of trade that qualifies; optional investment and trust effects",
         {"members", "cut", "schedule", "utilisation", "sector_depth", "investment", "trust"}, agreement},
        {"reward", "the sender rewards the target: lifts named shocks before their end, opens its market (a cost cut of some goods groups or all), encourages its visitors, pledges investment or credit paid in at a realisation rate, moves trust",
         {"sender", "target", "lift", "market_access", "sectors", "visitors", "pledge", "trust"}, reward},
        {"aid", "official aid from a donor: development aid or security assistance (which adds to the recipients' capability), USD bn a year or a schedule, with an optional move of their ties",
         {"donor", "recipients", "purpose", "amount", "schedule", "tie_move"}, aid},
        {"partnership", "set or move a security tie (an agent pair, or a bloc and a partner)",
         {"a", "b", "level", "move"}, partnership},
        {"blockade", "close sea legs or raise their cost; trade reroutes", {"legs", "close", "tax"}, blockade},
        {"defence", "a government sets its defence spending, a share of GDP, in place of the model's arms-race response; the budget moves toward it at macro.defence_adjustment a quarter",
         {"agent", "share"}, defence},
        {"tie_stance", "one side's choice on its security ties with partners (up, hold or down) in place of the model's draw: what a workshop delegation decides",
         {"agent", "partner", "stance"}, tie_stance},
        {"promotion", "a government moves its firms' investment (a subsidy, share of its cost) and trade (a cost cut, of some goods groups or all) toward chosen hosts: southbound policies, China+1 subsidies, friend-shoring credits",
         {"origin", "hosts", "investment", "trade", "sectors"}, promotion},
        {"parameter", "set, add to or scale a model parameter (a policy lever)",
         {"parameter", "set", "add", "scale"}, parameter},
    };
    return kinds;
}

}  // namespace geosim
