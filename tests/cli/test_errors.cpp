#include <catch2/catch.hpp>

#include <regex>

#include "cli_harness.hpp"

using namespace geosim::test;

// Each bad input gives exactly one located message on stderr, exit code 2 and no output.
namespace {

const std::string kTinyWorld = std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny_world.yaml";

std::string scenario(const std::string& horizon = "8", const std::string& extra = "") {
    return "name: bad\nworld: " + kTinyWorld + "\nstart: 2025Q1\nhorizon: " + horizon +
           "\nseed: 1\n" + extra;
}

// The four-economy test world with one line replaced, written into `dir` with its includes made
// absolute so it loads from there.
fs::path world_with(const TempDir& dir, const std::string& from, const std::string& to) {
    std::string text = slurp(kTinyWorld);
    text = std::regex_replace(text, std::regex("\\.\\./\\.\\./scenarios"),
                              std::string(GEOSIM_SOURCE_DIR) + "/scenarios");
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return dir.write("world.yaml", text);
}

void expect_refused(const TempDir& dir, const fs::path& file, const std::string& message) {
    const Result v = run_geosim("validate '" + file.string() + "'");
    CHECK(v.code == 2);
    CHECK(v.out.empty());
    CHECK(v.err == message + "\n");
    // `run` refuses it the same way and leaves no output directory, not even a temporary one.
    const fs::path out = dir / "out";
    const Result r = run_geosim("run '" + file.string() + "' --out '" + out.string() + "'");
    CHECK(r.code == 2);
    CHECK(r.err == message + "\n");
    for (const auto& e : fs::directory_iterator(dir.path()))
        CHECK(e.path().filename().string().rfind("out", 0) != 0);
}

// A bad copy of `table` per case (its `from` replaced by `to`), inserted into the tiny world
// after `anchor`, each refused by `geosim validate` with exit code 2 and the exact message
// ("{file}" in a message stands for the world file's path); then the good table validates.
struct TableCase {
    const char* name;
    std::string from, to, message;
};

void check_table(const std::string& anchor, const std::string& table, const std::vector<TableCase>& cases) {
    TempDir dir;
    for (const TableCase& c : cases) {
        SECTION(c.name) {
            std::string bad = table;
            bad.replace(bad.find(c.from), c.from.size(), c.to);
            const fs::path w = world_with(dir, anchor, anchor + bad);
            const Result v = run_geosim("validate '" + w.string() + "'");
            std::string message = c.message;
            if (auto at = message.find("{file}"); at != std::string::npos) message.replace(at, 6, w.string());
            CHECK(v.code == 2);
            CHECK(v.err == w.string() + ":" + message + "\n");
        }
    }
    SECTION("the good table validates") {
        const fs::path w = world_with(dir, anchor, anchor + table);
        const Result v = run_geosim("validate '" + w.string() + "'");
        CHECK(v.code == 0);
        CHECK(v.err.empty());
    }
}

}  // namespace

TEST_CASE("errors: a good scenario validates", "[cli][errors]") {
    TempDir dir;
    const fs::path f = dir.write("ok.yaml", scenario());
    const Result r = run_geosim("validate '" + f.string() + "'");
    REQUIRE(r.err.empty());
    REQUIRE(r.code == 0);
    REQUIRE(r.out == f.string() + ": ok (scenario 'bad', 5 agents, 2025Q1 + 8 quarters)\n");
}

TEST_CASE("errors: bad scenarios are refused with one located message", "[cli][errors]") {
    TempDir dir;
    struct Case {
        const char* name;
        std::string text;
        std::string message;  // after "<file>:"
    };
    const std::vector<Case> cases = {
        {"unknown key", "name: bad\nworld: " + kTinyWorld + "\nstart: 2025Q1\nhorizn: 8\nseed: 1\n",
         "4:1: unknown key 'horizn' (did you mean 'horizon'?)"},
        {"wrong type", scenario("eight"), "4:10: horizon: expected a number, got 'eight'"},
        {"negative horizon", scenario("-4"), "4:10: horizon: value -4 is out of range [1, 400]"},
        {"absurd horizon", scenario("100000"), "4:10: horizon: value 100000 is out of range [1, 400]"},
        {"fractional horizon", scenario("2.5"), "4:10: horizon: expected a whole number, got '2.5'"},
        {"NaN", scenario("8", "parameters:\n  trade.theta: .nan\n"),
         "7:16: parameters.trade.theta: expected a finite number, got '.nan'"},
        {"infinity", scenario("8", "parameters:\n  trade.theta: .inf\n"),
         "7:16: parameters.trade.theta: expected a finite number, got '.inf'"},
        {"parameter out of range", scenario("8", "parameters:\n  trade.theta: 50\n"),
         "7:16: parameters.trade.theta: value 50 is out of range [0.5, 20]"},
        {"booking lead time out of range", scenario("8", "parameters:\n  tourism.booking_lead_days: -5\n"),
         "7:30: parameters.tourism.booking_lead_days: value -5 is out of range [0, 365]"},
        {"unknown parameter", scenario("8", "parameters:\n  trade.thetta: 5\n"),
         "7:17: parameters.trade.thetta: unknown parameter 'trade.thetta' (did you mean 'trade.theta'?)"},
        {"bad date", "name: bad\nworld: " + kTinyWorld + "\nstart: 2025-01\nhorizon: 8\nseed: 1\n",
         "3:8: start: expected a quarter like 2025Q1, got '2025-01'"},
        {"duplicate key", scenario("8", "name: twice\n"), "6:1: duplicate key 'name' (first defined at line 1)"},
        {"invalid YAML", "name: [unclosed\n", "2:1: end of sequence flow not found"},
        {"missing world", "name: bad\nworld: nowhere.yaml\nstart: 2025Q1\nhorizon: 8\nseed: 1\n",
         "2:8: world: world file 'nowhere.yaml' does not exist"},
        {"shock without a name", scenario("8", "shocks:\n  - {kind: tariff}\n"),
         "7:5: shocks[0]: missing key 'name'"},
        {"a seed past 2^53, not rounded", "name: bad\nworld: " + kTinyWorld + "\nstart: 2025Q1\nhorizon: 8\nseed: 9007199254740993\n",
         "5:7: seed: value 9007199254740993 is out of range [0, 9007199254740992]"},
        {"a seed past 2^64", "name: bad\nworld: " + kTinyWorld + "\nstart: 2025Q1\nhorizon: 8\nseed: 18446744073709551616\n",
         "5:7: seed: value 18446744073709551616 is out of range [0, 9007199254740992]"},
        {"an empty world name", "name: bad\nworld: \"\"\nstart: 2025Q1\nhorizon: 8\nseed: 1\n",
         "2:8: world: expected the name of the world file, got an empty text"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const fs::path f = dir.write("s.yaml", c.text);
            expect_refused(dir, f, f.string() + ":" + c.message);
        }
    }
}

TEST_CASE("errors: empty, binary, deep and alias-exploding files", "[cli][errors]") {
    TempDir dir;
    SECTION("missing file") {
        const fs::path f = dir / "missing.yaml";
        expect_refused(dir, f, f.string() + ": cannot open file (No such file or directory)");
    }
    SECTION("empty file") {
        const fs::path f = dir.write("s.yaml", "");
        expect_refused(dir, f, f.string() + ": file is empty");
    }
    SECTION("binary file") {
        const fs::path f = dir.write("s.yaml", std::string("name: x\0\1\2", 10));
        expect_refused(dir, f, f.string() + ":1:8: file is not text: NUL byte at byte offset 7");
    }
    SECTION("deeply nested") {
        const fs::path f = dir.write("s.yaml", "a: " + std::string(100000, '[') + "\n");
        expect_refused(dir, f, f.string() + ":1:68: nested more than 64 levels deep");
    }
    SECTION("alias explosion") {
        // Ten levels of ten aliases each would expand to 10^10 nodes.
        std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 10; ++i) {
            const std::string name = std::to_string(i);
            text.append("a").append(name).append(": &a").append(name).append(" [");
            for (int k = 0; k < 10; ++k) text.append(k ? ", *a" : "*a").append(std::to_string(i - 1));
            text += "]\n";
        }
        const fs::path f = dir.write("s.yaml", text);
        expect_refused(dir, f, f.string() + ":6:10: a5[0]: alias '*a4' expands the document to more than 200000 nodes");
    }
}

TEST_CASE("errors: a file that is not YAML is refused before it is read, quoting nothing it holds",
          "[cli][errors]") {
    TempDir dir;
    // What a key or password file holds must not reach a message, even where it parses as YAML.
    const std::string secret = "root:$6$TOPSECRET:20228:0:99999:7:::\n";
    const fs::path shadow = dir.write("shadow", secret);
    const fs::path blob = dir.write("blob.bin", std::string("TOPSECRET\0\1\2", 12));
    const fs::path notes = dir.write("notes.txt", secret);
    const fs::path folder = dir / "world.yaml.d";
    fs::create_directory(folder);
    const std::string not_yaml = " is not a YAML file (its name must end in .yaml or .yml)";
    auto refused = [&](const fs::path& f, const std::string& message) {
        expect_refused(dir, f, message);
        const Result r = run_geosim("run '" + f.string() + "'");
        CHECK(r.err.find("TOPSECRET") == std::string::npos);
    };
    SECTION("the world") {
        for (const fs::path& world : {shadow, blob, notes}) {
            const fs::path f = dir.write("s.yaml", "name: bad\nworld: " + world.string() + "\nstart: 2025Q1\nhorizon: 8\nseed: 1\n");
            refused(f, f.string() + ":2:8: world: world file '" + world.string() + "'" + not_yaml);
        }
        const fs::path f = dir.write("s.yaml", "name: bad\nworld: " + folder.string() + "\nstart: 2025Q1\nhorizon: 8\nseed: 1\n");
        refused(f, f.string() + ":2:8: world: world file '" + folder.string() + "' is a folder, not a file");
        const fs::path dev = dir.write("s.yaml", "name: bad\nworld: /dev/zero\nstart: 2025Q1\nhorizon: 8\nseed: 1\n");
        refused(dev, dev.string() + ":2:8: world: world file '/dev/zero' is not a regular file");
    }
    SECTION("a file the scenario includes") {
        const fs::path f = dir.write("s.yaml", scenario("8", "include: [notes.txt]\n"));
        refused(f, f.string() + ":6:11: include[0]: included file 'notes.txt'" + not_yaml);
    }
    SECTION("a file the world includes") {
        const fs::path w = world_with(dir, "include:\n", "include:\n  - shadow\n");
        const fs::path f = dir.write("s.yaml", "name: bad\nworld: world.yaml\nstart: 2025Q1\nhorizon: 8\nseed: 1\n");
        refused(f, w.string() + ":7:5: include[0]: included file 'shadow'" + not_yaml);
    }
    SECTION("the file named on the command line") {
        refused(shadow, shadow.string() + ":" + not_yaml.substr(3));
        refused(folder, folder.string() + ": a folder, not a file");
    }
}

TEST_CASE("errors: bad world files name the file, line and column", "[cli][errors]") {
    TempDir dir;
    struct Case {
        const char* name;
        std::string from, to, message;
    };
    const std::vector<Case> cases = {
        {"unknown agent", "{a: KOR, b: PHL, level: strategic", "{a: KRR, b: PHL, level: strategic",
         "138:11: ties.entries[2].a: unknown agent 'KRR' (did you mean 'KOR'?)"},
        {"NaN figure", "gdp: {value: 436,", "gdp: {value: .nan,",
         "64:18: agents.PHL.gdp.value: expected a finite number, got '.nan'"},
        {"missing source", "defence: {value: 47.9, source: \"SIPRI 2023\"}", "defence: {value: 47.9}",
         "52:14: agents.KOR.defence: missing key 'source'"},
        {"unknown tie level", "level: comprehensive_strategic", "level: comprehensive_strategc",
         "140:40: bloc_ties[0].level: unknown tie level 'comprehensive_strategc' (0-5 or one of none, dialogue, "
         "comprehensive, strategic, comprehensive_strategic, alliance) (did you mean 'comprehensive_strategic'?)"},
        {"unknown sea leg", "legs: [luzon_strait]", "legs: [luzon_strat]",
         "107:12: zones.scarborough.legs[0]: unknown sea leg 'luzon_strat' (did you mean 'luzon_strait'?)"},
        {"a zone leg listed twice", "legs: [luzon_strait]", "legs: [luzon_strait, luzon_strait]",
         "107:26: zones.scarborough.legs[1]: sea leg 'luzon_strait' is listed twice"},
        {"unknown claimant", "    claimant: PHL\n", "    claimant: PHI\n",
         "105:15: zones.scarborough.claimant: unknown agent 'PHI' (did you mean 'PHL'?)"},
        {"unknown rival", "    rival: CHN\n    legs", "    rival: CHM\n    legs",
         "106:12: zones.scarborough.rival: unknown agent 'CHM' (did you mean 'CHN'?)"},
        {"a rival that is the claimant", "    rival: CHN\n    legs", "    rival: PHL\n    legs",
         "106:12: zones.scarborough.rival: the rival must differ from the claimant"},
        {"a sea id that is not a word", "    legs: [luzon_strait]", "    sea: south-china\n    legs: [luzon_strait]",
         "107:10: zones.scarborough.sea: sea id 'south-china' must be letters, digits and _, starting with a letter"},
        {"the reserved sea id all", "    legs: [luzon_strait]", "    sea: all\n    legs: [luzon_strait]",
         "107:10: zones.scarborough.sea: sea id 'all' is reserved: incidents(all) counts every zone"},
        {"a sea named like a zone", "    legs: [luzon_strait]", "    sea: scarborough\n    legs: [luzon_strait]",
         "107:10: zones.scarborough.sea: sea id 'scarborough' is also a zone id"},
        {"the reserved zone id all", "  scarborough:\n", "  all:\n",
         "103:3: zones.all: zone id 'all' is reserved: incidents(all) counts every zone"},
        {"a zone given twice", "trade:\n  unit",
         "  scarborough:\n    name: Again\n    claimant: PHL\n    rival: CHN\n"
         "    base_rate: {value: 0.5, source: \"t\"}\n    base_tension: {value: 0.6, source: \"t\"}\ntrade:\n  unit",
         "110:3: zones: duplicate key 'scarborough' (first defined at line 103)"},
        {"a bloc member listed twice", "members: [PHL]", "members: [PHL, PHL]",
         "85:57: blocs.ASEAN.members[1]: agent 'PHL' is listed twice"},
        {"two agents on one port", "    port: busan\n", "    port: shanghai\n",
         "49:11: agents.KOR.port: sea-lane node 'shanghai' is already the port of CHN; each agent needs a port of its own"},
        {"a port no sea route reaches",
         "    indian_ocean: {name: Indian Ocean, from: manila, to: gulf, km: {value: 8000, source: \"test fixture\"}}\n", "",
         "77:11: agents.ROW.port: no sea route joins the ports of ROW and USA"},
        {"a trust pair given twice", "    - {from: PHL, to: CHN, value: -0.5,",
         "    - {from: PHL, to: USA, value: 0.1, source: \"again\"}\n    - {from: PHL, to: CHN, value: -0.5,",
         "131:7: trust.entries[1]: trust from PHL to USA is already given at {world}:130:7"},
        {"a public's trust in itself", "{from: PHL, to: CHN, value: -0.5,", "{from: PHL, to: PHL, value: -0.5,",
         "131:23: trust.entries[1].to: a public's trust in itself is 1; give another agent"},
        {"a tie given twice, the other way round", "    - {a: KOR, b: PHL, level: strategic",
         "    - {a: PHL, b: CHN, level: none, source: \"again\"}\n    - {a: KOR, b: PHL, level: strategic",
         "138:7: ties.entries[2]: the tie of PHL and CHN is already given at {world}:137:7"},
        {"a tie of an agent with itself", "{a: KOR, b: PHL, level: strategic", "{a: KOR, b: KOR, level: strategic",
         "138:19: ties.entries[2].b: a tie joins two different agents"},
        {"a zone step-up above 1", "    legs: [luzon_strait]",
         "    step_up_2: {value: 1.5, source: \"t\"}\n    legs: [luzon_strait]",
         "107:24: zones.scarborough.step_up_2.value: value 1.5 is out of range [0, 1]"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const fs::path w = world_with(dir, c.from, c.to);
            const Result v = run_geosim("validate '" + w.string() + "'");
            std::string message = c.message;
            for (auto at = message.find("{world}"); at != std::string::npos; at = message.find("{world}"))
                message.replace(at, 7, w.string());
            CHECK(v.code == 2);
            CHECK(v.err == w.string() + ":" + message + "\n");
        }
    }
}

TEST_CASE("errors: agent, bloc, zone, sea-lane node and leg ids are letters, digits and _, starting with a letter",
          "[cli][errors][ids]") {
    TempDir dir;
    struct Case {
        std::string from, to, message;
    };
    // A bloc named `=1+2` would have been a formula in a spreadsheet opening series.csv.
    const std::vector<Case> cases = {
        {"  ASEAN: {name: ASEAN", "  \"=1+2\": {name: ASEAN",
         "85:3: blocs.=1+2: bloc id '=1+2' must be letters, digits and _, starting with a letter"},
        {"    la: {name: Los Angeles}", "    la-x: {name: Los Angeles}",
         "89:5: sea_lanes.nodes.la-x: sea-lane node id 'la-x' must be letters, digits and _, starting with a letter"},
        {"    pacific: {name", "    9pacific: {name",
         "96:5: sea_lanes.legs.9pacific: sea leg id '9pacific' must be letters, digits and _, starting with a letter"},
        {"  scarborough:\n", "  \"scar borough\":\n",
         "103:3: zones.scar borough: zone id 'scar borough' must be letters, digits and _, starting with a letter"},
        {"  PHL:", "  PH,L:", "60:3: agents.PH,L: agent id 'PH,L' must be letters, digits and _, starting with a letter"},
    };
    for (const Case& c : cases) {
        const fs::path w = world_with(dir, c.from, c.to);
        const Result v = run_geosim("validate '" + w.string() + "'");
        INFO(c.to);
        CHECK(v.code == 2);
        CHECK(v.err == w.string() + ":" + c.message + "\n");
    }
}

namespace {

// A two-group sector table, inserted after the tiny world's description (line 5 on).
const std::string kTableAnchor = "description: Four economies and one bloc for tests.\n";
const std::string kSectorTable =
    "sectors:\n"
    "  unit: \"USD bn a year\"\n"
    "  source: \"test fixture\"\n"
    "  groups:\n"
    "    - {id: ELE, name: electronics, theta: 6, source: \"test fixture\"}\n"
    "    - {id: OTH, name: other goods, theta: 3, source: \"test fixture\"}\n"
    "  exports:\n"
    "    - {agent: CHN, ELE: 0.4, OTH: 0.6, source: \"test fixture\"}\n"
    "  imports:\n"
    "    - {agent: KOR, ELE: 0.3, OTH: 0.7, source: \"test fixture\"}\n"
    "  targets:\n"
    "    - {from: CHN, to: KOR, sector: ELE, value: 150, source: \"test fixture\"}\n";

}  // namespace

TEST_CASE("errors: bad sector tables name the file, line and column", "[cli][errors][sectors]") {
    const std::string anchor = kTableAnchor, table = kSectorTable;
    const std::vector<TableCase> cases = {
        {"unknown sector", "ELE: 0.4, OTH: 0.6", "ELX: 0.4, OTH: 0.6",
         "12:25: sectors.exports[0].ELX: unknown sector 'ELX' (did you mean 'ELE'?)"},
        {"shares that do not sum", "ELE: 0.4, OTH: 0.6", "ELE: 0.5, OTH: 0.6",
         "12:7: sectors.exports[0]: the group shares sum to 1.1, not 1 (within 0.005)"},
        {"a negative flow", "value: 150", "value: -5",
         "16:48: sectors.targets[0].value: value -5 is out of range [0, 1000000]"},
        {"a target above the pair's trade", "value: 150", "value: 600",
         "16:48: sectors.targets[0].value: the target 600 exceeds the pairs' total trade of 518.462 (trade table)"},
        {"a group defined twice", "{id: OTH, name: other goods", "{id: ELE, name: other goods",
         "10:12: sectors.groups[1].id: sector 'ELE' is already defined"},
        {"a users' value-added share of zero", "theta: 6,", "theta: 6, user_va_share: 0,",
         "9:61: sectors.groups[0].user_va_share: value 0 is out of range [0.01, 1]"},
        {"users without the users' value-added share", "theta: 6,", "theta: 6, intermediate: 0.5, critical: 0.5, downstream_va: 2, users: {OTH: 1},",
         "9:105: sectors.groups[0].users: 'users' needs 'user_va_share' (the users' gross output stopped per USD "
         "missing is downstream_va / user_va_share)"},
        {"users of a group that stops nobody", "theta: 6,", "theta: 6, user_va_share: 0.25, users: {OTH: 1},",
         "9:74: sectors.groups[0].users: 'users' has no effect unless 'intermediate', 'critical' and "
         "'downstream_va' are all above 0 (nothing of the group stops its users)"},
        {"users of an unknown sector", "theta: 6,", "theta: 6, intermediate: 0.5, critical: 0.5, downstream_va: 2, user_va_share: 0.25, users: {OTX: 1},",
         "9:132: sectors.groups[0].users.OTX: unknown sector 'OTX' (did you mean 'OTH'?)"},
        {"users' shares that do not sum", "theta: 6,", "theta: 6, intermediate: 0.5, critical: 0.5, downstream_va: 2, user_va_share: 0.25, users: {ELE: 0.5, OTH: 0.6},",
         "9:126: sectors.groups[0].users: the users' shares sum to 1.1, not 1 (within 0.005)"},
        {"a negative users' share", "theta: 6,", "theta: 6, intermediate: 0.5, critical: 0.5, downstream_va: 2, user_va_share: 0.25, users: {ELE: 0.9, OTH: -0.2},",
         "9:142: sectors.groups[0].users.OTH: value -0.2 is out of range [0, 1]"},
        {"shares and targets that cannot all hold", "ELE: 0.3, OTH: 0.7", "ELE: 0.1, OTH: 0.9",
         "14:7: sectors: the sector shares and targets cannot all hold: imports of ELE by KOR is off by 106.612% "
         "after 20000 raking sweeps"},
    };
    check_table(anchor, table, cases);
}

TEST_CASE("errors: bad critical exports name the file, line and column", "[cli][errors][sectors]") {
    // The sector table of the test above with a critical input in ELE and one row of critical
    // exports (line 18).
    const std::string anchor = kTableAnchor;
    std::string table = kSectorTable;
    const std::string plain = "theta: 6, source";
    table.replace(table.find(plain), plain.size(), "theta: 6, intermediate: 0.6, critical: 0.4, downstream_va: 3, source");
    table += "  critical_exports:\n"
             "    - {agent: CHN, sector: ELE, value: 100, year: 2023, source: \"test fixture\"}\n";
    const std::vector<TableCase> cases = {
        {"an unknown sector", "sector: ELE, value: 100", "sector: ELX, value: 100",
         "18:28: sectors.critical_exports[0].sector: unknown sector 'ELX' (did you mean 'ELE'?)"},
        {"a group without a critical input", "sector: ELE, value: 100", "sector: OTH, value: 100",
         "18:28: sectors.critical_exports[0].sector: 'OTH' has no critical input (its intermediate x critical is 0), "
         "so no exports of it are critical"},
        {"more than the agent's exports of the group", "value: 100, year", "value: 5000, year",
         "18:40: sectors.critical_exports[0].value: critical exports 5000 exceed CHN's exports of ELE, 1360 "
         "(derived from the sector shares and targets)"},
        {"a negative value", "value: 100, year", "value: -1, year",
         "18:40: sectors.critical_exports[0].value: value -1 is out of range [0, 1000000]"},
        {"an agent given twice", "year: 2023, source: \"test fixture\"}\n",
         "year: 2023, source: \"test fixture\"}\n    - {agent: CHN, sector: ELE, value: 50, source: \"test fixture\"}\n",
         "19:7: sectors.critical_exports[1]: agent 'CHN' already has critical exports of 'ELE' at {file}:18:7"},
        {"an unknown agent", "agent: CHN, sector", "agent: CHX, sector",
         "18:15: sectors.critical_exports[0].agent: unknown agent 'CHX' (did you mean 'CHN'?)"},
    };
    check_table(anchor, table, cases);
}

TEST_CASE("errors: bad tourism tables name the file, line and column", "[cli][errors][tourism]") {
    // The tiny world's one pair (line 126): Korea's visitors from China.
    const std::string good = "{host: KOR, visitors: CHN, year: 2016, arrivals: {value: 4, source: \"test fixture\"}, "
                             "receipts: {value: 8, source: \"test fixture\"}}\n";
    TempDir dir;
    struct Case {
        const char* name;
        std::string from, to, message;
    };
    const std::vector<Case> cases = {
        {"negative arrivals", "arrivals: {value: 4", "arrivals: {value: -4",
         "126:64: tourism.pairs[0].arrivals.value: value -4 is out of range [0, 10000]"},
        {"missing receipts", ", receipts: {value: 8, source: \"test fixture\"}", "",
         "126:7: tourism.pairs[0]: missing key 'receipts'"},
        {"a figure without a source", "arrivals: {value: 4, source: \"test fixture\"}", "arrivals: {value: 4}",
         "126:56: tourism.pairs[0].arrivals: missing key 'source'"},
        {"unknown agent", "visitors: CHN", "visitors: CHX",
         "126:29: tourism.pairs[0].visitors: unknown agent 'CHX' (did you mean 'CHN'?)"},
        {"receipts from no arrivals", "arrivals: {value: 4", "arrivals: {value: 0",
         "126:102: tourism.pairs[0].receipts: receipts from no arrivals; give the arrivals, or receipts of 0"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const fs::path w = world_with(dir, c.from, c.to);
            const Result v = run_geosim("validate '" + w.string() + "'");
            CHECK(v.code == 2);
            CHECK(v.err == w.string() + ":" + c.message + "\n");
        }
    }
    SECTION("a pair given twice") {
        const fs::path w = world_with(dir, good, good + "    - " + good);
        const Result v = run_geosim("validate '" + w.string() + "'");
        CHECK(v.code == 2);
        CHECK(v.err == w.string() + ":127:7: tourism.pairs[1]: the pair of host KOR and visitors CHN is already given at " +
                           w.string() + ":126:7\n");
    }
}

TEST_CASE("errors: bad investment nests name the file, line and column", "[cli][errors][investment]") {
    // Nests inserted after the tiny world's stock_to_flow (line 121): line 122 on.
    const std::string anchor = "  stock_to_flow: {value: 12, source: \"test fixture\"}\n";
    TempDir dir;
    struct Case {
        const char* name;
        std::string nests, message;
    };
    const std::vector<Case> cases = {
        {"unknown host", "  nests:\n    - {id: a, hosts: [CHN, KRO], source: \"t\"}\n",
         "123:28: investment.nests[0].hosts[1]: unknown agent 'KRO' (did you mean 'KOR'?)"},
        {"a host in two nests",
         "  nests:\n    - {id: a, hosts: [CHN, KOR], source: \"t\"}\n    - {id: b, hosts: [KOR], source: \"t\"}\n",
         "124:22: investment.nests[1].hosts: KOR is already in a nest at " + (dir / "world.yaml").string() + ":123:22"},
        {"an empty nest", "  nests:\n    - {id: a, hosts: [], source: \"t\"}\n",
         "123:22: investment.nests[0].hosts: a nest needs at least one host"},
        {"a nest given twice",
         "  nests:\n    - {id: a, hosts: [CHN], source: \"t\"}\n    - {id: a, hosts: [KOR], source: \"t\"}\n",
         "124:12: investment.nests[1].id: nest 'a' is already given"},
        {"a nest without a source", "  nests:\n    - {id: a, hosts: [CHN]}\n",
         "123:7: investment.nests[0]: missing key 'source'"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const fs::path w = world_with(dir, anchor, anchor + c.nests);
            const Result v = run_geosim("validate '" + w.string() + "'");
            CHECK(v.code == 2);
            CHECK(v.err == w.string() + ":" + c.message + "\n");
        }
    }
    SECTION("a good nest validates") {
        const fs::path w = world_with(dir, anchor, anchor + "  nests:\n    - {id: a, hosts: [CHN, KOR], source: \"t\"}\n");
        const Result v = run_geosim("validate '" + w.string() + "'");
        CHECK(v.code == 0);
        CHECK(v.err.empty());
    }
}

TEST_CASE("errors: bad shocks are refused with one located message", "[cli][errors][shocks]") {
    TempDir dir;
    struct Case {
        const char* name;
        std::string shocks;   // appended to a good scenario (line 6 on)
        std::string message;  // after "<file>:"
    };
    const std::vector<Case> cases = {
        {"unknown kind", "shocks:\n  - {name: s1, kind: sanctons, at: 2025Q3, sender: CHN, target: KOR}\n",
         "7:22: shocks[0].kind: unknown shock kind 'sanctons' (did you mean 'sanctions'?)"},
        {"unknown zone", "shocks:\n  - {name: s1, kind: maritime_incident, at: 2025Q3, zone: scarboro}\n",
         "7:59: shocks[0].zone: unknown zone 'scarboro' (did you mean 'scarborough'?)"},
        {"a salience above 1",
         "shocks:\n  - {name: s1, kind: export_controls, at: 2025Q3, sender: CHN, targets: [KOR], share: 0.1, salience: 1.5}\n",
         "7:102: shocks[0].salience: value 1.5 is out of range [0, 1]"},
        {"a boycott's salience above 1",
         "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 0.5, salience: 1.5}\n",
         "7:94: shocks[0].salience: value 1.5 is out of range [0, 1]"},
        {"an election's salience below 0",
         "shocks:\n  - name: e\n    kind: us_election\n    at: 2025Q4\n    salience: -0.2\n    outcomes:\n"
         "      - {name: a, probability: 1}\n",
         "10:15: shocks[0].salience: value -0.2 is out of range [0, 1]"},
        {"unknown leg", "shocks:\n  - {name: s1, kind: blockade, at: 2025Q3, legs: [luzon_strat], close: true}\n",
         "7:51: shocks[0].legs[0]: unknown sea leg 'luzon_strat' (did you mean 'luzon_strait'?)"},
        {"probabilities not summing to 1",
         "shocks:\n  - name: e\n    kind: us_election\n    at: 2025Q4\n    outcomes:\n"
         "      - {name: a, probability: 0.5, credibility: 0.3}\n"
         "      - {name: b, probability: 0.4, credibility: 0.8}\n",
         "11:7: shocks[0].outcomes: outcome probabilities sum to 0.9, not 1"},
        {"unknown zone or sea in a condition (this world's zones name no sea)",
         "shocks:\n  - {name: s1, kind: maritime_incident, zone: scarborough, when: \"incidents(scs) > 2\"}\n",
         "7:77: shocks[0].when: unknown zone or sea 'scs'"},
        {"condition that does not parse",
         "shocks:\n  - {name: s1, kind: maritime_incident, zone: scarborough, when: \"tensoin(PHL, CHN) > 0.6\"}\n",
         "7:67: shocks[0].when: unknown function 'tensoin' (did you mean 'tension'?)"},
        {"template missing an argument",
         "kinds:\n  patrol_boats:\n    args: [donor, recipient, amount]\n    effects:\n"
         "      - {relation: assistance, by: $donor, on: $recipient, set: $amount}\n"
         "shocks:\n  - {name: s1, kind: patrol_boats, at: 2025Q3, donor: USA, recipient: PHL}\n",
         "12:5: shocks[0]: kind 'patrol_boats' needs argument 'amount'"},
        {"date before the start", "shocks:\n  - {name: s1, kind: tariff, at: 2024Q4, sender: USA, targets: CHN, rate: 0.2}\n",
         "7:34: shocks[0].at: date 2024Q4 is not after the scenario's start 2025Q1 (shocks act from 2025Q2)"},
        {"bad distribution",
         "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN, rate: {uniform: [0.3, 0.1]}}\n",
         "7:85: shocks[0].rate.uniform: uniform needs lo < hi"},
        {"no trigger", "shocks:\n  - {name: s1, kind: tariff, sender: USA, targets: CHN, rate: 0.2}\n",
         "7:5: shocks[0]: a shock needs exactly one trigger: at, hazard, when or after"},
        {"unknown shock after", "shocks:\n  - {name: s1, kind: tariff, after: s3, sender: USA, targets: CHN, rate: 0.2}\n",
         "7:37: shocks[0].after: unknown shock 's3' (did you mean 's1'?)"},
        {"unknown agent", "shocks:\n  - {name: s1, kind: sanctions, at: 2025Q3, sender: CHN, target: KRR}\n",
         "7:66: shocks[0].target: unknown agent 'KRR' (did you mean 'KOR'?)"},
        {"until before the first firing",
         "shocks:\n  - {name: s1, kind: tariff, at: 2026Q1, until: 2025Q3, sender: USA, targets: CHN, rate: 0.2}\n",
         "7:49: shocks[0].until: until 2025Q3 is not after the shock's first firing 2026Q1"},
        {"until a date before the first firing",
         "shocks:\n  - {name: s1, kind: tariff, at: 2026-02-16, until: 2026-02-15, sender: USA, targets: CHN, rate: 0.2}\n",
         "7:53: shocks[0].until: until 2026-02-15 is not after the shock's first firing 2026-02-16"},
        {"a day the month does not have",
         "shocks:\n  - {name: s1, kind: tariff, at: 2026-02-29, sender: USA, targets: CHN, rate: 0.2}\n",
         "7:34: shocks[0].at: expected a quarter like 2025Q1 or a date like 2025-05-17, got '2026-02-29'"},
        {"a date where only a quarter goes",
         "shocks:\n  - {name: s1, kind: maritime_incident, zone: scarborough, hazard: 0.1, from: 2026-02-16}\n",
         "7:79: shocks[0].from: expected a quarter like 2025Q1, got '2026-02-16'"},
        {"kind named like a built-in",
         "kinds:\n  tariff:\n    args: [x]\n    effects: []\nshocks: []\n",
         "8:5: kinds.tariff: kind 'tariff' is built in; choose another name"},
        {"argument hiding a shock key",
         "kinds:\n  k:\n    args: [at]\n    effects: []\nshocks:\n  - {name: s1, kind: k, at: 2025Q3}\n",
         "8:12: kinds.k.args[0]: argument 'at' would hide the shock key of that name"},
        {"unknown argument", "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN, rate: 0.2, rat: 3}\n",
         "7:80: shocks[0]: unknown key 'rat' (did you mean 'rate'?)"},
        {"unknown sector", "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN, rate: 0.2, sectors: [good]}\n",
         "7:90: shocks[0].sectors[0]: unknown sector 'good' (did you mean 'goods'?)"},
        {"export share above 1",
         "shocks:\n  - {name: s1, kind: export_controls, at: 2025Q3, sender: CHN, targets: USA, share: 1.5}\n",
         "7:85: shocks[0].share: value 1.5 is out of range [0, 1]"},
        {"boycott with no target", "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: CHN, visitors: 0.5}\n",
         "7:5: shocks[0]: missing key 'target'"},
        {"boycott by the target's own public",
         "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: KOR, target: KOR, visitors: 0.5}\n",
         "7:64: shocks[0].target: the target must differ from the public"},
        {"boycott share above 1",
         "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 1.2}\n",
         "7:79: shocks[0].visitors: value 1.2 is out of range [0, 1]"},
        {"boycott of nothing", "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: CHN, target: KOR}\n",
         "7:5: shocks[0]: a boycott needs visitors, goods or both"},
        {"boycott of an unknown sector",
         "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: CHN, target: KOR, goods: 0.2, sectors: [good]}\n",
         "7:91: shocks[0].sectors[0]: unknown sector 'good' (did you mean 'goods'?)"},
        {"boycott sectors without goods",
         "shocks:\n  - {name: s1, kind: boycott, at: 2025Q3, public: CHN, target: KOR, visitors: 0.2, sectors: [goods]}\n",
         "7:93: shocks[0].sectors: sectors name the boycotted goods: give goods too"},
        {"opinion toward only itself",
         "shocks:\n  - {name: s1, kind: opinion, at: 2025Q3, public: PHL, toward: PHL, shift: -0.2}\n",
         "7:64: shocks[0].toward: toward must include an agent other than the public"},
        {"opinion shift beyond the trust scale",
         "shocks:\n  - {name: s1, kind: opinion, at: 2025Q3, public: PHL, toward: [CHN], shift: -1.5}\n",
         "7:78: shocks[0].shift: value -1.5 is out of range [-1, 1]"},
        {"opinion with no shift", "shocks:\n  - {name: s1, kind: opinion, at: 2025Q3, public: PHL, toward: CHN}\n",
         "7:5: shocks[0]: missing key 'shift'"},
        {"export controls with no target",
         "shocks:\n  - {name: s1, kind: export_controls, at: 2025Q3, sender: CHN, share: 0.5}\n",
         "7:5: shocks[0]: missing key 'targets'"},
        {"promotion with the origin its only host",
         "shocks:\n  - {name: s1, kind: promotion, at: 2025Q3, origin: KOR, hosts: [KOR], investment: 0.05}\n",
         "7:65: shocks[0].hosts: the hosts must include an agent other than the origin"},
        {"promotion with a negative subsidy",
         "shocks:\n  - {name: s1, kind: promotion, at: 2025Q3, origin: KOR, hosts: [USA], investment: -0.05}\n",
         "7:84: shocks[0].investment: investment is a subsidy, a share of the cost, and cannot be negative (to restrict investment use sanctions' investment_restricted)"},
        {"promotion with a negative trade cut",
         "shocks:\n  - {name: s1, kind: promotion, at: 2025Q3, origin: KOR, hosts: [USA], trade: -0.02}\n",
         "7:79: shocks[0].trade: trade is a subsidy, a share of the cost, and cannot be negative (to make trade dearer use a tariff)"},
        {"promotion of an unknown sector",
         "shocks:\n  - {name: s1, kind: promotion, at: 2025Q3, origin: KOR, hosts: [USA], trade: 0.02, sectors: [good]}\n",
         "7:95: shocks[0].sectors[0]: unknown sector 'good' (did you mean 'goods'?)"},
        {"promotion with no size",
         "shocks:\n  - {name: s1, kind: promotion, at: 2025Q3, origin: KOR, hosts: [USA]}\n",
         "7:5: shocks[0]: a promotion needs investment, trade or both"},
        {"reward with nothing in it",
         "shocks:\n  - {name: s1, kind: reward, at: 2025Q3, sender: CHN, target: KOR}\n",
         "7:5: shocks[0]: a reward needs at least one of lift, market_access, visitors, pledge or trust"},
        {"reward lifting an unknown shock",
         "shocks:\n  - {name: ban, kind: sanctions, at: 2025Q3, sender: CHN, target: KOR, tourism_cut: 0.5}\n"
         "  - {name: s2, kind: reward, at: 2026Q1, sender: CHN, target: KOR, lift: [bna]}\n",
         "8:75: shocks[1].lift[0]: unknown shock 'bna' (did you mean 'ban'?)"},
        {"reward lifting itself",
         "shocks:\n  - {name: s1, kind: reward, at: 2025Q3, sender: CHN, target: KOR, lift: s1}\n",
         "7:74: shocks[0].lift: a reward cannot lift itself"},
        {"reward with sectors but no market access",
         "shocks:\n  - {name: s1, kind: reward, at: 2025Q3, sender: CHN, target: KOR, visitors: 0.2, sectors: [goods]}\n",
         "7:92: shocks[0].sectors: sectors name the goods let in: give market_access too"},
        {"reward closing a market",
         "shocks:\n  - {name: s1, kind: reward, at: 2025Q3, sender: CHN, target: KOR, market_access: -0.1}\n",
         "7:83: shocks[0].market_access: market_access is a barrier removed, a share of the price, and cannot be negative (to close a market use sanctions or a tariff)"},
        {"pledge without its realisation rate",
         "shocks:\n  - {name: s1, kind: reward, at: 2025Q3, sender: CHN, target: KOR, pledge: {investment: 5, quarters: 8}}\n",
         "7:76: shocks[0].pledge: missing key 'realised'"},
        {"pledge realised above 1",
         "shocks:\n  - {name: s1, kind: reward, at: 2025Q3, sender: CHN, target: KOR, pledge: {investment: 5, quarters: 8, realised: 1.5}}\n",
         "7:115: shocks[0].pledge.realised: value 1.5 is out of range [0, 1]"},
        {"aid for an unknown purpose",
         "shocks:\n  - {name: s1, kind: aid, at: 2025Q3, donor: USA, recipients: PHL, purpose: securty, amount: 0.1}\n",
         "7:77: shocks[0].purpose: unknown purpose 'securty': development or security (did you mean 'security'?)"},
        {"aid with neither amount nor schedule",
         "shocks:\n  - {name: s1, kind: aid, at: 2025Q3, donor: USA, recipients: PHL, purpose: security}\n",
         "7:5: shocks[0]: give exactly one of 'amount' and 'schedule'"},
        {"aid to its donor only",
         "shocks:\n  - {name: s1, kind: aid, at: 2025Q3, donor: USA, recipients: [USA], purpose: security, amount: 0.1}\n",
         "7:63: shocks[0].recipients: the recipients must include an agent other than the donor"},
        {"aid schedule out of order",
         "shocks:\n  - {name: s1, kind: aid, at: 2025Q3, donor: USA, recipients: PHL, purpose: development, "
         "schedule: [{at: 2026Q3, amount: 1}, {at: 2026Q1, amount: 2}]}\n",
         "7:131: shocks[0].schedule[1].at: schedule dates must increase: 2026Q1 comes after 2026Q3"},
        {"aid to an agent not in the world",
         "shocks:\n  - {name: s1, kind: aid, at: 2025Q3, donor: USA, recipients: [PHL, VNM], purpose: security, amount: 0.1}\n",
         "7:69: shocks[0].recipients[1]: unknown agent 'VNM'"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const fs::path f = dir.write("s.yaml", scenario("8", c.shocks));
            expect_refused(dir, f, f.string() + ":" + c.message);
        }
    }
}

TEST_CASE("errors: bad tariff tables and tariff cuts name the file, line and column", "[cli][errors][tariffs]") {
    // The table is appended after the tiny world's last line (140): line 141 on.
    const std::string last = "  - {bloc: ASEAN, partner: KOR, level: comprehensive_strategic, source: \"2024\"}\n";
    const std::string head = "tariffs:\n  unit: rate\n  year: 2023\n  source: \"t\"\n  mfn:\n"
                             "    - {importer: USA, value: 0.03, source: \"t\"}\n"
                             "    - {importer: CHN, value: 0.05, source: \"t\"}\n"
                             "    - {importer: KOR, value: 0.08, source: \"t\"}\n"
                             "    - {importer: PHL, value: 0.06, source: \"t\"}\n";
    const std::string row = "    - {importer: ROW, value: 0.05, source: \"t\"}\n";
    TempDir dir;
    struct Case {
        const char* name;
        std::string table, message;
    };
    const std::vector<Case> cases = {
        {"an importer without an MFN rate", head, "146:5: tariffs.mfn: no MFN rate for importer ROW (every importer needs one)"},
        {"an MFN rate given twice", head + row + "    - {importer: ROW, value: 0.04, source: \"t\"}\n",
         "151:7: tariffs.mfn[5]: the MFN rate of ROW is already given at " + (dir / "world.yaml").string() + ":150:7"},
        {"a negative MFN rate", head + "    - {importer: ROW, value: -0.05, source: \"t\"}\n",
         "150:30: tariffs.mfn[4].value: value -0.05 is out of range [0, 5]"},
        {"a preference with both a rate and a share",
         head + row + "  preferences:\n    - {importers: KOR, exporters: PHL, rate: 0, share_of_mfn: 0.5, source: \"t\"}\n",
         "152:7: tariffs.preferences[0]: give exactly one of 'rate' and 'share_of_mfn'"},
        {"a preference of an unknown exporter",
         head + row + "  preferences:\n    - {importers: KOR, exporters: PHI, rate: 0, source: \"t\"}\n",
         "152:35: tariffs.preferences[0].exporters: unknown agent 'PHI' (did you mean 'PHL'?)"},
        {"a preference for an economy with itself",
         head + row + "  preferences:\n    - {importers: KOR, exporters: KOR, rate: 0, source: \"t\"}\n",
         "152:7: tariffs.preferences[0]: the row covers no pair of different economies"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            const fs::path w = world_with(dir, last, last + c.table);
            const Result v = run_geosim("validate '" + w.string() + "'");
            CHECK(v.code == 2);
            CHECK(v.err == w.string() + ":" + c.message + "\n");
        }
    }

    // Shocks on a world with the table.
    struct Shock {
        const char* name;
        std::string shocks, message;  // shocks from line 6 of the scenario
    };
    const std::vector<Shock> shocks = {
        {"a cut below the applied rate",
         "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN, rate: 0.02}\n"
         "  - {name: s2, kind: tariff, at: 2025Q3, sender: USA, targets: CHN, rate: -0.1}\n",
         "8:5: shocks[1]: tariff cuts by USA on goods from CHN can reach 10%, more than the rate applied at the "
         "start (3%) plus the raises of this scenario (2%): a tariff cannot fall below zero"},
        {"schedule dates out of order",
         "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN,\n"
         "     schedule: [{at: 2026Q1, rate: 0.1}, {at: 2025Q4, rate: 0.2}]}\n",
         "8:47: shocks[0].schedule[1].at: schedule dates must increase: 2025Q4 comes after 2026Q1"},
        {"a schedule before the firing",
         "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN,\n"
         "     schedule: [{at: 2025Q2, rate: 0.1}]}\n",
         "8:22: shocks[0].schedule[0].at: date 2025Q2 is before the shock fires (2025Q3)"},
        {"a schedule on a repeating shock",
         "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, every: 4, sender: USA, targets: CHN,\n"
         "     schedule: [{at: 2025Q3, rate: 0.1}]}\n",
         "8:16: shocks[0].schedule: a schedule of dates needs a shock that fires once, 'at' a date"},
        {"a rate and a schedule",
         "shocks:\n  - {name: s1, kind: tariff, at: 2025Q3, sender: USA, targets: CHN, rate: 0.1,\n"
         "     schedule: [{at: 2025Q3, rate: 0.1}]}\n",
         "7:5: shocks[0]: give exactly one of 'rate' and 'schedule'"},
        {"an agreement member that is not an agent",
         "shocks:\n  - {name: s1, kind: agreement, at: 2025Q3, members: [KOR, CHM], cut: 0.5}\n",
         "7:60: shocks[0].members[1]: unknown agent 'CHM' (did you mean 'CHN'?)"},
        {"an agreement of one",
         "shocks:\n  - {name: s1, kind: agreement, at: 2025Q3, members: [KOR], cut: 0.5}\n",
         "7:54: shocks[0].members: an agreement needs at least two members"},
        {"an agreement cut above 1",
         "shocks:\n  - {name: s1, kind: agreement, at: 2025Q3, members: [KOR, CHN], cut: 1.5}\n",
         "7:71: shocks[0].cut: value 1.5 is out of range [0, 1]"},
        {"an agreement of an unknown sector",
         "shocks:\n  - {name: s1, kind: agreement, at: 2025Q3, members: [KOR, CHN], cut: 0.5, sector_depth: {good: 0.5}}\n",
         "7:97: shocks[0].sector_depth.good: unknown sector 'good' (did you mean 'goods'?)"},
    };
    const fs::path w = world_with(dir, last, last + head + row);
    for (const Shock& c : shocks) {
        SECTION(c.name) {
            const std::string text = "name: bad\nworld: " + w.string() + "\nstart: 2025Q1\nhorizon: 8\nseed: 1\n" + c.shocks;
            const fs::path f = dir.write("s.yaml", text);
            expect_refused(dir, f, f.string() + ":" + c.message);
        }
    }
    SECTION("an agreement on a world without applied tariffs") {
        const fs::path f = dir.write("s.yaml", scenario("8", "shocks:\n  - {name: s1, kind: agreement, at: 2025Q3, "
                                                              "members: [KOR, CHN], cut: 0.5}\n"));
        expect_refused(dir, f, f.string() + ":7:5: shocks[0]: the world gives no applied tariffs (a 'tariffs' section), "
                                            "so an agreement has nothing to cut");
    }
}

TEST_CASE("list: the shock kinds include boycott, opinion, reward and aid", "[cli][shocks]") {
    const Result r = run_geosim("list shocks");
    REQUIRE(r.code == 0);
    CHECK(r.out.find("\n  boycott            a public (not its government) stops buying the target's goods") !=
          std::string::npos);
    CHECK(r.out.find("\n  opinion            a public's trust in other agents moves") != std::string::npos);
    CHECK(r.out.find("\n  reward             the sender rewards the target: lifts named shocks") != std::string::npos);
    CHECK(r.out.find("\n  aid                official aid from a donor: development aid or security assistance") !=
          std::string::npos);
    // Each kind's arguments on the line below it, in the order docs/shocks.md gives them.
    CHECK(r.out.find("\n                     arguments: sender, target, lift, market_access, sectors, visitors, pledge, "
                     "trust\n") != std::string::npos);
    CHECK(r.out.find("\n                     arguments: donor, recipients, purpose, amount, schedule, tie_move\n") !=
          std::string::npos);
}

TEST_CASE("list zones: each zone's sea, parties, base figures and legs", "[cli][zones]") {
    // The rows of world/zones.yaml, in file order: the six South China Sea zones, the Senkakus
    // (ECS, on the Yonaguni-East China Sea leg) and Dokdo (no leg).
    const Result r = run_geosim("list zones");
    REQUIRE(r.code == 0);
    CHECK(r.out.rfind("zones (scenarios/world/default.yaml; docs/model.md, \"Escalation at sea\"):\n", 0) == 0);
    CHECK(r.out.find("\n  id             sea       claimant rival  base_rate base_tension  legs\n") != std::string::npos);
    CHECK(r.out.find("\n  scarborough    scs       PHL      CHN          0.6         0.55  luzon_approach manila_approach "
                     "scs_central\n") != std::string::npos);
    CHECK(r.out.find("\n  senkaku        ecs       JPN      CHN          0.5          0.4  ryukyu\n") != std::string::npos);
    CHECK(r.out.find("\n  dokdo          east_sea  KOR      JPN          0.5         0.05  -\n") != std::string::npos);
    std::size_t rows = 0;
    for (std::size_t at = r.out.find("\n  "); at != std::string::npos; at = r.out.find("\n  ", at + 1)) ++rows;
    CHECK(rows == 1 + 8 + 2);  // the header, eight zones, the two lines of the note
    const Result t = run_geosim("list zones --world tests/data/tiny_world.yaml");
    REQUIRE(t.code == 0);
    CHECK(t.out.find("\n  scarborough    -         PHL      CHN          0.5          0.6  luzon_strait\n") != std::string::npos);
}

TEST_CASE("errors: a run whose values overflow fails with exit 3, names the first value and writes nothing",
          "[cli][errors]") {
    // Two parameters each within their range, together past the model's: imports growing with
    // absorption at elasticity 3 and a full FDI multiplier compound GDP to overflow by 2035.
    TempDir dir;
    const std::string world = std::string(GEOSIM_SOURCE_DIR) + "/scenarios/world/default.yaml";
    const std::string text = "name: overflow\nworld: " + world +
                             "\nstart: 2025Q1\nhorizon: 40\nseed: 20250101\n"
                             "parameters: {trade.income_elasticity: 3.0, macro.fdi_multiplier: 1.0}\n";
    const fs::path alt = dir.write("overflow.yaml", text);
    const fs::path base = dir.write("base.yaml", "name: base\nworld: " + world + "\nstart: 2025Q1\nhorizon: 40\nseed: 20250101\n");
    const std::string what = "run 0 (seed 20250101) failed: value inf of gdp_growth(BRN) at step 40 (2035Q1); the scenario "
                             "takes the model outside its range (parameters or shocks too large); nothing was written\n";
    const Result r = run_geosim("run '" + alt.string() + "' --out '" + (dir / "out_run").string() + "'");
    CHECK(r.code == 3);
    CHECK(r.err == "geosim run: " + what);
    const Result c = run_geosim("compare '" + base.string() + "' '" + alt.string() + "' --runs 2 --out '" + (dir / "out_compare").string() + "'");
    CHECK(c.code == 3);
    CHECK(c.err == "geosim compare: ALT " + what);
    for (const auto& e : fs::directory_iterator(dir.path()))
        CHECK(e.path().filename().string().rfind("out", 0) != 0);
}

TEST_CASE("errors: a scenario name too long for a folder name is refused where it is written", "[cli][errors]") {
    TempDir dir;
    const fs::path file = dir.write("long.yaml", "name: " + std::string(65, 'a') + "\nworld: " + kTinyWorld +
                                                      "\nstart: 2025Q1\nhorizon: 4\nseed: 1\n");
    expect_refused(dir, file, file.string() + ":1:7: name: the name is 65 characters long; at most 64 (it names the results folders)");
    dir.write("long.yaml", "name: " + std::string(64, 'a') + "\nworld: " + kTinyWorld + "\nstart: 2025Q1\nhorizon: 4\nseed: 1\n");
    CHECK(run_geosim("validate '" + file.string() + "'").code == 0);
}

TEST_CASE("world files: an included file may include others; a file read twice is refused where it is named",
          "[cli][errors]") {
    TempDir dir;
    // The trust table moved out of the world file into a file that another included file names.
    std::string world = slurp(world_with(dir, "include:\n", "include:\n  - outer.yaml\n"));
    const auto from = world.find("trust:\n"), to = world.find("ties:\n");
    REQUIRE(from != std::string::npos);
    REQUIRE(to > from);
    dir.write("inner.yaml", world.substr(from, to - from));
    world.erase(from, to - from);
    const fs::path w = dir.write("world.yaml", world);
    dir.write("outer.yaml", "include: [inner.yaml]\n");
    const Result nested = run_geosim("validate '" + w.string() + "'");
    INFO(nested.err);
    CHECK(nested.code == 0);
    // The same world as the one that holds its trust table itself.
    const fs::path scenario_nested = dir.write("nested.yaml", "name: nested\nworld: world.yaml\nstart: 2025Q1\nhorizon: 4\nseed: 1\n");
    const fs::path scenario_plain = dir.write("plain.yaml", "name: plain\nworld: " + kTinyWorld + "\nstart: 2025Q1\nhorizon: 4\nseed: 1\n");
    REQUIRE(run_geosim("run '" + scenario_nested.string() + "' --out '" + (dir / "a").string() + "' --quiet").code == 0);
    REQUIRE(run_geosim("run '" + scenario_plain.string() + "' --out '" + (dir / "b").string() + "' --quiet").code == 0);
    CHECK(slurp(dir / "a" / "series.csv") == slurp(dir / "b" / "series.csv"));

    const fs::path outer = dir / "outer.yaml";
    struct Case {
        const char* name;
        std::string outer, message;
    };
    const std::vector<Case> cases = {
        {"a missing file", "include: [inner.yaml, none.yaml]\n",
         outer.string() + ":1:23: include[1]: included file 'none.yaml' does not exist"},
        {"the world file", "include: [inner.yaml, world.yaml]\n",
         outer.string() + ":1:23: include[1]: included file 'world.yaml' is the world file itself"},
        {"a cycle", "include: [inner.yaml, outer.yaml]\n",
         outer.string() + ":1:23: include[1]: included file 'outer.yaml' is already read (as '" + outer.string() + "')"},
    };
    for (const Case& c : cases) {
        SECTION(c.name) {
            dir.write("outer.yaml", c.outer);
            const Result v = run_geosim("validate '" + w.string() + "'");
            CHECK(v.code == 2);
            CHECK(v.err == c.message + "\n");
        }
    }
}

TEST_CASE("validate: a shock dated after the last quarter is valid, and noted as one that never fires", "[cli][errors]") {
    // Shortening a scenario's horizon must not make its file invalid, but the shock does nothing.
    TempDir dir;
    const fs::path f = dir.write("late.yaml", scenario("8", "shocks:\n  - {name: late, kind: opinion, at: 2030Q1, "
                                                             "public: PHL, toward: CHN, shift: -0.1}\n"));
    const Result v = run_geosim("validate '" + f.string() + "'");
    CHECK(v.code == 0);
    CHECK(v.out == f.string() + ": ok (scenario 'bad', 5 agents, 2025Q1 + 8 quarters)\n" + f.string() +
                       ": note: shock 'late' is dated 2030Q1, after the last quarter 2027Q1: it never fires\n");
}

TEST_CASE("errors: a scenario named as a world is refused as one, naming the world it names", "[cli][errors]") {
    TempDir dir;
    const fs::path inner = dir.write("inner.yaml", scenario("4"));
    const fs::path outer = dir.write("top.yaml", "name: top\nworld: inner.yaml\nstart: 2025Q1\nhorizon: 4\nseed: 1\n");
    expect_refused(dir, outer, inner.string() + ":2:1: world: this is a scenario, not a world file: give the world file it names (" +
                                   kTinyWorld + ")");
}
