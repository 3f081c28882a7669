#include "models/trade.hpp"

#include <cmath>

#include "engine/state.hpp"
#include "engine/world.hpp"
#include "models/alignment.hpp"

namespace geosim::trade {

void calibrate(World& world) {
    const int n = world.n();
    Calibration& c = world.calib;
    c.trade_pref = Matrix(n);
    c.absorption0.assign(n, 0.0);
    c.import_pen0.assign(n, 0.0);
    for (int j = 0; j < n; ++j) {
        const double imports = world.trade0.col_sum(j);
        c.absorption0[j] = world.agents[j].gdp + imports;
        c.import_pen0[j] = imports / c.absorption0[j];
        for (int i = 0; i < n; ++i)
            c.trade_pref(i, j) = imports > 0 ? world.trade0(i, j) / imports : 0.0;
    }
}

void step(const World& world, const State& now, State& next) {
    const int n = world.n();
    const TradeParams& p = world.params.trade;
    const Calibration& c = world.calib;
    const World& w = world;

    // Market access of each exporter: the share of its start-of-run exports that would still
    // reach their buyers at today's tariffs, sanctions and bans. An exporter that loses access
    // cuts its prices to sell elsewhere, so its weight in every market rises by
    // access^(-diversion): 0 keeps other markets unchanged, 1 is the fixed-output limit in which
    // the lost sales are fully offered elsewhere.
    std::vector<double> access(n, 1.0);
    if (p.diversion > 0)
        for (int i = 0; i < n; ++i) {
            double total = 0, kept = 0;
            for (int k = 0; k < n; ++k) {
                const double x = w.trade0(i, k);
                if (x == 0) continue;
                total += x;
                double a = (1 - now.trade_block(k, i)) * (1 - now.ban(k, i));
                if (now.tariff(k, i) != 0) a *= std::exp(-p.theta * std::log1p(now.tariff(k, i)));
                kept += x * a;
            }
            if (total > 0 && kept > 0) access[i] = std::pow(kept / total, -p.diversion);
        }

    for (int j = 0; j < n; ++j) {
        // Sourcing weights S_ij = S_ij(0) * tau_ij^-theta relative to the start, so that the
        // start reproduces the data; the geopolitical terms enter as changes since the start.
        double phi = 0;
        for (int i = 0; i < n; ++i) {
            double s = c.trade_pref(i, j);
            if (i == j || s == 0) {
                next.source_share(i, j) = 0;
                continue;
            }
            const double tariff = now.tariff(j, i);
            if (tariff != 0) s *= std::exp(-p.theta * std::log1p(tariff));
            const double d = now.sea_dist(i, j);
            const double d0 = c.base_dist(i, j);
            if (d != d0) s = std::isfinite(d) ? s * std::pow(d / d0, -p.distance_elasticity) : 0.0;
            const double dgap = alignment::gap(now.alignment[i], now.alignment[j]) -
                                alignment::gap(w.agents[i].alignment, w.agents[j].alignment);
            const double dtie = now.ties(i, j) - w.ties0(i, j);
            s *= std::exp(-p.alignment_elasticity * dgap + p.tie_elasticity * dtie);
            s *= (1 - now.trade_block(j, i)) * (1 - now.ban(j, i)) * access[i];
            next.source_share(i, j) = s;  // weight for now; normalised below
            phi += s;
        }
        // Importer j's spending on imports: absorption grows with income expected for next
        // quarter (this quarter's GDP grown at trend), and the import share of absorption
        // falls when imports become dearer. Nested CES: imports as a whole compete with
        // domestic goods (weight D_j = (1 - m0) / m0, so the start reproduces the import share
        // m0) with the macro elasticity, lower than theta between import sources; the import
        // price index is Phi^(-1/theta), so the import bundle's weight is Phi^(macro/theta).
        const double m0 = c.import_pen0[j];
        const double bundle = phi > 0 ? std::pow(phi, p.macro_elasticity / p.theta) : 0.0;
        const double pen_target = bundle > 0 ? bundle / (bundle + (1 - m0) / m0) : 0.0;
        const double pen = now.import_pen[j] + p.adjustment * (pen_target - now.import_pen[j]);
        next.import_pen[j] = pen;
        const double income = now.gdp[j] * std::pow(1 + w.agents[j].trend_growth, 0.25);
        const double absorption =
            c.absorption0[j] * std::pow(income / w.agents[j].gdp, p.income_elasticity);
        const double imports = absorption * pen;
        for (int i = 0; i < n; ++i) {
            const double target = phi > 0 ? next.source_share(i, j) / phi : 0.0;
            // A closed route stops its trade at once; everything else adjusts gradually.
            const double share = std::isfinite(now.sea_dist(i, j))
                                      ? now.source_share(i, j) + p.adjustment * (target - now.source_share(i, j))
                                      : 0.0;
            next.source_share(i, j) = share;
            next.trade(i, j) = share * imports;
        }
    }
}

}  // namespace geosim::trade
