#include "engine/input/sector_table.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>

#include "engine/input/derive.hpp"

namespace geosim {

namespace {

// Group shares of a row must sum to 1 within this (published shares are rounded); they are
// then scaled to sum to 1 exactly.
constexpr double kShareSlack = 0.005;
// The three margins hold to this relative error; the pair totals, raked last, to rounding.
constexpr double kSectorTolerance = 1e-10;
constexpr int kSectorSweeps = 20000;

std::vector<std::string> sector_ids(const World& w) {
    std::vector<std::string> ids;
    for (const Sector& s : w.sectors) ids.push_back(s.id);
    return ids;
}

// Shares by goods group from a map's GROUP keys (the `skip` keys are the caller's), each in
// [0, 1], summing to 1 within kShareSlack, then scaled to sum to 1 exactly.
std::vector<double> group_shares(const InputNode& map, const World& w, const std::vector<std::string>& ids,
                                 const std::string& what, const std::vector<std::string>& skip = {}) {
    std::vector<double> v(ids.size(), 0.0);
    double sum = 0;
    for (auto& [key, node] : map.items()) {
        if (std::find(skip.begin(), skip.end(), key) != skip.end()) continue;
        const int s = w.sector_index(key);
        if (s < 0) node.fail("unknown sector '" + key + "'" + did_you_mean(key, ids));
        v[s] = node.as_number(0, 1);
        sum += v[s];
    }
    if (std::fabs(sum - 1) > kShareSlack)
        map.fail(what + " sum to " + compact(sum) + ", not 1 (within " + compact(kShareSlack) + ")");
    for (double& x : v) x /= sum;
    return v;
}

void load_groups(const InputNode& list, World& w) {
    std::vector<std::pair<int, InputNode>> users;  // read once every group is known
    for (const InputNode& g : list.elements()) {
        g.allow_keys({"id", "name", "hs", "theta", "intermediate", "critical", "downstream_va", "user_va_share", "users",
                      "source"});
        source_of(g);
        Sector s;
        const InputNode id = g.at("id");
        s.id = id.as_string();
        const bool ok = !s.id.empty() && s.id.size() <= 16 &&
                        std::all_of(s.id.begin(), s.id.end(), [](char ch) {
                            return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
                        });
        if (!ok) id.fail("sector id '" + s.id + "' must be 1-16 letters, digits or '_'");
        if (w.sector_index(s.id) >= 0) id.fail("sector '" + s.id + "' is already defined");
        s.name = g.at("name").as_string();
        if (auto hs = g.get("hs")) hs->as_string();
        s.theta = g.at("theta").as_number(0.1, 100);
        s.intermediate = g.has("intermediate") ? g.at("intermediate").as_number(0, 1) : 0.0;
        s.critical = g.has("critical") ? g.at("critical").as_number(0, 1) : 0.0;
        s.downstream_va = g.has("downstream_va") ? g.at("downstream_va").as_number(0, 100) : 0.0;
        if (auto a = g.get("user_va_share")) s.user_va_share = a->as_number(0.01, 1);
        if (auto u = g.get("users")) {
            if (s.user_va_share == 0)
                u->fail("'users' needs 'user_va_share' (the users' gross output stopped per USD missing is "
                        "downstream_va / user_va_share)");
            if (s.intermediate * s.critical * s.downstream_va == 0)
                u->fail("'users' has no effect unless 'intermediate', 'critical' and 'downstream_va' are all "
                        "above 0 (nothing of the group stops its users)");
            users.emplace_back(w.sector_count(), *u);
        }
        w.sectors.push_back(s);
    }
    if (w.sectors.empty()) list.fail("a sector table needs at least one group");
    // The groups the stopped users make, as shares of their gross output.
    const std::vector<std::string> ids = sector_ids(w);
    for (const auto& [s, node] : users) {
        if (!node.is_map()) node.fail("expected {GROUP: share, ...}");
        w.sectors[s].users = group_shares(node, w, ids, "the users' shares");
    }
}

// Rows of group shares by agent (`exports` or `imports`): shares[i * S + s], NaN for agents
// without a row.
std::vector<double> load_shares(const InputNode* list, const World& w, const Names& names,
                                std::vector<Location>& rows) {
    const int n = w.n(), groups = w.sector_count();
    rows.assign(n, Location{});
    std::vector<double> shares(static_cast<std::size_t>(n) * groups, std::numeric_limits<double>::quiet_NaN());
    if (!list) return shares;
    const std::vector<std::string> ids = sector_ids(w);
    std::map<int, Location> seen;
    for (const InputNode& row : list->elements()) {
        if (!row.is_map()) row.fail("expected {agent: ..., GROUP: share, ..., source: \"...\"}");
        source_of(row);
        const int a = names.agent(row.at("agent"));
        if (auto [it, fresh] = seen.emplace(a, row.location()); !fresh)
            row.at("agent").fail("agent '" + w.agents[a].id + "' already has a row at " + format_location(it->second));
        if (auto y = row.get("year")) y->as_int(1950, 2100);
        const std::vector<double> v = group_shares(row, w, ids, "the group shares", {"agent", "source", "year"});
        std::copy(v.begin(), v.end(), shares.begin() + static_cast<std::ptrdiff_t>(a) * groups);
        rows[a] = row.location();
    }
    return shares;
}

// Agents without a row take the trade-weighted mean of the given rows (uniform if none).
void fill_missing(std::vector<double>& shares, const std::vector<double>& totals, int groups) {
    const int n = static_cast<int>(totals.size());
    std::vector<double> mean(groups, 0.0);
    double weight = 0;
    for (int i = 0; i < n; ++i) {
        if (std::isnan(shares[static_cast<std::size_t>(i) * groups])) continue;
        for (int s = 0; s < groups; ++s) mean[s] += totals[i] * shares[static_cast<std::size_t>(i) * groups + s];
        weight += totals[i];
    }
    for (int s = 0; s < groups; ++s) mean[s] = weight > 0 ? mean[s] / weight : 1.0 / groups;
    for (int i = 0; i < n; ++i)
        if (std::isnan(shares[static_cast<std::size_t>(i) * groups]))
            std::copy(mean.begin(), mean.end(), shares.begin() + static_cast<std::ptrdiff_t>(i) * groups);
}

}  // namespace

void load_sectors(const InputNode* section, World& w, const Names& names) {
    const int n = w.n();
    w.export_va.assign(n, std::numeric_limits<double>::quiet_NaN());
    if (!section) {
        // One group of all goods: the one-good model.
        Sector all;
        all.id = "goods";
        all.name = "all goods";
        w.sectors = {all};
        w.sector_trade0 = {w.trade0};
        return;
    }
    section->allow_keys({"unit", "source", "groups", "exports", "imports", "targets", "value_added", "critical_exports"});
    section->at("unit").as_string();
    source_of(*section);
    load_groups(section->at("groups"), w);
    const int groups = w.sector_count();

    std::vector<double> out_total(n, 0.0), in_total(n, 0.0);
    for (int i = 0; i < n; ++i) {
        out_total[i] = w.trade0.row_sum(i);
        in_total[i] = w.trade0.col_sum(i);
    }
    const std::optional<InputNode> exports = section->get("exports"), imports = section->get("imports");
    std::vector<Location> e_row, m_row;
    std::vector<double> e = load_shares(exports ? &*exports : nullptr, w, names, e_row);
    std::vector<double> m = load_shares(imports ? &*imports : nullptr, w, names, m_row);
    std::vector<bool> e_given(n), m_given(n);
    for (int i = 0; i < n; ++i) {
        e_given[i] = !std::isnan(e[static_cast<std::size_t>(i) * groups]);
        m_given[i] = !std::isnan(m[static_cast<std::size_t>(i) * groups]);
    }
    fill_missing(e, out_total, groups);
    fill_missing(m, in_total, groups);

    // Prior: each pair's flow split by the exporter's and the importer's group shares,
    // x_ij^s = X_ij e_i^s m_j^s / sum_r e_i^r m_j^r (the exporter's shares where the two have
    // no group in common). Cells are indexed (s * n + i) * n + j.
    const auto cell = [n](int s, int i, int j) { return (s * n + i) * n + j; };
    std::vector<double> x(static_cast<std::size_t>(groups) * n * n, 0.0);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const double total = w.trade0(i, j);
            if (i == j || total <= 0) continue;
            double norm = 0;
            for (int s = 0; s < groups; ++s) norm += e[i * groups + s] * m[j * groups + s];
            for (int s = 0; s < groups; ++s)
                x[cell(s, i, j)] = total * (norm > 0 ? e[i * groups + s] * m[j * groups + s] / norm : e[i * groups + s]);
        }

    std::vector<RakeConstraint> cons;
    std::vector<Location> where;
    for (int i = 0; i < n; ++i)
        for (int s = 0; s < groups; ++s) {
            if (e_given[i]) {
                RakeConstraint c{{}, e[i * groups + s] * out_total[i], "exports of " + w.sectors[s].id + " by " + w.agents[i].id};
                for (int j = 0; j < n; ++j)
                    if (j != i) c.cells.push_back(cell(s, i, j));
                cons.push_back(c);
                where.push_back(e_row[i]);
            }
            if (m_given[i]) {
                RakeConstraint c{{}, m[i * groups + s] * in_total[i], "imports of " + w.sectors[s].id + " by " + w.agents[i].id};
                for (int k = 0; k < n; ++k)
                    if (k != i) c.cells.push_back(cell(s, k, i));
                cons.push_back(c);
                where.push_back(m_row[i]);
            }
        }
    if (auto targets = section->get("targets")) {
        const std::vector<std::string> ids = sector_ids(w);
        for (const InputNode& t : targets->elements()) {
            t.allow_keys({"from", "to", "sector", "value", "year", "source"});
            source_of(t);
            if (auto y = t.get("year")) y->as_int(1950, 2100);
            const std::string sid = t.at("sector").as_string();
            const int s = w.sector_index(sid);
            if (s < 0) t.at("sector").fail("unknown sector '" + sid + "'" + did_you_mean(sid, ids));
            const double value = t.at("value").as_number(0, 1e6);
            RakeConstraint c{{}, value, t.path()};
            double pair_total = 0;
            for (int i : names.agents(t.at("from")))
                for (int j : names.agents(t.at("to")))
                    if (i != j) {
                        c.cells.push_back(cell(s, i, j));
                        pair_total += w.trade0(i, j);
                    }
            if (c.cells.empty()) t.fail("the target covers no pair of distinct agents");
            if (value > pair_total)
                t.at("value").fail("the target " + compact(value) + " exceeds the pairs' total trade of " +
                                   compact(pair_total) + " (trade table)");
            cons.push_back(c);
            where.push_back(t.location());
        }
    }
    // The pair totals come last in each sweep, so the aggregate table holds to rounding.
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            if (i == j || w.trade0(i, j) <= 0) continue;
            RakeConstraint c{{}, w.trade0(i, j), "trade from " + w.agents[i].id + " to " + w.agents[j].id};
            for (int s = 0; s < groups; ++s) c.cells.push_back(cell(s, i, j));
            cons.push_back(c);
            where.push_back(section->location());
        }
    const RakeFit fit = rake_cells(x, cons, kSectorTolerance, kSectorSweeps);
    if (!fit.converged) {
        const RakeConstraint& c = cons[fit.worst];
        throw InputError(where[fit.worst], section->path(),
                         "the sector shares and targets cannot all hold: " + c.label + " is off by " +
                             compact(100 * fit.worst_error) + "% after " + std::to_string(kSectorSweeps) +
                             " raking sweeps");
    }
    w.sector_trade0.assign(groups, Matrix(n));
    for (int s = 0; s < groups; ++s)
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) w.sector_trade0[s](i, j) = x[cell(s, i, j)];
    // The aggregate table is the sum of the groups, so the two agree bit for bit; it moves from
    // the derived one by rounding only (the pair totals are raked last).
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            double total = 0;
            for (int s = 0; s < groups; ++s) total += w.sector_trade0[s](i, j);
            w.trade0(i, j) = total;
        }

    if (auto va = section->get("value_added")) {
        std::map<int, Location> seen;
        for (const InputNode& row : va->elements()) {
            row.allow_keys({"agent", "share", "year", "source"});
            source_of(row);
            if (auto y = row.get("year")) y->as_int(1950, 2100);
            const int a = names.agent(row.at("agent"));
            if (auto [it, fresh] = seen.emplace(a, row.location()); !fresh)
                row.at("agent").fail("agent '" + w.agents[a].id + "' already has a row at " + format_location(it->second));
            w.export_va[a] = row.at("share").as_number(0, 1);
        }
    }

    // The part of an agent's exports of a group that is the group's critical input (Taiwan's
    // electronics are mostly chips, China's mostly finished goods), USD bn a year, over the
    // agent's derived exports of the group.
    if (auto rows = section->get("critical_exports")) {
        w.critical_content.assign(static_cast<std::size_t>(groups) * n, -1.0);
        w.critical_named.assign(static_cast<std::size_t>(groups) * n, 0);
        const std::vector<std::string> ids = sector_ids(w);
        std::map<std::pair<int, int>, Location> seen;
        for (const InputNode& row : rows->elements()) {
            row.allow_keys({"agent", "sector", "value", "year", "source"});
            source_of(row);
            if (auto y = row.get("year")) y->as_int(1950, 2100);
            const int a = names.agent(row.at("agent"));
            const std::string sid = row.at("sector").as_string();
            const int s = w.sector_index(sid);
            if (s < 0) row.at("sector").fail("unknown sector '" + sid + "'" + did_you_mean(sid, ids));
            const Sector& g = w.sectors[s];
            if (g.intermediate * g.critical <= 0)
                row.at("sector").fail("'" + sid + "' has no critical input (its intermediate x critical is 0), so no "
                                      "exports of it are critical");
            if (auto [it, fresh] = seen.emplace(std::make_pair(a, s), row.location()); !fresh)
                row.fail("agent '" + w.agents[a].id + "' already has critical exports of '" + sid + "' at " +
                         format_location(it->second));
            const double value = row.at("value").as_number(0, 1e6);
            const double exports = w.sector_trade0[s].row_sum(a);
            if (value > exports)
                row.at("value").fail("critical exports " + compact(value) + " exceed " + w.agents[a].id + "'s exports of " +
                                     sid + ", " + compact(exports) + " (derived from the sector shares and targets)");
            w.critical_content[static_cast<std::size_t>(s) * n + a] = exports > 0 ? value / exports : 0.0;
            w.critical_named[static_cast<std::size_t>(s) * n + a] = 1;
        }
        // The group's intermediate x critical stays the world's share: the exporters without a row
        // share what the named ones leave of it.
        for (int s = 0; s < groups; ++s) {
            double named = 0, named_exports = 0, total = 0;
            for (int i = 0; i < n; ++i) {
                const double exports = w.sector_trade0[s].row_sum(i);
                total += exports;
                const double k = w.critical_content[static_cast<std::size_t>(s) * n + i];
                if (k >= 0) named += k * exports, named_exports += exports;
            }
            if (named_exports <= 0) continue;
            const double mean = w.sectors[s].intermediate * w.sectors[s].critical;
            const double rest = total > named_exports ? (mean * total - named) / (total - named_exports) : 0.0;
            if (rest < 0)
                rows->fail("the critical exports of '" + w.sectors[s].id + "' (" + compact(named) + ") exceed its critical " +
                           "input in all trade, intermediate x critical x " + compact(total) + " = " +
                           compact(mean * total));
            for (int i = 0; i < n; ++i) {
                double& k = w.critical_content[static_cast<std::size_t>(s) * n + i];
                if (k < 0) k = rest;
            }
        }
    }
}

}  // namespace geosim
