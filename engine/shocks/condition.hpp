#pragma once
#include <string>
#include <vector>

#include "engine/input/input.hpp"
#include "engine/shocks/condition_program.hpp"

namespace geosim {

struct World;
struct State;

// A shock's `when:` condition, e.g. "tension(PHL, CHN) > 0.6 and quarter() >= 4" (grammar and
// functions in docs/shocks.md, "Conditions"). Parsed once against the world, with names
// resolved to indices, so that holds() does no string work and no allocation.
//
// Arithmetic follows IEEE doubles, so a division by zero gives inf or NaN rather than an error
// mid-run; a comparison with a value that is not finite is false (including '!='), so such a
// condition does not fire.
class Condition {
public:
    // Parses the text of `node` (a YAML scalar) against the world's agents, blocs and zones.
    // Throws InputError located at the offending character: the node's line, and its column
    // plus the offset in the text (plus one for a ' or " quoted scalar, whose mark is the
    // quote); path = node.path(). Positions assume the text is on one line without escapes.
    static Condition parse(const InputNode& node, const World& world);

    // True when the condition holds on this state.
    bool holds(const World& world, const State& state) const;

    // The text as written (for event logs).
    const std::string& text() const { return text_; }

private:
    Condition() = default;

    std::string text_;
    std::vector<condition::Instr> program_;
};

}  // namespace geosim
