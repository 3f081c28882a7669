#include <catch2/catch.hpp>

#include <string>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/shocks/condition.hpp"
#include "tests/cli/cli_harness.hpp"

using geosim::Condition;
using geosim::InputError;
using geosim::load_yaml_text;

namespace {

// Agents CHN (0), PHL (1), USA (2); blocs ASEAN = {PHL} and G2 = {CHN, USA}; two zones of the
// sea `scs` where PHL claims against CHN, so tension(PHL, CHN) is the higher of the two; a zone
// of the sea `ecs` and one of no sea where USA claims against CHN.
geosim::World hand_world() {
    geosim::World w;
    for (const char* id : {"CHN", "PHL", "USA"}) {
        geosim::Agent a;
        a.id = id;
        w.agents.push_back(a);
    }
    w.blocs = {{"ASEAN", "ASEAN", {1}}, {"G2", "G2", {0, 2}}};
    for (const char* id : {"scarborough", "second_thomas", "reef", "atoll"}) {
        geosim::Zone z;
        z.id = id;
        z.sea = w.zones.size() < 2 ? "scs" : w.zones.size() == 2 ? "ecs" : "";
        z.claimant = w.zones.size() < 2 ? 1 : 2;
        z.rival = 0;
        w.zones.push_back(z);
    }
    w.east = 0;
    w.west = 2;
    return w;
}

// Values chosen to be exact in binary, so tests can compare with ==.
geosim::State hand_state() {
    geosim::State s;
    s.step = 3;
    s.gdp = {18000, 436, 27000};
    s.gdp_growth = {0.05, 0.06, 0.02};
    s.alignment = {-1, 0.25, 1};
    s.credibility = 0.75;
    s.trade = geosim::Matrix(3);
    s.trade(0, 1) = 40;   // CHN -> PHL
    s.trade(1, 0) = 8;    // PHL -> CHN
    s.trade(1, 2) = 12;   // PHL -> USA
    s.trade(2, 1) = 4;    // USA -> PHL: PHL trades 64 in all, 48 with CHN and 16 with USA
    s.trade(0, 2) = 500;
    s.trade(2, 0) = 150;
    s.trust = geosim::Matrix(3);
    s.trust(1, 2) = 0.5;
    s.trust(1, 0) = -0.25;
    s.threat = geosim::Matrix(3);
    s.threat(1, 0) = 0.625;
    s.ties = geosim::IntMatrix(3);
    s.ties(1, 2) = s.ties(2, 1) = 5;
    s.tension = {0.7, 0.25, 0.125, 0.0625};
    s.incidents_total = {3, 2, 7, 11};
    return s;
}

const geosim::World kWorld = hand_world();

// The `when` node of a one-line document; `value` is written as is (quote it yourself).
geosim::InputNode when(const std::string& value) {
    return load_yaml_text("when: " + value + "\n", "x.yaml").at("when");
}

// `text` in double quotes, built by appending: GCC 12 warns falsely (-Wrestrict) on
// "\"" + std::string.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    out += text;
    out += '"';
    return out;
}

bool holds(const std::string& text, const geosim::State& state = hand_state()) {
    return Condition::parse(when(quoted(text)), kWorld).holds(kWorld, state);
}

// The full message of the error parsing `value` raises, or a note that it raised none.
std::string error(const std::string& value, const geosim::World& world = kWorld) {
    try {
        Condition::parse(when(value), world);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

std::string repeat(const std::string& piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += piece;
    return out;
}

}  // namespace

TEST_CASE("condition: operators bind as the grammar says", "[condition]") {
    CHECK(holds("1 + 2 * 3 == 7"));
    CHECK(holds("(1 + 2) * 3 == 9"));
    CHECK(holds("2 - 3 - 4 == -5"));           // left to right
    CHECK(holds("8 / 4 / 2 == 1"));
    CHECK(holds("-2 * -3 == 6"));
    CHECK(holds("- -1 == 1"));
    CHECK(holds("-2 + 5 == 3"));               // unary minus binds tighter than +
    CHECK_FALSE(holds("not 1 > 2 and 1 > 2"));  // (not a) and b
    CHECK(holds("not (1 > 2 and 1 > 2)"));
    CHECK(holds("1 > 2 and 1 > 2 or 1 < 2"));  // and before or
    CHECK(holds("1 < 2 or 1 > 2 and 1 > 2"));
    CHECK(holds("not not 1 < 2"));
}

TEST_CASE("condition: numbers and comparisons", "[condition]") {
    CHECK(holds("1e-3 == 0.001"));
    CHECK(holds(".5 == 0.5"));
    CHECK(holds("3 == 3.0"));
    CHECK(holds("2.5E2 == 250"));
    CHECK(holds("1 < 2"));
    CHECK_FALSE(holds("2 < 2"));
    CHECK(holds("2 <= 2"));
    CHECK(holds("3 > 2"));
    CHECK_FALSE(holds("2 > 2"));
    CHECK(holds("2 >= 2"));
    CHECK(holds("2 != 3"));
    CHECK_FALSE(holds("2 != 2"));
    CHECK(holds("1<2 and(2>1)"));  // spaces are optional around symbols
    CHECK(error("1<2and 2>1") == "x.yaml:1:9: when: malformed number '2and'");  // not around words
}

TEST_CASE("condition: each function reads the hand-built state", "[condition]") {
    CHECK(holds("tension(PHL, CHN) == 0.7"));      // the higher of the two zones
    CHECK(holds("tension(CHN, PHL) == 0.7"));      // either order reads the zones the two share
    CHECK(holds("tension(PHL, USA) == 0"));
    CHECK(holds("zone_tension(second_thomas) == 0.25"));
    CHECK(holds("incidents(scarborough) == 3"));
    CHECK(holds("incidents(scs) == 5"));           // a sea: its two zones
    CHECK(holds("incidents(ecs) == 7"));
    CHECK(holds("incidents(all) == 23"));          // every zone, the one of no sea too
    CHECK(holds("tension(USA, CHN) == 0.125"));
    CHECK(holds("alignment(PHL) == 0.25"));
    CHECK(holds("alignment(G2) == 0.2"));          // (18000 * -1 + 27000 * 1) / 45000
    CHECK(holds("asean_alignment() == 0.25"));
    CHECK(holds("gdp(PHL) == 436"));
    CHECK(holds("gdp_growth(PHL) == 0.06"));
    CHECK(holds("trade(CHN, PHL) == 40"));
    CHECK(holds("trade(PHL, CHN) == 8"));
    CHECK(holds("trade_share(PHL, CHN) == 0.75"));  // (8 + 40) / 64
    CHECK(holds("trade_share(PHL, USA) == 0.25"));  // (12 + 4) / 64
    CHECK(holds("tie(PHL, USA) == 5"));
    CHECK(holds("tie(USA, PHL) == 5"));
    CHECK(holds("tie(CHN, PHL) == 0"));
    CHECK(holds("trust(PHL, USA) == 0.5"));
    CHECK(holds("trust(PHL, CHN) == -0.25"));
    CHECK(holds("threat(PHL, CHN) == 0.625"));
    CHECK(holds("credibility() == 0.75"));
    CHECK(holds("quarter() == 3"));
    CHECK(holds("tension(PHL, CHN) > 0.6 and gdp(USA) / gdp(CHN) == 1.5"));
}

TEST_CASE("condition: holds follows the state it is given", "[condition]") {
    const Condition c = Condition::parse(when("\"tension(PHL, CHN) > 0.6 or quarter() >= 8\""), kWorld);
    CHECK(c.text() == "tension(PHL, CHN) > 0.6 or quarter() >= 8");
    geosim::State s = hand_state();
    CHECK(c.holds(kWorld, s));
    s.tension[0] = 0.5;
    CHECK_FALSE(c.holds(kWorld, s));
    s.tension[1] = 0.65;
    CHECK(c.holds(kWorld, s));
    s.tension[1] = 0.1;
    s.step = 8;
    CHECK(c.holds(kWorld, s));
    s.trade = geosim::Matrix(3);
    CHECK(holds("trade_share(PHL, CHN) == 0", s));  // no trade at all: a share of 0, not NaN
}

TEST_CASE("condition: comparisons with inf or NaN are false", "[condition]") {
    // A division by zero does not stop the run; it makes every comparison it reaches false,
    // '!=' included, so a degenerate ratio cannot fire a shock.
    CHECK_FALSE(holds("1 / 0 > 0"));
    CHECK_FALSE(holds("1 / 0 < 0"));
    CHECK_FALSE(holds("-1 / 0 < 0"));
    CHECK_FALSE(holds("0 / 0 == 0 / 0"));
    CHECK_FALSE(holds("0 / 0 != 1"));
    CHECK(holds("not (1 / 0 > 0)"));
    CHECK(holds("tension(CHN, PHL) / 0 > 0 or 1 < 2"));
}

TEST_CASE("condition: errors point at the offending token", "[condition]") {
    // The quote of a quoted scalar is the node's column, so the text starts one column later.
    CHECK(error("\"tensoin(CHN, PHL) > 0.6\"") ==
          "x.yaml:1:8: when: unknown function 'tensoin' (did you mean 'tension'?)");
    CHECK(error("tensoin(CHN, PHL) > 0.6") ==
          "x.yaml:1:7: when: unknown function 'tensoin' (did you mean 'tension'?)");
    CHECK(error("'gdp(PHI) > 1'") == "x.yaml:1:12: when: unknown agent 'PHI' (did you mean 'PHL'?)");
    CHECK(error("\"tension(PHI, CHN) > 0.6\"") ==
          "x.yaml:1:16: when: unknown agent 'PHI' (did you mean 'PHL'?)");
    CHECK(error("zone_tension(scarboro) > 0.5") ==
          "x.yaml:1:20: when: unknown zone 'scarboro' (did you mean 'scarborough'?)");
    CHECK(error("\"tension(PHL) > 0.6\"") == "x.yaml:1:19: when: tension takes 2 arguments, got 1");
    CHECK(error("\"tension(PHL, CHN, USA) > 0\"") ==
          "x.yaml:1:26: when: tension takes 2 arguments, got 3");
    CHECK(error("\"quarter(PHL) > 0\"") == "x.yaml:1:16: when: quarter takes no arguments, got 1");
    CHECK(error("\"tension(PHL, CHN > 0.6\"") ==
          "x.yaml:1:25: when: expected ')' after the arguments of tension");
    CHECK(error("\"tension(PHL, CHN) + 1\"") ==
          "x.yaml:1:8: when: expected a comparison such as 'tension(CHN, PHL) > 0.6'");
    CHECK(error("\"tension(PHL, CHN) > 0.6 xyz\"") == "x.yaml:1:32: when: unexpected 'xyz'");
    CHECK(error("\"tension(PHL, CHN) >\"") == "x.yaml:1:27: when: unexpected end of condition");
    CHECK(error("\"\"") == "x.yaml:1:8: when: unexpected end of condition");
}

TEST_CASE("condition: names are checked against the world", "[condition]") {
    CHECK(error("alignment(ASEN) > 0") ==
          "x.yaml:1:17: when: unknown agent or bloc 'ASEN' (did you mean 'ASEAN'?)");
    CHECK(error("gdp(ASEAN) > 0") == "x.yaml:1:11: when: gdp takes agents, not the bloc 'ASEAN'");
    CHECK(error("gdp(3) > 0") == "x.yaml:1:11: when: expected an agent id, got '3'");
    CHECK(error("incidents(scz) > 0") ==
          "x.yaml:1:17: when: unknown zone or sea 'scz' (did you mean 'scs'?)");
    CHECK(error("incidents(al) > 0") ==
          "x.yaml:1:17: when: unknown zone or sea 'al' (did you mean 'all'?)");
    CHECK(error("incidents(sulu) > 0") == "x.yaml:1:17: when: unknown zone or sea 'sulu'");
    CHECK(error("incidents(3) > 0") == "x.yaml:1:17: when: expected a zone id, a sea id or all, got '3'");
    CHECK(error("zone_tension(scs) > 0") == "x.yaml:1:20: when: unknown zone 'scs'");
    CHECK(error("zone_tension(all) > 0") == "x.yaml:1:20: when: unknown zone 'all'");
    CHECK(error("quarter > 4") == "x.yaml:1:15: when: expected '(' after quarter");
    CHECK(error("PHL > 4") == "x.yaml:1:7: when: unknown function 'PHL'");
    geosim::World no_asean = hand_world();
    no_asean.blocs.erase(no_asean.blocs.begin());
    CHECK(error("asean_alignment() > 0", no_asean) ==
          "x.yaml:1:7: when: asean_alignment needs a bloc named ASEAN in the world");
}

TEST_CASE("condition: types are checked when parsed", "[condition]") {
    CHECK(error("not 3") == "x.yaml:1:11: when: 'not' needs a comparison, got a number");
    CHECK(error("quarter() > 1 and 2") ==
          "x.yaml:1:25: when: 'and' needs a comparison on each side, got a number");
    CHECK(error("2 or quarter() > 1") ==
          "x.yaml:1:7: when: 'or' needs a comparison on each side, got a number");
    CHECK(error("1 + (2 > 1) > 0") ==
          "x.yaml:1:11: when: '+' needs a number on each side, got a comparison");
    CHECK(error("-(2 > 1)") == "x.yaml:1:8: when: '-' needs a number, got a comparison");
    CHECK(error("(1 < 2) == (2 < 3)") ==
          "x.yaml:1:7: when: '==' needs a number on each side, got a comparison");
    CHECK(error("0 < quarter() < 4") ==
          "x.yaml:1:21: when: comparisons do not chain; join them with 'and'");
}

TEST_CASE("condition: stray characters and malformed numbers", "[condition]") {
    CHECK(error("quarter() = 4") == "x.yaml:1:17: when: unexpected '=' (did you mean '=='?)");
    CHECK(error("\"quarter() > 1 && quarter() < 4\"") ==
          "x.yaml:1:22: when: unexpected '&&' (did you mean 'and'?)");
    CHECK(error("\"!(quarter() > 1)\"") == "x.yaml:1:8: when: unexpected '!' (did you mean 'not'?)");
    CHECK(error("quarter() > 4 @") == "x.yaml:1:21: when: unexpected '@'");
    CHECK(error("quarter() > 1.2.3") == "x.yaml:1:19: when: malformed number '1.2.3'");
    CHECK(error("quarter() > 1e") == "x.yaml:1:19: when: malformed number '1e'");
    CHECK(error("quarter() > 1e999") == "x.yaml:1:19: when: number '1e999' is out of range");
    CHECK(error("[quarter() > 1]") == "x.yaml:1:7: when: expected text, got a list");
}

TEST_CASE("condition: nesting is bounded, long chains are not", "[condition]") {
    CHECK(holds(repeat("(", 64) + "1 > 0" + repeat(")", 64)));
    CHECK(error(quoted(repeat("(", 65) + "1 > 0" + repeat(")", 65))) ==
          "x.yaml:1:72: when: condition nested more than 64 levels deep");
    CHECK(error(repeat("not ", 65) + "1 > 0") ==
          "x.yaml:1:263: when: condition nested more than 64 levels deep");
    CHECK(error(quoted(repeat("-", 65) + "1 > 0")) ==
          "x.yaml:1:72: when: condition nested more than 64 levels deep");
    // Refused at the 65th level, not after recursing through the rest.
    CHECK(error(quoted(repeat("(", 100000))) ==
          "x.yaml:1:72: when: condition nested more than 64 levels deep");
    // The most values left waiting at every level fits the evaluation stack.
    CHECK(holds(repeat("1 < 2 or 1 < 2 and (", 32) + repeat("1 + 1 * (", 32) + "1" +
                repeat(")", 32) + " > 0" + repeat(")", 32)));
    CHECK(holds("1 < 2 or 1 < 2 and 1 < 1 + 1 * (" + repeat("1 + 1 * (", 63) + "1" +
                repeat(")", 64)));
    CHECK(holds(repeat("1 + ", 100000) + "1 == 100001"));
}

TEST_CASE("condition: an error in a condition over several lines, or with escapes, is located in the file",
          "[condition]") {
    geosim::test::TempDir dir;
    // The error's file, line and column for the `when` value written as `yaml` (from line 2).
    const auto error_in_file = [&](const std::string& yaml) {
        const std::filesystem::path f = dir.write("c.yaml", "name: x\nwhen: " + yaml + "\n");
        try {
            Condition::parse(geosim::load_yaml_file(f.string(), f.string()).at("when"), kWorld);
        } catch (const InputError& e) {
            std::string what = e.what();
            return what.rfind(f.string(), 0) == 0 ? "c.yaml" + what.substr(f.string().size()) : what;
        }
        return std::string("(no error)");
    };
    // Folded: the text reads "gdp(PHL) > 1 and gdp(XXX) > 1"; XXX is on line 5, column 7.
    CHECK(error_in_file(">-\n  gdp(PHL) > 1\n  and\n  gdp(XXX) > 1") ==
          "c.yaml:5:7: when: unknown agent 'XXX'");
    // A plain scalar over two lines.
    CHECK(error_in_file("gdp(PHL) > 1 and\n  gdp(XXX) > 1") == "c.yaml:3:7: when: unknown agent 'XXX'");
    // A block scalar, the same word twice: the second is the one in error.
    CHECK(error_in_file("|\n  tension(PHL, CHN) > 0.5 or\n  tension(PHL, PHX) > 0.5") ==
          "c.yaml:4:16: when: unknown agent 'PHX' (did you mean 'PHL'?)");
    // An escape before the error shifts the text against the line: \x50 is P.
    CHECK(error_in_file("\"gdp(\\x50HL) > 1 and gdp(XXX) > 1\"") ==
          "c.yaml:2:32: when: unknown agent 'XXX'");
    // The > of a folded header is not the condition's: the second > of the text is.
    CHECK(error_in_file(">-\n  gdp(PHL) > > 1") == "c.yaml:3:14: when: unexpected '>'");
    // Nor is a comment, or a line past the scalar: the word found nowhere in the scalar's own
    // lines gives the scalar's start.
    CHECK(error_in_file("\"gdp(\\x58XX) > 1\"  # gdp(XXX)\n# gdp(XXX)") == "c.yaml:2:7: when: unknown agent 'XXX'");
    // A word at the end of a block's line ends there.
    CHECK(error_in_file("|\n  gdp(PHL) > 1 and and\n  gdp(CHN) > 1") == "c.yaml:3:20: when: unexpected 'and'");
}
