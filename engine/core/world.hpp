#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <array>
#include <vector>

#include "engine/core/date.hpp"
#include "engine/core/matrix.hpp"
#include "engine/core/params.hpp"
#include "engine/core/shocks.hpp"

namespace geosim {

// Security-tie ladder (unordered pairs): 0 none, 1 dialogue partner, 2 comprehensive partnership,
// 3 strategic partnership, 4 comprehensive strategic partnership, 5 treaty alliance.
inline constexpr int kTieLevels = 6;
inline constexpr int kTreatyAlliance = 5;
// Blocs make no treaty alliances: a bloc-partner tie tops out at comprehensive strategic
// partnership, ASEAN's highest tier with its dialogue partners (seed 000: ASEAN's 24 dialogue
// partnerships, the highest a comprehensive strategic partnership).
inline constexpr int kBlocTopLevel = 4;

// Incident ladder at sea: 1 patrol, 2 shadowing or blocking, 3 water cannon or ramming,
// 4 seizure, 5 armed clash.
inline constexpr int kTopRung = 5;

struct Agent {
    std::string id;              // ISO-style code, e.g. "IDN"
    std::string name;            // e.g. "Indonesia"
    bool strategic = true;       // false: passive economy (trades, takes no security decisions)
    double gdp = 0;              // USD bn, annual rate at the start
    double trend_growth = 0;     // real GDP growth per year, fraction
    double defence = 0;          // defence spending at the start, USD bn a year
    double alignment = 0;        // [-1, +1]: -1 fully with the east pole, +1 fully with the west
    double offence = 0;          // [0, 1]: offensive share of military capability (Walt)
    double projection = 0;       // [0, 1]: share of power that reaches any distance
    double exports = 0;          // total exports at the start, USD bn a year (margin for the trade table)
    double imports = 0;          // total imports at the start, USD bn a year
    int port = -1;               // sea-lane node that serves the agent
    int tie_ceiling = 5;         // highest security-tie level the agent can hold (Taiwan: 1)
};

// A group of goods (docs/model.md, "Trade: structural gravity by goods group"). A world without
// a `sectors:` table has one group, "goods", and then trades exactly as the one-good model.
struct Sector {
    std::string id;              // e.g. "ELE"
    std::string name;            // e.g. "electronics and semiconductors"
    double theta = 1;            // long-run trade elasticity of the group as published (relative
                                 // values matter: see Calibration::theta_rel)
    double intermediate = 0;     // share of the group's imports used as intermediate inputs
    double critical = 0;         // share of that use that cannot be replaced within a year (psi)
    double downstream_va = 0;    // value added lost in the using industries per USD of critical
                                 // input missing (their own value added, or all of it: below)
    double user_va_share = 0;    // direct value-added share of the using industries' gross output;
                                 // > 0: their domestic suppliers lose too (docs/model.md, critical
                                 // inputs); 0: downstream_va already counts the whole economy
    std::vector<double> users;   // (S or empty) share of the stopped users' gross output in each
                                 // goods group, summing to 1 (needs user_va_share): an importer
                                 // short of this group ships less of those groups to its own
                                 // customers (docs/model.md, the cross-border second round)
};

struct Bloc {
    std::string id;              // e.g. "ASEAN"
    std::string name;
    std::vector<int> members;    // agent indices
};

struct SeaNode {
    std::string id;              // e.g. "malacca_n"
    std::string name;
};

struct SeaLeg {
    std::string id;              // e.g. "malacca"
    std::string name;
    int a = -1, b = -1;          // node indices (legs are undirected)
    double km = 0;               // length
};

// A disputed zone at sea between a claimant (the party that holds or administers it) and a
// rival.
struct Zone {
    std::string id;              // e.g. "scarborough"
    std::string name;
    std::string sea;             // e.g. "scs" (incidents(scs) sums the sea's zones); empty: none
    int claimant = -1;           // agent index
    int rival = -1;              // agent index
    std::vector<int> legs;       // sea legs whose cost carries the zone's risk premium
    double base_rate = 0;        // incidents per quarter at base tension
    double base_tension = 0;     // [0, 1]
    // The zone's own baseline step-up probabilities of the incident ladder (rungs 1-4 to the
    // next); NaN: the escalation.step_up_r parameter.
    double step_up[4] = {kUnset, kUnset, kUnset, kUnset};
};

// Products of calibration, computed once by compile() so that quarter 0 reproduces the data.
struct Calibration {
    // (n) (1 + trend_growth)^(1/4), the trend's growth factor over a quarter, and the trend_growth
    // it was taken from (World::quarter_trend)
    std::vector<double> quarter_trend;
    std::vector<double> quarter_trend_of;
    // trade
    std::vector<double> absorption0;  // (n) Y_j + M_j at the start, USD bn
    std::vector<double> import_pen0;  // (n) M_j / absorption at the start
    Matrix base_dist;               // (n x n) sea distance at the start, km
    // trade by sector (S groups)
    std::vector<Matrix> sector_pref;  // [s] (n x n) share of j's imports of group s from i at the start
    std::vector<double> import_weight;  // (S x n, [s * n + j]) share of group s in j's imports at the start
    std::vector<double> theta_rel;    // (S) group elasticity over the 2023 trade-weighted mean:
                                      // the group's elasticity is trade.theta * theta_rel
    std::vector<double> input_loss;   // (S x n, [s * n + j]) value added importer j loses per USD of
                                      // the group's imports not delivered: intermediate * critical *
                                      // downstream_va, times j's domestic content over user_va_share
    std::vector<double> critical_weight;  // (S x n, [s * n + i]) critical content of exporter i's
                                      // group-s goods over the group's intermediate * critical (1
                                      // where the world gives none; empty when it gives none at all)
    std::vector<char> weighted_group; // (S) some exporter of the group has a critical content of its own
    std::vector<double> chain_output; // (S) users' gross output stopped per USD of the group missing,
                                      // intermediate * critical * downstream_va / user_va_share (0:
                                      // no second round for the group)
    std::vector<double> chain_export; // (n) share of that output j would have exported: its imported
                                      // content of exports over its imported intermediates, <= 1
    std::vector<std::vector<double>> chain_users;  // [s] (S x n, [u * n + j]) share of group u in the
                                      // output of j's users of group s: the world's `users` shares
                                      // tilted by j's revealed comparative advantage in u (empty: none)
    std::vector<Matrix> pair_weight;  // [s] (n x n, importer j, exporter i) share of group s in the
                                      // flow i -> j at the start (for pair-level tariffs)
    // investment
    Matrix fdi_const;               // (n x n) logit constants c_ih; -inf where no flow at the start
    Matrix fdi_exp_const;           // (n x n) exp(c_ih), 0 where c_ih is -inf (the step's factor)
    std::vector<double> outward_rate;  // (n) outward FDI budget as a share of GDP
    std::vector<int> fdi_nest;      // (n) nest of each FDI host (World::host_nest, or each host its
                                    // own when the world names none)
    int fdi_nests = 0;              // number of nests
    std::vector<char> fdi_nest_single;  // (nests) 1 where the nest holds one host
    Matrix fdi_nest_share0;         // (n x n, column = nest) start share of source i's flows in nest m
    double fdi_nest_lambda = 1;     // the nests' dissimilarity lambda at calibration
    Matrix fdi_nest_scale;          // (n x n, column = nest) fdi_nest_share0^(1 - fdi_nest_lambda)
    // perception and alignment baselines (drivers are measured relative to these)
    Matrix threat0;                 // (n x n) threat i perceives from j at the start
    std::vector<double> rel_threat0;   // (n) threat from east minus threat from west
    std::vector<double> dependence0;   // (n) dependence on west minus on east
    std::vector<double> rel_trust0;    // (n) trust in west minus trust in east
    std::vector<double> total_threat0; // (n) sum of threat perceived
    // perception: proximity_ij = p_j + (1 - p_j) exp(-base_dist_ij / distance_scale), constant
    // while distance_scale is the one it was computed with (a shock may move the parameter)
    Matrix proximity;               // (n x n)
    double proximity_scale = 0;     // the distance_scale of `proximity`
    // ties baselines
    Matrix tie_pressure0;           // (n x n) shared threat + interdependence + trust - retaliation terms at the start
    // the start's terms apart, unweighted, and the weights tie_pressure0 was summed with: a shock
    // that moves a weight applies it to the terms' changes, not to their start levels
    Matrix tie_shared0;             // (n x n) shared threat at the start (symmetric)
    Matrix tie_interdependence0;    // (n x n) interdependence at the start (symmetric)
    Matrix tie_retaliation0;        // (n x n) expected retaliation of side i for drawing closer to j
    std::array<double, 4> tie_weights0{};  // w_threat, w_interdependence, w_trust, w_retaliation
    // escalation
    std::vector<double> severity_ref;  // (zones) expected severity per quarter at base tension
    std::vector<double> deterrence0;   // (zones) deterrence facing the rival at the start
    std::vector<double> capability0;   // (zones) log capability ratio rival / claimant at the start
    // random-stream keys from ids, so streams do not depend on the order of the world file
    std::vector<std::uint64_t> agent_keys;  // (n) purpose_key(agent id)
    std::vector<std::uint64_t> zone_keys;   // (zones) purpose_key(zone id)
    std::vector<std::uint64_t> bloc_keys;   // (blocs) purpose_key(bloc id)
};

// The immutable model of one scenario: agents, data, parameters and calibration. Compiled once
// and shared (const) by every run.
struct World {
    std::string name;
    std::string source_file;        // path of the world file
    std::vector<std::string> files; // the world file and its includes, in load order
    std::vector<Agent> agents;      // strategic first is not required; indices are positions here
    std::vector<Bloc> blocs;
    std::vector<SeaNode> nodes;
    std::vector<SeaLeg> legs;
    std::vector<Zone> zones;
    int west = -1;                  // agent index of the west pole (USA)
    int east = -1;                  // agent index of the east pole (CHN)
    int west_partner = -1;          // the west's partner whose ties also deter at sea (JPN); -1 none
    double credibility0 = 0;        // US commitment credibility at the start, [0, 1]

    Matrix trade0;                  // (n x n) exports i -> j, USD bn a year, as derived from the data
                                    // (the sum of sector_trade0 over groups)
    std::vector<Sector> sectors;    // goods groups; one "goods" group when the world has no table
    std::vector<Matrix> sector_trade0;  // [s] (n x n) exports of group s from i to j, USD bn a year
    std::vector<double> critical_content;  // (S x n, [s * n + i]) share of i's exports of group s that
                                           // is the group's critical input (sectors.critical_exports
                                           // over the derived exports); < 0, or empty, where none is
                                           // given: the group's intermediate * critical applies;
                                           // in a group with rows, the agents without one share
                                           // what the named ones leave of the world's share
    std::vector<char> critical_named;      // (S x n) the agent has a critical_exports row
    std::vector<Matrix> tariff0;    // [s] (importer j, exporter i) applied tariff at the start, ad
                                    // valorem; empty when the world gives none (every rate 0)
    std::vector<double> export_va;  // (n) GDP per USD of exports lost (domestic value added share);
                                    // empty or NaN entries use macro.export_multiplier
    Matrix fdi_flow0;               // (n x n) FDI flow i -> j, USD bn a year
    Matrix fdi_stock0;              // (n x n) FDI stock of i in j, USD bn
    std::vector<int> host_nest;     // (n) nest of each FDI host: hosts that compete for the same
                                    // activity share one (nested logit); empty: each its own
    Matrix trust0;                  // (n x n) trust of i in j, [-1, 1]
    Matrix tourism0;                // (n x n) tourism receipts of host i from visitors of j, USD bn a year
    Matrix visitors0;               // (n x n) arrivals in host i of visitors from j, million a year
    IntMatrix ties0;                // (n x n) symmetric tie level
    IntMatrix bloc_ties0;           // (n x n, row b for bloc b) tie level between bloc and partner

    Params params;
    Calibration calib;
    std::vector<Shock> shocks;      // compiled from the scenario, in list order

    QuarterIndex start = 0;         // first quarter (step 0)
    int horizon = 0;                // number of steps after step 0
    std::uint64_t seed = 0;

    int n() const { return static_cast<int>(agents.size()); }
    int sector_count() const { return static_cast<int>(sectors.size()); }
    int sector_index(std::string_view id) const;  // -1 when unknown
    double export_va_of(int i) const;  // export_va[i], or macro.export_multiplier where none is given
    // (1 + agents[i].trend_growth)^(1/4): taken at calibration (calib.quarter_trend) while the
    // agent's trend_growth is the one it was taken for, else computed; the same bits either way.
    double quarter_trend(int i) const;
    int index_of(std::string_view id) const;   // -1 when unknown
    int bloc_index(std::string_view id) const; // -1 when unknown
    bool in_bloc(int agent, int bloc) const;
};

}  // namespace geosim
