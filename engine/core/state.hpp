#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/matrix.hpp"

namespace geosim {

struct World;

// Something that happened in a quarter, in words a workshop can read.
struct Event {
    std::string kind;        // e.g. "tie_change", "incident", "ban"
    int agent = -1;          // agent index or -1
    int partner = -1;        // agent index or -1
    std::string detail;      // plain words
};

// The mutable state of one run at one quarter. Mechanisms read the state of quarter t and write
// that of t+1 (synchronous updates); macro, stepping last, also reads the flows of t+1 that
// trade, investment and visitors wrote, to set t+1's GDP. Pair matrices are (n x n) indexed
// (i, j) as stated.
struct State {
    int step = 0;

    // per agent (n)
    std::vector<double> gdp;          // USD bn, annual rate
    std::vector<double> gdp_trend;    // USD bn, annual rate on the no-shock trend path
    std::vector<double> gdp_growth;   // growth over the last quarter, annualised (trend at step 0)
    std::vector<double> defence;      // defence burden, share of GDP
    std::vector<double> defence_set;  // the burden i's government set (a `defence` shock), 0: the model's target
    std::vector<double> alignment;    // [-1, 1]
    std::vector<double> stated_alignment;  // [-1, 1], the position surveys record: moves toward the
                                           // same target as alignment, faster when it is salient
    std::vector<double> salience;     // [0, 1], how much the alignment question leads the news;
                                      // raised by shocks at firing, decays each quarter
    std::vector<double> import_pen;   // imports / absorption (adjusts partially)
    std::vector<double> supply_loss;  // value added lost for want of critical inputs, USD bn a year
    std::vector<double> withheld;     // (S x n, [s * n + i]) share of i's exports of group s that its
                                      // industries, stopped this quarter for want of critical inputs,
                                      // will not make next quarter (the cross-border second round;
                                      // trade::step applies now.withheld to next's flows); empty or
                                      // zero when nothing is short
    std::vector<double> withheld_va;  // (n) i's value added in the exports it withheld this quarter, USD
                                      // bn a year: already in last quarter's supply_loss, so the
                                      // macro mechanism does not count it twice
    double credibility = 0;           // US commitment credibility, [0, 1]
    std::uint32_t levers_set = ~0u;   // bit 1 << Lever (engine/core/shocks.hpp) of each lever some shock
                                      // set this quarter (ShockRun::begin_quarter writes it): the
                                      // matrices of the others are all zeros. All bits: not known

    // per ordered pair (n x n)
    Matrix trade;          // exports i -> j, USD bn a year (sum over goods groups)
    std::vector<Matrix> sector_trade;  // [s] exports of group s from i to j, USD bn a year
    std::vector<Matrix> source_share;  // [s] share of j's orders of group s placed with i (each
                                       // column sums to 1); a restricted cell delivers the smaller of
                                       // this and the restricted target (models/trade.cpp)
    Matrix fdi_flow;       // FDI flow i -> j, USD bn a year
    Matrix fdi_stock;      // FDI stock of i in j, USD bn
    std::vector<Matrix> tariff;       // [s] tariff importer i applies on group s from j, ad valorem
    std::vector<Matrix> trade_block;  // [s] share of importer i's imports of group s from j blocked by i
    std::vector<Matrix> export_control;  // [s] share of j's exports of group s to i withheld by j
    std::vector<Matrix> trade_promotion;  // [s] cut in the cost of importer i's purchases of group s
                                          // from j that a promotion pays for, share of the price
    Matrix ban;            // share of importer i's imports from j blocked by product bans (escalation)
    Matrix tourism_block;  // share of i's outbound tourist spending in j blocked by i (at once)
    // Where tour bans change within the quarter (a date): the spans of days in which every ban
    // holds steady, as shares of the quarter, and tourism_block in each; empty otherwise.
    std::vector<double> tourism_span_share;
    std::vector<Matrix> tourism_span_block;
    Matrix tourism_boycott;  // share of i's public's new bookings of trips to j withheld (a boycott)
    Matrix tourism_booked;   // boycott shares of i's public on j in past quarters, each weighted by
                             // the share of trips booked then and taken later (models/tourism.cpp)
    Matrix tourism_banned;   // share of i's trips to j its government stops, as the next quarter's fade
                             // of an ended or eased ban starts from it (models/tourism.cpp)
    Matrix visitors;       // arrivals in host i of visitors from j, million a year
    Matrix tourism_receipts;  // receipts of host i from visitors of j, USD bn a year
    Matrix tourism_level;  // unblocked arrivals in host i from j over their no-shock path (1 at the
                           // start); moves toward the income and alignment target at tourism.adjustment
    Matrix invest_block;   // share of investment from j that host i restricts
    Matrix invest_promotion;  // share of the cost of i's investment in host j that i's government
                              // subsidises (a promotion), [0, 1]
    Matrix trust;          // trust of i in j, [-1, 1]
    Matrix threat;         // threat i perceives from j, [0, 1]
    Matrix hostility;      // hostility i perceives from j accumulated from events beyond the baseline
                           // (negative: calmer than the baseline)
    Matrix coercion;       // coercion j applies to i this quarter (share blocked), [0, 1]
    Matrix trust_shift;    // change of i's trust in j set by shocks fired this quarter (opinion,
                           // boycott); perception adds it to next quarter's trust
    Matrix assistance;     // security assistance j gives i, USD bn a year (adds to i's capability)
    Matrix aid;            // development aid j gives i, USD bn a year
    Matrix tourism_promotion;  // rise of the arrivals target of i's visitors in host j that i's
                               // government encourages, a share (0: none)
    Matrix pledged_investment; // pledged investment of i in host j paid in this quarter, USD bn a year
    Matrix pledged_credit;     // pledged official credit of i to j paid in this quarter, USD bn a year
    Matrix tie_stance;         // i's choice toward j set by a shock instead of its draw (tie_stance):
                               // 0 the model draws, 1 down, 2 hold, 3 up
    Matrix bloc_stance;        // (n x n, row b for bloc b) bloc b's choice toward partner p, coded
                               // as tie_stance (tie_stance with a bloc as its agent)
    Matrix partner_bloc_stance;  // (n x n, row b for bloc b) partner p's choice toward bloc b
                                 // (tie_stance with the bloc among its partners)

    // per unordered pair, stored symmetric (n x n)
    IntMatrix ties;        // tie level 0..5
    IntMatrix tie_cooldown;  // quarters before the pair may change again
    IntMatrix bloc_ties;   // (n x n, row b for bloc b) bloc-partner tie level
    IntMatrix bloc_cooldown; // (n x n, row b for bloc b)

    // sea lanes (per leg) and distances
    std::vector<double> leg_policy;   // cost multiplier set by shocks: 1 open, >1 taxed, +inf closed
    std::vector<double> leg_risk;     // risk premium from escalation, > -1 (multiplier 1 + risk; below 0 when a zone is calmer than its base)
    std::vector<double> leg_cost;     // multiplier used for the current sea_dist (cache key)
    Matrix sea_dist;                  // shortest-path km between agents' ports (+inf unreachable)
    std::uint64_t lane_solves = 0;    // how many times shortest paths were recomputed
    // Each port's shortest-path tree at the last solve, kept so that the next solve can
    // re-measure and repair it (models/sea_lanes.cpp): agent i's tree is
    // route_steps[i * nodes, i * nodes + route_size[i]), the port first, then breadth first
    // (each node after its parent); route_size[i] == 0 means no tree yet. Distances never
    // depend on this cache.
    struct RouteStep {
        int node = -1;  // the node reached
        int from = -1;  // the node it is reached from (-1 for the port itself)
        int leg = -1;   // the leg between them (-1 for the port itself)
    };
    std::vector<RouteStep> route_steps;
    std::vector<int> route_size;
    std::uint64_t route_repairs = 0;  // how many port trees a solve changed (the rest held)

    // escalation (per zone)
    std::vector<double> tension;      // [0, 1]
    std::vector<int> incidents;       // incidents this quarter
    std::vector<int> incidents_total; // since the start
    std::vector<int> max_rung;        // highest rung reached this quarter (0 none)
    std::vector<double> severity;     // summed severity (rung / 5) of this quarter's incidents
    std::vector<int> forced_rung;     // rung at which a shock starts an incident this quarter (0 none)
    IntMatrix ban_left;               // (n x n) quarters left of a ban by importer i on j

    // network metrics (written by the network mechanism)
    std::vector<double> centrality;   // (n) betweenness in the tie network, normalised to [0, 1]
    std::vector<int> component;       // (n) connected component of strong ties
    IntMatrix strong_edges;           // (n x n) 1 where the last measure saw a strong tie between
                                      // strategic agents; cache key, empty until the first measure

    std::vector<Event> events;        // what happened this quarter
};

}  // namespace geosim
