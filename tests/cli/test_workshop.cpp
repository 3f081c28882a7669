// Workshop sessions of `geosim serve` (docs/workshop.md) through the real server: a session is
// the run of its exported scenario to the byte, survives SIGKILL, checks who may do what, and
// its fan does not depend on the threads.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/cli/cli_harness.hpp"
#include "tests/cli/serve_harness.hpp"

using namespace geosim::test;
namespace fs = std::filesystem;

namespace {

const std::string kToken = "facilitator-token-for-tests-0123";

// A server with workshop sessions in `dir`/sessions and the facilitator token above.
struct WorkshopServer {
    ServeProcess serve;
    WorkshopServer(const TempDir& dir, std::vector<std::string> extra = {})
        : serve([&] {
              std::ofstream(dir / "token") << kToken << "\n";
              std::vector<std::string> args = {"--sessions", (dir / "sessions").string(), "--admin-token-file",
                                               (dir / "token").string()};
              args.insert(args.end(), extra.begin(), extra.end());
              return args;
          }()) {}
    HttpReply get(const std::string& path, const std::string& token = kToken) const {
        return http_request(serve.port(), "GET", path, "", {{"Authorization", token.empty() ? "" : "Bearer " + token}});
    }
    HttpReply post(const std::string& path, const std::string& body, const std::string& token = kToken) const {
        return http_request(serve.port(), "POST", path, body, {{"Authorization", token.empty() ? "" : "Bearer " + token}});
    }
    // The answer of a request that must succeed.
    YAML::Node ok(const HttpReply& r) const {
        INFO(r.body);
        REQUIRE(r.status == 200);
        return parse_json(r.body);
    }
};

struct Session {
    std::string id;
    std::map<std::string, std::string> tokens;  // by agent
};

Session start(const WorkshopServer& s, const std::string& body) {
    const YAML::Node v = s.ok(s.post("/api/sessions", body));
    Session out{v["id"].as<std::string>(), {}};
    for (const auto& kv : v["codes"]) {
        const YAML::Node j = s.ok(s.post("/api/join", "{\"code\": \"" + kv.second.as<std::string>() + "\"}", ""));
        CHECK(j["agent"].as<std::string>() == kv.first.as<std::string>());
        out.tokens[kv.first.as<std::string>()] = j["token"].as<std::string>();
    }
    return out;
}

const std::string kCreate =
    R"({"scenario": "baseline", "delegations": ["PHL", "CHN"], "fan_runs": 20, "seed": 777})";

// Turn 1: PHL taxes Chinese electronics and offers CHN a closer tie, CHN blocks Philippine
// agri-food, and an incident at Scarborough; turn 2: CHN accepts the tie.
void play_two_turns(const WorkshopServer& s, const Session& x) {
    const std::string base = "/api/sessions/" + x.id;
    s.ok(s.post(base + "/moves",
                R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": 0.1, "sectors": ["ELE"]},
                              {"kind": "tie", "partner": "CHN", "stance": "up"}]})",
                x.tokens.at("PHL")));
    s.ok(s.post(base + "/moves", R"({"moves": [{"kind": "import_ban", "partner": "PHL", "imports_blocked": 0.3, "sectors": ["AGF"]}]})",
                x.tokens.at("CHN")));
    s.ok(s.post(base + "/inject", R"({"shock": {"kind": "maritime_incident", "zone": "scarborough", "rung": 2}})"));
    s.ok(s.post(base + "/advance", "{}"));
    s.ok(s.post(base + "/moves", R"({"moves": [{"kind": "tie", "partner": "PHL", "stance": "up"}]})", x.tokens.at("CHN")));
    s.ok(s.post(base + "/moves", R"({"moves": []})", x.tokens.at("PHL")));
    s.ok(s.post(base + "/advance", "{}"));
}

int tie_level(const YAML::Node& view, const std::string& a, const std::string& b) {
    for (const auto& t : view["state"]["ties"])
        if ((t["a"].as<std::string>() == a && t["b"].as<std::string>() == b) ||
            (t["a"].as<std::string>() == b && t["b"].as<std::string>() == a))
            return t["level"].as<int>();
    return 0;
}

std::string first_lines(const fs::path& file, std::size_t lines) {
    std::ifstream in(file, std::ios::binary);
    std::string out, line;
    for (std::size_t k = 0; k < lines && std::getline(in, line); ++k) out += line + "\n";
    return out;
}

// Reads a socket into `text` until `done(text)`, the peer closes, or a minute passes.
template <class Done>
void read_until(int fd, std::string& text, Done done) {
    for (int k = 0; k < 600 && !done(text); ++k) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char buf[4096];
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
}

std::size_t line_count(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("workshop: a session is its exported scenario's run, to the byte, and consent raises a tie", "[cli][serve][workshop]") {
    TempDir dir;
    WorkshopServer s(dir);
    const Session x = start(s, kCreate);
    const std::string base = "/api/sessions/" + x.id;
    const int before = tie_level(s.ok(s.get(base)), "CHN", "PHL");
    play_two_turns(s, x);
    YAML::Node v = s.ok(s.get(base));
    CHECK(v["turn"].as<int>() == 2);
    CHECK(v["quarter"].as<std::string>() == "2025Q3");
    // The offer of turn 1 and its acceptance in turn 2 raise the tie by one rung in 2025Q3.
    CHECK(tie_level(v, "CHN", "PHL") == before + 1);

    // Roll the second turn back and play it again: the same state.
    const std::string series_after_two = slurp(dir / "sessions" / x.id / "series.csv");
    YAML::Node back = s.ok(s.post(base + "/rollback", "{}"));
    CHECK(back["turn"].as<int>() == 1);
    CHECK(back["pending"]["moves"]["CHN"].size() == 1);
    CHECK(line_count(slurp(dir / "sessions" / x.id / "series.csv")) < line_count(series_after_two));
    s.ok(s.post(base + "/advance", "{}"));
    CHECK(slurp(dir / "sessions" / x.id / "series.csv") == series_after_two);

    // The export is the session folder's scenario but for where the world is named from, and
    // geosim run of it gives the session's series and events as their first rows.
    const HttpReply exported = s.get(base + "/export");
    REQUIRE(exported.status == 200);
    CHECK(exported.headers.at("Content-Type") == "text/yaml; charset=utf-8");
    const fs::path session_yaml = dir / "sessions" / x.id / "session.yaml";
    std::string in_folder = slurp(session_yaml);
    CHECK(exported.body.find("world: \"world/default.yaml\"") != std::string::npos);
    CHECK(exported.body.find("seed: 777") != std::string::npos);
    CHECK(exported.body.find("{name: t1_PHL_1, kind: tariff, at: 2025Q2, sender: PHL, targets: [CHN], rate: 0.1, sectors: [ELE]}") !=
          std::string::npos);
    const Result run = run_geosim("run '" + session_yaml.string() + "' --quiet --out '" + (dir / "replay").string() + "'");
    REQUIRE(run.code == 0);
    for (const char* file : {"series.csv", "events.csv"}) {
        const std::string mine = slurp(dir / "sessions" / x.id / file);
        INFO(file);
        CHECK(first_lines(dir / "replay" / file, line_count(mine)) == mine);
    }
    // The session's report marks the moves on its timeline (the `shock` events).
    const std::string report = slurp(dir / "sessions" / x.id / "report.html");
    CHECK(report.find("t1_PHL_1: PHL sets a tariff") != std::string::npos);
    CHECK(report.find("t1_inject_1: an incident at Scarborough Shoal") != std::string::npos);
    // geosim compare of the session against the baseline works.
    const Result cmp = run_geosim("compare scenarios/baseline.yaml '" + session_yaml.string() + "' --runs 2 --quiet --out '" +
                                  (dir / "cmp").string() + "'");
    CHECK(cmp.code == 0);
    CHECK(fs::exists(dir / "cmp" / "compare.csv"));
}

TEST_CASE("workshop: a server killed mid-session resumes at the last turn with the same bytes", "[cli][serve][workshop]") {
    TempDir dir, other;
    std::string id;
    YAML::Node before;
    {
        WorkshopServer s(dir);
        const Session x = start(s, kCreate);
        id = x.id;
        play_two_turns(s, x);
        // A move for turn 3 is submitted, then the server dies.
        s.ok(s.post("/api/sessions/" + id + "/moves", R"({"moves": [{"kind": "export_controls", "partner": "PHL", "share": 0.2}]})",
                    x.tokens.at("CHN")));
        before = s.ok(s.get("/api/sessions/" + id));
        s.serve.signal(SIGKILL);
        s.serve.wait_exit(10);
    }
    WorkshopServer resumed(dir, {"--resume", id});
    YAML::Node after = resumed.ok(resumed.get("/api/sessions/" + id));
    CHECK(after["turn"].as<int>() == 2);
    CHECK(after["pending"]["moves"]["CHN"].size() == 1);
    CHECK(after["codes"]["PHL"].as<std::string>() == before["codes"]["PHL"].as<std::string>());
    // The fan's numbers, the state and the log are the same; only the fan's timing differs.
    after["fan"].remove("seconds");
    before["fan"].remove("seconds");
    CHECK(YAML::Dump(after["fan"]) == YAML::Dump(before["fan"]));
    CHECK(YAML::Dump(after["state"]) == YAML::Dump(before["state"]));
    CHECK(YAML::Dump(after["log"]) == YAML::Dump(before["log"]));
    resumed.ok(resumed.post("/api/sessions/" + id + "/advance", "{}"));

    // The same three turns without the kill, on another server.
    WorkshopServer s(other);
    const Session y = start(s, kCreate);
    play_two_turns(s, y);
    s.ok(s.post("/api/sessions/" + y.id + "/moves", R"({"moves": [{"kind": "export_controls", "partner": "PHL", "share": 0.2}]})",
                y.tokens.at("CHN")));
    s.ok(s.post("/api/sessions/" + y.id + "/advance", "{}"));
    for (const char* file : {"series.csv", "events.csv"}) {
        INFO(file);
        CHECK(slurp(dir / "sessions" / id / file) == slurp(other / "sessions" / y.id / file));
    }
}

TEST_CASE("workshop: a journal whose numbers this build does not give is not resumed, and its files are kept",
          "[cli][serve][workshop]") {
    // Each turn's line in the journal carries the SHA-256 of the session's series.csv as the room
    // saw it. A build whose model moved since (here: the first turn's digest altered, as another
    // build would have written it) would rewrite the room's history, so the resume is refused at
    // that line and the session's files stay as they were.
    TempDir dir;
    std::string id;
    {
        WorkshopServer s(dir);
        const Session x = start(s, kCreate);
        id = x.id;
        play_two_turns(s, x);
    }
    const fs::path folder = dir / "sessions" / id;
    const fs::path journal = folder / "journal.jsonl";
    const std::string series = slurp(folder / "series.csv"), text = slurp(journal);
    const std::string key = "\"series_sha256\": \"";
    // The first turn's line: the create line carries a digest too, so the second one on.
    const std::size_t advance = text.find("\"op\": \"advance\"");
    REQUIRE(advance != std::string::npos);
    const std::size_t at = text.find(key, advance);
    REQUIRE(at != std::string::npos);
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    const std::size_t column = at - text.rfind('\n', at) + key.size() - 1;
    std::string altered = text;
    altered.replace(at + key.size(), 64, std::string(64, '0'));
    std::ofstream(journal, std::ios::binary | std::ios::trunc) << altered;
    const std::string args = "serve --port 0 --sessions " + (dir / "sessions").string() + " --admin-token-file " +
                             (dir / "token").string() + " --resume " + id;
    const Result refused = run_geosim(args, "timeout 120");  // a server that resumed would not exit
    CHECK(refused.code == 2);
    CHECK(refused.err == journal.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                             ": series_sha256: this build of geosim does not give the numbers the room saw at turn 1 "
                             "(2025Q2: the series differ from the journal's digest); resume the session with the geosim "
                             "that played it, or run its scenario, " + (folder / "session.yaml").string() +
                             ", with this one\n");
    CHECK(slurp(folder / "series.csv") == series);
    // A journal written before turns carried the digest is resumed unchecked.
    std::string old;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t k = text.find(key, pos);
        if (k == std::string::npos) {
            old += text.substr(pos);
            break;
        }
        old += text.substr(pos, k - pos);
        pos = text.find(", ", k) + 2;
    }
    REQUIRE(old.find("series_sha256") == std::string::npos);
    // Its last line was being written when the server died: it never happened, and its remains
    // go at the resume, so the next turn's line stands on a line of its own and a second resume
    // reads it.
    const std::string cut = "{\"op\": \"advance\", \"ti";
    std::ofstream(journal, std::ios::binary | std::ios::trunc) << old << cut;
    {
        WorkshopServer resumed(dir, {"--resume", id});
        CHECK(resumed.ok(resumed.get("/api/sessions/" + id))["turn"].as<int>() == 2);
        CHECK(slurp(folder / "series.csv") == series);
        CHECK(slurp(journal) == old);
        resumed.ok(resumed.post("/api/sessions/" + id + "/advance", "{}"));
    }
    WorkshopServer again(dir, {"--resume", id});
    CHECK(again.ok(again.get("/api/sessions/" + id))["turn"].as<int>() == 3);
    const std::string now = slurp(journal);
    REQUIRE(now.rfind(old, 0) == 0);
    const std::string added = now.substr(old.size());
    CHECK(added.rfind("{\"op\": \"advance\", \"series_sha256\": ", 0) == 0);
    CHECK(std::count(added.begin(), added.end(), '\n') == 1);
    CHECK(added.back() == '\n');
}

TEST_CASE("workshop: who may do what, and bad moves answered with their location", "[cli][serve][workshop]") {
    TempDir dir, dir2;
    WorkshopServer s(dir);
    const Session x = start(s, kCreate);
    const std::string base = "/api/sessions/" + x.id;
    const std::string phl = x.tokens.at("PHL");
    auto error = [](const HttpReply& r) { return std::to_string(r.status) + " " + parse_json(r.body)["error"].as<std::string>(); };

    CHECK(error(s.get(base, "")) == "401 no token: send 'Authorization: Bearer TOKEN'");
    CHECK(error(s.get(base, "not-a-token")) == "401 unknown token for session '" + x.id + "'");
    CHECK(error(s.post("/api/sessions", kCreate, phl)) == "403 only the facilitator lists and starts sessions");
    CHECK(error(s.get("/api/sessions", "not-a-token")) == "401 unknown token");
    // The forms: a tie move preselects hold, and a number's range is the shock kind's own.
    const YAML::Node levers = s.ok(s.get(base + "/levers", phl));
    for (const auto& m : levers["moves"]) {
        if (m["kind"].as<std::string>() == "tie") CHECK(m["fields"][0]["default"].as<std::string>() == "hold");
        if (m["kind"].as<std::string>() == "tariff") CHECK(number(m["fields"][0]["max"]) == 10);
        CHECK(m["partner"].as<bool>() == (m["kind"].as<std::string>() != "defence"));
    }
    CHECK(error(s.post(base + "/advance", "{}", phl)) == "403 only the facilitator may advance");
    CHECK(error(s.post(base + "/inject", R"({"shock": {"kind": "maritime_incident", "zone": "scarborough"}})", phl)) ==
          "403 only the facilitator may inject");
    CHECK(error(s.get(base + "/export", phl)) == "403 only the facilitator may export");
    CHECK(error(s.post(base + "/moves", R"({"moves": []})")) == "403 moves are a delegation's; the facilitator injects");
    CHECK(error(s.post("/api/join", R"({"code": "0000-0000"})", "")) == "403 unknown join code");
    CHECK(error(s.get("/api/sessions/nosuch")) == "404 no session 'nosuch'");
    CHECK(error(s.post(base + "/rollback", "{}")) == "409 no turn has been played yet");
    CHECK(error(s.get(base + "/advance")) == "405 " + base + "/advance takes POST");

    // A delegation acts only for its own country: the fields the server sets are refused.
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": 0.1, "sender": "USA"}]})", phl)) ==
          "400 request:1:62: moves[0]: unknown key 'sender'");
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tarif", "partner": "CHN", "rate": 0.1}]})", phl)) ==
          "400 request:1:21: moves[0].kind: unknown move 'tarif' (did you mean 'tariff'?); the moves are listed by "
          "/api/sessions/ID/levers");
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "PHL", "rate": 0.1}]})", phl)) ==
          "400 request:1:42: moves[0].partner: a move names a partner other than PHL");
    // Checked as geosim run checks the same shock in a file, located in the session's scenario.
    const HttpReply bad = s.post(base + "/moves", R"({"moves": [{"kind": "import_ban", "partner": "CHN", "imports_blocked": 2}]})", phl);
    CHECK(bad.status == 400);
    const std::string message = parse_json(bad.body)["error"].as<std::string>();
    CHECK(message.rfind("session.yaml:", 0) == 0);
    CHECK(message.find("shocks[2].imports_blocked: value 2 is out of range [0, 1]") != std::string::npos);
    // A refused move leaves the delegation's earlier submission as it was.
    CHECK(s.ok(s.get(base))["delegations"][0]["submitted"].as<bool>() == false);
    std::string many = R"({"moves": [)";
    for (int k = 0; k < 9; ++k) many += std::string(k ? ", " : "") + R"({"kind": "tariff", "partner": "CHN", "rate": 0.01})";
    CHECK(error(s.post(base + "/moves", many + "]}", phl)) == "400 request:1:11: moves: 9 moves, over the limit of 8 a turn");
    CHECK(error(s.post(base + "/inject", R"({"shock": {"kind": "maritime_incident", "zone": "scarborough"}, "at": "2025Q1"})")) ==
          "400 request:1:71: at: 2025Q1 is before the next quarter to be played, 2025Q2");
    CHECK(error(s.post(base + "/inject", R"({"shock": {"name": "x", "kind": "maritime_incident", "zone": "scarborough"}})")) ==
          "400 request:1:20: shock.name: 'name' is set by the session; give the quarter as 'at' beside 'shock'");

    // A token of one session opens no other.
    const Session y = start(s, R"({"scenario": "baseline", "delegations": ["VNM"], "fan_runs": 10})");
    CHECK(error(s.get("/api/sessions/" + y.id, phl)) == "401 unknown token for session '" + y.id + "'");
    // Joining again with a code ends the old token.
    const YAML::Node created = s.ok(s.get(base));
    const std::string code = created["codes"]["PHL"].as<std::string>();
    s.ok(s.post("/api/join", "{\"code\": \"" + code + "\"}", ""));
    CHECK(s.get(base, phl).status == 401);
    // A delegation sees its own pending moves and codes are the facilitator's only.
    CHECK(!s.ok(s.get(base, x.tokens.at("CHN")))["codes"]);
}

TEST_CASE("workshop: the fan does not depend on the threads, and each change is an event on the stream", "[cli][serve][workshop]") {
    TempDir one_dir, two_dir;
    WorkshopServer one(one_dir, {"--threads", "1"}), two(two_dir, {"--threads", "2"});
    const Session a = start(one, kCreate), b = start(two, kCreate);

    // Open the event stream of b's CHN delegation on a raw socket.
    namespace asio = boost::asio;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), two.serve.port()});
    const std::string head = "GET /api/sessions/" + b.id + "/stream HTTP/1.1\r\nHost: " + two.serve.host() +
                             "\r\nAuthorization: Bearer " + b.tokens.at("CHN") + "\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    // The stream is open once its first event has come: only then can it miss nothing.
    std::string text;
    read_until(socket.native_handle(), text, [](const std::string& t) { return t.find("\"what\": \"open\"") != std::string::npos; });
    REQUIRE(text.find("\"what\": \"open\"") != std::string::npos);

    play_two_turns(one, a);
    play_two_turns(two, b);
    YAML::Node fa = one.ok(one.get("/api/sessions/" + a.id))["fan"], fb = two.ok(two.get("/api/sessions/" + b.id))["fan"];
    fa.remove("seconds");
    fb.remove("seconds");
    CHECK(YAML::Dump(fa) == YAML::Dump(fb));
    // 20 runs, five series (GDP and alignment of PHL and CHN, ASEAN's alignment), the futures
    // from 2025Q3 (step 2) to the horizon (step 40), the present shared by every run.
    REQUIRE(fa["series"].size() == 5);
    const YAML::Node g = fa["series"][0];
    CHECK(g["indicator"].as<std::string>() == "gdp");
    CHECK(g["path"].size() == 3);
    CHECK(g["futures"]["p50"].size() == 39);
    CHECK(g["baseline"]["p5"].size() == 41);
    CHECK(number(g["futures"]["p5"][0]) == number(g["path"][2]));
    CHECK(number(g["futures"]["p95"][0]) == number(g["path"][2]));
    for (std::size_t t = 0; t < g["futures"]["p50"].size(); ++t) {
        CHECK(number(g["futures"]["p5"][t]) <= number(g["futures"]["p50"][t]));
        CHECK(number(g["futures"]["p50"][t]) <= number(g["futures"]["p95"][t]));
    }

    // The stream: its head, then one update per change, in order.
    const std::vector<std::string> want = {"\"open\"", "\"submit\"", "\"submit\"", "\"inject\"", "\"advance\"",
                                           "\"submit\"", "\"submit\"", "\"advance\""};
    read_until(socket.native_handle(), text, [](const std::string& t) {
        const auto first = t.find("\"what\": \"advance\"");
        return first != std::string::npos && t.find("\"what\": \"advance\"", first + 1) != std::string::npos;
    });
    CHECK(text.rfind("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n", 0) == 0);
    std::size_t at = 0;
    for (const std::string& w : want) {
        at = text.find("\"what\": " + w, at);
        INFO(w << " in " << text);
        REQUIRE(at != std::string::npos);
        ++at;
    }
}

TEST_CASE("workshop: a turn timer plays the turn with what was submitted when it runs out", "[cli][serve][workshop]") {
    TempDir dir;
    WorkshopServer s(dir);
    auto error = [](const HttpReply& r) { return std::to_string(r.status) + " " + parse_json(r.body)["error"].as<std::string>(); };
    CHECK(error(s.post("/api/sessions", R"({"scenario": "baseline", "delegations": ["PHL"], "turn_seconds": 3})")) ==
          "400 request:1:66: turn_seconds: a turn timer runs 5 to 3600 seconds (0: none)");
    // 15 s: time enough, on a loaded machine, to join and submit before the timer runs out.
    const Session x = start(s, R"({"scenario": "baseline", "delegations": ["PHL", "CHN"], "fan_runs": 10, "turn_seconds": 15})");
    const std::string base = "/api/sessions/" + x.id;
    YAML::Node v = s.ok(s.get(base));
    CHECK(v["turn_seconds"].as<int>() == 15);
    CHECK(!v["deadline"].IsNull());
    s.ok(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": 0.05}]})", x.tokens.at("PHL")));
    // No sleep that races: wait for the timer's advance, up to two minutes on a loaded machine.
    for (int k = 0; k < 1200 && v["turn"].as<int>() == 0; ++k) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        v = s.ok(s.get(base));
    }
    REQUIRE(v["turn"].as<int>() >= 1);
    bool logged = false;
    for (const auto& e : v["log"]) logged = logged || e["text"].as<std::string>() == "turn 1 played to 2025Q2 (turn timer)";
    CHECK(logged);
    const YAML::Node chn = s.ok(s.get(base, x.tokens.at("CHN")));
    REQUIRE(chn["toward_me"].size() == 1);
    CHECK(chn["toward_me"][0]["text"].as<std::string>() == "PHL: Tariff on a partner's goods — CHN (rate 0.05)");
}

TEST_CASE("workshop: a request must be JSON, so no field can smuggle a shock into the session", "[cli][serve][workshop][errors]") {
    TempDir dir;
    WorkshopServer s(dir);
    const Session x = start(s, R"({"scenario": "baseline", "delegations": ["PHL"], "fan_runs": 10})");
    const std::string base = "/api/sessions/" + x.id;
    const std::string phl = x.tokens.at("PHL");
    auto error = [](const HttpReply& r) { return std::to_string(r.status) + " " + parse_json(r.body)["error"].as<std::string>(); };
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": .5}]})", phl)) ==
          "400 request:1:57: moves[0].rate: expected JSON: '.5' is neither a number, true, false, null nor a quoted string");
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": CHN, "rate": 0.1}]})", phl)) ==
          "400 request:1:42: moves[0].partner: expected JSON: 'CHN' is neither a number, true, false, null nor a quoted string");
    CHECK(error(s.post(base + "/moves", R"({moves: []})", phl)) ==
          "400 request:1:1: expected JSON: the key 'moves' must be a quoted string");
    // A tagged string keeps its newlines and braces in YAML: it would have written a US tariff
    // into the session's scenario.
    const std::string smuggled =
        R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": !x "0.1}\n  - {name: evil, kind: tariff, at: 2025Q2, sender: USA, targets: [CHN], rate: 5"}]})";
    const HttpReply r = s.post(base + "/moves", smuggled, phl);
    CHECK(r.status == 400);
    CHECK(parse_json(r.body)["error"].as<std::string>().find("expected JSON, not a YAML tag (!x)") != std::string::npos);
    CHECK(s.get(base + "/export").body.find("evil") == std::string::npos);
    // A string is written quoted into the scenario, whatever it holds: refused as a value, never
    // read as YAML.
    const HttpReply quoted = s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": "0.1}, {name: evil"}]})", phl);
    CHECK(quoted.status == 400);
    CHECK(s.get(base + "/export").body.find("evil") == std::string::npos);
}

TEST_CASE("workshop: a rollback drops what the next turn had, injects show when they fire, and a short last turn has its own events",
          "[cli][serve][workshop]") {
    TempDir dir;
    WorkshopServer s(dir);
    const Session x = start(s, R"({"scenario": "baseline", "delegations": ["PHL", "CHN"], "fan_runs": 10, "quarters_per_turn": 3})");
    const std::string base = "/api/sessions/" + x.id;
    const std::string phl = x.tokens.at("PHL"), chn = x.tokens.at("CHN");
    // A US import ban on China, injected for 2025Q4 (step 3): in the first turn (steps 1-3).
    s.ok(s.post(base + "/inject", R"({"shock": {"kind": "sanctions", "sender": "USA", "target": "CHN", "imports_blocked": 0.1}, "at": "2025Q4"})"));
    s.ok(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": 0.1}]})", phl));
    YAML::Node c = s.ok(s.get(base, chn));
    for (const auto& e : c["log"]) CHECK(e["what"].as<std::string>() != "inject");  // not before it fires
    CHECK(c["pending"]["injects"].size() == 0);
    s.ok(s.post(base + "/advance", "{}"));
    c = s.ok(s.get(base, chn));
    CHECK(c["quarter"].as<std::string>() == "2025Q4");
    REQUIRE(c["toward_me"].size() == 2);  // PHL's tariff and the inject, both fired
    bool alerted = false;
    for (const auto& a : c["alerts"]) alerted = alerted || a["kind"].as<std::string>() == "inject";
    CHECK(alerted);
    for (const auto& e : c["events"]) {
        const std::string q = e["quarter"].as<std::string>();
        CHECK((q == "2025Q2" || q == "2025Q3" || q == "2025Q4"));
    }

    // Moves for turn 2, then a rollback: turn 1 is pending again and turn 2's move is gone.
    s.ok(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": 0.2}]})", phl));
    YAML::Node back = s.ok(s.post(base + "/rollback", "{}"));
    CHECK(back["turn"].as<int>() == 0);
    REQUIRE(back["pending"]["moves"]["PHL"].size() == 1);
    CHECK(back["pending"]["moves"]["PHL"][0]["text"].as<std::string>() == "PHL: Tariff on a partner's goods — CHN (rate 0.1)");
    CHECK(back["pending"]["injects"].size() == 1);
    CHECK(back["log"][back["log"].size() - 1]["text"].as<std::string>() ==
          "turn 1 undone: back to 2025Q1; 1 move(s) or inject(s) made for the next turn dropped");
    // An advance that names a turn already played is refused.
    CHECK(s.post(base + "/advance", R"({"turn": 1})").status == 409);
    s.ok(s.post(base + "/advance", R"({"turn": 0})"));
    s.ok(s.post(base + "/rollback", "{}"));
    s.ok(s.post(base + "/advance", "{}"));
    const std::string exported = s.get(base + "/export").body;
    CHECK(exported.find("t1_PHL_1") != std::string::npos);
    CHECK(exported.find("t2_PHL_1") == std::string::npos);

    // 40 quarters in turns of 3: thirteen turns to 2034Q2 (step 39), then one of a single quarter,
    // whose events are all of 2035Q1.
    YAML::Node v;
    for (int k = 0; k < 13; ++k) v = s.ok(s.post(base + "/advance", "{}"));
    CHECK(v["step"].as<int>() == 40);
    CHECK(v["finished"].as<bool>());
    REQUIRE(v["events"].size() > 0);
    for (const auto& e : v["events"]) CHECK(e["quarter"].as<std::string>() == "2035Q1");
    CHECK(s.post(base + "/advance", "{}").status == 409);
}

TEST_CASE("workshop: the ASEAN bloc plays as one delegation, and a public statement moves its publics", "[cli][serve][workshop]") {
    TempDir dir;
    WorkshopServer s(dir);
    auto error = [](const HttpReply& r) { return std::to_string(r.status) + " " + parse_json(r.body)["error"].as<std::string>(); };
    // A country is played by one delegation: its own or its bloc's.
    CHECK(error(s.post("/api/sessions", R"({"scenario": "baseline", "delegations": ["ASEAN", "PHL"]})")) ==
          "400 request:1:51: delegations[1]: PHL would be played by two delegations, 'ASEAN' and 'PHL'");
    const Session x = start(s, R"({"scenario": "baseline", "delegations": ["ASEAN", "CHN"], "fan_runs": 20, "seed": 777})");
    const std::string base = "/api/sessions/" + x.id;
    const std::string asean = x.tokens.at("ASEAN"), chn = x.tokens.at("CHN");

    // The bloc's partners are the agents outside it; a bloc partner only where the kind takes a list.
    const YAML::Node levers = s.ok(s.get(base + "/levers", asean));
    std::vector<std::string> partners;
    for (const auto& p : levers["partners"]) partners.push_back(p.as<std::string>());
    CHECK(partners == std::vector<std::string>{"JPN", "KOR", "TWN", "USA", "CHN", "EUR", "ROW"});
    const YAML::Node china_levers = s.ok(s.get(base + "/levers", chn));
    CHECK(china_levers["blocs"][0].as<std::string>() == "ASEAN");
    for (const auto& m : china_levers["moves"]) {
        const std::string k = m["kind"].as<std::string>();
        CHECK(m["bloc_partner"].as<bool>() == (k != "import_ban" && k != "reward" && k != "boycott" && k != "defence"));
    }
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "PHL", "rate": 0.1}]})", asean)) ==
          "400 request:1:42: moves[0].partner: PHL is a member of ASEAN; name a partner outside it");
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "import_ban", "partner": "ASEAN", "imports_blocked": 0.1}]})", chn)) ==
          "400 request:1:46: moves[0].partner: a bloc can be the partner of a tariff, export_controls, promotion, aid, "
          "statement or tie move; name one of ASEAN's members for the import_ban move");
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tie", "partner": "EUR", "stance": "up"}]})", asean)) ==
          "400 request:1:39: moves[0].partner: EUR takes no part in security ties (it is not strategic in the world)");
    CHECK(error(s.post(base + "/moves", R"({"moves": [{"kind": "tariff", "partner": "ASEAM", "rate": 0.1}]})", chn)) ==
          "400 request:1:42: moves[0].partner: unknown agent or bloc 'ASEAM' (did you mean 'ASEAN'?)");
    CHECK(error(s.post(base + "/moves",
                       R"({"moves": [{"kind": "statement", "partner": "JPN", "tone": "warm"}, {"kind": "statement", "partner": "JPN", "tone": "warm"}]})",
                       chn)) == "400 request:1:102: moves[1].partner: one statement about JPN a turn");

    // Turn 1: ASEAN taxes Chinese electronics through each member, lowers the bloc's tie with
    // the US (one side is enough) and its members' leaders criticise China in public; China
    // praises ASEAN's members.
    s.ok(s.post(base + "/moves",
                R"({"moves": [{"kind": "tariff", "partner": "CHN", "rate": 0.05, "sectors": ["ELE"]},
                              {"kind": "tie", "partner": "USA", "stance": "down"},
                              {"kind": "statement", "partner": "CHN", "tone": "critical"},
                              {"kind": "aid", "partner": "TWN", "purpose": "development", "amount": 2}]})",
                asean));
    s.ok(s.post(base + "/moves", R"({"moves": [{"kind": "statement", "partner": "ASEAN", "tone": "warm"},
                                                {"kind": "boycott", "partner": "PHL", "visitors": 0.5}]})", chn));
    auto bloc_tie = [](const YAML::Node& v, const std::string& partner) {
        for (const auto& t : v["state"]["bloc_ties"])
            if (t["bloc"].as<std::string>() == "ASEAN" && t["partner"].as<std::string>() == partner) return t["level"].as<int>();
        return 0;
    };
    const int before = bloc_tie(s.ok(s.get(base)), "USA");
    REQUIRE(before == 4);
    const YAML::Node v = s.ok(s.post(base + "/advance", "{}"));
    CHECK(bloc_tie(v, "USA") == before - 1);

    // The bloc's numbers: its members' GDP summed, its own fan series.
    double sum = 0;
    for (const auto& a : v["state"]["agents"])
        if (a["id"].as<std::string>() != "CHN" && a["id"].as<std::string>() != "USA" && a["id"].as<std::string>() != "JPN" &&
            a["id"].as<std::string>() != "KOR" && a["id"].as<std::string>() != "TWN" && a["id"].as<std::string>() != "EUR" &&
            a["id"].as<std::string>() != "ROW")
            sum += a["gdp"].as<double>();
    CHECK(v["state"]["blocs"][0]["id"].as<std::string>() == "ASEAN");
    CHECK(v["state"]["blocs"][0]["gdp"].as<double>() == Approx(sum).epsilon(1e-12));
    const YAML::Node mine = s.ok(s.get(base, asean));
    std::vector<std::string> series;
    for (const auto& f : mine["fan"]["series"]) series.push_back(f["indicator"].as<std::string>() + " " + f["agent"].as<std::string>());
    CHECK(series == std::vector<std::string>{"gdp ASEAN", "asean_alignment ASEAN"});
    // China's statement toward the bloc and its public's boycott of a member reach the bloc's
    // delegation.
    REQUIRE(mine["toward_me"].size() == 2);
    CHECK(mine["toward_me"][0]["who"].as<std::string>() == "CHN");
    CHECK(mine["toward_me"][1]["partner"].as<std::string>() == "PHL");

    // The session's scenario: one shock per member for the tariff and the statement, one for
    // the bloc's tie; the bloc holds its ties, and China its side of the bloc's, by default.
    const std::string yaml = slurp(dir / "sessions" / x.id / "session.yaml");
    CHECK(yaml.find("{name: session_ASEAN, kind: tie_stance, agent: ASEAN, partner: [JPN, KOR, TWN, USA, CHN], stance: hold") !=
          std::string::npos);
    CHECK(yaml.find("TWN, USA, ASEAN], stance: hold") != std::string::npos);
    CHECK(yaml.find("{name: t1_ASEAN_1_VNM, kind: tariff, at: 2025Q2, sender: VNM, targets: [CHN], rate: 0.05, sectors: [ELE]}") !=
          std::string::npos);
    CHECK(yaml.find("{name: t1_ASEAN_2, kind: tie_stance, at: 2025Q2, agent: ASEAN, partner: USA, stance: down, duration: 1}") !=
          std::string::npos);
    CHECK(yaml.find("{name: t1_ASEAN_3_PHL, kind: statement, at: 2025Q2, speaker: PHL, toward: [CHN], tone: critical}") !=
          std::string::npos);
    CHECK(yaml.find("{name: t1_CHN_2, kind: boycott, at: 2025Q2, public: CHN, target: PHL, visitors: 0.5}") != std::string::npos);
    // The bloc's aid is USD 2 bn a year in all, paid by the members in proportion to their GDP.
    double paid = 0;
    int payers = 0;
    for (std::size_t at = yaml.find("kind: aid"); at != std::string::npos; at = yaml.find("kind: aid", at + 1)) {
        const std::size_t amount = yaml.find("amount: ", at) + 8;
        paid += std::stod(yaml.substr(amount, yaml.find_first_of(",}", amount) - amount));
        ++payers;
    }
    CHECK(payers == 11);
    CHECK(paid == Approx(2.0).epsilon(1e-12));
    // The statements' size, against the rule (docs/model.md, "Statements"): in the quarter they
    // fire, each public's trust moves by its share of the room, read from the quarter before.
    // The same session without them tells what the rest of the model did.
    const Result run = run_geosim("run '" + (dir / "sessions" / x.id / "session.yaml").string() + "' --quiet --out '" +
                                  (dir / "with").string() + "'");
    REQUIRE(run.code == 0);
    std::string without = yaml;
    for (const std::string name : {"t1_ASEAN_3_", "t1_CHN_1"}) {
        std::size_t at;
        while ((at = without.find("  - {name: " + name)) != std::string::npos) without.erase(at, without.find('\n', at) + 1 - at);
    }
    std::ofstream(dir / "sessions" / x.id / "without.yaml") << without;
    REQUIRE(run_geosim("run '" + (dir / "sessions" / x.id / "without.yaml").string() + "' --quiet --out '" + (dir / "without").string() + "'")
                .code == 0);
    auto trust = [&](const std::string& folder, const std::string& date, const std::string& a, const std::string& b) {
        std::ifstream in(dir / folder / "series.csv");
        std::string line;
        const std::string key = "," + date + ",trust," + a + "," + b + ",";
        while (std::getline(in, line))
            if (line.find(key) != std::string::npos) return std::stod(line.substr(line.rfind(',') + 1));
        FAIL("no row " << key);
        return 0.0;
    };
    for (const std::string m : {"PHL", "VNM", "IDN"}) {
        INFO(m);
        const double t1 = trust("without", "2025Q1", m, "CHN");
        CHECK(trust("with", "2025Q2", m, "CHN") - trust("without", "2025Q2", m, "CHN") == Approx(-0.04 * (1 + t1)).margin(1e-9));
        const double c1 = trust("without", "2025Q1", "CHN", m);
        CHECK(trust("with", "2025Q2", "CHN", m) - trust("without", "2025Q2", "CHN", m) == Approx(0.32 * (1 - c1)).margin(1e-9));
    }
}
