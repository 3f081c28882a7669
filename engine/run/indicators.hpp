#pragma once
#include <functional>
#include <string_view>
#include <vector>

namespace geosim {

struct World;
struct State;

// What an indicator's rows are indexed by.
enum class IndicatorScope {
    Agent,  // agent = an agent id, partner empty
    Pair,   // agent and partner are agent ids
    Bloc,   // agent = a bloc id, partner empty
    BlocPair,  // agent = a bloc id, partner = an agent id
    Zone,   // agent = a disputed zone id, partner empty
    AgentSector,  // agent = an agent id, partner empty, sector = a goods group id
    PairSector,   // agent and partner are agent ids, sector = a goods group id
    BlocPairSector,  // agent = a bloc id, partner = an agent id, sector = a goods group id
};

// Whether rows of the scope carry a goods group in the `sector` column (empty otherwise).
inline bool has_sector(IndicatorScope scope) {
    return scope == IndicatorScope::AgentSector || scope == IndicatorScope::PairSector ||
           scope == IndicatorScope::BlocPairSector;
}

struct IndicatorDef {
    std::string_view name;
    std::string_view unit;
    IndicatorScope scope;
    std::string_view meaning;
};

// Every indicator geosim records, in output order.
const std::vector<IndicatorDef>& indicator_defs();

// Whether a sweep's summary.csv covers the indicator when the scenario does not say: every
// indicator but the agent-by-agent ones (pair scope; n(n-1) rows each), the ones by goods
// group (n S and n(n-1) S rows) and supply_loss (zero unless inputs are cut; a sweep of such a
// shock lists it). `tension` has pair scope but one row per claimant and rival of a zone, so it
// is summarised.
bool summarised_by_default(const IndicatorDef& def);

// Calls emit(indicator, agent, partner, sector, value) for every value of every indicator of
// `state`, in a fixed order (indicator, then agent, then partner, then goods group). `partner`
// and `sector` are empty where they do not apply. Pair indicators skip the diagonal.
using EmitFn = std::function<void(std::string_view indicator, std::string_view agent,
                                  std::string_view partner, std::string_view sector, double value)>;
void emit_indicators(const World& world, const State& state, const EmitFn& emit);
// The same for the indicators whose flag in `wanted` (by indicator_defs() index) is set.
void emit_indicators(const World& world, const State& state, const EmitFn& emit,
                     const std::vector<bool>& wanted);
// The values alone, in the same order, appended to `out`: what a sweep records each quarter.
void emit_values(const World& world, const State& state, const std::vector<bool>& wanted,
                 std::vector<double>& out);

}  // namespace geosim
