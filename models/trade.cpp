#include "models/trade.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "engine/core/levers.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"

namespace geosim::trade {

namespace {

// Shortfalls below this share of a group's orders are rounding, not missing goods: on the
// no-shock path the delivered shares sum to 1 up to a few ulps.
constexpr double kShortfallFloor = 1e-9;

// The second round's shares of each economy (calibrate, below): the exported share of its
// users' output and the groups they make.
void chain_calibrate(World& world) {
    const int n = world.n();
    const int groups = world.sector_count();
    Calibration& c = world.calib;
    for (int j = 0; j < n; ++j) {
        double inputs = 0;
        for (int s = 0; s < groups; ++s) inputs += world.sectors[s].intermediate * world.sector_trade0[s].col_sum(j);
        const double content = (1 - std::min(1.0, world.export_va_of(j))) * world.trade0.row_sum(j);
        c.chain_export[j] = inputs > 0 ? std::min(1.0, content / inputs) : 0.0;
    }
    // What the users make in j: the users' shares are world averages (chips go to cars, phones
    // and machines in the world as a whole), tilted toward the groups j exports more of than the
    // world does (Balassa's revealed comparative advantage, the location quotient of regional
    // input-output tables): Malaysia's chip users make electronics, not cars.
    std::vector<double> group_exports(groups, 0.0), own(static_cast<std::size_t>(groups) * n, 0.0), total(n, 0.0);
    double world_exports = 0;
    for (int u = 0; u < groups; ++u)
        for (int j = 0; j < n; ++j) {
            const double x = world.sector_trade0[u].row_sum(j);
            own[static_cast<std::size_t>(u) * n + j] = x;
            total[j] += x;
            group_exports[u] += x;
            world_exports += x;
        }
    for (int s = 0; s < groups; ++s) {
        if (c.chain_output[s] <= 0) continue;
        std::vector<double>& mix = c.chain_users[s];
        mix.assign(static_cast<std::size_t>(groups) * n, 0.0);
        const std::vector<double>& users = world.sectors[s].users;
        for (int j = 0; j < n; ++j) {
            if (total[j] <= 0) continue;
            double sum = 0;
            for (int u = 0; u < groups; ++u) {
                const std::size_t k = static_cast<std::size_t>(u) * n + j;
                const double rca = group_exports[u] > 0 ? (own[k] / total[j]) / (group_exports[u] / world_exports) : 0.0;
                mix[k] = users[u] * rca;
                sum += mix[k];
            }
            for (int u = 0; u < groups; ++u) {
                double& m = mix[static_cast<std::size_t>(u) * n + j];
                m = sum > 0 ? m / sum : 0.0;
            }
        }
    }
}

}  // namespace

void calibrate(World& world) {
    const int n = world.n();
    if (world.sectors.empty()) {
        // A world without a sector table trades one group, "goods": the one-good model.
        Sector all;
        all.id = "goods";
        all.name = "all goods";
        world.sectors.push_back(all);
        world.sector_trade0 = {world.trade0};
    }
    const int groups = world.sector_count();
    Calibration& c = world.calib;
    c.sector_pref.assign(groups, Matrix(n));
    c.import_weight.assign(static_cast<std::size_t>(groups) * n, 0.0);
    c.pair_weight.assign(groups, Matrix(n));
    c.absorption0.assign(n, 0.0);
    c.import_pen0.assign(n, 0.0);
    for (int j = 0; j < n; ++j) {
        const double imports = world.trade0.col_sum(j);
        c.absorption0[j] = world.agents[j].gdp + imports;
        c.import_pen0[j] = imports / c.absorption0[j];
        for (int s = 0; s < groups; ++s) {
            const Matrix& x = world.sector_trade0[s];
            const double group_imports = x.col_sum(j);
            c.import_weight[s * n + j] = imports > 0 ? group_imports / imports : 0.0;
            for (int i = 0; i < n; ++i) {
                c.sector_pref[s](i, j) = group_imports > 0 ? x(i, j) / group_imports : 0.0;
                const double pair = world.trade0(i, j);
                c.pair_weight[s](j, i) = pair > 0 ? x(i, j) / pair : 1.0 / groups;
            }
        }
    }
    // Group elasticities relative to their trade-weighted mean, so trade.theta stays the one
    // scale of every elasticity (a sensitivity run moves one number).
    c.theta_rel.assign(groups, 1.0);
    c.input_loss.assign(static_cast<std::size_t>(groups) * n, 0.0);
    if (groups > 1) {
        double weighted = 0, total = 0;
        for (int s = 0; s < groups; ++s) {
            double flow = 0;
            for (double v : world.sector_trade0[s].values()) flow += v;
            weighted += flow * world.sectors[s].theta;
            total += flow;
        }
        const double mean = total > 0 ? weighted / total : 1.0;
        for (int s = 0; s < groups; ++s) c.theta_rel[s] = world.sectors[s].theta / mean;
    }
    // Value added lost per USD of critical input missing. The using industries' own value added
    // is downstream_va; with user_va_share a, their gross output lost is downstream_va / a, and
    // each USD of it also carried the domestic suppliers' value added: the importer's domestic
    // content d (value added per USD of gross exports, direct and indirect), so the loss is
    // downstream_va x d / a (never below downstream_va: d >= a when the figures are coherent).
    for (int s = 0; s < groups; ++s) {
        const Sector& g = world.sectors[s];
        const double direct = g.intermediate * g.critical * g.downstream_va;
        for (int j = 0; j < n; ++j) {
            const double chain = g.user_va_share > 0 ? std::max(1.0, world.export_va_of(j) / g.user_va_share) : 1.0;
            c.input_loss[static_cast<std::size_t>(s) * n + j] = direct * chain;
        }
    }
    // The critical content of each exporter's goods relative to the group's: a USD of Taiwan's
    // electronics missing is more chips missing than a USD of the group's average.
    c.critical_weight.clear();
    c.weighted_group.assign(groups, 0);
    if (!world.critical_content.empty()) {
        c.critical_weight.assign(static_cast<std::size_t>(groups) * n, 1.0);
        for (int s = 0; s < groups; ++s) {
            const Sector& g = world.sectors[s];
            const double mean = g.intermediate * g.critical;
            if (mean <= 0) continue;
            for (int i = 0; i < n; ++i) {
                const double k = world.critical_content[static_cast<std::size_t>(s) * n + i];
                if (k < 0) continue;
                c.critical_weight[static_cast<std::size_t>(s) * n + i] = k / mean;
                c.weighted_group[s] = 1;
            }
        }
    }
    // The cross-border second round. Per USD of group s missing, the users' gross output stops by
    // intermediate * critical * downstream_va / user_va_share (Leontief, as above); the share of
    // it that importer j would have exported is its imported content of exports over its imported
    // intermediates, (1 - d_j) X_j / sum_s intermediate_s M_j^s: by Hummels, Ishii & Yi's (2001)
    // proportionality, imported inputs go into exports as output does (VS / M = X / Y).
    c.chain_output.assign(groups, 0.0);
    bool chained = false;
    for (int s = 0; s < groups; ++s) {
        const Sector& g = world.sectors[s];
        if (g.users.empty() || g.user_va_share <= 0) continue;
        c.chain_output[s] = g.intermediate * g.critical * g.downstream_va / g.user_va_share;
        chained = chained || c.chain_output[s] > 0;
    }
    c.chain_export.assign(n, 0.0);
    c.chain_users.assign(groups, {});
    if (chained) chain_calibrate(world);
}

namespace {

// Whether some shock may have set `lever` this quarter (State::levers_set).
bool lever_set(const State& state, Lever lever) { return (state.levers_set & lever_bit(lever)) != 0; }

// The group rates of each pair weighted by the groups' shares of the pair's flow at the start;
// `applied` adds the start's rates to the changes.
Matrix weighted_tariffs(const World& world, const State& state, bool applied) {
    const int n = world.n();
    const std::size_t groups = state.tariff.size();
    const std::vector<Matrix>& weight = world.calib.pair_weight;
    const bool base = applied && !world.tariff0.empty();
    Matrix t(n);
    if (!base && !lever_set(state, Lever::Tariff)) return t;  // no change set: every rate is 0
    std::vector<double>& out = t.values();
    for (std::size_t s = 0; s < groups; ++s) {
        const std::vector<double>& rate = state.tariff[s].values();
        // Uncalibrated worlds (mechanism tests) weigh the groups equally.
        for (std::size_t k = 0; k < out.size(); ++k) {
            const double r = rate[k] + (base ? world.tariff0[s].values()[k] : 0.0);
            if (r != 0)
                out[k] += (weight.empty() ? 1.0 / static_cast<double>(groups) : weight[s].values()[k]) * r;
        }
    }
    return t;
}

// The plain rows' loops are element by element (a product, a sum per importer, no reduction
// across importers) with contraction into fused multiply-adds off, so each element is the same
// IEEE operation whatever the vector width: an AVX2 copy, picked at load time where the processor
// has it, gives the same bits as the SSE2 baseline in half the instructions.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define GEOSIM_WIDE_LOOP __attribute__((target_clones("avx2", "default")))
#else
#define GEOSIM_WIDE_LOOP
#endif

// The weights of a plain row (trade::step) and their sums by importer.
GEOSIM_WIDE_LOOP void plain_weights(int n, const double* __restrict pref, const double* __restrict terms, double* __restrict weight,
                   double* __restrict sum) {
    for (int j = 0; j < n; ++j) {
        weight[j] = pref[j] * terms[j];
        sum[j] += weight[j];
    }
}

// The orders, flows and deliveries of a plain row (trade::step): the weights in `share` become
// the orders, which move toward the normalised weights at the sourcing speed. The row's
// arrays never overlap, which lets the compiler vectorise the loop.
GEOSIM_WIDE_LOOP void plain_orders(int n, double adjustment, const double* __restrict phi, const double* __restrict orders,
                  const double* __restrict group_imports, double* __restrict share, double* __restrict flow,
                  double* __restrict bought, double* __restrict delivered) {
    for (int j = 0; j < n; ++j) {
        const double target = share[j] / phi[j];
        const double order = orders[j] + adjustment * (target - orders[j]);
        share[j] = order;
        flow[j] = order * group_imports[j];
        bought[j] += flow[j];
        delivered[j] += order;
    }
}

// A pair's calls to pow and exp in its terms, with their arguments (see step()).
struct PairCalls {
    double ratio = 0;            // sea distance over the start's, when finite and moved
    double distance_factor = 1;  // ratio^(-distance_elasticity)
    double exponent = 0;         // of the alignment and tie term
    double factor = 1;           // exp(exponent)
    bool has_ratio = false;
};

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

}  // namespace

Matrix pair_tariffs(const World& world, const State& state) { return weighted_tariffs(world, state, false); }

Matrix pair_applied_tariffs(const World& world, const State& state) { return weighted_tariffs(world, state, true); }

void step(const World& world, const State& now, State& next) {
    const int n = world.n();
    const int groups = world.sector_count();
    const TradeParams& p = world.params.trade;
    const Calibration& c = world.calib;
    const World& w = world;

    // Cut of the flow i -> j in group s by quantity restrictions this quarter: the importer's
    // sanctions, product bans after incidents and the exporter's export controls.
    auto kept = [&](int s, int j, int i) {
        return (1 - now.trade_block[s](j, i)) * (1 - now.ban(j, i)) * (1 - now.export_control[s](j, i));
    };
    // The price wedge of the pair: a change t of the tariff moves it by (1 + t0 + t) / (1 + t0),
    // t0 the rate applied at the start (so a cut t = -t0 removes the whole tariff), and a
    // promotion's cost cut c lowers it by (1 - c).
    const bool applied = !w.tariff0.empty();
    auto tariff_factor = [&](int s, int j, int i, double theta) {
        const double t = now.tariff[s](j, i), cut = now.trade_promotion[s](j, i);
        if (t == 0 && cut == 0) return 1.0;
        const double t0 = applied ? w.tariff0[s](j, i) : 0.0;
        return std::exp(-theta * (std::log1p(t0 + t) - std::log1p(t0) + std::log1p(-cut)));
    };

    // Pairs that any tariff, block, control, ban or promotion touches this quarter (most quarters none):
    // every other cell skips the group levers.
    // Matrices are row-major (j, i), so each lever is one contiguous scan; a lever with no
    // cell set (the usual case) is passed over after a branch-free test of its bits.
    std::vector<char> levered(static_cast<std::size_t>(n) * n, 0);  // [j * n + i]
    bool marked = false;  // some cell is set
    auto mark = [&levered, &marked](const Matrix& m) {
        const std::vector<double>& v = m.values();
        std::uint64_t bits = 0;
        for (double x : v) bits |= std::bit_cast<std::uint64_t>(x);  // a plain OR, which vectorises
        if ((bits << 1) == 0) return;                                 // ignores the sign: -0 is 0
        marked = true;
        for (std::size_t k = 0; k < v.size(); ++k) levered[k] |= v[k] != 0;
    };
    // A lever that no shock set this quarter is all zeros (State::levers_set) and is not scanned.
    mark(now.ban);
    for (auto [lever, matrices] : kGroupLevers)
        if (lever_set(now, lever))
            for (int s = 0; s < groups; ++s) mark((now.*matrices)[s]);
    const bool any = marked && std::find(levered.begin(), levered.end(), 1) != levered.end();
    const std::size_t cells = static_cast<std::size_t>(groups) * n;

    // The second round: exporters whose industries stopped last quarter ship less this quarter.
    const bool withholding = now.withheld.size() == cells &&
                             std::any_of(now.withheld.begin(), now.withheld.end(), [](double x) { return x > 0; });
    next.withheld.assign(cells, 0.0);
    next.withheld_va.assign(n, 0.0);
    std::vector<double> cut_flow(withholding ? cells : 0, 0.0);  // [s * n + i] exports withheld, USD bn a year
    std::vector<double> short_usd;                               // [s * n + j] critical inputs missing, USD bn a year

    // The sourcing is computed row by row over the pair matrices, (i, j) with exporter i and
    // importer j, so that every loop reads and writes contiguous memory. The sums over
    // exporters (a group's weights, the deliveries) still take the exporters in order for each
    // importer, and the sums over groups (an importer's spending, its losses and imports by
    // exporter) the groups in order, so the results are those of a loop importer by importer,
    // to the bit.
    const std::size_t nn = static_cast<std::size_t>(n) * n;
    std::vector<char> lev(nn, 0);  // [i * n + j] some lever touches i -> j (levered, transposed)
    for (int i = 0; i < n && any; ++i)
        for (int j = 0; j < n; ++j) lev[static_cast<std::size_t>(i) * n + j] = levered[static_cast<std::size_t>(j) * n + i];
    // The rows of exporters no lever touches (most of them, most quarters) take loops without
    // the levers' tests and calls, which the compiler keeps tight.
    std::vector<char> row_levered(n, 0);
    for (int i = 0; i < n && any; ++i)
        for (int j = 0; j < n; ++j) row_levered[i] |= lev[static_cast<std::size_t>(i) * n + j];

    // Sourcing weights S_ij^s = S_ij^s(0) * tau^-theta_s relative to the start (the start
    // reproduces the data), normalised within the group: diverted demand goes to the other
    // suppliers of the same goods in proportion to their weights. The weights are kept in
    // next.source_share until the orders replace them below. Exporter by exporter, so that only
    // one row of pair terms is held (a whole matrix of them, 320 KB for 200 economies, would be
    // allocated and its pages faulted in every quarter).
    //
    // Plain rows: no lever touches the exporter, all its routes are open and all its pair terms
    // finite (the usual case). There a weight that the general loop sets to zero (the diagonal,
    // where the pair term is 0, and a supplier with no share at the start) is the product of a
    // zero and a finite number, zero as well, and adds nothing to the sum of the weights (a sum of
    // non-negative terms, never -0); so the plain loops below drop those tests and give the same
    // bits, and the compiler can vectorise them.
    std::vector<double> phi(cells, 0.0), spend(cells), bundle(n, 0.0);  // [s * n + j]; [j]
    std::vector<double> terms(n);  // exporter i's pair terms, by importer
    std::vector<double> wedge(n), pass(n);  // a levered row's price wedge and share let through, by importer
    std::vector<char> plain(n, 0);
    // The pow and exp of a pair's terms, kept for the pair the other way round: the exponent of
    // the alignment and tie term is the same both ways (ties are stored symmetric and the bloc
    // distance is a product), and so is the sea distance's ratio wherever the two routes measure
    // the same (about two pairs in five). A value is reused only when its argument is the same
    // to the bit, so the terms are those computed afresh.
    thread_local std::vector<PairCalls> calls;
    if (calls.size() < nn) calls.resize(nn);
    for (int i = 0; i < n; ++i) {
        // Terms of the pair, common to every group: sea distance, alignment and ties (changes
        // since the start). Zero where no sea route is left. The exporter's access, which is by
        // group, enters the group's weight below (it is 1 in a plain row).
        for (int j = 0; j < n; ++j) {
            terms[j] = 0;
            if (i == j) continue;
            PairCalls& mine = calls[static_cast<std::size_t>(i) * n + j];
            const PairCalls* other = j < i ? &calls[static_cast<std::size_t>(j) * n + i] : nullptr;
            double f = 1;
            const double d = now.sea_dist(i, j);
            const double d0 = c.base_dist(i, j);
            mine.has_ratio = false;
            if (d != d0) {
                if (std::isfinite(d)) {
                    mine.ratio = d / d0;
                    mine.has_ratio = true;
                    f = other && other->has_ratio && same_bits(other->ratio, mine.ratio)
                            ? other->distance_factor
                            : std::pow(mine.ratio, -p.distance_elasticity);
                    mine.distance_factor = f;
                } else {
                    f = 0.0;
                }
            }
            const double dgap = alignment::distance(now.alignment[i], now.alignment[j]) -
                                alignment::distance(w.agents[i].alignment, w.agents[j].alignment);
            const double dtie = now.ties(i, j) - w.ties0(i, j);
            mine.exponent = -p.alignment_elasticity * dgap + p.tie_elasticity * dtie;
            mine.factor = other && same_bits(other->exponent, mine.exponent) ? other->factor : std::exp(mine.exponent);
            terms[j] = f * mine.factor;
        }
        bool ok = !row_levered[i];
        for (int j = 0; j < n && ok; ++j) ok = std::isfinite(now.sea_dist(i, j)) && std::isfinite(terms[j]);
        plain[i] = ok;
        const std::size_t row = static_cast<std::size_t>(i) * n;
        const char* touched = &lev[row];
        for (int s = 0; s < groups; ++s) {
            const double* pref = &c.sector_pref[s].values()[row];
            double* weight = &next.source_share[s].values()[row];
            double* sum = &phi[static_cast<std::size_t>(s) * n];
            if (plain[i]) {
                plain_weights(n, pref, terms.data(), weight, sum);
                continue;
            }
            const double theta = p.theta * c.theta_rel[s];
            for (int j = 0; j < n; ++j)
                if (touched[j] && j != i) wedge[j] = tariff_factor(s, j, i, theta), pass[j] = kept(s, j, i);
            // The exporter's market access in the group: the share of its start-of-run exports
            // of the group that would still reach their buyers at today's tariffs, sanctions, bans
            // and controls. An exporter that loses access for some goods cuts their prices to sell
            // them elsewhere, so its weight for those goods rises by access^(-diversion): 0 keeps
            // other markets unchanged, 1 is the fixed-output limit in which the lost sales are
            // fully offered elsewhere.
            double open = 1;
            if (p.diversion > 0 && row_levered[i]) {
                const double* x0 = &w.sector_trade0[s].values()[row];
                double total = 0, still = 0;
                for (int k = 0; k < n; ++k) {
                    if (x0[k] == 0) continue;
                    total += x0[k];
                    still += touched[k] ? x0[k] * (pass[k] * wedge[k]) : x0[k];
                }
                if (total > 0 && still > 0) open = std::pow(still / total, -p.diversion);
            }
            for (int j = 0; j < n; ++j) {
                double v = pref[j];
                if (i == j || v == 0) {
                    weight[j] = 0;
                    continue;
                }
                // The price cut of a diverting exporter reaches the markets that do not restrict
                // its goods of the group: where a tariff raise, quota, ban or control holds the
                // cell, the importer pays the wedge in full (as US importers paid the 2018-19
                // tariffs, Amiti, Redding and Weinstein 2019), and the goods diverted are the ones
                // it keeps out; a market that opened (a tariff cut, a promotion) gets the cut too.
                if (touched[j]) {
                    v *= wedge[j] < 1 || pass[j] < 1 ? wedge[j] * terms[j] * pass[j] : wedge[j] * terms[j] * open;
                } else {
                    v *= terms[j] * open;
                }
                weight[j] = v;  // weight for now; normalised below
                sum[j] += v;
            }
        }
    }
    for (int s = 0; s < groups; ++s) {
        // The import price index of the group is phi^(-1/theta_s); groups, and imports as a
        // whole against domestic goods, substitute with the macro elasticity.
        const double theta = p.theta * c.theta_rel[s];
        const double* sum = &phi[static_cast<std::size_t>(s) * n];
        for (int j = 0; j < n; ++j) {
            const double w_js = c.import_weight[s * n + j];
            spend[s * n + j] = sum[j] > 0 && w_js > 0 ? w_js * std::pow(sum[j], p.macro_elasticity / theta) : 0.0;
            bundle[j] += spend[s * n + j];
        }
    }
    // Importer j's spending on imports: absorption grows with income expected for next
    // quarter (this quarter's GDP grown at trend), and the import share of absorption
    // falls when imports become dearer. Nested CES: imports as a whole compete with
    // domestic goods (weight D_j = (1 - m0) / m0, so the start reproduces the import share
    // m0) with the macro elasticity, lower than theta between import sources.
    std::vector<double> imports(n);
    for (int j = 0; j < n; ++j) {
        const double m0 = c.import_pen0[j];
        const double pen_target = bundle[j] > 0 ? bundle[j] / (bundle[j] + (1 - m0) / m0) : 0.0;
        const double pen = now.import_pen[j] + p.adjustment * (pen_target - now.import_pen[j]);
        next.import_pen[j] = pen;
        const double income = now.gdp[j] * w.quarter_trend(j);
        const double absorption =
            c.absorption0[j] * std::pow(income / w.agents[j].gdp, p.income_elasticity);
        imports[j] = absorption * pen;
    }

    // Orders move toward the weights and deliveries follow them.
    std::vector<double> group_imports(n), delivered(cells), held_back(cells), loss(n, 0.0);  // [j]; [s * n + j]
    std::vector<double> weighted_open, weighted_held;  // [j], for a group with critical contents by exporter
    // i's value added withheld, by (s, i, j), added up in the order (j, s) below.
    std::vector<double> withheld_va(withholding ? cells * n : 0, 0.0);
    std::vector<double> va_share(withholding ? n : 0);  // [i] export_va_of(i)
    for (int i = 0; i < static_cast<int>(va_share.size()); ++i) va_share[i] = w.export_va_of(i);
    next.trade.fill(0.0);
    const double adjustment = p.adjustment;
    for (int s = 0; s < groups; ++s) {
        const double* ph = &phi[static_cast<std::size_t>(s) * n];
        for (int j = 0; j < n; ++j) group_imports[j] = bundle[j] > 0 ? imports[j] * (spend[s * n + j] / bundle[j]) : 0.0;
        const double* bought_by = group_imports.data();
        double* got = &delivered[static_cast<std::size_t>(s) * n];
        double* held_cut = &held_back[static_cast<std::size_t>(s) * n];
        std::fill(got, got + n, 0.0);
        std::fill(held_cut, held_cut + n, 0.0);
        // Where exporters' goods carry critical inputs in their own proportions, what is missing
        // is weighted by whose goods are missing: each supplier's undelivered orders by its own
        // weight, what suppliers held back at the group's average (docs/model.md).
        const double* weight =
            c.weighted_group.empty() || !c.weighted_group[s] ? nullptr : &c.critical_weight[static_cast<std::size_t>(s) * n];
        if (weight) {
            weighted_open.assign(n, 0.0);
            weighted_held.assign(n, 0.0);
        }
        const bool reached = std::none_of(ph, ph + n, [](double x) { return x == 0; });  // every importer has a supplier
        for (int i = 0; i < n; ++i) {
            const std::size_t row = static_cast<std::size_t>(i) * n;
            double* share = &next.source_share[s].values()[row];
            double* flow = &next.sector_trade[s].values()[row];
            double* bought = &next.trade.values()[row];
            const double* orders = &now.source_share[s].values()[row];
            const double* dist = &now.sea_dist.values()[row];
            const char* touched = &lev[row];
            const double held = withholding ? now.withheld[static_cast<std::size_t>(s) * n + i] : 0.0;
            if (plain[i] && reached && !(held > 0)) {
                // The loop below for a plain row (open routes, no lever), every importer
                // reached, nothing withheld.
                plain_orders(n, adjustment, ph, orders, bought_by, share, flow, bought, got);
                continue;
            }
            for (int j = 0; j < n; ++j) {
                if (ph[j] == 0) {
                    // No supplier of the group can reach j (every route closed): nothing
                    // arrives and nothing is spent, so no input counts as missing, and the
                    // orders wait as they were, to resume with the same suppliers when a route
                    // reopens rather than being rebuilt from nothing at the sourcing speed.
                    share[j] = orders[j], flow[j] = 0;
                    continue;
                }
                const double target = share[j] / ph[j];
                // Orders move gradually, toward 0 for a supplier whose route is closed (its weight
                // is 0); a closed route stops its trade at once, so none of those orders arrive
                // until it reopens, when they are delivered again at once.
                const double order = orders[j] + adjustment * (target - orders[j]);
                double arrives = 0;
                if (std::isfinite(dist[j])) {
                    arrives = order;
                    // Quantity restrictions bite in the quarter they start: no more than the
                    // restricted target arrives until orders have moved there.
                    if (target < order && touched[j] && kept(s, j, i) < 1) arrives = target;
                }
                share[j] = order;
                if (weight) weighted_open[j] += weight[i] * (order - arrives);
                // Goods the exporter's stopped industries did not make do not arrive either; the
                // orders stay (the shortfall is the supplier's, not a reason to switch).
                if (held > 0 && arrives > 0) {
                    const double cut = arrives * held;
                    cut_flow[static_cast<std::size_t>(s) * n + i] += cut * bought_by[j];
                    withheld_va[(static_cast<std::size_t>(s) * n + i) * n + j] = va_share[i] * cut * bought_by[j];
                    arrives -= cut;
                    held_cut[j] += cut;
                    // What a stopped industry did not make is its finished goods, at the group's
                    // average content, whoever made them.
                    if (weight) weighted_held[j] += cut;
                }
                flow[j] = arrives * bought_by[j];
                bought[j] += flow[j];
                got[j] += arrives;
            }
        }
        // Inputs ordered but not delivered (a closed route, a ban or an export control
        // before sourcing moves) stop the industries that cannot replace them.
        for (int j = 0; j < n; ++j) {
            if (ph[j] == 0) continue;
            double missing = 1 - got[j], held_missing = held_cut[j];
            if (weight) {
                // The orders sum to 1, so unweighted the two terms make up 1 - delivered.
                missing = weighted_open[j] + weighted_held[j];
                held_missing = weighted_held[j];
            }
            const double per_usd = c.input_loss[static_cast<std::size_t>(s) * n + j];
            if (per_usd > 0 && missing > kShortfallFloor) {
                loss[j] += per_usd * missing * group_imports[j];
                // Only the first round travels on: goods missing because a supplier's own users
                // stopped cost the importer's users (above) but do not stop its exports in turn
                // (docs/model.md: with world-average user shares a loop through two electronics
                // hubs would gain more than it loses each round and never die out).
                const double first = missing - held_missing;
                if (c.chain_output[s] > 0 && first > kShortfallFloor) {
                    if (short_usd.empty()) short_usd.assign(cells, 0.0);
                    short_usd[static_cast<std::size_t>(s) * n + j] = first * group_imports[j];
                }
            }
        }
    }
    for (int j = 0; j < n; ++j) next.supply_loss[j] = loss[j];
    if (withholding)
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                for (int s = 0; s < groups; ++s) {
                    // Only the cells that withheld were added (the others hold zero).
                    const double va = withheld_va[(static_cast<std::size_t>(s) * n + i) * n + j];
                    if (va != 0) next.withheld_va[i] += va;
                }

    // Exporters short of critical inputs this quarter withhold, next quarter, the exports their
    // stopped users would have made: gross output stopped G_j^u = sum_s chain_output_s
    // chain_users_s(u, j) short_j^s in each group u, of which the share chain_export_j was for export, taken from
    // j's exports of u this quarter before any withholding.
    if (short_usd.empty()) return;
    for (int j = 0; j < n; ++j) {
        const double exported = c.chain_export[j];
        if (exported <= 0) continue;
        for (int u = 0; u < groups; ++u) {
            const std::size_t k = static_cast<std::size_t>(u) * n + j;
            double stopped = 0;
            for (int s = 0; s < groups; ++s)
                if (c.chain_output[s] > 0)
                    stopped += c.chain_output[s] * c.chain_users[s][k] * short_usd[static_cast<std::size_t>(s) * n + j];
            if (stopped <= 0) continue;
            const double potential = next.sector_trade[u].row_sum(j) + (cut_flow.empty() ? 0.0 : cut_flow[k]);
            if (potential > 0) next.withheld[k] = std::min(1.0, exported * stopped / potential);
        }
    }
}

}  // namespace geosim::trade
