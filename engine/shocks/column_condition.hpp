#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "engine/shocks/condition_lexer.hpp"

namespace geosim {

// A condition on the columns of a table, e.g. "alignment(PHL) < 0 and trade.theta > 4" on
// runs.csv (docs/sensitivity.md, "PRIM"): numbers, column names (a sampled parameter's path, a
// drawn shock argument's column or an outcome's label; spaces after commas inside parentheses do
// not matter), + - * /,
// < <= > >= == !=, and, or, not, parentheses. A comparison with a value that is not finite is
// false, as in a shock's `when:`.
class ColumnCondition {
public:
    // Throws condition::SyntaxError (the byte offset in `text` and a message such as
    // "unknown column 'alignment(PHX)' (did you mean 'alignment(PHL)'?)").
    static ColumnCondition parse(const std::string& text, const std::vector<std::string>& columns);

    // Whether the row (one value per column, in the order given to parse) meets the condition.
    bool holds(const std::vector<double>& row) const;

    struct Instr {
        int op;             // see column_condition.cpp
        std::size_t column = 0;
        double number = 0;
    };

private:
    std::vector<Instr> program_;
};

}  // namespace geosim
