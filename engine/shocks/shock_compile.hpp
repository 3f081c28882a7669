#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/shocks.hpp"
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"
#include "engine/input/table_loader.hpp"

namespace geosim {

// User-defined kinds (`kinds:` of a scenario or of a file it includes), by name.
using KindTemplates = std::map<std::string, InputNode>;

// Compiles a scenario's `shocks:` list against the world (agents, zones, legs, start).
// Throws a located InputError for an unknown kind, zone or leg, probabilities that do not sum
// to 1, a condition that does not parse, a template missing an argument, a date before the start.
std::vector<Shock> compile_shocks(const InputNode& shocks, const KindTemplates& kinds,
                                  const World& world);

// What compiling one shock needs: the world, the shock being built, and its arguments (for a
// user-defined kind, `$name` in the template stands for the shock's argument `name`).
class ShockBuilder {
public:
    ShockBuilder(const World& world, const Names& names, Shock& shock, const InputNode& node);

    const World& world() const { return world_; }
    const Names& names() const { return names_; }
    Shock& shock() { return shock_; }
    const InputNode& node() const { return node_; }

    // The slot an argument was given, or -1 (for event words).
    int arg_slot(const std::string& name) const {
        const auto it = arg_slots_.find(name);
        return it == arg_slots_.end() ? -1 : it->second;
    }
    // Binds `$name` references to the nodes of a shock's arguments (user-defined kinds).
    void bind(std::map<std::string, InputNode> args) { args_ = std::move(args); }
    // The node itself, or the argument it names with `$name`.
    InputNode resolve(const InputNode& n) const;

    // A value slot from a number or distribution in [lo, hi]. A `$argument` gets one slot (one
    // draw, named after the argument) however many effects use it.
    int slot(const InputNode& n, double lo, double hi, const std::string& name);
    int fixed_slot(double value, const std::string& name);
    std::vector<int> agents(const InputNode& n) const { return names_.agents(resolve(n)); }
    int agent(const InputNode& n) const { return names_.agent(resolve(n)); }
    int zone(const InputNode& n) const;
    int leg(const InputNode& n) const;
    // A list of goods-group ids (or one id), in world order without repeats.
    std::vector<int> sectors(const InputNode& n) const;
    int step_of(const InputNode& n) const;  // a date, as a step after the start (>= 0)
    // A quarter or a calendar date (`at:`, `until:`): its step after the start, and the share of
    // that quarter passed before the date's day.
    std::pair<int, double> moment_of(const InputNode& n) const;

    // One effect primitive as written in YAML (docs/shocks.md, "Effect primitives").
    Effect primitive(const InputNode& n);
    // The news of an incident in `zone` starting at `rung`: both sides' publics lose trust in
    // each other by perception.incident_salience x `salience` of their room above -1, with
    // `salience` read from `n` (0-1; by default 1 at rung 4 or 5, 0 below).
    Effect incident_news(const InputNode& n, int zone, int rung);
    // The starting rung an `incident` primitive gives (`rung`, 1-5; 1 when absent).
    int incident_rung(const InputNode& incident) const;

private:
    // The step of a moment after the start; a located error at or before the start.
    int after_start(const InputNode& r, const Moment& m) const;

    const World& world_;
    const Names& names_;
    Shock& shock_;
    InputNode node_;
    std::map<std::string, InputNode> args_;
    std::map<std::string, int> arg_slots_;  // one value slot per `$argument`, however often used
};

// Built-in kinds (engine/shocks/shock_kinds.cpp): their names and argument keys, and the compiler of
// each, which adds effects, outcomes and the summary to the builder's shock.
struct BuiltinKind {
    const char* name;
    const char* meaning;
    std::vector<std::string> args;
    void (*compile)(ShockBuilder&);
};
const std::vector<BuiltinKind>& builtin_kinds();

}  // namespace geosim
