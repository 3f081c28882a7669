#include "engine/input/table_loader.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "engine/input/derive.hpp"

namespace geosim {

namespace {

// Raking stops when every constraint holds to this relative error; the quarter-0 test asks 1e-9.
constexpr double kRakeTolerance = 1e-12;
constexpr int kRakeSweeps = 200000;

}  // namespace

std::string compact(double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
}

std::string source_of(const InputNode& node) {
    const std::string s = node.at("source").as_string();
    if (s.empty()) node.at("source").fail("the source must not be empty");
    return s;
}

double figure(const InputNode& node, double lo, double hi) {
    if (!node.is_map()) node.fail("expected {value: ..., source: \"...\"}");
    node.allow_keys({"value", "source"});
    source_of(node);
    return node.at("value").as_number(lo, hi);
}

double param_figure(const InputNode& node, const ParamDef& def) {
    if (!node.is_map()) node.fail("expected {value: ..., source: \"...\"}");
    node.allow_keys({"value", "source"});
    source_of(node);
    const InputNode v = node.at("value");
    return def.integer ? static_cast<double>(v.as_int(static_cast<long long>(def.lo),
                                                      static_cast<long long>(def.hi)))
                       : v.as_number(def.lo, def.hi);
}

int tie_level(const InputNode& node) {
    static const std::vector<std::string> words = {"none", "dialogue", "comprehensive",
                                                   "strategic", "comprehensive_strategic",
                                                   "alliance"};
    const std::string text = node.as_string();
    for (int k = 0; k < static_cast<int>(words.size()); ++k)
        if (text == words[k] || text == std::to_string(k)) return k;
    node.fail("unknown tie level '" + text + "' (0-5 or one of none, dialogue, comprehensive, "
              "strategic, comprehensive_strategic, alliance)" + did_you_mean(text, words));
}

Names::Names(const World& world) : world_(world) {
    for (const auto& a : world.agents) agent_ids_.push_back(a.id);
    for (const auto& b : world.blocs) bloc_ids_.push_back(b.id);
    all_ids_ = agent_ids_;
    all_ids_.insert(all_ids_.end(), bloc_ids_.begin(), bloc_ids_.end());
}

int Names::agent(const InputNode& node) const {
    const std::string id = node.as_string();
    const int k = world_.index_of(id);
    if (k < 0) node.fail("unknown agent '" + id + "'" + did_you_mean(id, agent_ids_));
    return k;
}

int Names::bloc(const InputNode& node) const {
    const std::string id = node.as_string();
    const int k = world_.bloc_index(id);
    if (k < 0) node.fail("unknown bloc '" + id + "'" + did_you_mean(id, bloc_ids_));
    return k;
}

std::vector<int> Names::agents(const InputNode& node) const {
    std::vector<int> out;
    auto one = [&](const InputNode& n) {
        const std::string id = n.as_string();
        if (const int k = world_.index_of(id); k >= 0) {
            out.push_back(k);
        } else if (const int b = world_.bloc_index(id); b >= 0) {
            const auto& m = world_.blocs[b].members;
            out.insert(out.end(), m.begin(), m.end());
        } else {
            n.fail("unknown agent '" + id + "'" + did_you_mean(id, all_ids_));
        }
    };
    if (node.is_sequence()) {
        for (const InputNode& e : node.elements()) one(e);
    } else {
        one(node);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Matrix derive_table(const InputNode& section, const InputNode& agents, const std::string& out_key,
                    const std::string& in_key, const World& world, const Names& names,
                    const Matrix& dist, const std::vector<std::string>& extra_keys) {
    const int n = world.n();
    std::vector<std::string> keys = {"unit", "method", "prior", "targets", "stock_to_flow", "source"};
    keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
    section.allow_keys(keys);
    section.at("unit").as_string();
    section.at("method").as_string();
    const InputNode prior = section.at("prior");
    prior.allow_keys({"gdp_exporter", "gdp_importer", "distance", "source"});
    source_of(prior);
    std::vector<double> gdp;
    for (const auto& a : world.agents) gdp.push_back(a.gdp);
    Matrix table = gravity_prior(gdp, dist, prior.at("gdp_exporter").as_number(0, 3),
                                 prior.at("gdp_importer").as_number(0, 3),
                                 prior.at("distance").as_number(0, 5));

    // Scale the prior to the sum of the given outward totals, so that free margins (ROW) start
    // at the size of the data rather than at the arbitrary scale of GDP^a GDP^b / km^c; the
    // result is then independent of units.
    double given = 0;
    for (auto& [id, node] : agents.items())
        if (auto f = node.get(out_key)) given += f->at("value").as_number();
    double prior_total = 0;
    for (double v : table.values()) prior_total += v;
    if (given > 0 && prior_total > 0)
        for (double& v : table.values()) v *= given / prior_total;

    std::vector<RakeConstraint> cons;
    std::vector<Location> where;
    for (auto& [id, node] : agents.items()) {
        const int i = world.index_of(id);
        if (auto f = node.get(out_key)) {
            RakeConstraint c{{}, figure(*f, 0, 1e6), out_key + " of " + id};
            for (int j = 0; j < n; ++j) c.cells.push_back(i * n + j);
            cons.push_back(c);
            where.push_back(f->location());
        }
        if (auto f = node.get(in_key)) {
            RakeConstraint c{{}, figure(*f, 0, 1e6), in_key + " of " + id};
            for (int k = 0; k < n; ++k) c.cells.push_back(k * n + i);
            cons.push_back(c);
            where.push_back(f->location());
        }
    }
    if (auto targets = section.get("targets")) {
        for (const InputNode& t : targets->elements()) {
            t.allow_keys({"from", "to", "value", "two_way", "year", "source"});
            source_of(t);
            if (auto y = t.get("year")) y->as_int(1950, 2100);
            const bool two_way = t.has("two_way") && t.at("two_way").as_bool();
            const std::vector<int> from = names.agents(t.at("from"));
            const std::vector<int> to = names.agents(t.at("to"));
            RakeConstraint c{{}, t.at("value").as_number(0, 1e6), t.path()};
            for (int i : from)
                for (int j : to)
                    if (i != j) {
                        c.cells.push_back(i * n + j);
                        if (two_way) c.cells.push_back(j * n + i);
                    }
            std::sort(c.cells.begin(), c.cells.end());
            c.cells.erase(std::unique(c.cells.begin(), c.cells.end()), c.cells.end());
            if (c.cells.empty()) t.fail("the target covers no pair of distinct agents");
            cons.push_back(c);
            where.push_back(t.location());
        }
    }
    const RakeResult r = rake(table, cons, kRakeTolerance, kRakeSweeps);
    if (!r.converged) {
        const RakeConstraint& c = cons[r.worst];
        throw InputError(where[r.worst], section.path(),
                         "the totals and targets cannot all hold: " + c.label + " is off by " +
                             compact(100 * r.worst_error) + "% after " +
                             std::to_string(kRakeSweeps) + " raking sweeps");
    }
    return r.table;
}

std::vector<int> load_nests(const InputNode* nests, const World& world, const Names& names) {
    const int n = world.n();
    std::vector<int> nest_of(n, -1);
    int count = 0;
    std::vector<std::optional<Location>> placed(n);
    std::vector<std::string> ids;
    if (nests) {
        for (const InputNode& e : nests->elements()) {
            if (!e.is_map()) e.fail("expected {id, hosts, source}");
            e.allow_keys({"id", "hosts", "source"});
            const std::string id = e.at("id").as_string();
            if (std::find(ids.begin(), ids.end(), id) != ids.end()) e.at("id").fail("nest '" + id + "' is already given");
            ids.push_back(id);
            source_of(e);
            const InputNode hosts = e.at("hosts");
            const std::vector<int> members = names.agents(hosts);
            if (members.empty()) hosts.fail("a nest needs at least one host");
            for (int h : members) {
                if (placed[h])
                    hosts.fail(world.agents[h].id + " is already in a nest at " + format_location(*placed[h]));
                placed[h] = hosts.location();
                nest_of[h] = count;
            }
            ++count;
        }
    }
    for (int h = 0; h < n; ++h)
        if (nest_of[h] < 0) nest_of[h] = count++;
    return nest_of;
}

TourismTable load_tourism(const InputNode* section, const World& world, const Names& names) {
    const int n = world.n();
    TourismTable t{Matrix(n), Matrix(n)};
    if (!section) return t;
    section->allow_keys({"unit", "source", "pairs"});
    section->at("unit").as_string();
    source_of(*section);
    std::vector<std::optional<Location>> seen(static_cast<std::size_t>(n) * n);
    for (const InputNode& e : section->at("pairs").elements()) {
        if (!e.is_map()) e.fail("expected {host, visitors, year, arrivals, receipts}");
        e.allow_keys({"host", "visitors", "year", "arrivals", "receipts"});
        const int host = names.agent(e.at("host"));
        const int visitors = names.agent(e.at("visitors"));
        if (host == visitors) e.at("visitors").fail("host and visitors must differ");
        e.at("year").as_int(1990, 2100);
        std::optional<Location>& first = seen[static_cast<std::size_t>(host) * n + visitors];
        if (first)
            e.fail("the pair of host " + world.agents[host].id + " and visitors " + world.agents[visitors].id +
                   " is already given at " + format_location(*first));
        first = e.location();
        t.visitors(host, visitors) = figure(e.at("arrivals"), 0, 1e4);
        t.receipts(host, visitors) = figure(e.at("receipts"), 0, 1e4);
        // Receipts follow arrivals (visitors times spending per visitor): none come from no one.
        if (t.visitors(host, visitors) == 0 && t.receipts(host, visitors) > 0)
            e.at("receipts").fail("receipts from no arrivals; give the arrivals, or receipts of 0");
    }
    return t;
}

namespace {

// Whether `node` names one agent by its own id (not a bloc or a list, which set many pairs and
// may be refined by later entries).
bool one_agent(const InputNode& node, const World& world) {
    if (!node.is_scalar()) return false;
    const std::string id = node.as_string();
    return std::any_of(world.agents.begin(), world.agents.end(), [&](const Agent& a) { return a.id == id; });
}

// The entries of a pair table that name both sides by their own ids, by pair: such an entry for
// an agent with itself is refused (`self` says why), and a second one for the same pair is
// refused where it is written (a bloc or list entry sets a default that later entries may
// refine). `symmetric`: (i, j) and (j, i) are one pair.
class ExplicitPairs {
public:
    ExplicitPairs(const World& world, bool symmetric)
        : world_(world), symmetric_(symmetric), seen_(static_cast<std::size_t>(world.n()) * world.n()) {}
    void note(const InputNode& entry, const InputNode& a, const InputNode& b, const std::vector<int>& as,
              const std::vector<int>& bs, const char* what, const char* self) {
        if (!one_agent(a, world_) || !one_agent(b, world_)) return;
        const int i = as[0], j = bs[0];
        if (i == j) b.fail(self);
        const int lo = symmetric_ ? std::min(i, j) : i, hi = symmetric_ ? std::max(i, j) : j;
        std::optional<Location>& first = seen_[static_cast<std::size_t>(lo) * world_.n() + hi];
        if (first)
            entry.fail(std::string(what) + " " + world_.agents[i].id + (symmetric_ ? " and " : " to ") +
                       world_.agents[j].id + " is already given at " + format_location(*first));
        first = entry.location();
    }

private:
    const World& world_;
    bool symmetric_;
    std::vector<std::optional<Location>> seen_;
};

}  // namespace

Matrix load_trust(const InputNode& section, const World& world, const Names& names) {
    section.allow_keys({"default", "entries"});
    Matrix m(world.n(), figure(section.at("default"), -1, 1));
    for (int i = 0; i < world.n(); ++i) m(i, i) = 1;
    if (auto entries = section.get("entries")) {
        ExplicitPairs explicit_pairs(world, false);
        for (const InputNode& e : entries->elements()) {
            e.allow_keys({"from", "to", "value", "source"});
            source_of(e);
            const double v = e.at("value").as_number(-1, 1);
            const std::vector<int> from = names.agents(e.at("from")), to = names.agents(e.at("to"));
            explicit_pairs.note(e, e.at("from"), e.at("to"), from, to, "trust from",
                                "a public's trust in itself is 1; give another agent");
            for (int i : from)
                for (int j : to)
                    if (i != j) m(i, j) = v;
        }
    }
    return m;
}

IntMatrix load_ties(const InputNode& section, const World& world, const Names& names) {
    section.allow_keys({"default", "entries"});
    const InputNode def = section.at("default");
    def.allow_keys({"level", "source"});
    source_of(def);
    IntMatrix m(world.n(), tie_level(def.at("level")));
    for (int i = 0; i < world.n(); ++i) m(i, i) = 0;
    if (auto entries = section.get("entries")) {
        ExplicitPairs explicit_pairs(world, true);
        for (const InputNode& e : entries->elements()) {
            e.allow_keys({"a", "b", "level", "source"});
            source_of(e);
            const int level = tie_level(e.at("level"));
            const std::vector<int> a = names.agents(e.at("a")), b = names.agents(e.at("b"));
            explicit_pairs.note(e, e.at("a"), e.at("b"), a, b, "the tie of", "a tie joins two different agents");
            for (int i : a)
                for (int j : b)
                    if (i != j) m(i, j) = m(j, i) = level;
        }
    }
    return m;
}

IntMatrix load_bloc_ties(const InputNode* section, const World& world, const Names& names) {
    // Stored square (n x n) with row b for bloc b; load_blocs keeps blocs no more than agents.
    IntMatrix m(world.n(), 0);
    if (!section) return m;
    for (const InputNode& e : section->elements()) {
        e.allow_keys({"bloc", "partner", "level", "source"});
        source_of(e);
        const int b = names.bloc(e.at("bloc"));
        const int p = names.agent(e.at("partner"));
        if (world.in_bloc(p, b)) e.at("partner").fail("a bloc's member cannot be its partner");
        m(b, p) = tie_level(e.at("level"));
    }
    return m;
}

}  // namespace geosim
