#include "models/perception.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/trade.hpp"

namespace geosim::perception {
namespace {

// How far j's power reaches i: its projection share reaches any distance, the rest fades
// with the sea distance at the start.
double proximity_of(const World& world, int i, int j) {
    const Agent& a = world.agents[j];
    const double reach = std::exp(-world.calib.base_dist(i, j) / world.params.perception.distance_scale);
    return a.projection + (1.0 - a.projection) * reach;
}

// Balance of threat written into `out`. Power is each agent's capability in `power` (the state
// whose budgets, GDP and assistance count: capability_spending) relative to the largest;
// proximity uses the geographic sea distance at the start (base_dist), not today's routing,
// because a rerouted shipping lane does not move a neighbour's navy away.
void threat_into(const World& world, const State& power, const Matrix& hostility, Matrix& out) {
    const PerceptionParams& p = world.params.perception;
    const int n = world.n();
    std::vector<double> spending(n);
    double top = 0;
    for (int j = 0; j < n; ++j) {
        spending[j] = capability_spending(power, j);
        top = std::max(top, spending[j]);
    }
    const Calibration& c = world.calib;
    const bool cached = c.proximity.n() == n && c.proximity_scale == p.distance_scale;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const Agent& a = world.agents[j];
            if (i == j || top <= 0) {
                out(i, j) = 0;
                continue;
            }
            const double power = spending[j] / top;
            const double proximity = cached ? c.proximity(i, j) : proximity_of(world, i, j);
            // Hostile intent (Walt) is read from distrust: a power trusted at the start shows
            // none, and events add to or take from what the start's distrust implies.
            const double hostile = std::clamp(std::max(0.0, -world.trust0(i, j)) + hostility(i, j), 0.0, 1.0);
            out(i, j) = power * proximity * a.offence * hostile;
        }
    }
}

// Incident severity of zone z this quarter (the sum of rung / 5 over its incidents) above what
// base tension produces on average (severity_ref, the same sum's expectation), so that the
// baseline's routine incidents leave hostility and trust unchanged in expectation: they are
// already part of trust0.
double excess_severity(const World& world, const State& now, std::size_t z) {
    return now.severity[z] - world.calib.severity_ref[z];
}

}  // namespace

double official_from(const State& s, int donor, int recipient) {
    return s.assistance(recipient, donor) + s.aid(recipient, donor) + s.pledged_investment(donor, recipient) +
           s.pledged_credit(donor, recipient);
}

double capability_spending(const State& s, int i) { return s.defence[i] * s.gdp[i] + s.assistance.row_sum(i); }

Matrix threat(const World& world, const State& state) {
    Matrix out(world.n());
    threat_into(world, state, state.hostility, out);
    return out;
}

void calibrate(World& world, const State& initial) {
    const int n = world.n();
    world.calib.proximity = Matrix(n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) world.calib.proximity(i, j) = proximity_of(world, i, j);
    world.calib.proximity_scale = world.params.perception.distance_scale;
    world.calib.threat0 = threat(world, initial);
    world.calib.total_threat0.assign(n, 0.0);
    for (int i = 0; i < n; ++i) world.calib.total_threat0[i] = world.calib.threat0.row_sum(i);
}

void step(const World& world, const State& now, State& next) {
    const PerceptionParams& p = world.params.perception;
    const int n = world.n();
    const Matrix tariff = trade::pair_tariffs(world, now);
    std::vector<double> coerced_by(n);  // [j] coercion j applies, summed over its targets
    for (int j = 0; j < n; ++j) coerced_by[j] = now.coercion.col_sum(j);
    // Row by row (i, then j), so that the pair matrices are read and written in memory order;
    // the parameters are held in locals, which the stores into next cannot change.
    const double keep = 1.0 - p.hostility_decay, h_coercion = p.hostility_coercion, h_tariff = p.hostility_tariff;
    const double reversion = p.trust_reversion, t_target = p.trust_coercion_target,
                 t_bystander = p.trust_coercion_bystander, t_aid = p.trust_aid;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            if (i == j) {
                // The diagonal does not move; next holds it too (the state copy leaves these
                // two matrices to this step).
                next.hostility(i, i) = now.hostility(i, i);
                next.trust(i, i) = now.trust(i, i);
                continue;
            }
            // Bystanders are summed, not averaged, so adding an economy to the world file does
            // not dilute what each bystander learns from one coercion episode.
            const double bystander = coerced_by[j] - now.coercion(i, j) - now.coercion(j, j);
            next.hostility(i, j) = now.hostility(i, j) * keep + h_coercion * now.coercion(i, j) +
                                   h_tariff * std::max(tariff(j, i), 0.0);
            next.trust(i, j) = now.trust(i, j) + reversion * (world.trust0(i, j) - now.trust(i, j)) -
                               t_target * now.coercion(i, j) - t_bystander * bystander +
                               t_aid * official_from(now, j, i) + now.trust_shift(i, j);
        }
    }
    for (std::size_t z = 0; z < world.zones.size(); ++z) {
        const int a = world.zones[z].claimant, b = world.zones[z].rival;
        if (a == b) continue;
        const double severity = excess_severity(world, now, z);
        next.hostility(a, b) += p.hostility_incident * severity;
        next.hostility(b, a) += p.hostility_incident * severity;
        next.trust(a, b) -= p.trust_incident * severity;
        next.trust(b, a) -= p.trust_incident * severity;
    }
    for (double& t : next.trust.values()) t = std::clamp(t, -1.0, 1.0);
    // Power enters with the quarter's published budgets (now); hostility with this quarter's events.
    threat_into(world, now, next.hostility, next.threat);
}

}  // namespace geosim::perception
