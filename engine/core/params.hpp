#pragma once
#include <limits>
#include <string>
#include <vector>

namespace geosim {

// Model parameters. Every value comes from the world file's `parameters:` section (each with its
// source) and may be overridden by a scenario; none has a usable value in code. Members start as
// NaN so that compile() can refuse a world that leaves one unset. Units and ranges are listed in
// the registry (params.cpp) and in docs/model.md.
inline constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

struct TradeParams {
    double theta = kUnset;                 // trade elasticity (cost -> flow), > 0
    double adjustment = kUnset;            // share of the gap to target sourcing closed per quarter
    double distance_elasticity = kUnset;   // elasticity of flows to sea distance
    double alignment_elasticity = kUnset;  // semi-elasticity of flows to the bloc distance (1 - x_i x_j)/2
    double tie_elasticity = kUnset;        // semi-elasticity of flows per security-tie rung
    double income_elasticity = kUnset;     // elasticity of import demand to absorption
    double diversion = kUnset;             // exporter's weight rises by access^(-diversion) when markets close
    double macro_elasticity = kUnset;      // elasticity between imports as a whole and domestic goods
};

struct InvestmentParams {
    double adjustment = kUnset;          // share of the gap to the target allocation closed per quarter
    double depreciation = kUnset;        // share of an FDI stock written off per quarter
    double beta_size = kUnset;           // utility per unit log host GDP (relative to its trend)
    double beta_growth = kUnset;         // utility per percentage point of host GDP above trend
    double beta_agglomeration = kUnset;  // utility per unit log existing stock (relative to start)
    double beta_risk = kUnset;           // disutility per unit host conflict risk (tension above base)
    double beta_restriction = kUnset;    // disutility per unit share of investment restricted
    double beta_alignment = kUnset;      // disutility per unit bloc distance (1 - x_i x_h)/2 (relative)
    double beta_subsidy = kUnset;        // utility per unit share of the investment's cost subsidised
    double beta_trust = kUnset;          // utility per unit of the host public's trust in the source
                                         // above its start
    double nest_lambda = kUnset;         // dissimilarity of a nest of hosts (1: plain logit)
};

struct PerceptionParams {
    double distance_scale = kUnset;         // km over which proximity falls by a factor e
    double hostility_decay = kUnset;        // share of accumulated hostility that fades per quarter
    double hostility_incident = kUnset;     // hostility per unit incident severity (rung / 5)
    double hostility_coercion = kUnset;     // hostility per unit coercion (blocked share)
    double hostility_tariff = kUnset;       // hostility per unit tariff rate aimed at the agent
    double trust_reversion = kUnset;        // share of the gap to baseline trust closed per quarter
    double trust_coercion_target = kUnset;  // share of the target's trust above -1 lost a quarter per unit coercion
    double trust_coercion_bystander = kUnset;  // trust lost by each bystander per unit coercion
    double trust_incident = kUnset;         // trust lost per unit incident severity
    double trust_aid = kUnset;              // trust gained per USD bn/yr of security assistance
    double trust_salience = kUnset;         // share of a public's trust above -1 that a fully
                                            // salient act against it takes (sanctions, controls)
    double incident_salience = kUnset;      // share of each side's public's trust above -1 that
                                            // an incident leading the news takes
    double statement_warm = kUnset;         // share of a public's trust below +1 gained in a
                                            // partner its leaders embrace (statement, warm)
    double statement_critical = kUnset;     // share of a public's trust above -1 lost in a
                                            // partner its leaders denounce (statement, critical)
};

struct AlignmentParams {
    double adjustment = kUnset;     // share of the gap to target alignment closed per quarter
    double w_threat = kUnset;       // target shift per unit change in relative threat (east - west)
    double w_dependence = kUnset;   // target shift per unit change in economic dependence (west - east)
    double w_credibility = kUnset;  // target shift per unit change in US commitment credibility
    double w_trust = kUnset;        // target shift per unit change in relative trust (west - east)
    double adjustment_news = kUnset;    // share of the gap to target closed by stated alignment in
                                        // a quarter of full salience (adjustment at salience 0)
    double salience_decay = kUnset;     // share of salience lost each quarter
    double salience_incident = kUnset;  // salience per unit incident severity above the routine
};

struct TiesParams {
    double base_up = kUnset;            // log-odds of wanting one rung up vs holding, per quarter
    double base_down = kUnset;          // log-odds of wanting one rung down vs holding, per quarter
    double rung_cost = kUnset;          // extra log-odds cost per rung already held, for moving up
    double w_threat = kUnset;           // utility per unit change in shared threat
    double w_interdependence = kUnset;  // utility per unit change in trade interdependence
    double w_trust = kUnset;            // utility per unit change in mutual trust
    double w_retaliation = kUnset;      // disutility per unit change in expected retaliation
    double alliance_stickiness = kUnset;  // extra log-odds cost of leaving a treaty alliance
    double w_alignment_gap = kUnset;    // cost of moving up per unit alignment gap, per rung reached
    double alliance_cost = kUnset;      // extra log-odds cost of stepping up to a treaty alliance
    double cooldown = kUnset;           // quarters a pair waits after a change (whole number)
    double veto_threshold = kUnset;     // a member whose down-vs-up utility exceeds this vetoes a bloc upgrade
};

struct EscalationParams {
    double hazard_tension = kUnset;    // log incident rate per unit tension above the zone's base
    double step_up_1 = kUnset;         // baseline probability patrol -> shadowing/blocking
    double step_up_2 = kUnset;         // baseline probability shadowing -> water cannon/ramming
    double step_up_3 = kUnset;         // baseline probability water cannon -> seizure
    double step_up_4 = kUnset;         // baseline probability seizure -> armed clash
    double w_capability = kUnset;      // step-up log-odds per unit log capability ratio (relative)
    double w_deterrence = kUnset;      // step-up log-odds lost per unit deterrence (relative)
    double japan_deterrence = kUnset;  // weight of ties with Japan relative to ties with the US
    double tension_memory = kUnset;    // weight of this quarter's severity in zone tension
    double risk_premium = kUnset;      // sea-leg cost change per unit tension above (or below) base
    double ban_rung = kUnset;          // lowest rung that can trigger a product ban (whole number)
    double ban_probability = kUnset;   // chance that such an incident triggers a ban
    double ban_share = kUnset;         // share of the claimant's exports to the rival blocked
    double ban_duration = kUnset;      // quarters a ban lasts (whole number)
};

struct MacroParams {
    double export_multiplier = kUnset;   // GDP change per USD of export shortfall against trend
    double fdi_multiplier = kUnset;      // GDP change per USD of FDI inflow shortfall
    double tourism_multiplier = kUnset;  // GDP change per USD of tourism receipts lost
    double defence_adjustment = kUnset;  // share of the gap to target defence burden closed per quarter
    double defence_threat = kUnset;      // proportional rise in target defence burden per unit threat rise
};

struct TourismParams {
    double adjustment = kUnset;            // share of the gap to target arrivals closed per quarter
    double income_elasticity = kUnset;     // arrivals per unit log of the origin's GDP against its trend
    double alignment_elasticity = kUnset;  // log arrivals lost per unit rise in the bloc distance
    double booking_lead_days = kUnset;     // mean days between booking a trip and taking it
    double ban_half_life_months = kUnset;  // months for half of what an ended or eased ban released to return
};

struct NetworkParams {
    double strong_tie = kUnset;  // lowest tie level that counts as an edge of the tie network
};

struct Params {
    TradeParams trade;
    InvestmentParams investment;
    PerceptionParams perception;
    AlignmentParams alignment;
    TiesParams ties;
    EscalationParams escalation;
    MacroParams macro;
    TourismParams tourism;
    NetworkParams network;
};

// One registered parameter: its path ("trade.theta"), unit, allowed range, meaning and where it
// lives in Params. The registry is the single list used by the parser, overrides, the manifest,
// `geosim list` and the docs.
struct ParamDef {
    const char* path;
    const char* unit;
    double lo;
    double hi;
    bool integer;
    const char* meaning;
    double& (*ref)(Params&);
};

const std::vector<ParamDef>& param_defs();
const ParamDef* find_param(const std::string& path);
std::vector<std::string> param_paths();

}  // namespace geosim
