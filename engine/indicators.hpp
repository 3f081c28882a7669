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
};

struct IndicatorDef {
    std::string_view name;
    std::string_view unit;
    IndicatorScope scope;
    std::string_view meaning;
};

// Every indicator geosim records, in output order.
const std::vector<IndicatorDef>& indicator_defs();

// Whether a sweep's summary.csv covers the indicator when the scenario does not say: every
// indicator but the agent-by-agent ones (pair scope; n(n-1) rows each). `tension` has pair
// scope but one row per claimant and rival of a zone, so it is summarised.
bool summarised_by_default(const IndicatorDef& def);

// Calls emit(indicator, agent, partner, value) for every value of every indicator of `state`,
// in a fixed order (indicator, then agent, then partner). `partner` is empty where it does
// not apply. Pair indicators skip the diagonal.
using EmitFn = std::function<void(std::string_view indicator, std::string_view agent,
                                  std::string_view partner, double value)>;
void emit_indicators(const World& world, const State& state, const EmitFn& emit);
// The same for the indicators whose flag in `wanted` (by indicator_defs() index) is set.
void emit_indicators(const World& world, const State& state, const EmitFn& emit,
                     const std::vector<bool>& wanted);

}  // namespace geosim
