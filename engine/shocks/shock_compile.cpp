#include "engine/shocks/shock_compile.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <iterator>
#include <set>
#include <tuple>

#include "engine/core/number.hpp"
#include "engine/core/params.hpp"
#include "engine/input/read_number_spec.hpp"
#include "engine/shocks/condition.hpp"

namespace geosim {

namespace {

const std::vector<std::string> kTriggerKeys = {"at", "every", "hazard", "from", "to", "when",
                                               "after", "delay"};
const std::vector<std::string> kCommonKeys = {"name", "kind", "description", "duration", "until"};

const std::vector<std::pair<std::string, Lever>> kLevers = {
    {"tariff", Lever::Tariff},           {"trade_block", Lever::TradeBlock},
    {"tourism_block", Lever::TourismBlock}, {"invest_block", Lever::InvestBlock},
    {"coercion", Lever::Coercion},       {"assistance", Lever::Assistance},
    {"export_control", Lever::ExportControl}, {"invest_promotion", Lever::InvestPromotion},
    {"trade_promotion", Lever::TradePromotion}, {"aid", Lever::Aid},
    {"tourism_promotion", Lever::TourismPromotion}, {"pledged_investment", Lever::PledgedInvestment},
    {"pledged_credit", Lever::PledgedCredit}, {"tourism_boycott", Lever::TourismBoycott}};

std::vector<std::string> first_of(const std::vector<std::pair<std::string, Lever>>& v) {
    std::vector<std::string> out;
    for (const auto& p : v) out.push_back(p.first);
    return out;
}

// The one of set / add / scale that the map holds, with its node.
std::pair<EffectOp, InputNode> operation(const InputNode& n) {
    const bool set = n.has("set"), add = n.has("add"), scale = n.has("scale");
    if (set + add + scale != 1) n.fail("expected exactly one of set, add or scale");
    if (set) return {EffectOp::Set, n.at("set")};
    if (add) return {EffectOp::Add, n.at("add")};
    return {EffectOp::Scale, n.at("scale")};
}

void parse_trigger(ShockBuilder& b) {
    const InputNode& e = b.node();
    Shock& s = b.shock();
    const int given = e.has("at") + e.has("hazard") + e.has("when") + e.has("after");
    if (given != 1) e.fail("a shock needs exactly one trigger: at, hazard, when or after");
    auto only_with = [&](const char* key, const char* trigger) {
        if (e.has(key) && !e.has(trigger))
            e.at(key).fail(std::string("'") + key + "' goes with '" + trigger + "'");
    };
    only_with("every", "at");
    only_with("from", "hazard");
    only_with("to", "hazard");
    only_with("delay", "after");
    Trigger& t = s.trigger;
    if (e.has("at")) {
        t.kind = Trigger::Kind::At;
        std::tie(t.at, s.at_elapsed) = b.moment_of(e.at("at"));
        if (auto every = e.get("every")) t.every = static_cast<int>(every->as_int(1, 400));
    } else if (e.has("hazard")) {
        t.kind = Trigger::Kind::Hazard;
        t.hazard = b.slot(e.at("hazard"), 0, 1, "hazard");
        if (auto from = e.get("from")) t.from = b.step_of(*from);
        if (auto to = e.get("to")) t.to = b.step_of(*to);
        if (t.to < t.from) e.at("to").fail("'to' is before 'from'");
    } else if (e.has("when")) {
        t.kind = Trigger::Kind::When;
        t.when = std::make_shared<const Condition>(Condition::parse(e.at("when"), b.world()));
    } else {
        t.kind = Trigger::Kind::After;
        if (auto delay = e.get("delay")) t.delay = static_cast<int>(delay->as_int(0, 400));
    }
    if (e.has("duration") && e.has("until")) e.at("until").fail("give either duration or until, not both");
    if (auto d = e.get("duration")) s.duration = static_cast<int>(d->as_int(1, 400));
    if (auto u = e.get("until")) {
        std::tie(s.until, s.until_elapsed) = b.moment_of(*u);
        if (t.kind == Trigger::Kind::At && s.until + s.until_elapsed <= t.at + s.at_elapsed)
            u->fail("until " + format_moment({b.world().start + s.until, s.until_elapsed}) +
                    " is not after the shock's first firing " + format_moment({b.world().start + t.at, s.at_elapsed}));
    }
}

// A user-defined kind: `$name` in its effects stands for the shock's argument `name`.
void compile_template(ShockBuilder& b, const std::string& kind, const InputNode& tmpl) {
    const InputNode& e = b.node();
    tmpl.allow_keys({"description", "args", "effects"});
    std::vector<std::string> arg_names;
    for (const InputNode& a : tmpl.at("args").elements()) {
        const std::string name = a.as_string();
        for (const auto* keys : {&kCommonKeys, &kTriggerKeys})
            if (std::find(keys->begin(), keys->end(), name) != keys->end())
                a.fail("argument '" + name + "' would hide the shock key of that name");
        arg_names.push_back(name);
    }
    std::map<std::string, InputNode> args;
    for (const std::string& a : arg_names) {
        if (!e.has(a)) e.fail("kind '" + kind + "' needs argument '" + a + "'");
        args.emplace(a, e.at(a));
    }
    b.bind(args);
    for (const InputNode& eff : tmpl.at("effects").elements()) {
        b.shock().effects.push_back(b.primitive(eff));
        if (b.shock().effects.back().kind == Effect::Kind::Incident) {
            // An incident primitive carries its news as the built-in kind does.
            const InputNode i = b.resolve(b.resolve(eff).at("incident"));
            b.shock().effects.push_back(b.incident_news(i, b.shock().effects.back().zone, b.incident_rung(i)));
        }
    }
    // Event words: each argument as written, numbers as the value drawn for the run.
    std::string summary = kind + ":";
    for (const std::string& a : arg_names) {
        const InputNode& v = args.at(a);
        std::string text;
        if (const int k = b.arg_slot(a); k >= 0) {
            text.append("{v").append(std::to_string(k)).append("}");
        } else if (v.is_sequence()) {
            for (const InputNode& x : v.elements()) text.append(text.empty() ? "" : " ").append(x.as_string());
        } else {
            text = v.as_string();
        }
        summary.append(" ").append(a).append(" ").append(text).append(",");
    }
    summary.pop_back();
    b.shock().summary = summary;
    // The event row names the agents of the first two arguments that are one agent each
    // (`donor: JPN, recipient: PHL`), in the order of `args`, as built-in kinds name theirs.
    for (const std::string& a : arg_names) {
        const InputNode& v = args.at(a);
        if (!v.is_scalar() || b.arg_slot(a) >= 0) continue;
        const int k = b.world().index_of(v.as_string());
        if (k < 0) continue;
        if (b.shock().agent < 0) {
            b.shock().agent = k;
        } else if (b.shock().partner < 0 && k != b.shock().agent) {
            b.shock().partner = k;
            break;
        }
    }
}

// Orders shocks so that each `after:` target comes before the shocks that follow it; refuses
// cycles.
void check_after_cycles(const std::vector<Shock>& shocks, const std::vector<InputNode>& nodes) {
    for (std::size_t k = 0; k < shocks.size(); ++k) {
        std::set<int> seen{static_cast<int>(k)};
        for (int j = shocks[k].trigger.after; j >= 0; j = shocks[j].trigger.after)
            if (!seen.insert(j).second)
                nodes[k].at("after").fail("shocks trigger each other in a cycle through 'after'");
    }
}

}  // namespace

ShockBuilder::ShockBuilder(const World& world, const Names& names, Shock& shock, const InputNode& node)
    : world_(world), names_(names), shock_(shock), node_(node) {}

InputNode ShockBuilder::resolve(const InputNode& n) const {
    if (!n.is_scalar()) return n;
    const std::string text = n.as_string();
    if (text.empty() || text[0] != '$') return n;
    const auto it = args_.find(text.substr(1));
    if (it == args_.end()) n.fail("'" + text + "' names no argument of this kind");
    return it->second;
}

int ShockBuilder::slot(const InputNode& n, double lo, double hi, const std::string& name) {
    std::string arg;
    if (n.is_scalar()) {
        const std::string text = n.as_string();
        if (!text.empty() && text[0] == '$') {
            arg = text.substr(1);
            if (const int k = arg_slot(arg); k >= 0) return k;
        }
    }
    shock_.values.push_back(read_number_spec(resolve(n), lo, hi));
    shock_.value_names.push_back(arg.empty() ? name : arg);
    const int k = static_cast<int>(shock_.values.size()) - 1;
    if (!arg.empty()) arg_slots_[arg] = k;
    return k;
}

int ShockBuilder::fixed_slot(double value, const std::string& name) {
    shock_.values.push_back(NumberSpec::fixed(value));
    shock_.value_names.push_back(name);
    return static_cast<int>(shock_.values.size()) - 1;
}

int ShockBuilder::zone(const InputNode& n) const {
    const InputNode r = resolve(n);
    const std::string id = r.as_string();
    std::vector<std::string> ids;
    for (std::size_t z = 0; z < world_.zones.size(); ++z) {
        if (world_.zones[z].id == id) return static_cast<int>(z);
        ids.push_back(world_.zones[z].id);
    }
    r.fail("unknown zone '" + id + "'" + did_you_mean(id, ids));
}

int ShockBuilder::leg(const InputNode& n) const {
    const InputNode r = resolve(n);
    const std::string id = r.as_string();
    std::vector<std::string> ids;
    for (std::size_t l = 0; l < world_.legs.size(); ++l) {
        if (world_.legs[l].id == id) return static_cast<int>(l);
        ids.push_back(world_.legs[l].id);
    }
    r.fail("unknown sea leg '" + id + "'" + did_you_mean(id, ids));
}

std::vector<int> ShockBuilder::sectors(const InputNode& n) const {
    const InputNode r = resolve(n);
    std::vector<std::string> ids;
    for (const Sector& s : world_.sectors) ids.push_back(s.id);
    std::vector<int> out;
    auto one = [&](const InputNode& e) {
        const std::string id = resolve(e).as_string();
        const int k = world_.sector_index(id);
        if (k < 0) e.fail("unknown sector '" + id + "'" + did_you_mean(id, ids));
        out.push_back(k);
    };
    if (r.is_sequence()) {
        for (const InputNode& e : r.elements()) one(e);
        if (out.empty()) r.fail("the list of sectors is empty (omit it to cover every group)");
    } else {
        one(r);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

int ShockBuilder::step_of(const InputNode& n) const {
    const InputNode r = resolve(n);
    return after_start(r, Moment{r.as_quarter(), 0.0});
}

std::pair<int, double> ShockBuilder::moment_of(const InputNode& n) const {
    const InputNode r = resolve(n);
    const Moment m = r.as_moment();
    return {after_start(r, m), m.elapsed};
}

int ShockBuilder::after_start(const InputNode& r, const Moment& m) const {
    // Step 0 is the data; the first quarter a shock can act in is the one after it.
    if (m.quarter <= world_.start)
        r.fail("date " + format_moment(m) + " is not after the scenario's start " + format_quarter(world_.start) +
               " (shocks act from " + format_quarter(world_.start + 1) + ")");
    return m.quarter - world_.start;
}

int ShockBuilder::incident_rung(const InputNode& incident) const {
    return incident.has("rung") ? static_cast<int>(resolve(incident.at("rung")).as_int(1, 5)) : 1;
}

Effect ShockBuilder::incident_news(const InputNode& n, int zone, int rung) {
    const Zone& z = world_.zones[zone];
    Effect f;
    f.kind = Effect::Kind::Headline;
    f.cells = {{z.claimant, z.rival}, {z.rival, z.claimant}};
    f.value = n.has("salience") ? slot(n.at("salience"), 0, 1, "salience") : fixed_slot(rung >= 4 ? 1 : 0, "salience");
    return f;
}

Effect ShockBuilder::primitive(const InputNode& raw) {
    const InputNode n = resolve(raw);
    if (!n.is_map()) n.fail("expected an effect: relation, agent, parameter, leg, incident, tie or write_off");
    const std::vector<std::string> kinds = {"relation", "agent", "parameter", "leg", "incident", "tie", "write_off"};
    const auto items = n.items();
    const std::string head = items.empty() ? "" : items.front().first;
    Effect f;
    const std::string label = "effect " + head;
    if (head == "relation") {
        n.allow_keys({"relation", "by", "on", "sectors", "set", "add", "scale"});
        const InputNode field = resolve(n.at("relation"));
        const std::string name = field.as_string();
        const auto it = std::find_if(kLevers.begin(), kLevers.end(), [&](const auto& p) { return p.first == name; });
        if (it == kLevers.end()) field.fail("unknown relation '" + name + "'" + did_you_mean(name, first_of(kLevers)));
        f.kind = Effect::Kind::Relation;
        f.lever = it->second;
        if (auto sec = n.get("sectors")) {
            if (f.lever != Lever::Tariff && f.lever != Lever::TradeBlock && f.lever != Lever::ExportControl &&
                f.lever != Lever::TradePromotion)
                sec->fail("sectors apply to tariff, trade_block, export_control and trade_promotion only");
            f.sectors = sectors(*sec);
        }
        // coercion(i, j), assistance(i, j) and aid(i, j) are indexed by the one acted on first.
        const bool by_col = f.lever == Lever::Coercion || f.lever == Lever::Assistance || f.lever == Lever::Aid;
        for (int by : agents(n.at("by")))
            for (int on : agents(n.at("on")))
                if (by != on) f.cells.emplace_back(by_col ? on : by, by_col ? by : on);
        auto [op, v] = operation(n);
        f.op = op;
        const bool money = f.lever == Lever::Assistance || f.lever == Lever::Aid ||
                           f.lever == Lever::PledgedInvestment || f.lever == Lever::PledgedCredit;
        const double hi = money ? 1000 : f.lever == Lever::Tariff ? 10
                        : f.lever == Lever::TourismPromotion ? kMaxVisitorRise : 1;
        f.value = op == EffectOp::Scale ? slot(v, 0, 100, name) : slot(v, op == EffectOp::Set ? 0 : -hi, hi, name);
    } else if (head == "agent") {
        n.allow_keys({"agent", "set", "add", "scale"});
        const InputNode field = resolve(n.at("agent"));
        if (field.as_string() != "credibility")
            field.fail("unknown agent field '" + field.as_string() + "' (only credibility)");
        f.kind = Effect::Kind::Credibility;
        auto [op, v] = operation(n);
        f.op = op;
        f.value = op == EffectOp::Scale ? slot(v, 0, 100, "credibility") : slot(v, op == EffectOp::Set ? 0 : -1, 1, "credibility");
    } else if (head == "parameter") {
        n.allow_keys({"parameter", "set", "add", "scale"});
        const InputNode path = resolve(n.at("parameter"));
        const ParamDef* def = find_param(path.as_string());
        if (!def) path.fail("unknown parameter '" + path.as_string() + "'" + did_you_mean(path.as_string(), param_paths()));
        f.kind = Effect::Kind::Parameter;
        f.param = static_cast<int>(def - param_defs().data());
        auto [op, v] = operation(n);
        f.op = op;
        const double span = def->hi - def->lo;
        f.value = op == EffectOp::Set ? slot(v, def->lo, def->hi, def->path)
                : op == EffectOp::Add ? slot(v, -span, span, def->path)
                                : slot(v, 0, 100, def->path);
    } else if (head == "leg") {
        n.allow_keys({"leg", "close", "tax"});
        f.legs.push_back(leg(n.at("leg")));
        if (n.has("close") == n.has("tax")) n.fail("expected exactly one of close or tax");
        if (n.has("close")) {
            if (!resolve(n.at("close")).as_bool()) n.at("close").fail("close must be true (omit the effect to keep a leg open)");
            f.kind = Effect::Kind::LegClose;
        } else {
            f.kind = Effect::Kind::LegTax;
            f.value = slot(n.at("tax"), 0, 100, "tax");
        }
    } else if (head == "incident") {
        n.allow_keys({"incident"});
        const InputNode i = resolve(n.at("incident"));
        i.allow_keys({"zone", "rung", "salience"});
        f.kind = Effect::Kind::Incident;
        f.zone = zone(i.at("zone"));
        f.value = fixed_slot(incident_rung(i), "rung");
    } else if (head == "tie") {
        n.allow_keys({"tie"});
        const InputNode t = resolve(n.at("tie"));
        t.allow_keys({"a", "b", "set", "move"});
        if (t.has("set") == t.has("move")) t.fail("expected exactly one of set or move");
        const InputNode a = resolve(t.at("a")), bn = resolve(t.at("b"));
        const int bloc_a = world_.bloc_index(a.as_string()), bloc_b = world_.bloc_index(bn.as_string());
        if (bloc_a >= 0 && bloc_b < 0) {
            for (int p : agents(bn)) f.bloc_cells.emplace_back(bloc_a, p);
        } else if (bloc_b >= 0 && bloc_a < 0) {
            for (int p : agents(a)) f.bloc_cells.emplace_back(bloc_b, p);
        } else {
            for (int i : agents(a))
                for (int j : agents(bn))
                    if (i != j) f.cells.emplace_back(std::min(i, j), std::max(i, j));
            std::sort(f.cells.begin(), f.cells.end());
            f.cells.erase(std::unique(f.cells.begin(), f.cells.end()), f.cells.end());
        }
        if (t.has("set")) {
            f.kind = Effect::Kind::TieSet;
            f.value = fixed_slot(tie_level(resolve(t.at("set"))), "level");
        } else {
            f.kind = Effect::Kind::TieMove;
            f.value = fixed_slot(static_cast<double>(resolve(t.at("move")).as_int(-5, 5)), "move");
        }
    } else if (head == "write_off") {
        n.allow_keys({"write_off"});
        const InputNode w = resolve(n.at("write_off"));
        w.allow_keys({"of", "in", "share"});
        f.kind = Effect::Kind::WriteOff;
        for (int of : agents(w.at("of")))
            for (int in : agents(w.at("in")))
                if (of != in) f.cells.emplace_back(of, in);
        f.value = slot(w.at("share"), 0, 1, "write_off");
    } else {
        n.fail("unknown effect '" + head + "'" + did_you_mean(head, kinds) +
               " (one of relation, agent, parameter, leg, incident, tie, write_off)");
    }
    return f;
}

namespace {

// The smallest and largest value an effect can take in a run: its slot's range times its
// scale's (a tariff's coverage, an agreement's utilisation) times the cell's factor.
std::pair<double, double> effect_range(const Shock& s, const Effect& f, double factor) {
    auto range = [&](int slot) {
        if (slot < 0) return std::pair{1.0, 1.0};
        const NumberSpec& v = s.values[slot];
        return std::pair{v.quantile(0.0), v.quantile(std::nextafter(1.0, 0.0))};
    };
    const auto [a, b] = range(f.value);
    const auto [c, d] = range(f.scale);
    const double x[] = {a * c * factor, a * d * factor, b * c * factor, b * d * factor};
    return {*std::min_element(std::begin(x), std::end(x)), *std::max_element(std::begin(x), std::end(x))};
}

// Tariff cuts may not take a rate below zero: on each pair and group, the deepest cuts the
// scenario can make must not exceed the rate applied at the start plus every raise it can make
// (whatever their dates, so the check never refuses a scenario that could stay above zero).
void check_tariff_floor(const std::vector<Shock>& shocks, const std::vector<InputNode>& nodes, const World& w) {
    const int n = w.n(), groups = w.sector_count();
    const auto index = [n](int g, int j, int i) { return (static_cast<std::size_t>(g) * n + j) * n + i; };
    std::vector<double> raise(static_cast<std::size_t>(groups) * n * n, 0.0), cut(raise.size(), 0.0);
    std::vector<int> first_cut(raise.size(), -1);
    // Within one shock, the steps of a schedule follow each other: the deepest step counts, not
    // their sum; effects that hold together add.
    std::vector<double> step_raise(raise.size()), step_cut(raise.size());
    for (std::size_t k = 0; k < shocks.size(); ++k) {
        std::fill(step_raise.begin(), step_raise.end(), 0.0);
        std::fill(step_cut.begin(), step_cut.end(), 0.0);
        auto visit = [&](const Effect& f) {
            if (f.kind != Effect::Kind::Relation || f.lever != Lever::Tariff) return;
            if (f.op != EffectOp::Add && f.op != EffectOp::Set) return;
            const bool step = f.from > 0 || f.to >= 0;
            for (std::size_t c = 0; c < f.cells.size(); ++c) {
                const auto [lo, hi] = effect_range(shocks[k], f, f.factors.empty() ? 1.0 : f.factors[c]);
                auto one = [&](int g) {
                    const std::size_t x = index(g, f.cells[c].first, f.cells[c].second);
                    if (step) {
                        step_raise[x] = std::max(step_raise[x], hi);
                        step_cut[x] = std::min(step_cut[x], lo);
                    } else {
                        raise[x] += std::max(hi, 0.0);
                        cut[x] += std::min(lo, 0.0);
                    }
                    if (lo < 0 && first_cut[x] < 0) first_cut[x] = static_cast<int>(k);
                };
                if (f.sectors.empty())
                    for (int g = 0; g < groups; ++g) one(g);
                else
                    for (int g : f.sectors) one(g);
            }
        };
        for (const Effect& f : shocks[k].effects) visit(f);
        for (const Outcome& o : shocks[k].outcomes)
            for (const Effect& f : o.effects) visit(f);
        for (std::size_t x = 0; x < raise.size(); ++x) {
            raise[x] += step_raise[x];
            cut[x] += step_cut[x];
        }
    }
    for (int g = 0; g < groups; ++g)
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                const std::size_t x = index(g, j, i);
                if (first_cut[x] < 0) continue;
                const double base = w.tariff0.empty() ? 0.0 : w.tariff0[g](j, i);
                if (base + raise[x] + cut[x] >= -1e-12) continue;
                nodes[first_cut[x]].fail(
                    "tariff cuts by " + w.agents[j].id + " on " + w.sectors[g].id + " from " + w.agents[i].id +
                    " can reach " + format_percent(-cut[x]) + ", more than the rate applied at the start (" + format_percent(base) +
                    ") plus the raises of this scenario (" + format_percent(raise[x]) + "): a tariff cannot fall below zero");
            }
}

}  // namespace

std::vector<Shock> compile_shocks(const InputNode& list, const KindTemplates& kinds,
                                  const World& world) {
    const Names names(world);
    std::vector<Shock> shocks;
    std::vector<InputNode> nodes;
    std::map<std::string, Location> seen;
    std::vector<std::string> kind_names;
    for (const auto& k : builtin_kinds()) kind_names.emplace_back(k.name);
    for (const auto& [name, node] : kinds) kind_names.push_back(name);

    for (const InputNode& e : list.elements()) {
        if (!e.is_map()) e.fail("expected a shock: a map with name, kind and a trigger");
        Shock s;
        s.where = e.location();
        const InputNode name_node = e.at("name");
        s.name = name_node.as_string();
        if (s.name.empty() || !std::all_of(s.name.begin(), s.name.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
            }))
            name_node.fail("a shock name holds only letters, digits and '_'");
        if (auto [it, fresh] = seen.emplace(s.name, name_node.location()); !fresh)
            name_node.fail("shock name '" + s.name + "' is already used at " + format_location(it->second));
        const InputNode kind_node = e.at("kind");
        s.kind = kind_node.as_string();
        const BuiltinKind* builtin = nullptr;
        for (const auto& k : builtin_kinds())
            if (s.kind == k.name) builtin = &k;
        const auto tmpl = kinds.find(s.kind);
        if (!builtin && tmpl == kinds.end())
            kind_node.fail("unknown shock kind '" + s.kind + "'" + did_you_mean(s.kind, kind_names));

        std::vector<std::string> allowed = kCommonKeys;
        allowed.insert(allowed.end(), kTriggerKeys.begin(), kTriggerKeys.end());
        if (builtin) {
            allowed.insert(allowed.end(), builtin->args.begin(), builtin->args.end());
        } else {
            for (const InputNode& a : tmpl->second.at("args").elements()) allowed.push_back(a.as_string());
        }
        e.allow_keys(allowed);

        ShockBuilder b(world, names, s, e);
        parse_trigger(b);
        if (builtin) {
            builtin->compile(b);
        } else {
            compile_template(b, s.kind, tmpl->second);
        }
        shocks.push_back(std::move(s));
        nodes.push_back(e);
    }
    // `after:` names any shock of the list, before or after this one.
    for (std::size_t k = 0; k < shocks.size(); ++k) {
        if (shocks[k].trigger.kind != Trigger::Kind::After) continue;
        const InputNode ref = nodes[k].at("after");
        const std::string other = ref.as_string();
        std::vector<std::string> known;
        for (std::size_t j = 0; j < shocks.size(); ++j) {
            if (shocks[j].name == other) shocks[k].trigger.after = static_cast<int>(j);
            known.push_back(shocks[j].name);
        }
        if (shocks[k].trigger.after < 0) ref.fail("unknown shock '" + other + "'" + did_you_mean(other, known));
        if (shocks[k].trigger.after == static_cast<int>(k)) ref.fail("a shock cannot follow itself");
    }
    check_after_cycles(shocks, nodes);
    // A reward's `lift:` names other shocks of the list, before or after it.
    std::vector<std::string> known;
    for (const Shock& s : shocks) known.push_back(s.name);
    for (std::size_t k = 0; k < shocks.size(); ++k) {
        if (shocks[k].kind != "reward" || !nodes[k].has("lift")) continue;
        const InputNode lift = nodes[k].at("lift");
        const std::vector<InputNode> refs = lift.is_sequence() ? lift.elements() : std::vector<InputNode>{lift};
        for (const InputNode& ref : refs) {
            const std::string other = ref.as_string();
            const auto it = std::find(known.begin(), known.end(), other);
            const int found = it == known.end() ? -1 : static_cast<int>(it - known.begin());
            if (found < 0) ref.fail("unknown shock '" + other + "'" + did_you_mean(other, known));
            if (found == static_cast<int>(k)) ref.fail("a reward cannot lift itself");
            if (std::find(shocks[k].lifts.begin(), shocks[k].lifts.end(), found) != shocks[k].lifts.end())
                ref.fail("shock '" + other + "' is named twice");
            shocks[k].lifts.push_back(found);
        }
    }
    check_tariff_floor(shocks, nodes, world);
    return shocks;
}

}  // namespace geosim
