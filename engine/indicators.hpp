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

// Calls emit(indicator, agent, partner, value) for every value of every indicator of `state`,
// in a fixed order (indicator, then agent, then partner). `partner` is empty where it does
// not apply. Pair indicators skip the diagonal.
using EmitFn = std::function<void(std::string_view indicator, std::string_view agent,
                                  std::string_view partner, double value)>;
void emit_indicators(const World& world, const State& state, const EmitFn& emit);

}  // namespace geosim
