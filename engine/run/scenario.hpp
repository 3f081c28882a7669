#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/date.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number_spec.hpp"
#include "engine/input/input.hpp"

namespace geosim {

// Which files a run writes (all by default).
struct OutputSpec {
    bool series = true;   // series.csv
    bool events = true;   // events.csv
    bool graphml = true;  // ties-<date>.graphml for the first and last quarter
};

struct ParamOverride {
    std::string path;     // e.g. "trade.theta"
    double value = 0;
    Location where;
};

// One parameter a sweep varies: a registry path and the distribution (or choice list) of its
// values, range-checked against the registry when parsed.
struct SweepParamSpec {
    std::string path;     // e.g. "trade.theta"
    NumberSpec values;
    Location where;
};

// A recorded value reported per run in runs.csv, as written: "alignment(PHL)", "trade(CHN, USA)".
struct SweepOutcomeSpec {
    std::string text;
    Location where;
};

// The scenario's `sweep:` section (docs/scenario-format.md); the command line may override
// runs and design.
struct SweepSpec {
    std::uint64_t runs = 0;        // run ids 0..runs-1; 0 when not given (100, or a grid's size)
    std::string design = "mc";     // mc, lhs, grid or sobol
    Location design_where;
    Location runs_where;           // the `runs:` value, when given
    Location where;                // the section itself
    std::vector<SweepParamSpec> parameters;
    // Not given: the default outcomes (default_outcomes in analysis/sweep_design.hpp); given, even
    // as an empty list, exactly those.
    std::optional<std::vector<SweepOutcomeSpec>> outcomes;
    // Indicators summarised in summary.csv (`summary:`, names checked against indicator_defs());
    // not given: every indicator but the agent-by-agent ones (summarised_by_default()).
    std::optional<std::vector<std::string>> summary;
};

inline constexpr long long kMaxSweepRuns = 1000000;

// A scenario file as written (docs/scenario-format.md), names not yet resolved against the world.
// The longest scenario name (letters, digits, '_' and '-'): it names the results folders, two of
// them in a comparison's ("compare-A-vs-B-<time>"), within the file system's 255 bytes.
inline constexpr std::size_t kMaxScenarioName = 64;

struct ScenarioSpec {
    std::string file;          // as the user gave it
    std::string name;
    std::string description;
    std::string world_file;    // resolved relative to the scenario file's folder
    std::string world_display; // as written, joined to the scenario's folder as given
    QuarterIndex start = 0;
    int horizon = 0;           // quarters simulated after the start, 1..400
    std::uint64_t seed = 0;
    std::vector<ParamOverride> overrides;
    OutputSpec outputs;
    std::optional<InputNode> shocks;  // the shock section, compiled by compile()
    std::map<std::string, InputNode> kinds;  // user-defined shock kinds, from `kinds:` and includes
    std::optional<SweepSpec> sweep;   // the `sweep:` section, if any
};

inline constexpr int kMaxHorizon = 400;

// Reads and checks a scenario file. Throws InputError.
ScenarioSpec load_scenario(const std::string& path);

// The same checks on a scenario held in memory (sent to `geosim serve`): `display_name` names it
// in messages, and its world and included files resolve against `folder`, must lie inside it and
// are named relative to it in messages.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& display_name,
                                const std::string& folder);

}  // namespace geosim
