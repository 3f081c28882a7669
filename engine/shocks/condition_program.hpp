#pragma once
#include <cstdint>
#include <string_view>
#include <vector>

namespace geosim {
struct World;
}

namespace geosim::condition {

// A compiled condition is a postfix program run on a stack of doubles; booleans are 1 and 0.
// Postfix keeps evaluation a flat loop: a long chain like "a + b + c + ..." costs no recursion.
enum class Op : std::uint8_t {
    // push a value; a and b are agent, zone or bloc indices resolved at parse time
    Number,          // number
    Tension,         // claimant a, rival b
    ZoneTension,     // zone a
    Incidents,       // zone a
    IncidentsSea,    // every zone in the sea of zone a
    IncidentsAll,    // every zone (`all`)
    Alignment,       // agent a
    BlocAlignment,   // bloc a
    Gdp, GdpGrowth,  // agent a
    Trade, TradeShare, Tie, Trust, Threat,  // pair (a, b)
    Credibility, Quarter,
    // pop one, push one
    Negate, Not,
    // pop two, push one
    Add, Subtract, Multiply, Divide,
    Less, LessEqual, Greater, GreaterEqual, Equal, NotEqual,
    And, Or,
};

struct Instr {
    Op op;
    int a = -1;
    int b = -1;
    double number = 0;
};

// Nesting allowed in a condition: parentheses, `not` and unary minus each open a level.
// Conditions come from user files, so the recursive-descent parser must not recurse unbounded.
inline constexpr int kMaxDepth = 64;

// Stack room for evaluation, so that holds() needs no allocation. While one nesting level is
// parsed at most 5 values wait for their operator (the left sides of or, and, a comparison, +
// or - and * or /), so 6 per level bound the stack; compile() checks the exact need as well.
inline constexpr int kMaxStack = 6 * (kMaxDepth + 1);

// Parses and type-checks `text`, resolving names against `world`. Throws SyntaxError.
std::vector<Instr> compile(std::string_view text, const World& world);

}  // namespace geosim::condition
