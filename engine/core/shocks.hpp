#pragma once
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/date.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number_spec.hpp"

namespace geosim {

class Condition;

// Compiled shocks (docs/shocks.md). Every kind, built-in or defined in YAML, becomes a list of
// effect primitives over "value slots": the shock's numbers, each fixed or drawn once per run.

// A state lever that shocks hold while active; rebuilt from its start value every quarter.
// Tariff, TradeBlock, ExportControl and TradePromotion are held by goods group (an effect names
// its groups). TourismBlock stops trips at once (a government's ban: tours already booked are
// cancelled); TourismBoycott stops new bookings (a public's boycott: trips booked before it go ahead).
enum class Lever { Tariff, TradeBlock, TourismBlock, InvestBlock, Coercion, Assistance, ExportControl,
                   InvestPromotion, TradePromotion, Aid, TourismPromotion, PledgedInvestment, PledgedCredit,
                   TieStance, BlocStance, PartnerBlocStance, TourismBoycott };
enum class EffectOp { Set, Add, Scale, Max };  // Max: the larger of the lever and the value
// The largest cut of a price that a trade promotion holds (engine/shocks/shock_run.cpp bounds it).
inline constexpr double kMaxTradeCut = 0.9;
// The largest rise of a pair's arrivals target that encouragement holds (a share: 3 is four
// times the no-shock arrivals; engine/shocks/shock_run.cpp bounds it).
inline constexpr double kMaxVisitorRise = 3.0;

struct Effect {
    enum class Kind {
        Relation,     // lasting: lever cells (row, col) in the State's own orientation
        Credibility,  // lasting: US commitment credibility
        Parameter,    // lasting: a model parameter
        LegClose,     // lasting: close legs
        LegTax,       // lasting: raise legs' cost by (1 + value)
        DefenceSet,   // lasting: the defence burden `agents` aim at, a share of GDP, in place of
                      // the model's target (a government's decision)
        Incident,     // impulse: start an incident in a zone at rung `value`
        TieSet,       // impulse: set tie levels of pairs (or bloc ties)
        TieMove,      // impulse: move tie levels by `value` rungs
        WriteOff,     // impulse: write off a share of FDI stocks (row source, col host)
        TrustShift,   // impulse: move trust of i in j (cells) by `value`, within [-1, 1]
        Salience,     // impulse: i's public (cells (i, j)) loses trust in j, a share
                      // perception.trust_salience x `value` of its room above -1
        News,         // impulse: the salience of the alignment question to `agents` rises to
                      // at least `value`
        Headline,     // impulse: i's public (cells (i, j)) loses trust in j, a share
                      // perception.incident_salience x `value` of its room above -1 (an
                      // incident at sea that leads the news, both sides' publics)
        Statement,    // impulse: i's public (cells (i, j)) moves its trust in j by a share of
                      // its room: toward +1 (sign +1, perception.statement_warm) or toward -1
                      // (sign -1, perception.statement_critical), times `value`
    };
    Kind kind = Kind::Relation;
    EffectOp op = EffectOp::Set;
    Lever lever = Lever::Tariff;
    std::vector<std::pair<int, int>> cells;  // Relation, TieSet/TieMove (agent pairs), WriteOff
    std::vector<int> sectors;                 // Relation on a lever held by group: the groups
                                              // (empty: every group)
    std::vector<double> factors;              // Relation: per cell, the value is multiplied by
                                              // this (empty: 1), e.g. the blocked groups' share
    std::vector<std::pair<int, int>> bloc_cells;  // TieSet/TieMove: (bloc, partner)
    int param = -1;                           // Parameter: index into param_defs()
    std::vector<int> legs;                    // LegClose, LegTax
    std::vector<int> agents;                  // News
    int zone = -1;                            // Incident
    int sign = 0;                             // Statement: +1 warm, -1 critical
    int value = -1;                           // value slot (unused by LegClose)
    int scale = -1;                           // Relation: a second value slot the value is
                                              // multiplied by (a tariff's coverage), or -1
    int from = 0;                             // lasting: the effect holds from this many
    int to = -1;                              // quarters after the firing to before `to`
                                              // (-1: while the shock is active); a schedule
                                              // is one effect per step
    bool from_day = false;                    // `from` and `to` count from the firing's day,
                                              // not its quarter (a pledge's quarters)

    bool lasting() const { return kind <= Kind::DefenceSet; }
};

// One outcome of a drawn choice (us_election).
struct Outcome {
    std::string name;
    double probability = 0;
    std::vector<Effect> effects;
    std::string summary;  // plain words for the event log
};

struct Trigger {
    enum class Kind { At, Hazard, When, After };
    Kind kind = Kind::At;
    int at = 0;            // At: step of the first firing
    int every = 0;         // At: repeat every this many steps (0 once)
    int hazard = -1;       // Hazard: value slot of the per-quarter probability
    int from = 0;          // Hazard: first step it may fire
    int to = std::numeric_limits<int>::max();  // Hazard: last step it may fire
    std::shared_ptr<const Condition> when;     // When
    int after = -1;        // After: index of the other shock
    int delay = 0;         // After: steps after the other's firing
};

struct Shock {
    std::string name;
    std::string kind;
    Location where;
    Trigger trigger;
    int duration = -1;     // steps its lasting effects hold; -1 to the end of the run
    int until = -1;        // last step + 1 of its lasting effects (from `until:`); -1 none
    // Days within a quarter (docs/shocks.md, "Dates within a quarter"): the share of the firing
    // quarter that passes before an `at:` date's day (0 for a quarter), and the share of the
    // `until` step that the lasting effects still hold (0 for a quarter: they end as it begins).
    double at_elapsed = 0;
    double until_elapsed = 0;
    std::vector<NumberSpec> values;        // value slots
    std::vector<std::string> value_names;  // "imports_blocked", for the manifest
    std::vector<Effect> effects;
    std::vector<Outcome> outcomes;         // non-empty: one is drawn per firing
    std::string summary;                   // plain words, with {slot} markers filled at firing
    int agent = -1, partner = -1;          // for the event row
    std::vector<int> lifts;                // shocks whose lasting effects end when this one fires
                                           // (a reward's `lift`), by index in the list
};

// The drawn values of one run: values[shock][slot].
using ShockDraws = std::vector<std::vector<double>>;

}  // namespace geosim
