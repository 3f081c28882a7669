#include "models/perception.hpp"

#include <algorithm>
#include <cmath>

#include "engine/core/levers.hpp"
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
    // Security assistance received is all +0 when no shock set it this quarter: its row sums
    // are +0 then, and adding that constant gives the same bits.
    const bool assisted = power.levers_set & lever_bit(Lever::Assistance);
    for (int j = 0; j < n; ++j) {
        spending[j] = assisted ? capability_spending(power, j) : power.defence[j] * power.gdp[j] + 0.0;
        top = std::max(top, spending[j]);
    }
    if (top <= 0) {
        out.fill(0.0);
        return;
    }
    // By j, what every row reads: power relative to the largest and the offence share.
    std::vector<double> relative(n), offence(n), row(n);
    for (int j = 0; j < n; ++j) {
        relative[j] = spending[j] / top;
        offence[j] = world.agents[j].offence;
    }
    const Calibration& c = world.calib;
    const bool cached = c.proximity.n() == n && c.proximity_scale == p.distance_scale;
    // Row by row in memory order; the diagonal is computed with the rest and then set to 0.
    for (int i = 0; i < n; ++i) {
        const std::size_t at = static_cast<std::size_t>(i) * n;
        const double* proximity = cached ? &c.proximity.values()[at] : row.data();
        if (!cached)
            for (int j = 0; j < n; ++j) row[j] = proximity_of(world, i, j);
        const double* trust0 = &world.trust0.values()[at];
        const double* hostile_now = &hostility.values()[at];
        double* threat = &out.values()[at];
        for (int j = 0; j < n; ++j) {
            // Hostile intent (Walt) is read from distrust: a power trusted at the start shows
            // none, and events add to or take from what the start's distrust implies.
            const double hostile = std::clamp(std::max(0.0, -trust0[j]) + hostile_now[j], 0.0, 1.0);
            threat[j] = relative[j] * proximity[j] * offence[j] * hostile;
        }
        threat[i] = 0;
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

namespace {

// The levers perception reads: with none set this quarter (the usual case) each of their
// matrices is all +0, and the pairs' loop reads that constant instead (the same operations on
// the same operands, so the same bits).
constexpr std::uint32_t kReadLevers = lever_bit(Lever::Tariff) | lever_bit(Lever::Coercion) |
                                      lever_bit(Lever::Assistance) | lever_bit(Lever::Aid) |
                                      lever_bit(Lever::PledgedInvestment) | lever_bit(Lever::PledgedCredit);

// Hostility and trust of every pair, row by row (i, then j), so that the pair matrices are read
// and written in memory order; the parameters are held in locals, which the stores into next
// cannot change. kLevers false: no lever of kReadLevers is set.
template <bool kLevers>
void pairs_step(const World& world, const State& now, State& next) {
    const PerceptionParams& p = world.params.perception;
    const int n = world.n();
    Matrix tariff;
    std::vector<double> coerced_by(n, 0.0);  // [j] coercion j applies, summed over its targets
    if constexpr (kLevers) {
        tariff = trade::pair_tariffs(world, now);
        for (int j = 0; j < n; ++j) coerced_by[j] = now.coercion.col_sum(j);
    }
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
            const double coercion = kLevers ? now.coercion(i, j) : 0.0;
            const double tariff_ji = kLevers ? tariff(j, i) : 0.0;
            const double official = kLevers ? official_from(now, j, i) : 0.0;
            // Bystanders are summed, not averaged, so adding an economy to the world file does
            // not dilute what each bystander learns from one coercion episode.
            const double bystander = kLevers ? coerced_by[j] - coercion - now.coercion(j, j) : 0.0;
            next.hostility(i, j) = now.hostility(i, j) * keep + h_coercion * coercion + h_tariff * std::max(tariff_ji, 0.0);
            // The target's grievance takes a share of the room between its trust and -1, as a
            // salient act does (docs/model.md, hostility and trust): a public that already
            // distrusts the coercer has less favourable view left to lose.
            const double room = 1.0 + now.trust(i, j);
            next.trust(i, j) = now.trust(i, j) + reversion * (world.trust0(i, j) - now.trust(i, j)) -
                               t_target * coercion * room - t_bystander * bystander + t_aid * official +
                               now.trust_shift(i, j);
        }
    }
}

}  // namespace

void step(const World& world, const State& now, State& next) {
    const PerceptionParams& p = world.params.perception;
    if (now.levers_set & kReadLevers)
        pairs_step<true>(world, now, next);
    else
        pairs_step<false>(world, now, next);
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
