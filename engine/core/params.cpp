#include "engine/core/params.hpp"

namespace geosim {

#define GEOSIM_P(group, name, unit, lo, hi, integer, meaning) \
    ParamDef { #group "." #name, unit, lo, hi, integer, meaning, [](Params& p) -> double& { return p.group.name; } }

const std::vector<ParamDef>& param_defs() {
    static const std::vector<ParamDef> defs = {
        GEOSIM_P(trade, theta, "1", 0.5, 20, false, "trade elasticity: flows fall by theta percent per percent of trade cost"),
        GEOSIM_P(trade, adjustment, "1/quarter", 0, 1, false, "share of the gap between current and target sourcing closed each quarter"),
        GEOSIM_P(trade, distance_elasticity, "1", 0, 3, false, "elasticity of bilateral flows to sea distance"),
        GEOSIM_P(trade, alignment_elasticity, "1", 0, 5, false, "semi-elasticity of flows to the bloc distance (1 - x_i x_j) / 2"),
        GEOSIM_P(trade, tie_elasticity, "1/rung", 0, 1, false, "semi-elasticity of flows per security-tie rung gained"),
        GEOSIM_P(trade, income_elasticity, "1", 0, 3, false, "elasticity of import demand to absorption"),
        GEOSIM_P(trade, macro_elasticity, "1", 0.1, 20, false, "elasticity of substitution between imports as a whole and domestic goods"),
        GEOSIM_P(trade, diversion, "1", 0, 1, false, "an exporter's weight for a goods group, in the markets that do not restrict it, moves by access^(-diversion), access being the share of its start exports of the group still reaching buyers"),

        GEOSIM_P(investment, adjustment, "1/quarter", 0, 1, false, "share of the gap to the target FDI allocation closed each quarter"),
        GEOSIM_P(investment, depreciation, "1/quarter", 0, 0.25, false, "share of an FDI stock written off each quarter"),
        GEOSIM_P(investment, beta_size, "1", 0, 5, false, "logit utility per unit log of host GDP relative to its trend path"),
        GEOSIM_P(investment, beta_growth, "1/pp", 0, 2, false, "logit utility per percentage point of host GDP above its trend path"),
        GEOSIM_P(investment, beta_agglomeration, "1", 0, 2, false, "logit utility per unit log of the existing stock relative to the start"),
        GEOSIM_P(investment, beta_risk, "1", 0, 20, false, "logit disutility per unit of host conflict risk above its start"),
        GEOSIM_P(investment, beta_restriction, "1", 0, 20, false, "logit disutility per unit share of investment restricted by the host"),
        GEOSIM_P(investment, beta_alignment, "1", 0, 10, false, "logit disutility per unit bloc distance (1 - x_i x_h) / 2 above its start"),
        GEOSIM_P(investment, beta_subsidy, "1", 0, 20, false, "logit utility per unit share of an investment's cost subsidised by the source's government (a promotion)"),
        GEOSIM_P(investment, beta_trust, "1", 0, 20, false, "logit utility per unit of the host public's trust in the source above its start"),
        GEOSIM_P(investment, nest_lambda, "1", 0.05, 1, false, "dissimilarity of a nest of hosts that compete for the same activity (1: plain logit, lower: leavers stay in the nest)"),

        GEOSIM_P(perception, distance_scale, "km", 100, 50000, false, "sea distance over which proximity falls by a factor e"),
        GEOSIM_P(perception, hostility_decay, "1/quarter", 0, 1, false, "share of accumulated hostility that fades each quarter"),
        GEOSIM_P(perception, hostility_incident, "1", 0, 5, false, "hostility added per unit incident severity (rung / 5)"),
        GEOSIM_P(perception, hostility_coercion, "1", 0, 5, false, "hostility added per unit coercion (share blocked)"),
        GEOSIM_P(perception, hostility_tariff, "1", 0, 5, false, "hostility added per unit tariff rate aimed at the agent"),
        GEOSIM_P(perception, trust_reversion, "1/quarter", 0, 1, false, "share of the gap to baseline trust closed each quarter"),
        GEOSIM_P(perception, trust_coercion_target, "1", 0, 1, false, "share of the target public's trust above -1 lost each quarter per unit coercion"),
        GEOSIM_P(perception, trust_coercion_bystander, "1", 0, 5, false, "trust each bystander loses per unit coercion of another"),
        GEOSIM_P(perception, trust_incident, "1", 0, 5, false, "trust lost per unit incident severity"),
        GEOSIM_P(perception, trust_aid, "1/(USD bn/yr)", 0, 5, false, "trust gained per USD bn a year of official money received (assistance, aid, pledges paid in)"),
        GEOSIM_P(perception, trust_salience, "1", 0, 1, false, "share of the target public's trust above -1 that a fully salient act (sanctions, export controls) takes when it starts"),
        GEOSIM_P(perception, incident_salience, "1", 0, 1, false, "share of each side's public's trust in the other above -1 that an incident at sea leading the news takes (a `maritime_incident` of salience 1)"),
        GEOSIM_P(perception, statement_warm, "1", 0, 1, false, "share of its trust below +1 that a public gains in the partner its leaders embrace in public (a `statement`, tone warm)"),
        GEOSIM_P(perception, statement_critical, "1", 0, 1, false, "share of its trust above -1 that a public loses in the partner its leaders denounce in public (a `statement`, tone critical)"),

        GEOSIM_P(alignment, adjustment, "1/quarter", 0, 1, false, "share of the gap to target alignment closed each quarter"),
        GEOSIM_P(alignment, w_threat, "1", 0, 10, false, "target shift toward the west per unit rise in threat from the east relative to the west"),
        GEOSIM_P(alignment, w_dependence, "1", 0, 10, false, "target shift toward the west per unit rise in dependence on the west relative to the east"),
        GEOSIM_P(alignment, w_credibility, "1", 0, 10, false, "target shift toward the west per unit rise in US commitment credibility"),
        GEOSIM_P(alignment, w_trust, "1", 0, 10, false, "target shift toward the west per unit rise in trust in the west relative to the east"),
        GEOSIM_P(alignment, adjustment_news, "1/quarter", 0, 1, false, "share of the gap to target alignment that stated alignment (surveys) closes in a quarter of full salience"),
        GEOSIM_P(alignment, salience_decay, "1/quarter", 0, 1, false, "share of the salience of the alignment question lost each quarter"),
        GEOSIM_P(alignment, salience_incident, "1", 0, 10, false, "salience of the alignment question to a claimant per unit incident severity in its zones above the routine"),

        GEOSIM_P(ties, base_up, "log-odds", -20, 5, false, "log-odds per quarter of wanting a tie one rung up rather than holding, at baseline"),
        GEOSIM_P(ties, base_down, "log-odds", -20, 5, false, "log-odds per quarter of wanting a tie one rung down rather than holding, at baseline"),
        GEOSIM_P(ties, rung_cost, "log-odds/rung", 0, 5, false, "extra cost of moving up per rung already held"),
        GEOSIM_P(ties, w_threat, "1", 0, 100, false, "utility of moving up per unit rise in shared threat"),
        GEOSIM_P(ties, w_interdependence, "1", 0, 100, false, "utility of moving up per unit rise in trade interdependence"),
        GEOSIM_P(ties, w_trust, "1", 0, 100, false, "utility of moving up per unit rise in trust"),
        GEOSIM_P(ties, w_retaliation, "1", 0, 100, false, "disutility of moving up per unit rise in expected retaliation"),
        GEOSIM_P(ties, alliance_stickiness, "log-odds", 0, 20, false, "extra cost of stepping down from a treaty alliance"),
        GEOSIM_P(ties, w_alignment_gap, "log-odds", 0, 20, false, "cost of moving up per unit alignment gap |x_i - x_j| / 2, times the rung reached"),
        GEOSIM_P(ties, alliance_cost, "log-odds", 0, 30, false, "extra cost of stepping up to a treaty alliance"),
        GEOSIM_P(ties, cooldown, "quarters", 0, 40, true, "quarters a pair waits after a tie change before the next"),
        GEOSIM_P(ties, veto_threshold, "log-odds", 0, 20, false, "a member whose preference for down over up exceeds this vetoes a bloc upgrade"),

        GEOSIM_P(escalation, hazard_tension, "1", 0, 10, false, "log incident rate per unit zone tension above its base"),
        GEOSIM_P(escalation, step_up_1, "probability", 0, 1, false, "baseline chance an incident climbs from patrol to shadowing or blocking"),
        GEOSIM_P(escalation, step_up_2, "probability", 0, 1, false, "baseline chance it climbs from shadowing to water cannon or ramming"),
        GEOSIM_P(escalation, step_up_3, "probability", 0, 1, false, "baseline chance it climbs from water cannon to seizure"),
        GEOSIM_P(escalation, step_up_4, "probability", 0, 1, false, "baseline chance it climbs from seizure to armed clash"),
        GEOSIM_P(escalation, w_capability, "log-odds", 0, 5, false, "step-up log-odds per unit log capability ratio above its start"),
        GEOSIM_P(escalation, w_deterrence, "log-odds", 0, 10, false, "step-up log-odds lost per unit deterrence above its start"),
        GEOSIM_P(escalation, japan_deterrence, "1", 0, 1, false, "weight of a claimant's tie with Japan relative to its tie with the US"),
        GEOSIM_P(escalation, tension_memory, "1", 0, 1, false, "weight of this quarter's incident severity in zone tension"),
        GEOSIM_P(escalation, risk_premium, "1", 0, 0.9, false, "sea-leg cost change per unit zone tension above (or below) its base"),
        GEOSIM_P(escalation, ban_rung, "rung", 1, 5, true, "lowest rung at which an incident can trigger a product ban"),
        GEOSIM_P(escalation, ban_probability, "probability", 0, 1, false, "chance that such an incident triggers a ban"),
        GEOSIM_P(escalation, ban_share, "share", 0, 1, false, "share of the claimant's exports to the rival that a ban blocks"),
        GEOSIM_P(escalation, ban_duration, "quarters", 0, 40, true, "quarters a product ban lasts"),

        GEOSIM_P(macro, export_multiplier, "1", 0, 3, false, "GDP lost per USD of exports below their trend path"),
        GEOSIM_P(macro, fdi_multiplier, "1", 0, 3, false, "GDP lost per USD of FDI inflows below their trend path"),
        GEOSIM_P(macro, tourism_multiplier, "1", 0, 3, false, "GDP lost per USD of tourism receipts lost"),
        GEOSIM_P(macro, defence_adjustment, "1/quarter", 0, 1, false, "share of the gap to the target defence burden closed each quarter"),
        GEOSIM_P(macro, defence_threat, "1", 0, 10, false, "proportional rise in the target defence burden per unit rise in perceived threat"),

        GEOSIM_P(tourism, adjustment, "1/quarter", 0, 1, false, "share of the gap between unblocked and target arrivals closed each quarter"),
        GEOSIM_P(tourism, income_elasticity, "1", 0, 5, false, "elasticity of arrivals to the origin's GDP relative to its trend path"),
        GEOSIM_P(tourism, alignment_elasticity, "1", 0, 10, false, "semi-elasticity of arrivals to the bloc distance (1 - x_h x_o) / 2 above its start"),
        GEOSIM_P(tourism, booking_lead_days, "days", 0, 365, false, "mean days between booking a trip and taking it (exponential); a public's boycott stops new bookings, so trips booked before it go ahead"),
        GEOSIM_P(tourism, ban_half_life_months, "months", 0, 120, false, "after a government's tour ban or advisory ends or eases, the months in which half of the trips it released come back (0: all at once)"),

        GEOSIM_P(network, strong_tie, "rung", 1, 5, true, "lowest tie level that counts as an edge of the tie network"),
    };
    return defs;
}

#undef GEOSIM_P

const ParamDef* find_param(const std::string& path) {
    for (const auto& d : param_defs())
        if (path == d.path) return &d;
    return nullptr;
}

std::vector<std::string> param_paths() {
    std::vector<std::string> out;
    for (const auto& d : param_defs()) out.emplace_back(d.path);
    return out;
}

}  // namespace geosim
