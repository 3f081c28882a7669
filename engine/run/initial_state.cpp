#include "engine/run/initial_state.hpp"

#include "engine/core/world.hpp"
#include "models/network.hpp"
#include "models/perception.hpp"

namespace geosim {

State initial_state(const World& world) {
    const int n = world.n();
    const std::size_t zones = world.zones.size();
    const std::size_t legs = world.legs.size();
    State s;
    s.step = 0;
    for (const Agent& a : world.agents) {
        s.gdp.push_back(a.gdp);
        s.gdp_trend.push_back(a.gdp);
        s.gdp_growth.push_back(a.trend_growth);
        s.defence.push_back(a.defence / a.gdp);
        s.alignment.push_back(a.alignment);
        s.stated_alignment.push_back(a.alignment);
    }
    s.salience.assign(n, 0.0);
    s.import_pen = world.calib.import_pen0;
    s.credibility = world.credibility0;

    s.supply_loss.assign(n, 0.0);
    s.withheld.assign(world.sectors.size() * static_cast<std::size_t>(n), 0.0);
    s.withheld_va.assign(n, 0.0);
    s.trade = world.trade0;
    s.sector_trade = world.sector_trade0;
    s.source_share = world.calib.sector_pref;
    s.fdi_flow = world.fdi_flow0;
    s.fdi_stock = world.fdi_stock0;
    const std::size_t groups = world.sectors.size();
    s.tariff.assign(groups, Matrix(n));
    s.trade_block.assign(groups, Matrix(n));
    s.export_control.assign(groups, Matrix(n));
    s.trade_promotion.assign(groups, Matrix(n));
    s.ban = Matrix(n);
    s.tourism_block = Matrix(n);
    s.tourism_boycott = Matrix(n);
    s.tourism_booked = Matrix(n);
    s.tourism_banned = Matrix(n);
    s.visitors = world.visitors0;
    s.tourism_receipts = world.tourism0;
    s.tourism_level = Matrix(n, 1.0);
    s.invest_block = Matrix(n);
    s.invest_promotion = Matrix(n);
    s.trust = world.trust0;
    s.hostility = Matrix(n);
    s.trust_shift = Matrix(n);
    s.coercion = Matrix(n);
    s.assistance = Matrix(n);
    s.aid = Matrix(n);
    s.tourism_promotion = Matrix(n);
    s.pledged_investment = Matrix(n);
    s.pledged_credit = Matrix(n);
    s.tie_stance = Matrix(n);
    s.bloc_stance = Matrix(n);
    s.partner_bloc_stance = Matrix(n);
    s.defence_set.assign(static_cast<std::size_t>(n), 0.0);

    s.ties = world.ties0;
    s.tie_cooldown = IntMatrix(n);
    s.bloc_ties = world.bloc_ties0;
    s.bloc_cooldown = IntMatrix(n);

    s.leg_policy.assign(legs, 1.0);
    s.leg_risk.assign(legs, 0.0);
    s.leg_cost.assign(legs, 1.0);
    s.sea_dist = world.calib.base_dist;

    for (const Zone& z : world.zones) s.tension.push_back(z.base_tension);
    s.incidents.assign(zones, 0);
    s.incidents_total.assign(zones, 0);
    s.max_rung.assign(zones, 0);
    // The start stands for an average quarter, so its incidents carry the expected severity
    // (once calibrated) rather than a spurious calm.
    s.severity = world.calib.severity_ref.size() == zones ? world.calib.severity_ref
                                                          : std::vector<double>(zones, 0.0);
    s.forced_rung.assign(zones, 0);
    s.ban_left = IntMatrix(n);

    s.threat = perception::threat(world, s);
    network::measure(world, s);
    return s;
}

}  // namespace geosim
