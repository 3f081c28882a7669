#include "cli/workshop.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "analysis/task_order.hpp"
#include "cli/args.hpp"
#include "cli/replay.hpp"
#include "engine/core/date.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "models/alignment.hpp"
#include "outputs/json_writer.hpp"
#include "outputs/manifest.hpp"
#include "outputs/report.hpp"
#include "outputs/series.hpp"
#include "outputs/sha256.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kJournal = "journal.jsonl";
constexpr const char* kScenarioName = "session.yaml";  // names the session's scenario in messages

std::string now_utc() { return format_utc_iso8601(std::chrono::system_clock::now()); }

// Escapes text for a double-quoted string, which JSON and YAML read alike.
std::string dquoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// Whether a string may be written plain in YAML and read back as the same string: a word of
// letters, digits and '_' that YAML does not read as a number, a boolean or null.
bool plain_word(const std::string& text) {
    if (text.empty() || !(std::isalpha(static_cast<unsigned char>(text[0])) || text[0] == '_')) return false;
    for (char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    static const std::set<std::string> reserved = {"true", "false", "null", "yes", "no", "on", "off", "y", "n",
                                                   "True", "False", "Null", "NULL", "TRUE", "FALSE", "Yes", "No",
                                                   "YES", "NO", "On", "Off", "ON", "OFF", "Y", "N"};
    return !reserved.count(text);
}

// Whether a plain YAML scalar can be written as it is inside a flow collection: a token of
// letters, digits and `_ . + -` (a number, a quarter, an id, a parameter path) cannot end the
// collection or start another value, whatever it means.
bool plain_token(const std::string& text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '+' || c == '-')) return false;
    return true;
}

// JSON's own literals: a number as JSON writes it, true, false, null.
bool json_literal(const std::string& text) {
    static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)");
    return text == "true" || text == "false" || text == "null" || std::regex_match(text, number);
}

// A request body must be JSON, which YAML's reader also accepts with much else: keys and strings
// quoted, other scalars JSON's literals, no tags. Fails at the first node that is not.
void require_json(const InputNode& node) {
    const YAML::Node& n = node.yaml();
    if (n.IsMap()) {
        for (const auto& kv : n)
            if (kv.first.Tag() != "!")
                node.fail("expected JSON: the key '" + kv.first.Scalar() + "' must be a quoted string");
        for (const auto& [key, value] : node.items()) require_json(value);
    } else if (n.IsSequence()) {
        for (const InputNode& e : node.elements()) require_json(e);
    } else if (n.IsScalar()) {
        if (n.Tag() == "!") return;
        if (n.Tag() != "?") node.fail("expected JSON, not a YAML tag (" + n.Tag() + ")");
        if (!json_literal(n.Scalar()))
            node.fail("expected JSON: '" + n.Scalar() + "' is neither a number, true, false, null nor a quoted string");
    }
}

// A node written back as one line, in YAML's flow style (`json` false) or as JSON (`json` true;
// the node was checked by require_json). Strings are double-quoted, except, in YAML, words that
// YAML reads back as the same strings; plain scalars of a library file stay as written where
// they are tokens (numbers, quarters, ids) and are quoted otherwise (a condition with a comma).
void write_flow(const YAML::Node& n, std::string& out, bool json) {
    switch (n.Type()) {
        case YAML::NodeType::Map: {
            out += '{';
            bool first = true;
            for (const auto& kv : n) {
                if (!first) out += ", ";
                first = false;
                out += !json && plain_word(kv.first.Scalar()) ? kv.first.Scalar() : dquoted(kv.first.Scalar());
                out += ": ";
                write_flow(kv.second, out, json);
            }
            out += '}';
            return;
        }
        case YAML::NodeType::Sequence: {
            out += '[';
            for (std::size_t i = 0; i < n.size(); ++i) {
                if (i) out += ", ";
                write_flow(n[i], out, json);
            }
            out += ']';
            return;
        }
        case YAML::NodeType::Scalar: {
            const std::string& v = n.Scalar();
            const bool plain = n.Tag() == "?";
            if (json) out += plain && json_literal(v) ? v : dquoted(v);
            else out += (plain && plain_token(v)) || (!plain && plain_word(v)) ? v : dquoted(v);
            return;
        }
        default:
            out += "null";
    }
}

std::string flow(const YAML::Node& n) {
    std::string out;
    write_flow(n, out, false);
    return out;
}

std::string json_of(const YAML::Node& n) {
    std::string out;
    write_flow(n, out, true);
    return out;
}

// "zone scarborough, rung 2": the fields of a move or inject in words.
std::string field_words(const InputNode& map, const std::vector<std::string>& skip) {
    std::string out;
    for (const auto& [key, value] : map.items()) {
        if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
        out += (out.empty() ? "" : ", ") + key + " " +
               (value.is_scalar() ? value.yaml().Scalar() : flow(value.yaml()));
    }
    return out;
}

// Compares two strings in time that depends only on their lengths.
bool same_secret(const std::string& a, const std::string& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::string bearer(const std::string& header) {
    const std::string prefix = "Bearer ";
    return header.rfind(prefix, 0) == 0 ? header.substr(prefix.size()) : std::string();
}

// One field of a move's form.
struct Field {
    const char* name;
    const char* label;
    const char* type;  // number, integer, sectors, choice, boolean
    double lo = 0, hi = 0;
    std::optional<double> fallback = std::nullopt;
    bool optional = true;
    std::vector<std::string> options = {};
    const char* choice_default = nullptr;  // a choice's preselected option
};

// A move a delegation can make: a shock kind whose acting country the server fills in.
struct MoveKind {
    const char* name;     // the move's kind in requests
    const char* kind;     // the shock kind it compiles to
    const char* actor;    // the kind's field for the delegation's country
    const char* partner;  // the kind's field for the partner (nullptr: the move has none)
    bool partner_list;    // the partner field takes a list
    const char* label;
    std::vector<Field> fields;
};

const Field kDuration{"duration", "Quarters it lasts (empty: to the end)", "integer", 1, 400};
const Field kSectors{"sectors", "Goods (none chosen: all goods)", "sectors"};

const std::vector<MoveKind>& move_kinds() {
    static const std::vector<MoveKind> kinds = {
        {"tariff", "tariff", "sender", "targets", true, "Tariff on a partner's goods",
         {{"rate", "Change in the tariff (0.1 = 10 points; negative: a cut)", "number", -10, 10, 0.1, false},
          {"coverage", "Share of the goods covered", "number", 0, 1},
          kSectors, kDuration}},
        {"import_ban", "sanctions", "sender", "target", false, "Block imports, tourists or investment from a partner",
         {{"imports_blocked", "Share of imports blocked", "number", 0, 1, 0.25, false},
          {"tourism_cut", "Share of your tourists kept away", "number", 0, 1},
          {"investment_restricted", "Share of the partner's investment refused", "number", 0, 1},
          kSectors,
          {"formal", "Announced as formal sanctions", "boolean"},
          kDuration}},
        {"export_controls", "export_controls", "sender", "targets", true, "Withhold exports from a partner",
         {{"share", "Share of exports withheld", "number", 0, 1, 0.5, false}, kSectors, kDuration}},
        {"promotion", "promotion", "origin", "hosts", true, "Move your firms toward a partner (subsidies, trade facilitation)",
         {{"investment", "Investment subsidy, share of the cost", "number", 0, 1, 0.1},
          {"trade", "Cut in the cost of trade with the partner", "number", 0, 0.9},
          kSectors, kDuration}},
        {"aid", "aid", "donor", "recipients", true, "Aid to a partner",
         {{"purpose", "Purpose", "choice", 0, 0, std::nullopt, false, {"development", "security"}, "development"},
          {"amount", "USD bn a year", "number", 0, 1000, 1.0, false},
          kDuration}},
        {"reward", "reward", "sender", "target", false, "Reward a partner (open your market, send visitors)",
         {{"market_access", "Barriers removed, share of the goods' price", "number", 0, 0.9, 0.05},
          kSectors,
          {"visitors", "Rise of your visitors to the partner (1 = double)", "number", 0, 3},
          kDuration}},
        {"boycott", "boycott", "public", "target", false, "Your public boycotts a partner's goods and travel there (no state measure)",
         {{"visitors", "Share of your visits to the partner stopped", "number", 0, 1, 0.5},
          {"goods", "Share of your imports from the partner stopped", "number", 0, 1},
          kSectors, kDuration}},
        {"tie", "tie_stance", "agent", "partner", false, "Security tie: offer or accept an upgrade, hold, or downgrade",
         {{"stance", "Your choice", "choice", 0, 0, std::nullopt, false, {"up", "hold", "down"}, "hold"}}},
        {"statement", "statement", "speaker", "toward", true, "Public statement about a partner (moves your public's trust in it)",
         {{"tone", "What your leaders say", "choice", 0, 0, std::nullopt, false, {"warm", "critical"}, "warm"}}},
        {"defence", "defence", "agent", nullptr, false, "Defence spending (in place of the model's arms-race response)",
         {{"share", "Defence spending, share of GDP (0.02 = 2%)", "number", 0.001, 0.2, 0.02, false}, kDuration}},
    };
    return kinds;
}

const MoveKind* find_move(const std::string& name) {
    for (const MoveKind& m : move_kinds())
        if (name == m.name) return &m;
    return nullptr;
}

std::vector<std::string> move_names() {
    std::vector<std::string> out;
    for (const MoveKind& m : move_kinds()) out.emplace_back(m.name);
    return out;
}

// Keys of an inject's shock map that the session sets.
const std::vector<std::string> kTriggerKeys = {"name", "at", "every", "hazard", "from", "to", "when", "after", "delay"};

}  // namespace

// ----------------------------------------------------------------------------------------------

// One move or inject: a shock of the session's scenario.
struct Action {
    std::string who;      // the delegation's agent id, or "" for the facilitator's inject
    int turn = 0;         // the turn it was made in (0-based)
    std::string request;  // the move or inject as sent (JSON), for the journal and the views
    std::string shock;    // the shock as a YAML flow map
    std::string partner;  // the partner's agent id, if one
    std::string text;     // plain words
    std::string time;
    std::string stance;   // a tie move's stance
    int fires = 0;        // the step it fires at
};

struct LogEntry {
    int turn = 0;
    std::string quarter, who, what, text, time;
};

// The quantiles of a fan: p5, p25, p50, p75, p95.
using Quantiles = std::array<std::vector<double>, 5>;
constexpr std::array<double, 5> kQuantiles = {0.05, 0.25, 0.5, 0.75, 0.95};
constexpr std::array<const char*, 5> kQuantileNames = {"p5", "p25", "p50", "p75", "p95"};

struct FanSeries {
    std::string indicator;  // gdp, alignment, asean_alignment
    int agent = -1;         // agent index, or a bloc's index (for `bloc` series)
    bool bloc = false;      // a bloc's series: its members' GDP summed, its alignment
    std::vector<double> path;
    Quantiles futures;
    Quantiles baseline;
};

struct WorkshopSession {
    std::mutex mutex;
    std::string id;
    fs::path dir;
    std::string scenario;    // the library scenario's name
    std::string base_text;   // its text when the session started
    std::string base_file;   // its file in the library
    std::uint64_t seed = 0;
    int quarters_per_turn = 1;
    int fan_runs = 200;
    std::vector<std::string> delegations;
    std::map<std::string, std::string> codes;         // agent -> join code
    std::map<std::string, std::string> token_hashes;  // agent -> sha256 of its current token
    std::map<std::string, bool> joined;

    int turn = 0;  // turns played
    std::vector<Action> played;
    std::map<std::string, std::vector<Action>> pending;  // by agent
    std::set<std::string> submitted;
    std::vector<Action> injects;  // pending
    std::vector<std::set<std::string>> submitted_by_turn;
    std::vector<LogEntry> log;
    std::uint64_t version = 0;

    // The model: the base world (for ids and dates), the session's present and its fan.
    std::shared_ptr<const World> base_world;
    std::shared_ptr<const World> world;
    std::optional<RunCursor> present;
    std::vector<std::pair<int, Event>> last_events;  // (step, event) of the last turn played
    std::vector<FanSeries> fan;
    double fan_seconds = 0;
    std::string world_sha256;  // of the world's files when the session started
    std::string series_sha256;  // of series.csv as the last play made it (journaled with each turn)
    std::map<std::string, int> submissions;  // by agent, this turn (capped)
    // The event streams, with the SHA-256 of the token that opened each; under streams_mutex
    // only, so that closing them (the server stopping, on its I/O thread) never waits for a turn.
    std::mutex streams_mutex;
    std::vector<std::pair<std::string, std::shared_ptr<EventStream>>> streams;
    // The turn timer: 0 none; else the turn is played when `due` passes (a steady clock, which
    // a change of the wall clock does not move); `deadline` is the same time for display.
    int turn_seconds = 0;
    std::chrono::steady_clock::time_point due{};
    std::chrono::system_clock::time_point deadline{};
    void restart_timer() {
        if (turn_seconds > 0 && !finished()) {
            due = std::chrono::steady_clock::now() + std::chrono::seconds(turn_seconds);
            deadline = std::chrono::system_clock::now() + std::chrono::seconds(turn_seconds);
        } else {
            due = {};
            deadline = {};
        }
    }

    int horizon() const { return base_world->horizon; }
    int step() const { return std::min(turn * quarters_per_turn, horizon()); }
    bool finished() const { return step() >= horizon(); }
    QuarterIndex quarter_of(int step) const { return base_world->start + step; }
    int agent_index(const std::string& id) const { return base_world->index_of(id); }
    // The agents a delegation plays: its country, or every member of its bloc.
    std::vector<int> members(const std::string& delegation) const {
        if (const int i = base_world->index_of(delegation); i >= 0) return {i};
        if (const int b = base_world->bloc_index(delegation); b >= 0) return base_world->blocs[b].members;
        return {};
    }
    // Whether a move or inject whose partner is `partner` (an agent or a bloc) reaches `delegation`:
    // the partner is the delegation, one of its members, or a bloc one of its members is in.
    bool reaches(const std::string& partner, const std::string& delegation) const {
        if (partner.empty()) return false;
        if (partner == delegation) return true;
        const std::vector<int> mine = members(delegation);
        if (const int i = base_world->index_of(partner); i >= 0) return std::find(mine.begin(), mine.end(), i) != mine.end();
        if (const int b = base_world->bloc_index(partner); b >= 0)
            for (int m : mine)
                if (base_world->in_bloc(m, b)) return true;
        return false;
    }
};

namespace {

// What an operation may change in a session, copied before it and put back if it fails (a disk
// error, a scenario that no longer compiles), so that the session in memory is always the one its
// journal rebuilds: an operation is journaled last, and counts only once it is.
struct Snapshot {
    int turn;
    std::vector<Action> played;
    std::map<std::string, std::vector<Action>> pending;
    std::set<std::string> submitted;
    std::vector<Action> injects;
    std::vector<std::set<std::string>> submitted_by_turn;
    std::vector<LogEntry> log;
    std::map<std::string, std::string> token_hashes;
    std::map<std::string, bool> joined;
    std::map<std::string, int> submissions;
    std::shared_ptr<const World> world;
    std::optional<RunCursor> present;
    std::vector<std::pair<int, Event>> last_events;
    std::vector<FanSeries> fan;
    double fan_seconds;
    std::string series_sha256;

    explicit Snapshot(const WorkshopSession& s)
        : turn(s.turn), played(s.played), pending(s.pending), submitted(s.submitted), injects(s.injects),
          submitted_by_turn(s.submitted_by_turn), log(s.log), token_hashes(s.token_hashes), joined(s.joined),
          submissions(s.submissions), world(s.world), present(s.present), last_events(s.last_events), fan(s.fan),
          fan_seconds(s.fan_seconds), series_sha256(s.series_sha256) {}
    void restore(WorkshopSession& s) {
        s.turn = turn;
        s.played = std::move(played);
        s.pending = std::move(pending);
        s.submitted = std::move(submitted);
        s.injects = std::move(injects);
        s.submitted_by_turn = std::move(submitted_by_turn);
        s.log = std::move(log);
        s.token_hashes = std::move(token_hashes);
        s.joined = std::move(joined);
        s.submissions = std::move(submissions);
        s.present = std::move(present);
        s.world = std::move(world);
        s.last_events = std::move(last_events);
        s.fan = std::move(fan);
        s.fan_seconds = fan_seconds;
        s.series_sha256 = std::move(series_sha256);
    }
};

// Runs `op` on the session; if it throws, the session is as it was before.
template <class Op>
auto transact(WorkshopSession& s, Op op) {
    Snapshot before(s);
    try {
        return op();
    } catch (...) {
        before.restore(s);
        throw;
    }
}

}  // namespace

namespace {

// --- the session's scenario ------------------------------------------------------------------

// A world or include entry of the library's scenario, seen from `folder` (where the text will be
// read from): the library's own folder keeps it as written.
std::string relocated(const std::string& entry, const fs::path& library, const fs::path& folder) {
    if (folder.empty() || fs::path(entry).is_absolute()) return entry;
    return fs::relative(library / entry, folder).generic_string();
}

// The session's scenario: the library scenario's keys, its shocks, the delegations' stances and
// every action played (and those pending, with `pending`). `folder` is where the text is to be
// read from ("" for the library folder).
// The session's scenario name: the library scenario's, cut to leave room for "-session-<id>"
// within the longest name a scenario may have.
std::string session_name(const WorkshopSession& s) {
    const std::string suffix = "-session-" + s.id;
    return s.scenario.substr(0, kMaxScenarioName - std::min(kMaxScenarioName, suffix.size())) + suffix;
}

std::string scenario_text(const WorkshopSession& s, bool pending, const fs::path& library, const fs::path& folder) {
    const InputNode base = load_yaml_text(s.base_text, s.base_file);
    const World& w = *s.base_world;
    std::string out;
    out += "# geosim workshop session " + s.id + ", from the library scenario '" + s.scenario + "' (" +
           s.base_file + ").\n# Its shocks are the scenario's own, then the delegations' moves and the facilitator's\n"
           "# injects, turn by turn. `geosim run` of this file replays the session.\n";
    out += "name: " + session_name(s) + "\n";
    out += "description: " + dquoted("Workshop session " + s.id + " from " + s.scenario + ", played by " +
                                    [&] {
                                        std::string d;
                                        for (const auto& a : s.delegations) d += (d.empty() ? "" : ", ") + a;
                                        return d;
                                    }()) +
           "\n";
    for (const auto& [key, value] : base.items()) {
        if (key == "name" || key == "description" || key == "seed" || key == "shocks") continue;
        if (key == "world") {
            out += "world: " + dquoted(relocated(value.as_string(), library, folder)) + "\n";
        } else if (key == "include") {
            std::string list;
            for (const InputNode& f : value.elements())
                list += (list.empty() ? "" : ", ") + dquoted(relocated(f.as_string(), library, folder));
            out += "include: [" + list + "]\n";
        } else {
            out += key + ": " + flow(value.yaml()) + "\n";
        }
    }
    out += "seed: " + std::to_string(s.seed) + "\n";
    out += "shocks:\n";
    if (auto shocks = base.get("shocks"))
        for (const InputNode& shock : shocks->elements()) out += "  - " + flow(shock.yaml()) + "\n";
    out += "  # The delegations decide their countries' security ties: hold unless they choose otherwise.\n";
    for (const std::string& a : s.delegations) {
        // A country holds toward every strategic agent and every bloc it is not in (its side of
        // the bloc tie); a bloc toward every strategic agent outside it, as a bloc (its members'
        // own ties stay the model's).
        const int i = w.index_of(a), bloc = w.bloc_index(a);
        if (i >= 0 && !w.agents[i].strategic) continue;
        std::string partners;
        for (int p = 0; p < w.n(); ++p)
            if (p != i && w.agents[p].strategic && (bloc < 0 || !w.in_bloc(p, bloc)))
                partners += (partners.empty() ? "" : ", ") + w.agents[p].id;
        if (i >= 0)
            for (int b = 0; b < static_cast<int>(w.blocs.size()); ++b)
                if (!w.in_bloc(i, b) && !w.blocs[b].members.empty()) partners += ", " + w.blocs[b].id;
        if (partners.empty()) continue;
        out += "  - {name: session_" + a + ", kind: tie_stance, agent: " + a + ", partner: [" + partners +
               "], stance: hold, at: " + format_quarter(w.start + 1) + "}\n";
    }
    int last_turn = -1;
    auto emit = [&](const Action& a) {
        if (a.turn != last_turn) {
            last_turn = a.turn;
            out += "  # turn " + std::to_string(a.turn + 1) + " (" +
                   format_quarter(s.quarter_of(a.turn * s.quarters_per_turn + 1)) + ")\n";
        }
        out += "  - " + a.shock + "\n";
    };
    for (const Action& a : s.played) emit(a);
    if (pending) {
        for (const std::string& d : s.delegations)
            if (auto it = s.pending.find(d); it != s.pending.end())
                for (const Action& a : it->second) emit(a);
        for (const Action& a : s.injects) emit(a);
    }
    return out;
}

// The session's scenario compiled (a located InputError if it does not).
std::shared_ptr<const World> compile_text(const std::string& text, const fs::path& library) {
    ScenarioSpec spec = load_scenario_text(text, kScenarioName, library.string());
    return std::make_shared<const World>(compile(spec));
}

// --- moves -----------------------------------------------------------------------------------

// A move's field in words: a number or word as written, a list joined by commas.
std::string number_words(const InputNode& v) {
    if (v.is_sequence()) {
        std::string out;
        for (const InputNode& e : v.elements()) out += (out.empty() ? "" : ", ") + e.yaml().Scalar();
        return out;
    }
    return v.yaml().Scalar();
}

// A delegation's move as a shock of the session, named and dated for turn `turn`.
Action make_move(const WorkshopSession& s, const std::string& agent, const InputNode& move, int turn, int index) {
    if (!move.is_map()) move.fail("a move is a JSON object with its kind, partner and fields");
    const std::string kind_name = move.at("kind").as_string();
    const MoveKind* kind = find_move(kind_name);
    if (!kind) move.at("kind").fail("unknown move '" + kind_name + "'" + did_you_mean(kind_name, move_names()) +
                                   "; the moves are listed by /api/sessions/ID/levers");
    std::vector<std::string> allowed = {"kind"};
    if (kind->partner) allowed.emplace_back("partner");
    for (const Field& f : kind->fields) allowed.emplace_back(f.name);
    move.allow_keys(allowed);
    const World& w = *s.base_world;
    const int bloc_delegation = w.bloc_index(agent);
    std::string partner;
    if (kind->partner) {
        const InputNode p = move.at("partner");
        partner = p.as_string();
        const int bloc = w.bloc_index(partner);
        if (s.agent_index(partner) < 0 && bloc < 0) {
            std::vector<std::string> known;
            for (const Agent& x : w.agents) known.push_back(x.id);
            for (const Bloc& x : w.blocs) known.push_back(x.id);
            p.fail("unknown agent or bloc '" + partner + "'" + did_you_mean(partner, known));
        }
        if (partner == agent) p.fail("a move names a partner other than " + agent);
        if (bloc < 0 && s.reaches(partner, agent)) p.fail(partner + " is a member of " + agent + "; name a partner outside it");
        if (bloc >= 0) {
            if (s.reaches(partner, agent)) p.fail(partner + " includes " + agent + "; name its other members one by one");
            if (bloc_delegation >= 0 && std::string(kind->name) == "tie") p.fail("a tie joins a bloc and an agent, not two blocs");
            if (!kind->partner_list && std::string(kind->name) != "tie")
                p.fail("a bloc can be the partner of a tariff, export_controls, promotion, aid, statement or tie move; "
                       "name one of " + partner + "'s members for the " + kind_name + " move");
        }
    }

    if (std::string(kind->name) == "tie" && s.agent_index(partner) >= 0 && !w.agents[s.agent_index(partner)].strategic)
        move.at("partner").fail(partner + " takes no part in security ties (it is not strategic in the world)");
    Action a;
    a.who = agent;
    a.turn = turn;
    a.partner = partner;
    a.request = json_of(move.yaml());
    const int first = turn * s.quarters_per_turn + 1;
    a.fires = first;
    std::string words, fields;
    for (const Field& f : kind->fields) {
        const auto v = move.get(f.name);
        if (!v) {
            if (!f.optional) move.fail("missing field '" + std::string(f.name) + "' of a " + kind_name + " move");
            continue;
        }
        fields += ", " + std::string(f.name) + ": " + flow(v->yaml());
        words += std::string(words.empty() ? "" : ", ") + f.name + " " + number_words(*v);
    }
    const bool tie = std::string(kind->name) == "tie";
    if (tie) {
        // An offer holds for this turn and the next, in which the partner answers it; a
        // downgrade or a hold for this turn.
        a.stance = move.at("stance").as_string();
        fields += ", duration: " + std::to_string((a.stance == "up" ? 2 : 1) * s.quarters_per_turn);
    }
    // The shock of one actor; a bloc's delegation acts through each member (one shock each),
    // except on ties, which a bloc decides as one (tie_stance with the bloc as its agent).
    const std::string name = "t" + std::to_string(turn + 1) + "_" + agent + "_" + std::to_string(index + 1);
    auto shock_of = [&](const std::string& actor, const std::string& shock_name, const std::string& own_fields) {
        std::string shock = "{name: " + shock_name + ", kind: " + kind->kind + ", at: " + format_quarter(s.quarter_of(first)) +
                            ", " + kind->actor + ": " + actor;
        if (kind->partner) shock += std::string(", ") + kind->partner + ": " + (kind->partner_list ? "[" + partner + "]" : partner);
        return shock + own_fields + "}";
    };
    if (bloc_delegation < 0 || tie) {
        a.shock = shock_of(agent, name, fields);
    } else {
        // Shares and rates apply to each member as given; a sum of money (aid's USD bn a year)
        // is the bloc's, paid by the members in proportion to their GDP at the start.
        const auto amount = move.get("amount");
        double gdp = 0;
        for (int m : s.members(agent)) gdp += w.agents[m].gdp;
        for (int m : s.members(agent)) {
            std::string own = fields;
            if (amount) {
                const std::string whole = ", amount: " + flow(amount->yaml());
                own.replace(own.find(whole), whole.size(), ", amount: " + format_number(amount->as_number() * w.agents[m].gdp / gdp));
            }
            a.shock += (a.shock.empty() ? "" : "\n  - ") + shock_of(w.agents[m].id, name + "_" + w.agents[m].id, own);
        }
    }
    a.text = agent + ": " + kind->label + (partner.empty() ? "" : " — " + partner) + (words.empty() ? "" : " (" + words + ")");
    return a;
}

// The facilitator's inject, named and dated.
Action make_inject(const WorkshopSession& s, const InputNode& req, int turn, int index) {
    const InputNode shock = req.at("shock");
    if (!shock.is_map()) shock.fail("an inject's shock is a JSON object with its kind and arguments");
    for (const std::string& key : kTriggerKeys)
        if (shock.has(key))
            shock.at(key).fail("'" + key + "' is set by the session; give the quarter as 'at' beside 'shock'");
    const QuarterIndex next = s.quarter_of(s.step() + 1);
    QuarterIndex at = next;
    if (auto given = req.get("at")) {
        at = given->as_quarter();
        if (at < next) given->fail(format_quarter(at) + " is before the next quarter to be played, " + format_quarter(next));
        if (at > s.quarter_of(s.horizon()))
            given->fail(format_quarter(at) + " is after the session's last quarter, " +
                        format_quarter(s.quarter_of(s.horizon())));
    }
    Action a;
    a.turn = turn;
    a.fires = at - s.quarter_of(0);
    a.request = json_of(req.yaml());
    std::string body = flow(shock.yaml());  // "{...}"
    a.shock = "{name: t" + std::to_string(turn + 1) + "_inject_" + std::to_string(index + 1) +
              ", at: " + format_quarter(at) + (body.size() > 2 ? ", " + body.substr(1) : "}");
    const std::string kind = shock.has("kind") ? shock.at("kind").as_string() : "?";
    const std::string words = field_words(shock, {"kind"});
    a.text = "facilitator: " + kind + " from " + format_quarter(at) + (words.empty() ? "" : " (" + words + ")");
    for (const char* key : {"target", "targets", "recipients", "hosts", "b"})
        if (auto v = shock.get(key); v && v->is_scalar()) a.partner = v->as_string();
    return a;
}

// --- the fan ---------------------------------------------------------------------------------

double value_of(const FanSeries& f, const World& w, const State& s) {
    if (f.indicator == "gdp" && f.bloc) {
        double sum = 0;
        for (int m : w.blocs[f.agent].members) sum += s.gdp[m];
        return sum;
    }
    if (f.indicator == "gdp") return s.gdp[f.agent];
    if (f.indicator == "alignment" && !f.bloc) return s.alignment[f.agent];
    return alignment::bloc_alignment(w, s, f.agent);
}

// The agent or bloc id a fan series is of.
std::string series_id(const FanSeries& f, const World& w) {
    return f.bloc || f.indicator == "asean_alignment" ? w.blocs[f.agent].id : w.agents[f.agent].id;
}

// Quantiles (linear interpolation between order statistics, R's type 7) of values[run][t].
Quantiles quantiles(std::vector<std::vector<double>>& by_time) {
    Quantiles q;
    for (auto& values : by_time) {
        std::sort(values.begin(), values.end());
        for (std::size_t k = 0; k < kQuantiles.size(); ++k) {
            const double h = (static_cast<double>(values.size()) - 1) * kQuantiles[k];
            const auto lo = static_cast<std::size_t>(std::floor(h));
            const std::size_t hi = std::min(lo + 1, values.size() - 1);
            q[k].push_back(values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]));
        }
    }
    return q;
}

// Plays `runs` runs (each made by `start(r)`) to the horizon on `threads` threads and gives each
// series' quantiles over the runs from the runs' present step on. Each run writes only its own
// slot, so the result does not depend on the threads.
template <class Start>
std::vector<Quantiles> fan_of(const std::vector<FanSeries>& series, int runs, int threads, Start start) {
    std::vector<std::vector<std::vector<double>>> per_run(static_cast<std::size_t>(runs));  // [run][series][t]
    tbb::task_arena arena(threads);
    TaskOrder order;  // for ThreadSanitizer only (analysis/task_order.hpp)
    arena.execute([&] {
        order.release();
        // Over a range, so that oneTBB copies the body into its tasks (TaskOrder's note).
        tbb::parallel_for(tbb::blocked_range<int>(0, runs), [&order, &per_run, &series, &start](const tbb::blocked_range<int>& range) {
            const TaskOrder::Step step(order);
            for (int r = range.begin(); r != range.end(); ++r) {
                RunCursor c = start(r);
                auto& mine = per_run[static_cast<std::size_t>(r)];
                mine.resize(series.size());
                auto record = [&] {
                    for (std::size_t k = 0; k < series.size(); ++k) mine[k].push_back(value_of(series[k], c.world(), c.state()));
                };
                record();
                while (!c.done()) {
                    c.advance();
                    record();
                }
            }
        });
        order.acquire();
    });
    std::vector<Quantiles> out;
    for (std::size_t k = 0; k < series.size(); ++k) {
        std::vector<std::vector<double>> by_time(per_run[0][k].size());
        for (const auto& run : per_run)
            for (std::size_t t = 0; t < run[k].size(); ++t) by_time[t].push_back(run[k][t]);
        out.push_back(quantiles(by_time));
    }
    return out;
}

// --- JSON views ------------------------------------------------------------------------------

void write_quantiles(JsonWriter& json, const char* name, const Quantiles& q) {
    json.key(name).begin_object();
    for (std::size_t k = 0; k < q.size(); ++k) {
        json.key(kQuantileNames[k]).begin_array();
        for (double v : q[k]) json.number(v);
        json.end_array();
    }
    json.end_object();
}

void write_action(JsonWriter& json, const Action& a) {
    json.begin_object().key("turn").integer(a.turn + 1).key("who").string(a.who.empty() ? "facilitator" : a.who);
    json.key("partner").string(a.partner).key("text").string(a.text).key("time").string(a.time);
    json.key("request").raw(a.request);
    json.end_object();
}

// --- journal ---------------------------------------------------------------------------------

void append_journal(const WorkshopSession& s, const std::string& line) {
    const fs::path file = s.dir / kJournal;
    const int fd = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) throw write_error(file.string());
    // A write that fails part-way is cut back to where the line began: the next line must not
    // be appended to the remains of one that never counted.
    const off_t before = ::lseek(fd, 0, SEEK_END);
    const std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) {
            if (before >= 0 && ::ftruncate(fd, before) == 0) ::fsync(fd);
            ::close(fd);
            throw write_error(file.string());
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) throw write_error(file.string());
}

std::string json_line(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out = "{";
    for (const auto& [key, value] : fields) out += (out.size() > 1 ? ", " : "") + dquoted(key) + ": " + value;
    return out + "}";
}

// The journal's line of a turn played or undone, with the digest of the series it made (checked
// when the journal is replayed).
std::string turn_line(const WorkshopSession& s, const char* op, const std::string& time, bool by_timer = false) {
    std::vector<std::pair<std::string, std::string>> fields = {{"op", dquoted(op)}};
    if (by_timer) fields.emplace_back("by", dquoted("timer"));
    fields.emplace_back("series_sha256", dquoted(s.series_sha256));
    fields.emplace_back("time", dquoted(time));
    return json_line(fields);
}

// Writes `text` to `file` through a temporary file renamed over it.
void replace_file(const fs::path& file, const std::string& text) {
    const fs::path tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) throw write_error(tmp.string());
    }
    fs::rename(tmp, file);
}

}  // namespace

// ----------------------------------------------------------------------------------------------

namespace {

// The session's present: its scenario run to the quarters played, written to its folder as
// `geosim run` writes them, and the fan from there. With `fan` false (a journal being replayed)
// the fan waits for the last step.
void play(WorkshopSession& s, const fs::path& library, int threads, bool fan) {
    const std::string text = scenario_text(s, false, library, "");
    std::shared_ptr<const World> world = compile_text(text, library);
    // The history the room has seen is the world it started with: edited world files would
    // rewrite it.
    if (!s.world_sha256.empty() && sha256_files(world->files) != s.world_sha256)
        throw InputError({s.base_file}, "",
                         "the world's files changed since the session started; restore them to go on "
                         "(the session's history must stay the one the room saw)");
    RunPlan plan;
    plan.seed = world->seed;
    const fs::path tmp = s.dir / ".run";
    fs::remove_all(tmp);
    fs::create_directory(tmp);
    OutputSpec outputs;
    outputs.graphml = false;
    SeriesWriter writer(tmp, 0, outputs);
    s.present.emplace(*world, plan);
    s.world = std::move(world);  // with the cursor that points to it
    // The fan's series: GDP and alignment of each delegation's country, and ASEAN's alignment;
    // their path so far is recorded as the session's run goes.
    std::vector<FanSeries> series;
    for (const std::string& a : s.delegations) {
        const int i = s.agent_index(a);
        const bool bloc = i < 0;
        const int k = bloc ? s.world->bloc_index(a) : i;
        series.push_back({"gdp", k, bloc, {}, {}, {}});
        // ASEAN's alignment is charted once, as asean_alignment, below.
        if (!bloc || s.world->blocs[k].id != "ASEAN") series.push_back({"alignment", k, bloc, {}, {}, {}});
    }
    for (int b = 0; b < static_cast<int>(s.world->blocs.size()); ++b)
        if (s.world->blocs[b].id == "ASEAN") series.push_back({"asean_alignment", b, true, {}, {}, {}});
    auto observe = [&] {
        writer.observe(s.present->world(), s.present->state());
        for (FanSeries& f : series) f.path.push_back(value_of(f, s.present->world(), s.present->state()));
    };
    observe();
    const int target = s.step();
    const int last_turn_start = std::max(0, (s.turn - 1) * s.quarters_per_turn);
    s.last_events.clear();
    while (s.present->step() < target) {
        s.present->advance();
        observe();
        if (s.present->step() > last_turn_start)
            for (const Event& e : s.present->state().events) s.last_events.emplace_back(s.present->step(), e);
    }
    writer.finish();
    s.series_sha256 = sha256_file(tmp / "series.csv");
    // While a journal is replayed nothing is written: its last step writes the session's files,
    // so a resume that fails leaves them as they were.
    if (!fan) {
        fs::remove_all(tmp);
        return;
    }
    for (const char* name : {"series.csv", "events.csv"}) fs::rename(tmp / name, s.dir / name);
    fs::remove_all(tmp);
    replace_file(s.dir / kScenarioName, scenario_text(s, false, library, s.dir));
    // The manifest and report of the session's run so far, as `geosim run` writes them: the
    // report's timeline marks the moves and injects (their `shock` events).
    {
        const ScenarioSpec spec = load_scenario((s.dir / kScenarioName).string());
        write_manifest(s.dir / "manifest.json",
                       run_manifest((s.dir / kScenarioName).string(), spec, *s.world, plan, 0.0,
                                    "geosim serve (workshop session " + s.id + ", turn " + std::to_string(s.turn) + ")"));
        write_report(s.dir);
    }

    const auto t0 = std::chrono::steady_clock::now();
    const RunCursor& present = *s.present;
    const auto futures = fan_of(series, s.fan_runs, threads,
                                [&](int r) { return present.fork(static_cast<std::uint64_t>(r) + 1); });
    for (std::size_t k = 0; k < series.size(); ++k) series[k].futures = futures[k];
    // The baseline: the library scenario as the session found it, with the session's seed.
    if (s.fan.empty() || s.fan.size() != series.size()) {
        std::string base = s.base_text;
        ScenarioSpec spec = load_scenario_text(base, s.base_file, library.string());
        spec.seed = s.seed;
        const World base_world = compile(spec);
        const auto baseline = fan_of(series, s.fan_runs, threads, [&](int r) {
            RunPlan p;
            p.seed = s.seed;
            p.run_id = static_cast<std::uint64_t>(r);
            return RunCursor(base_world, p);
        });
        for (std::size_t k = 0; k < series.size(); ++k) series[k].baseline = baseline[k];
    } else {
        for (std::size_t k = 0; k < series.size(); ++k) series[k].baseline = s.fan[k].baseline;
    }
    s.fan = std::move(series);
    s.fan_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void notify(WorkshopSession& s, const std::string& what) {
    ++s.version;
    const std::string data = "{\"version\": " + std::to_string(s.version) + ", \"what\": " + dquoted(what) + "}";
    std::lock_guard lock(s.streams_mutex);
    s.streams.erase(std::remove_if(s.streams.begin(), s.streams.end(),
                                   [&](const auto& e) { return !e.second->send("update", data); }),
                    s.streams.end());
}

// A log entry of the turn being prepared (a move, an inject, a join).
void note(WorkshopSession& s, const std::string& who, const std::string& what, const std::string& text,
          const std::string& time) {
    s.log.push_back({s.turn + 1, format_quarter(s.quarter_of(s.step() + 1)), who, what, text, time});
}

// A log entry of the turn just played, or undone: its number and last quarter.
void note_turn(WorkshopSession& s, int turn, const std::string& what, const std::string& text, const std::string& time) {
    s.log.push_back({turn, format_quarter(s.quarter_of(std::min(turn * s.quarters_per_turn, s.horizon()))), "facilitator",
                     what, text, time});
}

// The operations, shared by the requests and the journal's replay. Each checks, changes the
// session and returns; the caller journals and notifies.

std::vector<Action> submit(WorkshopSession& s, const std::string& agent, const InputNode& moves,
                           const fs::path& library, const std::string& time) {
    if (s.finished()) moves.fail("the session is finished; no more moves");
    const auto list = moves.elements();
    if (list.size() > Workshop::kMaxMovesPerDelegation)
        moves.fail(std::to_string(list.size()) + " moves, over the limit of " +
                   std::to_string(Workshop::kMaxMovesPerDelegation) + " a turn");
    std::vector<Action> made;
    std::set<std::string> spoken;  // partners of this turn's statements: one each
    for (std::size_t k = 0; k < list.size(); ++k) {
        made.push_back(make_move(s, agent, list[k], s.turn, static_cast<int>(k)));
        made.back().time = time;
        if (list[k].at("kind").as_string() == "statement" && !spoken.insert(made.back().partner).second)
            list[k].at("partner").fail("one statement about " + made.back().partner + " a turn");
    }
    // Checked as `geosim run` checks the same shocks in a file.
    auto kept = std::exchange(s.pending[agent], made);
    try {
        compile_text(scenario_text(s, true, library, ""), library);
    } catch (...) {
        s.pending[agent] = std::move(kept);
        throw;
    }
    s.submitted.insert(agent);
    return made;
}

Action inject(WorkshopSession& s, const InputNode& req, const fs::path& library, const std::string& time) {
    if (s.finished()) req.fail("the session is finished; no more injects");
    if (s.injects.size() >= Workshop::kMaxInjectsPerTurn)
        req.fail("over the limit of " + std::to_string(Workshop::kMaxInjectsPerTurn) + " injects a turn");
    s.injects.push_back(make_inject(s, req, s.turn, static_cast<int>(s.injects.size())));
    s.injects.back().time = time;
    try {
        compile_text(scenario_text(s, true, library, ""), library);
    } catch (...) {
        s.injects.pop_back();
        throw;
    }
    return s.injects.back();
}

void advance(WorkshopSession& s, const fs::path& library, int threads, bool fan, const std::string& time) {
    for (const std::string& d : s.delegations)
        for (Action& a : s.pending[d]) s.played.push_back(std::move(a));
    for (Action& a : s.injects) s.played.push_back(std::move(a));
    s.pending.clear();
    s.injects.clear();
    s.submitted_by_turn.push_back(std::exchange(s.submitted, {}));
    s.submissions.clear();
    ++s.turn;
    play(s, library, threads, fan);
    note_turn(s, s.turn, "advance", "turn " + std::to_string(s.turn) + " played to " + format_quarter(s.quarter_of(s.step())), time);
}

void rollback(WorkshopSession& s, const fs::path& library, int threads, bool fan, const std::string& time) {
    // What was submitted for the turn being prepared is dropped: the turn before it is pending
    // again, as it was before it was played.
    std::size_t dropped = s.injects.size();
    for (const auto& [agent, moves] : s.pending) dropped += moves.size();
    s.pending.clear();
    s.injects.clear();
    s.submitted.clear();
    --s.turn;
    s.submissions.clear();
    while (!s.played.empty() && s.played.back().turn == s.turn) {
        Action a = std::move(s.played.back());
        s.played.pop_back();
        if (a.who.empty())
            s.injects.insert(s.injects.begin(), std::move(a));
        else
            s.pending[a.who].insert(s.pending[a.who].begin(), std::move(a));
    }
    s.submitted = s.submitted_by_turn.back();
    s.submitted_by_turn.pop_back();
    play(s, library, threads, fan);
    note_turn(s, s.turn + 1, "rollback",
              "turn " + std::to_string(s.turn + 1) + " undone: back to " + format_quarter(s.quarter_of(s.step())) +
                  (dropped ? "; " + std::to_string(dropped) + " move(s) or inject(s) made for the next turn dropped" : ""),
              time);
}

}  // namespace

// ----------------------------------------------------------------------------------------------

Workshop::Workshop(ScenarioLibrary& library, fs::path sessions, std::string admin_token, int threads)
    : library_(library), dir_(std::move(sessions)), admin_token_(std::move(admin_token)), threads_(threads) {
    if (admin_token_.size() < 16) throw UsageError("the facilitator token must have at least 16 characters");
    timer_ = std::thread([this] { time_turns(); });
}

Workshop::~Workshop() {
    {
        std::lock_guard lock(timer_mutex_);
        timer_stop_ = true;
    }
    timer_wake_.notify_all();
    timer_.join();
    close_streams();
}

void Workshop::deadlines_changed() {
    {
        std::lock_guard lock(timer_mutex_);
        ++timer_epoch_;
    }
    timer_wake_.notify_all();
}

void Workshop::time_turns() {
    using clock = std::chrono::steady_clock;
    std::unique_lock lock(timer_mutex_);
    while (!timer_stop_) {
        const std::uint64_t epoch = timer_epoch_;
        lock.unlock();
        std::vector<std::shared_ptr<WorkshopSession>> all;
        {
            std::lock_guard l(mutex_);
            for (auto& [id, s] : sessions_) all.push_back(s);
        }
        auto next = clock::time_point::max();
        for (auto& s : all) {
            std::lock_guard l(s->mutex);
            if (s->due == clock::time_point{}) continue;
            if (s->due <= clock::now()) {
                // The turn timer ran out: the turn is played as if the facilitator had pressed
                // Advance, with what was submitted.
                const std::string time = now_utc();
                try {
                    transact(*s, [&] {
                        advance(*s, library_.folder(), threads_, true, time);
                        s->log.back().text += " (turn timer)";
                        append_journal(*s, turn_line(*s, "advance", time, true));
                    });
                    notify(*s, "advance");
                    s->restart_timer();
                } catch (const std::exception& e) {
                    // A turn that cannot be played stops the timer; the log says why, and the
                    // facilitator's Advance will say it again.
                    s->due = {};
                    s->deadline = {};
                    note(*s, "facilitator", "timer", std::string("the turn timer stopped: ") + e.what(), time);
                    notify(*s, "timer");
                }
            }
            if (s->due != clock::time_point{}) next = std::min(next, s->due);
        }
        lock.lock();
        if (timer_stop_ || timer_epoch_ != epoch) continue;
        auto changed = [&] { return timer_stop_ || timer_epoch_ != epoch; };
        if (next == clock::time_point::max()) timer_wake_.wait(lock, changed);
        else timer_wake_.wait_until(lock, next, changed);
    }
}

bool Workshop::owns(const std::string& target) {
    const std::string path = target.substr(0, target.find('?'));
    return path == "/api/join" || path == "/api/sessions" || path.rfind("/api/sessions/", 0) == 0;
}

std::string Workshop::new_token() {
    std::random_device rd;
    std::string out;
    char buf[9];
    for (int k = 0; k < 4; ++k) {
        std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(rd()));
        out += buf;
    }
    return out;
}

std::string Workshop::new_code() {
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford's 32: no I, L, O, U
    std::random_device rd;
    std::string out;
    for (int k = 0; k < 8; ++k) {
        if (k == 4) out += '-';
        out += alphabet[rd() % 32];
    }
    return out;
}

std::shared_ptr<WorkshopSession> Workshop::find(const std::string& id) const {
    std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : it->second;
}

void Workshop::close_streams() {
    std::vector<std::shared_ptr<WorkshopSession>> all;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, s] : sessions_) all.push_back(s);
    }
    for (auto& s : all) {
        std::lock_guard lock(s->streams_mutex);
        for (auto& e : s->streams) e.second->close();
        s->streams.clear();
    }
}

namespace {

struct Caller {
    bool admin = false;
    std::string agent;  // a delegation's country
};

void write_view(JsonWriter& json, const WorkshopSession& s, const Caller& who) {
    const World& w = *s.world;
    auto id = [&](int i) { return i >= 0 && i < w.n() ? w.agents[i].id : std::string(); };
    json.begin_object();
    json.key("id").string(s.id).key("scenario").string(s.scenario).key("seed").integer(s.seed);
    json.key("version").integer(s.version).key("turn").integer(s.turn).key("step").integer(s.step());
    json.key("quarter").string(format_quarter(s.quarter_of(s.step()))).key("finished").boolean(s.finished());
    json.key("next").begin_object();
    if (!s.finished())
        json.key("from").string(format_quarter(s.quarter_of(s.step() + 1)))
            .key("to").string(format_quarter(s.quarter_of(std::min(s.step() + s.quarters_per_turn, s.horizon()))));
    json.end_object();
    json.key("quarters_per_turn").integer(s.quarters_per_turn).key("fan_runs").integer(s.fan_runs);
    json.key("turn_seconds").integer(s.turn_seconds).key("deadline");
    if (s.deadline == std::chrono::system_clock::time_point{}) json.null();
    else json.string(format_utc_iso8601(s.deadline));
    if (!who.admin) json.key("agent").string(who.agent);
    json.key("agents").begin_array();
    for (const Agent& a : w.agents) json.begin_object().key("id").string(a.id).key("name").string(a.name).end_object();
    json.end_array();
    json.key("blocs").begin_array();
    for (const Bloc& b : w.blocs) {
        json.begin_object().key("id").string(b.id).key("name").string(b.name).key("members").begin_array();
        for (int m : b.members) json.string(w.agents[m].id);
        json.end_array().end_object();
    }
    json.end_array();
    json.key("delegations").begin_array();
    for (const std::string& d : s.delegations) {
        const auto p = s.pending.find(d);
        json.begin_object().key("agent").string(d).key("joined").boolean(s.joined.count(d) && s.joined.at(d));
        json.key("submitted").boolean(s.submitted.count(d) > 0);
        json.key("moves").integer(p == s.pending.end() ? 0 : p->second.size()).end_object();
    }
    json.end_array();
    if (who.admin) {
        json.key("codes").begin_object();
        for (const auto& [a, code] : s.codes) json.key(a).string(code);
        json.end_object();
    }
    json.key("pending").begin_object().key("moves").begin_object();
    for (const auto& [a, list] : s.pending) {
        if (!who.admin && a != who.agent) continue;
        json.key(a).begin_array();
        for (const Action& m : list) write_action(json, m);
        json.end_array();
    }
    json.end_object().key("injects").begin_array();
    if (who.admin)
        for (const Action& m : s.injects) write_action(json, m);
    json.end_array().end_object();
    // Offers still open: an `up` made last turn toward a delegation that has not answered it.
    json.key("offers").begin_array();
    for (const Action& a : s.played)
        if (a.stance == "up" && a.turn == s.turn - 1 && !s.finished())
            json.begin_object().key("from").string(a.who).key("to").string(a.partner).key("turn").integer(a.turn + 1).end_object();
    json.end_array();
    json.key("log").begin_array();
    for (const LogEntry& e : s.log) {
        // A delegation sees its own moves as it makes them, others' once played (toward_me, the
        // events) and the facilitator's injects when they fire (alerts, the events), not before.
        if (!who.admin && ((e.what == "move" && e.who != who.agent) || e.what == "inject")) continue;
        json.begin_object().key("turn").integer(e.turn).key("quarter").string(e.quarter).key("who").string(e.who);
        json.key("what").string(e.what).key("text").string(e.text).key("time").string(e.time).end_object();
    }
    json.end_array();

    const State& now = s.present->state();
    json.key("state").begin_object().key("quarter").string(format_quarter(s.quarter_of(s.step())));
    json.key("agents").begin_array();
    for (int i = 0; i < w.n(); ++i)
        json.begin_object().key("id").string(w.agents[i].id).key("gdp").number(now.gdp[i])
            .key("gdp_growth").number(now.gdp_growth[i]).key("alignment").number(now.alignment[i])
            .key("defence_share").number(now.defence[i]).end_object();
    json.end_array().key("blocs").begin_array();
    for (int b = 0; b < static_cast<int>(w.blocs.size()); ++b) {
        double gdp = 0;
        for (int m : w.blocs[b].members) gdp += now.gdp[m];
        json.begin_object().key("id").string(w.blocs[b].id).key("gdp").number(gdp)
            .key("alignment").number(alignment::bloc_alignment(w, now, b)).end_object();
    }
    json.end_array().key("ties").begin_array();
    for (int i = 0; i < w.n(); ++i)
        for (int j = i + 1; j < w.n(); ++j)
            if (now.ties(i, j) > 0)
                json.begin_object().key("a").string(w.agents[i].id).key("b").string(w.agents[j].id)
                    .key("level").integer(now.ties(i, j)).end_object();
    json.end_array().key("bloc_ties").begin_array();
    for (int b = 0; b < static_cast<int>(w.blocs.size()); ++b)
        for (int p = 0; p < w.n(); ++p)
            if (!w.in_bloc(p, b) && now.bloc_ties(b, p) > 0)
                json.begin_object().key("bloc").string(w.blocs[b].id).key("partner").string(w.agents[p].id)
                    .key("level").integer(now.bloc_ties(b, p)).end_object();
    json.end_array().key("trade_share").begin_array();
    for (const std::string& d : s.delegations) {
        if (!who.admin && d != who.agent) continue;
        // A bloc's trade with each partner outside it, over its members' trade with the outside.
        const std::vector<int> mine = s.members(d);
        auto inside = [&](int j) { return std::find(mine.begin(), mine.end(), j) != mine.end(); };
        std::vector<double> with(static_cast<std::size_t>(w.n()), 0.0);
        double total = 0;
        for (int i : mine)
            for (int j = 0; j < w.n(); ++j)
                if (!inside(j)) {
                    with[j] += now.trade(i, j) + now.trade(j, i);
                    total += now.trade(i, j) + now.trade(j, i);
                }
        for (int j = 0; j < w.n(); ++j)
            if (!inside(j) && total > 0)
                json.begin_object().key("agent").string(d).key("partner").string(w.agents[j].id)
                    .key("share").number(with[j] / total).end_object();
    }
    json.end_array().end_object();

    json.key("events").begin_array();
    for (const auto& [step, e] : s.last_events)
        json.begin_object().key("quarter").string(format_quarter(s.quarter_of(step))).key("kind").string(e.kind).key("agent").string(id(e.agent)).key("partner").string(id(e.partner))
            .key("text").string(e.detail).end_object();
    json.end_array();

    if (!who.admin) {
        json.key("toward_me").begin_array();
        for (const Action& a : s.played)
            if (s.reaches(a.partner, who.agent) && a.who != who.agent && a.fires <= s.step()) write_action(json, a);
        json.end_array();
        json.key("alerts").begin_array();
        const std::vector<int> mine = s.members(who.agent);
        auto is_mine = [&](int i) { return i >= 0 && std::find(mine.begin(), mine.end(), i) != mine.end(); };
        const int my_bloc = w.bloc_index(who.agent);
        // A bloc's delegation answers offers to the bloc; its members' own ties are the model's.
        for (const Action& a : s.played)
            if (a.stance == "up" && (my_bloc >= 0 ? a.partner == who.agent : s.reaches(a.partner, who.agent)) &&
                a.turn == s.turn - 1 && !s.finished())
                json.begin_object().key("kind").string("offer").key("text")
                    .string(a.who + " offers a closer security tie; answer with a tie move toward " + a.who +
                            " (up accepts) this turn").end_object();
        const int turn_start = std::max(0, (s.turn - 1) * s.quarters_per_turn);
        for (const Action& a : s.played)
            if (a.who.empty() && s.reaches(a.partner, who.agent) && a.fires > turn_start && a.fires <= s.step())
                json.begin_object().key("kind").string("inject").key("text").string(a.text).end_object();
        for (const auto& [step, e] : s.last_events) {
            // A bloc's tie changes name the partner as the agent and the bloc first in the text.
            const bool bloc_tie = e.kind == "bloc_tie_change" &&
                                  (my_bloc >= 0 ? e.detail.rfind(w.blocs[my_bloc].id + " and ", 0) == 0 : is_mine(e.agent));
            const bool mine = (e.kind == "incident" && is_mine(e.partner)) ||
                              (e.kind == "tie_change" && (is_mine(e.agent) || is_mine(e.partner))) || bloc_tie;
            if (mine) json.begin_object().key("kind").string(e.kind).key("text").string(e.detail).end_object();
        }
        json.end_array();
    }

    json.key("fan").begin_object().key("runs").integer(s.fan_runs).key("seconds").number(s.fan_seconds);
    json.key("from_step").integer(s.step()).key("dates").begin_array();
    for (int t = 0; t <= s.horizon(); ++t) json.string(format_quarter(s.quarter_of(t)));
    json.end_array().key("series").begin_array();
    for (const FanSeries& f : s.fan) {
        const std::string id = series_id(f, w);
        if (!who.admin && f.indicator != "asean_alignment" && id != who.agent) continue;
        json.begin_object().key("indicator").string(f.indicator).key("agent").string(id);
        json.key("path").begin_array();
        for (double v : f.path) json.number(v);
        json.end_array();
        write_quantiles(json, "futures", f.futures);
        write_quantiles(json, "baseline", f.baseline);
        json.end_object();
    }
    json.end_array().end_object();
    json.end_object();
}

HttpResponse view(const WorkshopSession& s, const Caller& who) {
    std::ostringstream out;
    JsonWriter json(out, true);
    write_view(json, s, who);
    return {200, "application/json", out.str()};
}

HttpResponse levers(const WorkshopSession& s, const Caller& who) {
    const World& w = *s.base_world;
    std::ostringstream out;
    JsonWriter json(out, true);
    // The partners: every agent the delegation does not play, then every bloc none of its
    // countries is in (a partner for the moves that take a list, and for ties).
    json.begin_object().key("agent").string(who.agent).key("partners").begin_array();
    for (const Agent& a : w.agents)
        if (a.id != who.agent && !s.reaches(a.id, who.agent)) json.string(a.id);
    for (const Bloc& b : w.blocs)
        if (b.id != who.agent && !b.members.empty() && !s.reaches(b.id, who.agent)) json.string(b.id);
    json.end_array().key("blocs").begin_array();
    for (const Bloc& b : w.blocs)
        if (b.id != who.agent && !b.members.empty() && !s.reaches(b.id, who.agent)) json.string(b.id);
    json.end_array().key("sectors").begin_array();
    for (const auto& g : w.sectors) json.begin_object().key("id").string(g.id).key("name").string(g.name).end_object();
    json.end_array().key("moves").begin_array();
    const int me = w.index_of(who.agent);
    for (const MoveKind& m : move_kinds()) {
        if (std::string(m.kind) == "tie_stance" && me >= 0 && !w.agents[me].strategic) continue;
        json.begin_object().key("kind").string(m.name).key("label").string(m.label).key("partner").boolean(m.partner != nullptr);
        json.key("bloc_partner").boolean(m.partner != nullptr && (m.partner_list || std::string(m.name) == "tie"));
        json.key("fields").begin_array();
        for (const Field& f : m.fields) {
            json.begin_object().key("name").string(f.name).key("label").string(f.label).key("type").string(f.type);
            if (std::string(f.type) == "number" || std::string(f.type) == "integer") json.key("min").number(f.lo).key("max").number(f.hi);
            if (f.fallback) json.key("default").number(*f.fallback);
            if (f.choice_default) json.key("default").string(f.choice_default);
            if (f.optional) json.key("optional").boolean(true);
            if (!f.options.empty()) {
                json.key("options").begin_array();
                for (const auto& o : f.options) json.string(o);
                json.end_array();
            }
            json.end_object();
        }
        json.end_array().end_object();
    }
    json.end_array().end_object();
    return {200, "application/json", out.str()};
}

InputNode parse_body(const std::string& body, const std::vector<std::string>& keys) {
    if (body.size() > Workshop::kMaxBody)
        throw InputError({"request"}, "", "request body over the limit of " + std::to_string(Workshop::kMaxBody) + " bytes");
    if (body.empty()) throw InputError({"request"}, "", "the body is empty; send a JSON object");
    const InputNode req = load_yaml_text(body, "request");
    if (!req.is_map()) req.fail("expected a JSON object");
    require_json(req);
    req.allow_keys(keys);
    return req;
}

}  // namespace

HttpResponse Workshop::list() const {
    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("sessions").begin_array();
    std::vector<std::pair<std::string, std::shared_ptr<WorkshopSession>>> all;
    {
        std::lock_guard lock(mutex_);
        all.assign(sessions_.begin(), sessions_.end());
    }
    for (const auto& [id, s] : all) {
        std::lock_guard l(s->mutex);
        json.begin_object().key("id").string(id).key("scenario").string(s->scenario).key("turn").integer(s->turn);
        json.key("quarter").string(format_quarter(s->quarter_of(s->step()))).key("finished").boolean(s->finished());
        json.end_object();
    }
    json.end_array().end_object();
    return {200, "application/json", out.str()};
}

namespace {

// Starts a session from its create record (a request, or the journal's first line).
std::shared_ptr<WorkshopSession> start_session(const InputNode& req, const std::string& id, const fs::path& dir,
                                               const std::string& base_text, const std::string& base_file,
                                               const fs::path& library) {
    auto s = std::make_shared<WorkshopSession>();
    s->id = id;
    s->dir = dir;
    s->scenario = req.at("scenario").as_string();
    s->base_text = base_text;
    s->base_file = base_file;
    ScenarioSpec spec = load_scenario_text(base_text, base_file, library.string());
    s->base_world = std::make_shared<const World>(compile(spec));
    s->seed = req.has("seed") ? static_cast<std::uint64_t>(json_int(req.at("seed"), 0, 1LL << 53)) : spec.seed;
    s->quarters_per_turn = req.has("quarters_per_turn") ? static_cast<int>(json_int(req.at("quarters_per_turn"), 1, 8)) : 1;
    s->turn_seconds = req.has("turn_seconds") ? static_cast<int>(json_int(req.at("turn_seconds"), 0, 3600)) : 0;
    if (s->turn_seconds > 0 && s->turn_seconds < 5) req.at("turn_seconds").fail("a turn timer runs 5 to 3600 seconds (0: none)");
    s->fan_runs = req.has("fan_runs") ? static_cast<int>(json_int(req.at("fan_runs"), 10, 2000))
                                      : static_cast<int>(Workshop::kDefaultFanRuns);
    const InputNode list = req.at("delegations");
    const auto items = list.elements();
    if (items.empty() || items.size() > Workshop::kMaxDelegations)
        list.fail("a session has 1 to " + std::to_string(Workshop::kMaxDelegations) + " delegations");
    const World& w = *s->base_world;
    std::vector<std::string> ids;
    for (const Agent& a : w.agents) ids.push_back(a.id);
    for (const Bloc& b : w.blocs) ids.push_back(b.id);
    for (const InputNode& d : items) {
        const std::string a = d.as_string();
        if (w.index_of(a) < 0 && w.bloc_index(a) < 0) d.fail("unknown agent or bloc '" + a + "'" + did_you_mean(a, ids));
        if (std::find(s->delegations.begin(), s->delegations.end(), a) != s->delegations.end())
            d.fail("'" + a + "' is listed twice");
        // A country is played by one delegation: its own or its bloc's, not both.
        for (const std::string& other : s->delegations)
            for (int m : s->members(a)) {
                const std::vector<int> theirs = s->members(other);
                if (std::find(theirs.begin(), theirs.end(), m) != theirs.end())
                    d.fail(w.agents[m].id + " would be played by two delegations, '" + other + "' and '" + a + "'");
            }
        s->delegations.push_back(a);
    }
    return s;
}

}  // namespace

HttpResponse Workshop::create(const std::string& body) {
    const InputNode req = parse_body(body, {"scenario", "delegations", "seed", "quarters_per_turn", "fan_runs", "turn_seconds"});
    // The slot and the id are reserved before the work (a fan takes a second or two), so that
    // requests at the same time cannot pass the cap or take the same id.
    std::string id;
    {
        std::lock_guard lock(mutex_);
        if (sessions_.size() + reserved_.size() >= kMaxSessions)
            return json_error(429, "over the limit of " + std::to_string(kMaxSessions) + " sessions on this server");
        do id = new_token().substr(0, 8);
        while (sessions_.count(id) || reserved_.count(id) || fs::exists(dir_ / id));
        reserved_.insert(id);
    }
    struct Release {
        Workshop* w;
        std::string id;
        ~Release() {
            std::lock_guard lock(w->mutex_);
            w->reserved_.erase(id);
        }
    } release{this, id};
    const std::string name = req.at("scenario").as_string();
    std::optional<LibraryScenario> chosen;
    std::vector<std::string> names;
    for (const LibraryScenario& s : library_.scenarios()) {
        names.push_back(s.name);
        if (s.name == name) chosen = s;
    }
    if (!chosen) req.at("scenario").fail("unknown scenario '" + name + "'" + did_you_mean(name, names));
    std::ifstream in(library_.folder() / chosen->file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) req.at("scenario").fail("cannot read the library's file '" + chosen->file + "'");
    const fs::path dir = dir_ / id;
    auto s = start_session(req, id, dir, text.str(), chosen->file, library_.folder());
    s->world_sha256 = sha256_files(s->base_world->files);
    for (const std::string& d : s->delegations) s->codes[d] = new_code();

    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
    std::string codes = "{";
    for (const auto& [a, c] : s->codes) codes += (codes.size() > 1 ? ", " : "") + dquoted(a) + ": " + dquoted(c);
    codes += "}";
    const std::string time = now_utc();
    std::lock_guard lock(s->mutex);
    play(*s, library_.folder(), threads_, true);
    note(*s, "facilitator", "create", "session of " + s->scenario + " started", time);
    append_journal(*s, json_line({{"op", dquoted("create")}, {"request", json_of(req.yaml())}, {"scenario_file", dquoted(s->base_file)},
                                  {"scenario_text", dquoted(s->base_text)}, {"world_sha256", dquoted(s->world_sha256)},
                                  {"series_sha256", dquoted(s->series_sha256)}, {"codes", codes}, {"time", dquoted(time)}}));
    {
        std::lock_guard l(mutex_);
        sessions_[id] = s;
    }
    s->restart_timer();
    deadlines_changed();
    return view(*s, {true, ""});
}

HttpResponse Workshop::join(const std::string& body) {
    const InputNode req = parse_body(body, {"code"});
    const std::string code = req.at("code").as_string();
    // Wrong codes are counted: beyond kMaxWrongCodes a minute the server stops trying them, so the
    // 40 bits of a code cannot be searched over HTTP.
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        while (!wrong_codes_.empty() && now - wrong_codes_.front() > std::chrono::minutes(1)) wrong_codes_.pop_front();
        if (wrong_codes_.size() >= kMaxWrongCodes)
            return json_error(429, "too many wrong join codes in the last minute; try again in a minute");
    }
    std::vector<std::shared_ptr<WorkshopSession>> all;
    {
        std::lock_guard lock(mutex_);
        for (auto& [id, s] : sessions_) all.push_back(s);
    }
    for (auto& s : all) {
        std::lock_guard lock(s->mutex);
        for (const auto& [agent, c] : s->codes) {
            if (!same_secret(c, code)) continue;
            const std::string token = new_token();
            const std::string time = now_utc();
            transact(*s, [&] {
                s->token_hashes[agent] = sha256_hex(token);
                s->joined[agent] = true;
                note(*s, agent, "join", agent + " joined", time);
                append_journal(*s, json_line({{"op", dquoted("join")}, {"agent", dquoted(agent)},
                                              {"token_sha256", dquoted(s->token_hashes[agent])}, {"time", dquoted(time)}}));
            });
            notify(*s, "join");
            std::ostringstream out;
            JsonWriter json(out, true);
            json.begin_object().key("session").string(s->id).key("agent").string(agent).key("token").string(token).end_object();
            return {200, "application/json", out.str()};
        }
    }
    std::lock_guard lock(mutex_);
    wrong_codes_.push_back(now);
    return json_error(403, "unknown join code");
}

HttpResponse Workshop::handle(const HttpRequest& req) {
    const std::string path = req.target.substr(0, req.target.find('?'));
    const bool post = req.method == "POST";
    if (req.body.size() > kMaxBody)
        return json_error(413, "request body over the limit of " + std::to_string(kMaxBody) + " bytes");
    if (path == "/api/join") {
        if (!post) return json_error(405, path + " takes POST");
        return join(req.body);
    }
    const std::string token = bearer(req.authorization);
    if (token.empty()) return json_error(401, "no token: send 'Authorization: Bearer TOKEN'");
    const bool admin = same_secret(token, admin_token_);
    const std::string hash = sha256_hex(token);
    std::vector<std::shared_ptr<WorkshopSession>> all;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, s] : sessions_) all.push_back(s);
    }
    if (path == "/api/sessions") {
        if (!admin) {
            bool delegation = false;
            for (const auto& s : all) {
                std::lock_guard l(s->mutex);
                for (const auto& [agent, h] : s->token_hashes) delegation = delegation || same_secret(h, hash);
            }
            if (!delegation) return json_error(401, "unknown token");
            return json_error(403, "only the facilitator lists and starts sessions");
        }
        return post ? create(req.body) : list();
    }
    // /api/sessions/ID[/what]
    const std::string rest = path.substr(std::string("/api/sessions/").size());
    const std::string id = rest.substr(0, rest.find('/'));
    const std::string what = rest.size() > id.size() ? rest.substr(id.size() + 1) : "";
    static const std::set<std::string> gets = {"", "levers", "stream", "export"};
    static const std::set<std::string> posts = {"moves", "inject", "advance", "rollback"};
    const auto s = find(id);
    if (!s) return json_error(404, "no session '" + id + "'");
    if (!gets.count(what) && !posts.count(what)) return json_error(404, "no endpoint " + path);
    if (post != (posts.count(what) > 0)) return json_error(405, path + " takes " + (post ? "GET" : "POST"));
    std::unique_lock lock(s->mutex);
    Caller who{admin, ""};
    if (!admin) {
        for (const auto& [agent, h] : s->token_hashes)
            if (same_secret(h, hash)) who.agent = agent;
        if (who.agent.empty()) return json_error(401, "unknown token for session '" + id + "'");
    }
    auto facilitator_only = [&]() -> std::optional<HttpResponse> {
        if (!admin) return json_error(403, "only the facilitator may " + what);
        return std::nullopt;
    };
    const std::string time = now_utc();
    if (what.empty()) return view(*s, who);
    if (what == "levers") return levers(*s, who);
    if (what == "stream") {
        // A page that reconnects replaces its older streams beyond kMaxStreamsPerToken; the server
        // keeps kMaxStreamsInAll in all, below its cap on connections.
        std::size_t in_all = 0;
        for (const auto& other : all) {
            if (other == s) continue;
            std::lock_guard l(other->streams_mutex);
            for (const auto& e : other->streams) in_all += !e.second->closed();
        }
        std::lock_guard l(s->streams_mutex);
        s->streams.erase(std::remove_if(s->streams.begin(), s->streams.end(), [](const auto& e) { return e.second->closed(); }),
                         s->streams.end());
        std::vector<std::size_t> mine;
        for (std::size_t k = 0; k < s->streams.size(); ++k)
            if (s->streams[k].first == hash) mine.push_back(k);
        if (mine.size() >= kMaxStreamsPerToken) {
            s->streams[mine.front()].second->close();
            s->streams.erase(s->streams.begin() + static_cast<std::ptrdiff_t>(mine.front()));
        }
        if (s->streams.size() >= kMaxStreams || in_all + s->streams.size() >= kMaxStreamsInAll)
            return json_error(429, "over the limit of open event streams (" + std::to_string(kMaxStreams) + " a session, " +
                                       std::to_string(kMaxStreamsInAll) + " in all)");
        auto e = std::make_shared<EventStream>();
        e->send("update", "{\"version\": " + std::to_string(s->version) + ", \"what\": \"open\"}");
        s->streams.emplace_back(hash, e);
        HttpResponse res;
        res.events = e;
        return res;
    }
    if (what == "export") {
        if (auto r = facilitator_only()) return *r;
        HttpResponse res{200, "text/yaml; charset=utf-8", scenario_text(*s, false, library_.folder(), "")};
        res.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"" + session_name(*s) + ".yaml\"");
        return res;
    }
    if (what == "moves") {
        if (admin) return json_error(403, "moves are a delegation's; the facilitator injects");
        const InputNode req_node = parse_body(req.body, {"moves"});
        if (s->submissions[who.agent] >= kMaxSubmissions)
            return json_error(429, "over the limit of " + std::to_string(kMaxSubmissions) + " submissions a turn");
        std::vector<Action> made = transact(*s, [&] {
            auto made = submit(*s, who.agent, req_node.at("moves"), library_.folder(), time);
            for (const Action& a : made) note(*s, who.agent, "move", a.text, time);
            if (made.empty()) note(*s, who.agent, "move", who.agent + ": no move this turn", time);
            ++s->submissions[who.agent];
            std::string moves = "[";
            for (const InputNode& m : req_node.at("moves").elements()) moves += (moves.size() > 1 ? ", " : "") + json_of(m.yaml());
            append_journal(*s, json_line({{"op", dquoted("submit")}, {"agent", dquoted(who.agent)}, {"moves", moves + "]"},
                                          {"time", dquoted(time)}}));
            return made;
        });
        notify(*s, "submit");
        std::ostringstream out;
        JsonWriter json(out, true);
        json.begin_object().key("moves").begin_array();
        for (const Action& a : made) write_action(json, a);
        json.end_array().end_object();
        return {200, "application/json", out.str()};
    }
    if (auto r = facilitator_only()) return *r;
    const InputNode req_node =
        parse_body(req.body.empty() ? std::string("{}") : req.body, what == "inject" ? std::vector<std::string>{"shock", "at"}
                                                                                      : std::vector<std::string>{"turn"});
    // An advance or rollback may say which turn it means (the turns played when the page was
    // drawn): one that the turn timer, or another window, has played since is 409.
    if (auto expected = req_node.get("turn"); expected && json_int(*expected, 0, 1000) != s->turn)
        return json_error(409, "the session has played " + std::to_string(s->turn) + " turns, not " +
                                   std::to_string(json_int(*expected, 0, 1000)) + ": look again before you " + what);
    if (what == "inject") {
        Action a = transact(*s, [&] {
            Action a = inject(*s, req_node, library_.folder(), time);
            note(*s, "facilitator", "inject", a.text, time);
            append_journal(*s, json_line({{"op", dquoted("inject")}, {"request", json_of(req_node.yaml())}, {"time", dquoted(time)}}));
            return a;
        });
        notify(*s, "inject");
        std::ostringstream out;
        JsonWriter json(out, true);
        json.begin_object().key("inject");
        write_action(json, a);
        json.end_object();
        return {200, "application/json", out.str()};
    }
    if (what == "advance") {
        if (s->finished()) return json_error(409, "the session is finished: every quarter to the horizon is played");
        transact(*s, [&] {
            advance(*s, library_.folder(), threads_, true, time);
            append_journal(*s, turn_line(*s, "advance", time));
        });
    } else {  // rollback
        if (s->turn == 0) return json_error(409, "no turn has been played yet");
        transact(*s, [&] {
            rollback(*s, library_.folder(), threads_, true, time);
            append_journal(*s, turn_line(*s, "rollback", time));
        });
    }
    notify(*s, what);
    s->restart_timer();
    deadlines_changed();
    return view(*s, who);
}

namespace {

// A journal's turn replayed must give the numbers the room saw: a build of geosim whose model
// moved since the session was played would rewrite its history. Journals written before the
// digest was recorded are not checked.
void same_as_played(const WorkshopSession& s, const InputNode& rec, int turn) {
    if (!rec.has("series_sha256")) return;
    if (rec.at("series_sha256").as_string() == s.series_sha256) return;
    rec.at("series_sha256")
        .fail("this build of geosim does not give the numbers the room saw at turn " + std::to_string(turn) + " (" +
              format_quarter(s.quarter_of(s.step())) +
              ": the series differ from the journal's digest); resume the session with the geosim that played it, "
              "or run its scenario, " + (s.dir / kScenarioName).string() + ", with this one");
}

}  // namespace

void Workshop::resume(const std::string& id) {
    // An id is what create() makes: 8 hex digits, never a path.
    if (!std::regex_match(id, std::regex("[0-9a-f]{8}")))
        throw UsageError("'" + id + "' is not a session id (8 hex digits, the name of the session's folder)");
    {
        std::lock_guard lock(mutex_);
        if (sessions_.count(id)) throw UsageError("session '" + id + "' is already loaded");
        if (sessions_.size() >= kMaxSessions) throw UsageError("over the limit of " + std::to_string(kMaxSessions) + " sessions");
    }
    const fs::path dir = dir_ / id;
    const fs::path file = dir / kJournal;
    if (!fs::is_regular_file(file))
        throw UsageError("no session '" + id + "' to resume in " + dir_.string() + " (its folder holds " + kJournal + ")");
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    std::shared_ptr<WorkshopSession> s;
    std::size_t pos = 0;
    int line = 0;
    // A line without its newline was being written when the server stopped: it never happened.
    while (pos < all.size()) {
        const std::size_t end = all.find('\n', pos);
        if (end == std::string::npos) break;
        ++line;
        // Blank lines before it, so that a message's line and column are the journal's own.
        const InputNode rec = load_yaml_text(std::string(static_cast<std::size_t>(line - 1), '\n') + all.substr(pos, end - pos),
                                             file.string());
        pos = end + 1;
        const std::string op = rec.at("op").as_string();
        const std::string time = rec.has("time") ? rec.at("time").as_string() : "";
        if (op == "create") {
            s = start_session(rec.at("request"), id, dir, rec.at("scenario_text").as_string(),
                              rec.at("scenario_file").as_string(), library_.folder());
            for (const auto& [a, c] : rec.at("codes").items()) s->codes[a] = c.as_string();
            if (rec.has("world_sha256")) s->world_sha256 = rec.at("world_sha256").as_string();
            play(*s, library_.folder(), threads_, false);
            same_as_played(*s, rec, 0);
            note(*s, "facilitator", "create", "session of " + s->scenario + " started", time);
            continue;  // a creation is not an update: version 0
        }
        if (!s) rec.fail("the journal does not start with the session's creation");
        if (op == "join") {
            const std::string agent = rec.at("agent").as_string();
            s->token_hashes[agent] = rec.at("token_sha256").as_string();
            s->joined[agent] = true;
            note(*s, agent, "join", agent + " joined", time);
        } else if (op == "submit") {
            const std::string agent = rec.at("agent").as_string();
            const auto made = submit(*s, agent, rec.at("moves"), library_.folder(), time);
            for (const Action& a : made) note(*s, agent, "move", a.text, time);
            if (made.empty()) note(*s, agent, "move", agent + ": no move this turn", time);
        } else if (op == "inject") {
            note(*s, "facilitator", "inject", inject(*s, rec.at("request"), library_.folder(), time).text, time);
        } else if (op == "advance") {
            advance(*s, library_.folder(), threads_, false, time);
            same_as_played(*s, rec, s->turn);
            if (rec.has("by")) s->log.back().text += " (turn timer)";
        } else if (op == "rollback") {
            rollback(*s, library_.folder(), threads_, false, time);
            same_as_played(*s, rec, s->turn);
        } else {
            rec.at("op").fail("unknown operation '" + op + "'");
        }
        s->version += 1;  // as notify() counted it
    }
    if (!s) throw UsageError("the journal of session '" + id + "' is empty");
    for (const std::string& a : s->delegations)
        if (!s->codes.count(a)) throw UsageError("the journal of session '" + id + "' has no join code for " + a);
    play(*s, library_.folder(), threads_, true);
    // The remains of a line cut short go, so that the next line starts on a line of its own.
    if (pos < all.size()) {
        std::error_code ec;
        fs::resize_file(file, pos, ec);
        if (ec) throw write_error(file.string());
    }
    // Every action's time is the journal's; a turn timer starts again from the resume.
    s->restart_timer();
    {
        std::lock_guard lock(mutex_);
        sessions_[id] = s;
    }
    deadlines_changed();
}

}  // namespace geosim::cli
