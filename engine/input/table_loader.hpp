#pragma once
#include <string>
#include <vector>

#include "engine/core/matrix.hpp"
#include "engine/core/params.hpp"
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"

namespace geosim {

// Pieces of the world file shared by its sections (docs/world-format.md).

// A figure `{value: v, source: "..."}`; the value must lie in [lo, hi] and the source be text.
double figure(const InputNode& node, double lo, double hi);
// A number in six significant digits, for messages about tables ("518.462").
std::string compact(double v);
// The non-empty `source` of a map.
std::string source_of(const InputNode& node);
// A parameter figure checked against the registry's range (and wholeness).
double param_figure(const InputNode& node, const ParamDef& def);
// A tie level: 0-5 or none, dialogue, comprehensive, strategic, comprehensive_strategic, alliance.
int tie_level(const InputNode& node);

// Resolves agent and bloc ids with located, did-you-mean errors.
class Names {
public:
    explicit Names(const World& world);
    int agent(const InputNode& node) const;              // one agent id
    int bloc(const InputNode& node) const;               // one bloc id
    // An agent id, a bloc id (all its members) or a list of them; sorted, without repeats.
    std::vector<int> agents(const InputNode& node) const;

private:
    const World& world_;
    std::vector<std::string> agent_ids_;
    std::vector<std::string> all_ids_;
    std::vector<std::string> bloc_ids_;
};

// The `trade` or `investment` table: gravity prior raked to the agents' margins (`out_key` /
// `in_key` figures of the agents section, where given) and to the section's targets.
// `extra_keys` are further keys the section may hold, read by the caller.
Matrix derive_table(const InputNode& section, const InputNode& agents, const std::string& out_key,
                    const std::string& in_key, const World& world, const Names& names,
                    const Matrix& dist, const std::vector<std::string>& extra_keys = {});

// The `nests` of the investment section: groups of hosts that compete for the same activity.
// Returns each agent's nest index (agents in no listed nest are each a nest of their own); an
// agent in two nests, an empty nest or a repeated id is a located error.
std::vector<int> load_nests(const InputNode* nests, const World& world, const Names& names);

// The `tourism` table: arrivals (million a year) and receipts (USD bn a year) of each host from
// each origin's visitors; pairs not listed are 0.
struct TourismTable {
    Matrix visitors;  // (n x n) arrivals in host i of visitors from j, million a year
    Matrix receipts;  // (n x n) receipts of host i from visitors of j, USD bn a year
};
TourismTable load_tourism(const InputNode* section, const World& world, const Names& names);
Matrix load_trust(const InputNode& section, const World& world, const Names& names);
IntMatrix load_ties(const InputNode& section, const World& world, const Names& names);
IntMatrix load_bloc_ties(const InputNode* section, const World& world, const Names& names);

}  // namespace geosim
