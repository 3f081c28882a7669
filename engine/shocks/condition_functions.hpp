#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

#include "engine/shocks/condition_lexer.hpp"
#include "engine/shocks/condition_program.hpp"

namespace geosim {
struct World;
}

namespace geosim::condition {

// What an argument names.
enum class Arg { Agent, Zone, ZoneSeaOrAll, AgentOrBloc };

// A function a condition may call; its arguments are ids, resolved to indices at parse time.
struct Function {
    std::string_view name;
    Op op;
    std::size_t arity;
    Arg args[2];
};

// The function called `name`, or SyntaxError "unknown function 'x' (did you mean 'y'?)".
const Function& find_function(const Token& name);

// The instruction for a call of `f` at `name` with the argument tokens `args` and the closing
// parenthesis `close`: checks the count and resolves each id. Throws SyntaxError.
Instr compile_call(const Function& f, const Token& name, const std::vector<const Token*>& args,
                   const Token& close, const World& world);

}  // namespace geosim::condition
