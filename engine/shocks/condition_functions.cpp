#include "engine/shocks/condition_functions.hpp"

#include <algorithm>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/world.hpp"

namespace geosim::condition {

namespace {

// asean_alignment() has no argument: compile_call finds its bloc by name.
constexpr Function kFunctions[] = {
    {"tension", Op::Tension, 2, {Arg::Agent, Arg::Agent}},
    {"zone_tension", Op::ZoneTension, 1, {Arg::Zone}},
    {"incidents", Op::Incidents, 1, {Arg::ZoneSeaOrAll}},
    {"alignment", Op::Alignment, 1, {Arg::AgentOrBloc}},
    {"gdp", Op::Gdp, 1, {Arg::Agent}},
    {"gdp_growth", Op::GdpGrowth, 1, {Arg::Agent}},
    {"trade", Op::Trade, 2, {Arg::Agent, Arg::Agent}},
    {"trade_share", Op::TradeShare, 2, {Arg::Agent, Arg::Agent}},
    {"tie", Op::Tie, 2, {Arg::Agent, Arg::Agent}},
    {"trust", Op::Trust, 2, {Arg::Agent, Arg::Agent}},
    {"threat", Op::Threat, 2, {Arg::Agent, Arg::Agent}},
    {"credibility", Op::Credibility, 0, {}},
    {"asean_alignment", Op::BlocAlignment, 0, {}},
    {"quarter", Op::Quarter, 0, {}},
};

// The reserved id that makes incidents(...) count every zone (the world loader keeps it from
// zones and seas).
constexpr std::string_view kAllZones = "all";
constexpr std::string_view kAsean = "ASEAN";

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
    return did_you_mean(std::string(word), candidates);
}

std::string arguments(std::size_t count) {
    if (count == 0) return "no arguments";
    return std::to_string(count) + (count == 1 ? " argument" : " arguments");
}

std::vector<std::string> agent_ids(const World& world) {
    std::vector<std::string> ids;
    for (const Agent& a : world.agents) ids.push_back(a.id);
    return ids;
}

int zone_index(const World& world, std::string_view id) {
    for (std::size_t k = 0; k < world.zones.size(); ++k)
        if (world.zones[k].id == id) return static_cast<int>(k);
    return -1;
}

// The first zone in sea `id`, or -1.
int sea_index(const World& world, std::string_view id) {
    for (std::size_t k = 0; k < world.zones.size(); ++k)
        if (!world.zones[k].sea.empty() && world.zones[k].sea == id) return static_cast<int>(k);
    return -1;
}

// Resolves one argument into `slot`; an agent or a bloc (alignment) and a zone, a sea or every
// zone (incidents: read in that order) also choose the instruction's variant.
void resolve(const Token& arg, Arg kind, const Function& f, const World& world, Instr& instr,
             int& slot) {
    static constexpr const char* kNouns[] = {"an agent id", "a zone id", "a zone id, a sea id or all",
                                             "an agent or bloc id"};
    if (arg.kind != TokenKind::Word)
        throw SyntaxError{arg.offset, std::string("expected ") + kNouns[static_cast<int>(kind)] +
                                          ", got " + quote(arg.text)};
    switch (kind) {
    case Arg::Agent:
        slot = world.index_of(arg.text);
        if (slot >= 0) return;
        if (world.bloc_index(arg.text) >= 0)
            throw SyntaxError{arg.offset, std::string(f.name) + " takes agents, not the bloc " +
                                              quote(arg.text)};
        throw SyntaxError{arg.offset, "unknown agent " + quote(arg.text) +
                                          suggestion(arg.text, agent_ids(world))};
    case Arg::ZoneSeaOrAll:
    case Arg::Zone: {
        slot = zone_index(world, arg.text);
        if (slot >= 0) return;
        std::vector<std::string> ids;
        for (const Zone& z : world.zones) ids.push_back(z.id);
        if (kind == Arg::Zone) throw SyntaxError{arg.offset, "unknown zone " + quote(arg.text) + suggestion(arg.text, ids)};
        slot = sea_index(world, arg.text);
        if (slot >= 0) {
            instr.op = Op::IncidentsSea;
            return;
        }
        if (arg.text == kAllZones) {
            instr.op = Op::IncidentsAll;
            return;
        }
        for (const Zone& z : world.zones)
            if (!z.sea.empty() && std::find(ids.begin(), ids.end(), z.sea) == ids.end()) ids.push_back(z.sea);
        ids.emplace_back(kAllZones);
        throw SyntaxError{arg.offset, "unknown zone or sea " + quote(arg.text) + suggestion(arg.text, ids)};
    }
    case Arg::AgentOrBloc: {
        slot = world.index_of(arg.text);
        if (slot >= 0) return;
        slot = world.bloc_index(arg.text);
        instr.op = Op::BlocAlignment;
        if (slot >= 0) return;
        std::vector<std::string> ids = agent_ids(world);
        for (const Bloc& b : world.blocs) ids.push_back(b.id);
        throw SyntaxError{arg.offset, "unknown agent or bloc " + quote(arg.text) +
                                          suggestion(arg.text, ids)};
    }
    }
}

}  // namespace

const Function& find_function(const Token& name) {
    const auto f = std::find_if(std::begin(kFunctions), std::end(kFunctions),
                                [&](const Function& c) { return c.name == name.text; });
    if (f != std::end(kFunctions)) return *f;
    std::vector<std::string> names;
    for (const Function& c : kFunctions) names.emplace_back(c.name);
    throw SyntaxError{name.offset, "unknown function " + quote(name.text) + suggestion(name.text, names)};
}

Instr compile_call(const Function& f, const Token& name, const std::vector<const Token*>& args,
                   const Token& close, const World& world) {
    if (args.size() != f.arity)
        throw SyntaxError{args.size() > f.arity ? args[f.arity]->offset : close.offset,
                          std::string(f.name) + " takes " + arguments(f.arity) + ", got " +
                              std::to_string(args.size())};
    Instr instr{f.op};
    for (std::size_t i = 0; i < args.size(); ++i)
        resolve(*args[i], f.args[i], f, world, instr, i == 0 ? instr.a : instr.b);
    if (f.name == "asean_alignment") {
        instr.a = world.bloc_index(kAsean);
        if (instr.a < 0)
            throw SyntaxError{name.offset, "asean_alignment needs a bloc named ASEAN in the world"};
    }
    return instr;
}

}  // namespace geosim::condition
