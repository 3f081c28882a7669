#include "analysis/sweep_design.hpp"

#include <algorithm>
#include <bit>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <stdexcept>

#include "analysis/paired_runs.hpp"
#include "engine/core/params.hpp"
#include "engine/core/rng.hpp"
#include "engine/run/indicators.hpp"

namespace geosim {

namespace {

[[noreturn]] void fail_at(const Location& where, const std::string& path, const std::string& message) {
    throw InputError(where, path, message);
}

// A bijection of [0, n) keyed by `key`: a few invertible mixing rounds on the smallest power of
// two >= n (multiply by an odd number, add, xor-shift), repeated until the value falls below n
// ("cycle walking"). Every step is a bijection of the power-of-two range, so the whole is a
// permutation of [0, n) computable for one index at a time, in O(1) memory.
std::uint64_t permute(std::uint64_t x, std::uint64_t n, Stream key) {
    if (n <= 1) return 0;
    int bits = 1;
    while ((std::uint64_t{1} << bits) < n) ++bits;
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    const int shift = bits / 2 + 1;
    std::uint64_t keys[8];
    for (auto& k : keys) k = key();
    do {
        for (int round = 0; round < 4; ++round) {
            x = (x * (keys[2 * round] | 1)) & mask;
            x = (x + keys[2 * round + 1]) & mask;
            x ^= x >> shift;
        }
    } while (x >= n);
    return x;
}

}  // namespace

Design parse_design(const std::string& name) {
    if (name == "mc") return Design::Mc;
    if (name == "lhs") return Design::Lhs;
    if (name == "grid") return Design::Grid;
    if (name == "sobol") return Design::Sobol;
    throw std::invalid_argument("unknown design '" + name + "'");
}

const char* design_name(Design design) {
    switch (design) {
        case Design::Mc: return "mc";
        case Design::Lhs: return "lhs";
        case Design::Grid: return "grid";
        case Design::Sobol: return "sobol";
    }
    return "";
}

DesignSource design_source(const ScenarioSpec& spec, bool runs_option, bool design_option) {
    DesignSource s;
    s.has_section = spec.sweep.has_value();
    if (runs_option) s.runs_path = "geosim sweep: --runs";
    else if (spec.sweep) s.runs_where = spec.sweep->runs_where;
    if (design_option) {
        s.design_path = "--design";
        s.design_where = spec.sweep ? spec.sweep->where : Location{spec.file};
    } else if (spec.sweep) {
        s.design_where = spec.sweep->design_where;
    }
    return s;
}

SweepDesign::SweepDesign(Design design, const std::vector<SweepParamSpec>& parameters,
                         std::uint64_t runs, std::uint64_t seed, const DesignSource& source)
    : design_(design), runs_(runs), seed_(seed) {
    std::uint64_t grid = 1;
    for (const SweepParamSpec& p : parameters) {
        const ParamDef* def = find_param(p.path);
        const auto index = static_cast<int>(def - param_defs().data());
        const std::string at = "sweep.parameters." + p.path;
        if (design == Design::Lhs && p.values.kind() != NumberSpec::Kind::Uniform)
            fail_at(p.where, at, "the lhs design needs {uniform: [lo, hi]}, got " + p.values.describe());
        if (design == Design::Grid) {
            if (p.values.kind() != NumberSpec::Kind::Choice)
                fail_at(p.where, at, "the grid design needs {choice: [values]}, got " + p.values.describe());
            grid *= p.values.choices().size();
            if (grid > static_cast<std::uint64_t>(kMaxSweepRuns))
                fail_at(p.where, at, "the grid has more than " + std::to_string(kMaxSweepRuns) + " points");
        }
        params_.push_back({p.path, index, def->integer, p.values});
    }
    if (design == Design::Grid) {
        if (runs_ != 0 && runs_ != grid)
            throw InputError(source.runs_where, source.runs_path,
                             "the grid has " + std::to_string(grid) + " points but " + std::to_string(runs_) +
                                 " runs were asked for");
        runs_ = grid;
    }
    if (design == Design::Sobol) {
        const std::uint64_t k = params_.size();
        if (k == 0)
            throw InputError(source.design_where, source.design_path,
                             std::string("the sobol design needs at least one sampled parameter under sweep.parameters") +
                                 (source.has_section ? "" : ", and the scenario has no sweep: section"));
        if (runs_ == 0) runs_ = kSobolBasePoints * (k + 2);
        const std::uint64_t step = k + 2, max = static_cast<std::uint64_t>(kMaxSweepRuns);
        if (runs_ % step != 0 || runs_ > max) {
            // The nearest valid counts: multiples of k + 2, at least one base point, at most the limit.
            const std::uint64_t below = std::min(runs_, max) / step * step, above = below + step;
            std::vector<std::string> use;
            if (below >= step) use.push_back(std::to_string(below));
            if (above <= max && above != runs_) use.push_back(std::to_string(above));
            std::string hint;
            if (!use.empty()) hint = " (use " + use[0] + (use.size() > 1 ? " or " + use[1] : "") + ")";
            throw InputError(source.runs_where, source.runs_path,
                             "the sobol design runs N base points x " + std::to_string(step) + " (k + 2 for k = " +
                                 std::to_string(k) + (k == 1 ? " parameter" : " parameters") +
                                 "), so runs must be a multiple of " + std::to_string(step) +
                                 (runs_ > max ? " and at most " + std::to_string(max) : "") + ", got " +
                                 std::to_string(runs_) + hint);
        }
    }
    if (runs_ == 0) throw std::invalid_argument("SweepDesign: no runs");
}

double SweepDesign::lhs_unit(std::uint64_t run, std::size_t p) const {
    const std::uint64_t purpose = purpose_key("lhs:" + params_[p].path);
    const std::uint64_t stratum = permute(run, runs_, Stream(seed_, 0, purpose, 0, 0, 0));
    Stream jitter(seed_, run, purpose_key("sweep:" + params_[p].path), 0, 0, 0);
    const double u = (static_cast<double>(stratum) + jitter.uniform()) / static_cast<double>(runs_);
    // Rounding may carry u to the next stratum's edge; keep it inside its own.
    const double top = std::nextafter((static_cast<double>(stratum) + 1) / static_cast<double>(runs_), 0.0);
    return std::min(u, top);
}

std::string SweepDesign::sobol_matrix_name(std::uint64_t run) const {
    const std::size_t m = sobol_matrix(run, params_.size());
    return m == 0 ? "A" : m == 1 ? "B" : "AB:" + params_[m - 2].path;
}

std::uint64_t SweepDesign::sobol_skip() const {
    return std::max<std::uint64_t>(2, std::bit_ceil(base_points()));
}

std::vector<double> SweepDesign::sobol_units(std::uint64_t point) const {
    const std::size_t dims = 2 * params_.size();
    boost::random::sobol sequence(dims);
    // Boost's seed(n) positions the generator at point n + 1 of the sequence.
    sequence.seed(sobol_skip() + point - 1);
    std::vector<double> units(dims);
    // Coordinates are multiples of 2^-64 below 1; keep them below 1 after rounding to double.
    for (double& u : units) u = std::min(std::ldexp(static_cast<double>(sequence()), -64), std::nextafter(1.0, 0.0));
    return units;
}

double SweepDesign::value(std::uint64_t run, std::size_t p) const {
    const SweepParameter& sp = params_[p];
    switch (design_) {
        case Design::Mc: {
            Stream stream(seed_, run, purpose_key("sweep:" + sp.path), 0, 0, 0);
            return sp.values.draw(stream);
        }
        case Design::Lhs: {
            const double lo = sp.values.uniform_lo(), hi = sp.values.uniform_hi();
            return lo + lhs_unit(run, p) * (hi - lo);
        }
        case Design::Grid: {
            // Mixed radix, the last parameter varying fastest.
            std::uint64_t rest = run;
            for (std::size_t q = params_.size(); q-- > p + 1;) rest /= params_[q].values.choices().size();
            const auto& choices = sp.values.choices();
            return choices[rest % choices.size()];
        }
        case Design::Sobol:
            break;  // plan() maps the base point's coordinates
    }
    return 0;
}

RunPlan SweepDesign::plan(std::uint64_t run) const {
    RunPlan plan{.run_id = run, .seed = seed_, .overrides = {}};
    const std::size_t k = params_.size();
    std::vector<double> units;
    if (design_ == Design::Sobol) {
        // The base point's runs share their random streams (keyed by the base point), so f(A),
        // f(B) and f(AB_i) differ only through the parameters.
        plan.streams_run = sobol_point(run, k);
        units = sobol_units(sobol_point(run, k));
    }
    for (std::size_t p = 0; p < k; ++p) {
        double v = 0;
        if (design_ == Design::Sobol) {
            const std::size_t m = sobol_matrix(run, k);
            const bool from_b = m == 1 || m == 2 + p;
            v = params_[p].values.quantile(units[from_b ? k + p : p]);
        } else {
            v = value(run, p);
        }
        if (params_[p].integer) v = std::round(v);
        plan.overrides.emplace_back(params_[p].index, v);
    }
    return plan;
}

std::vector<SweepOutcome> resolve_outcomes(const std::vector<SweepOutcomeSpec>& specs,
                                           const std::vector<RowKey>& keys) {
    // The goods groups the world records, in its order.
    std::vector<std::string> sectors;
    for (const RowKey& key : keys)
        if (!key.sector.empty() && std::find(sectors.begin(), sectors.end(), key.sector) == sectors.end())
            sectors.push_back(key.sector);
    std::vector<std::string> names;
    for (const IndicatorDef& d : indicator_defs()) names.emplace_back(d.name);
    auto trim = [](std::string t) {
        const auto b = t.find_first_not_of(' ');
        const auto e = t.find_last_not_of(' ');
        return b == std::string::npos ? std::string() : t.substr(b, e - b + 1);
    };
    std::vector<SweepOutcome> out;
    for (std::size_t k = 0; k < specs.size(); ++k) {
        const SweepOutcomeSpec& s = specs[k];
        const std::string at = "sweep.outcomes[" + std::to_string(k) + "]";
        const auto open = s.text.find('(');
        const auto close = s.text.rfind(')');
        if (open == std::string::npos || close != s.text.size() - 1 || close < open)
            fail_at(s.where, at, "expected indicator(agent), indicator(agent, partner) or, for an indicator by goods "
                                 "group, indicator(agent, sector) or indicator(agent, partner, sector), got '" + s.text + "'");
        const std::string name = trim(s.text.substr(0, open));
        const auto def = std::find_if(indicator_defs().begin(), indicator_defs().end(),
                                      [&](const IndicatorDef& d) { return d.name == name; });
        if (def == indicator_defs().end())
            fail_at(s.where, at, "unknown indicator '" + name + "'" + did_you_mean(name, names));
        std::vector<std::string> args;
        const std::string inside = s.text.substr(open + 1, close - open - 1);
        for (std::size_t from = 0;;) {
            const auto comma = inside.find(',', from);
            args.push_back(trim(inside.substr(from, comma == std::string::npos ? std::string::npos : comma - from)));
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
        // The goods group is the last argument of an indicator by group: (agent, sector) or
        // (agent, partner, sector).
        RowKey want{name, args[0], "", ""};
        if (has_sector(def->scope)) {
            const std::size_t wanted = def->scope == IndicatorScope::AgentSector ? 2 : 3;
            if (args.size() != wanted)
                fail_at(s.where, at, name + " is given by goods group: expected " + name +
                                         (wanted == 3 ? "(agent, partner, sector)" : "(agent, sector)") + ", got '" +
                                         s.text + "'");
            want.sector = args.back();
            if (wanted == 3) want.partner = args[1];
            if (std::find(sectors.begin(), sectors.end(), want.sector) == sectors.end()) {
                std::string list;
                for (const std::string& id : sectors) list += (list.empty() ? "" : ", ") + id;
                fail_at(s.where, at, "unknown sector '" + want.sector + "'" + did_you_mean(want.sector, sectors) +
                                         "; this world's goods groups are " + list);
            }
        } else {
            if (args.size() > 2)
                fail_at(s.where, at, name + " has no goods group: expected " + name + "(agent) or " + name +
                                         "(agent, partner), got '" + s.text + "'");
            if (args.size() == 2) want.partner = args[1];
        }
        const auto it = std::find(keys.begin(), keys.end(), want);
        if (it == keys.end())
            fail_at(s.where, at, "this world records no value " + s.text);
        out.push_back({s.text, static_cast<std::size_t>(it - keys.begin())});
    }
    return out;
}

std::vector<SweepOutcome> default_outcomes(const std::vector<RowKey>& keys) {
    std::vector<SweepOutcome> out;
    for (const char* indicator : {"asean_alignment", "alignment", "zone_tension"})
        for (std::size_t k = 0; k < keys.size(); ++k)
            if (keys[k].indicator == indicator && keys[k].partner.empty())
                out.push_back({keys[k].indicator + "(" + keys[k].agent + ")", k});
    return out;
}

std::vector<SweepOutcome> sweep_outcomes(const SweepSpec& sweep, const std::vector<RowKey>& keys) {
    return sweep.outcomes ? resolve_outcomes(*sweep.outcomes, keys) : default_outcomes(keys);
}

}  // namespace geosim
