#include "engine/shocks/condition.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/shocks/condition_lexer.hpp"
#include "models/alignment.hpp"

namespace geosim {

namespace {

using condition::Instr;
using condition::Op;

// yaml-cpp tags a plain scalar "?" and a quoted (or block) one "!".
bool is_quoted(const InputNode& node) { return node.yaml().Tag() == "!"; }

// Where character `offset` of the condition `text` (the scalar `node` holds) is in its file. A
// scalar written on one line as it reads (plain, or quoted without escapes) adds the offset to
// its column, as does one whose document text is not known. Otherwise (a block or folded
// scalar, one over several lines, escapes) the word at the offset (up to the next white space)
// is looked for in the scalar's own lines: from after its opening quote, or from the line after
// a block scalar's | or > header, to the first line indented no deeper than its key's, with
// comments left out; its k-th occurrence there, k counted in the condition before the offset.
// Not found, the scalar's own start.
Location locate(const InputNode& node, const std::string& text, std::size_t offset) {
    const Location start = node.location();
    if (start.line <= 0 || start.column <= 0) return start;
    Location on_line = start;
    on_line.column += static_cast<int>(offset) + (is_quoted(node) ? 1 : 0);
    if (!node.source()) return on_line;
    std::vector<std::string> lines;
    {
        std::istringstream in(*node.source());
        for (std::string line; std::getline(in, line);) lines.push_back(line);
    }
    const std::size_t first = static_cast<std::size_t>(start.line - 1);
    if (first >= lines.size()) return on_line;
    const std::string& head = lines[first];
    std::size_t col = static_cast<std::size_t>(start.column - 1);
    if (col >= head.size()) return start;
    const char opener = head[col];
    const bool quoted = opener == '"' || opener == '\'';
    const bool block = opener == '|' || opener == '>';
    if (quoted && head.compare(col + 1, text.size(), text) == 0) return on_line;
    if (!quoted && !block && head.compare(col, text.size(), text) == 0) return on_line;
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::size_t end = offset;
    while (end < text.size() && !is_space(text[end])) ++end;
    if (end == offset) return start;
    const std::string word = text.substr(offset, end - offset);
    int k = 0;
    for (std::size_t at = text.find(word); at != std::string::npos && at < offset; at = text.find(word, at + 1)) ++k;
    const std::size_t key_indent = head.find_first_not_of(' ');
    for (std::size_t l = first; l < lines.size(); ++l) {
        std::string line = lines[l];
        std::size_t from = 0;
        if (l == first) {
            if (block) continue;  // the header line holds only the indicator (and a comment)
            from = quoted ? col + 1 : col;
        } else {
            const std::size_t indent = line.find_first_not_of(' ');
            if (indent != std::string::npos && indent <= key_indent) break;  // past the scalar
        }
        if (const std::size_t hash = line.find(" #", from); hash != std::string::npos) line.resize(hash);
        for (std::size_t at = line.find(word, from); at != std::string::npos; at = line.find(word, at + 1))
            if (k-- == 0) return {start.file, static_cast<int>(l + 1), static_cast<int>(at + 1)};
    }
    return start;
}

// Comparisons with inf or NaN are false, so a degenerate ratio never fires a shock.
bool compare(Op op, double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return false;
    switch (op) {
    case Op::Less: return x < y;
    case Op::LessEqual: return x <= y;
    case Op::Greater: return x > y;
    case Op::GreaterEqual: return x >= y;
    case Op::Equal: return x == y;
    default: return x != y;
    }
}

// The value a leaf instruction pushes.
double leaf(const Instr& in, const World& w, const State& s) {
    switch (in.op) {
    case Op::Number: return in.number;
    case Op::Tension: {
        // Either order: tension(CHN, PHL) and tension(PHL, CHN) both read the zones the two share.
        double highest = 0;
        for (std::size_t k = 0; k < w.zones.size(); ++k) {
            const Zone& z = w.zones[k];
            if ((z.claimant == in.a && z.rival == in.b) || (z.claimant == in.b && z.rival == in.a))
                highest = std::max(highest, s.tension[k]);
        }
        return highest;
    }
    case Op::ZoneTension: return s.tension[in.a];
    case Op::Incidents: return s.incidents_total[in.a];
    case Op::IncidentsSea: {
        double total = 0;
        for (std::size_t k = 0; k < w.zones.size(); ++k)
            if (w.zones[k].sea == w.zones[in.a].sea) total += s.incidents_total[k];
        return total;
    }
    case Op::IncidentsAll: {
        double total = 0;
        for (const int count : s.incidents_total) total += count;
        return total;
    }
    case Op::Alignment: return s.alignment[in.a];
    case Op::BlocAlignment: return alignment::bloc_alignment(w, s, in.a);
    case Op::Gdp: return s.gdp[in.a];
    case Op::GdpGrowth: return s.gdp_growth[in.a];
    case Op::Trade: return s.trade(in.a, in.b);
    case Op::TradeShare: {
        // As the trade_share indicator: the partner's share of a's exports plus imports.
        const double total = s.trade.row_sum(in.a) + s.trade.col_sum(in.a);
        return total > 0 ? (s.trade(in.a, in.b) + s.trade(in.b, in.a)) / total : 0.0;
    }
    case Op::Tie: return s.ties(in.a, in.b);
    case Op::Trust: return s.trust(in.a, in.b);
    case Op::Threat: return s.threat(in.a, in.b);
    case Op::Credibility: return s.credibility;
    default: return s.step;  // Op::Quarter
    }
}

double binary(Op op, double x, double y) {
    switch (op) {
    case Op::Add: return x + y;
    case Op::Subtract: return x - y;
    case Op::Multiply: return x * y;
    case Op::Divide: return x / y;
    case Op::And: return (x != 0 && y != 0) ? 1 : 0;
    case Op::Or: return (x != 0 || y != 0) ? 1 : 0;
    default: return compare(op, x, y) ? 1 : 0;
    }
}

}  // namespace

Condition Condition::parse(const InputNode& node, const World& world) {
    Condition c;
    c.text_ = node.as_string();
    try {
        c.program_ = condition::compile(c.text_, world);
    } catch (const condition::SyntaxError& error) {
        throw InputError(locate(node, c.text_, error.offset), node.path(), error.message);
    }
    return c;
}

bool Condition::holds(const World& world, const State& state) const {
    // compile() guarantees the program never needs more than kMaxStack values.
    std::array<double, condition::kMaxStack> stack;
    std::size_t top = 0;
    for (const Instr& in : program_) {
        if (in.op <= Op::Quarter) {
            stack[top++] = leaf(in, world, state);
        } else if (in.op == Op::Negate) {
            stack[top - 1] = -stack[top - 1];
        } else if (in.op == Op::Not) {
            stack[top - 1] = stack[top - 1] != 0 ? 0 : 1;
        } else {
            --top;
            stack[top - 1] = binary(in.op, stack[top - 1], stack[top]);
        }
    }
    return stack[0] != 0;
}

}  // namespace geosim
