#include "outputs/analysis_out.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "outputs/csv.hpp"

namespace geosim {

namespace {

void cell(CsvWriter& csv, double v) {
    if (std::isnan(v)) csv.text("");
    else csv.number(v);
}

std::string fixed(double v, int decimals) {
    if (std::isnan(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    // "-0.000" reads as a sign that is not there.
    return buf[0] == '-' && std::strtod(buf, nullptr) == 0 ? std::string(buf + 1) : std::string(buf);
}

// "[a, b]", built by appending (GCC 12 warns falsely on "[" + std::string).
std::string bracket(const std::string& a, const std::string& b) {
    std::string s = "[";
    s += a;
    s += ", ";
    s += b;
    s += "]";
    return s;
}

// Four significant digits, for box limits.
std::string brief(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.resize(width, ' ');
    return s;
}

std::size_t widest(const std::vector<std::string>& names, std::size_t at_least) {
    std::size_t w = at_least;
    for (const auto& n : names) w = std::max(w, n.size());
    return w;
}

}  // namespace

std::vector<std::string> sweep_inputs(const SweepResults& sweep) {
    std::vector<std::string> inputs = sweep.parameters;
    inputs.insert(inputs.end(), sweep.drawn.begin(), sweep.drawn.end());
    return inputs;
}

std::vector<SobolOutcome> sobol_analysis(const SweepResults& sweep, std::size_t resamples, std::uint64_t seed, int threads,
                                         const ProgressFn& progress) {
    const std::size_t k = sweep.parameters.size();
    std::vector<SobolOutcome> out;
    for (std::size_t o = 0; o < sweep.outcomes.size(); ++o) {
        SobolOutcome result{sweep.outcomes[o], 0, {}};
        // A base point counts only if all of its k + 2 runs succeeded.
        std::vector<double> y;
        for (std::uint64_t j = 0; j < sweep.sobol_base_points; ++j) {
            bool ok = true;
            for (std::size_t m = 0; m < k + 2; ++m) ok = ok && !sweep.failed[j * (k + 2) + m];
            if (!ok) continue;
            for (std::size_t m = 0; m < k + 2; ++m) y.push_back(sweep.outcome_values[j * (k + 2) + m][o]);
            ++result.n;
        }
        if (result.n < 2) result.indices.assign(k, SobolIndex{NAN, NAN, NAN, NAN, NAN, NAN});
        else {
            // One count over all outcomes: this outcome's resamples follow those of the earlier ones.
            const std::uint64_t before = o * resamples, total = sweep.outcomes.size() * resamples;
            ProgressFn told;
            if (progress) told = [&](std::uint64_t done, std::uint64_t) { progress(before + done, total); };
            result.indices = sobol_indices(y, k, resamples, seed, threads, told);
        }
        out.push_back(std::move(result));
    }
    return out;
}

std::vector<PawnOutcome> pawn_analysis(const SweepResults& sweep, const std::string& dir, std::size_t classes,
                                       std::size_t resamples, std::uint64_t seed, int threads,
                                       const ProgressFn& progress) {
    const std::vector<std::string> inputs = sweep_inputs(sweep);
    if (inputs.empty())
        throw InputError({dir}, "", "PAWN needs sampled parameters or drawn shock values; this sweep has none");
    std::vector<std::size_t> ok;
    for (std::size_t r = 0; r < sweep.failed.size(); ++r)
        if (!sweep.failed[r]) ok.push_back(r);
    std::vector<std::vector<double>> x(inputs.size(), std::vector<double>(ok.size()));
    for (std::size_t j = 0; j < ok.size(); ++j) {
        const std::size_t r = ok[j];
        for (std::size_t i = 0; i < sweep.parameters.size(); ++i) x[i][j] = sweep.values[r][i];
        for (std::size_t i = 0; i < sweep.drawn.size(); ++i) x[sweep.parameters.size() + i][j] = sweep.draws[r][i];
    }
    const PawnSample sample(x);
    std::vector<PawnOutcome> out;
    for (std::size_t o = 0; o < sweep.outcomes.size(); ++o) {
        PawnOutcome result{sweep.outcomes[o], ok.size(), pawn_noise_level(ok.size(), ok.size() / classes), {}};
        if (ok.empty()) {
            result.indices.assign(inputs.size(), PawnIndex{NAN, NAN, NAN, NAN, NAN, NAN, 0});
        } else {
            std::vector<double> y(ok.size());
            for (std::size_t j = 0; j < ok.size(); ++j) y[j] = sweep.outcome_values[ok[j]][o];
            const std::uint64_t before = o * resamples, total = sweep.outcomes.size() * resamples;
            ProgressFn told;
            if (progress) told = [&](std::uint64_t done, std::uint64_t) { progress(before + done, total); };
            result.indices = pawn_indices(sample, y, classes, resamples, seed, threads, told);
        }
        out.push_back(std::move(result));
    }
    return out;
}

PrimReport prim_analysis(const SweepResults& sweep, const std::string& dir, const std::string& text,
                         const ColumnCondition& condition, const PrimOptions& options, bool keep_restrictions,
                         const ProgressFn& progress) {
    PrimReport report;
    report.condition = text;
    report.options = options;
    report.parameters = sweep_inputs(sweep);
    if (report.parameters.empty())
        throw InputError({dir}, "", "PRIM needs sampled parameters or drawn shock values; this sweep has none");
    std::vector<std::vector<double>> x;
    std::vector<bool> interest;
    for (std::size_t r = 0; r < sweep.values.size(); ++r) {
        if (sweep.failed[r]) continue;
        std::vector<double> inputs = sweep.values[r];
        inputs.insert(inputs.end(), sweep.draws[r].begin(), sweep.draws[r].end());
        std::vector<double> row = inputs;
        row.insert(row.end(), sweep.outcome_values[r].begin(), sweep.outcome_values[r].end());
        x.push_back(std::move(inputs));
        interest.push_back(condition.holds(row));
        if (interest.back()) ++report.interesting;
    }
    report.runs = x.size();
    if (report.interesting == 0)
        throw InputError({dir}, "", "no successful run meets --prim \"" + text + "\"; there is nothing to find");
    report.result = prim(x, interest, options, progress);
    report.pasted = prim_paste(x, interest, report.result.trajectory[report.result.chosen], options);
    const PrimBox& all = report.result.trajectory.front();
    report.pasted_p = prim_quasi_p(x, interest, report.pasted, all);
    report.keep_restrictions = keep_restrictions;
    report.significant = keep_restrictions ? report.pasted
                                           : prim_drop_insignificant(x, interest, report.pasted, all, report.threshold,
                                                                     report.dropped);
    report.significant_p = keep_restrictions ? report.pasted_p : prim_quasi_p(x, interest, report.significant, all);
    return report;
}

std::string sobol_csv(const std::vector<SobolOutcome>& results, const std::vector<std::string>& parameters) {
    std::ostringstream out;
    CsvWriter csv(out);
    for (const char* h : {"outcome", "parameter", "S1", "S1_lo", "S1_hi", "ST", "ST_lo", "ST_hi", "n"}) csv.text(h);
    csv.end_row();
    for (const SobolOutcome& o : results)
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const SobolIndex& x = o.indices[i];
            csv.text(o.outcome).text(parameters[i]);
            for (double v : {x.s1, x.s1_lo, x.s1_hi, x.st, x.st_lo, x.st_hi}) cell(csv, v);
            csv.integer(o.n);
            csv.end_row();
        }
    return out.str();
}

std::string sobol_text(const std::vector<SobolOutcome>& results, const std::vector<std::string>& parameters,
                       std::size_t resamples) {
    std::ostringstream out;
    const std::size_t w = widest(parameters, 9) + 2;
    out << "Sobol indices: first order S1 (Saltelli et al. 2010) and total ST (Jansen 1999),\n"
        << "95% bootstrap intervals from " << resamples << " resamples of the base points\n";
    for (const SobolOutcome& o : results) {
        out << "\n" << o.outcome << " (" << o.n << " base points)\n";
        out << "  " << pad("parameter", w) << pad("S1", 8) << pad("95% interval", 18) << pad("ST", 8) << "95% interval\n";
        for (std::size_t i = 0; i < parameters.size(); ++i) {
            const SobolIndex& x = o.indices[i];
            out << "  " << pad(parameters[i], w) << pad(fixed(x.s1, 3), 8)
                << pad(bracket(fixed(x.s1_lo, 3), fixed(x.s1_hi, 3)), 18) << pad(fixed(x.st, 3), 8)
                << bracket(fixed(x.st_lo, 3), fixed(x.st_hi, 3)) << "\n";
        }
    }
    return out.str();
}

std::string pawn_csv(const std::vector<PawnOutcome>& results, const std::vector<std::string>& inputs) {
    std::ostringstream out;
    CsvWriter csv(out);
    for (const char* h : {"outcome", "input", "median", "median_lo", "median_hi", "max", "max_lo", "max_hi", "classes",
                          "n", "noise"})
        csv.text(h);
    csv.end_row();
    for (const PawnOutcome& o : results)
        for (std::size_t i = 0; i < inputs.size(); ++i) {
            const PawnIndex& x = o.indices[i];
            csv.text(o.outcome).text(inputs[i]);
            for (double v : {x.median, x.median_lo, x.median_hi, x.max, x.max_lo, x.max_hi}) cell(csv, v);
            csv.integer(x.classes).integer(o.n);
            cell(csv, o.noise);
            csv.end_row();
        }
    return out.str();
}

std::string pawn_text(const std::vector<PawnOutcome>& results, const std::vector<std::string>& inputs,
                      std::size_t classes, std::size_t resamples) {
    std::ostringstream out;
    const std::size_t w = widest(inputs, 5) + 2;
    out << "PAWN indices (Pianosi and Wagener 2015, 2018): the Kolmogorov-Smirnov distance between an outcome's\n"
        << "distribution over all runs and over the runs whose input lies in each of " << classes << " intervals of\n"
        << "about equal runs; the median and the maximum over the intervals, 0 when the outcome does not\n"
        << "depend on the input, up to 1. 95% bootstrap intervals from " << resamples << " resamples of the runs\n";
    for (const PawnOutcome& o : results) {
        out << "\n" << o.outcome << " (" << o.n << " runs; an interval's distance above " << fixed(o.noise, 3)
            << " is unlikely to be chance)\n";
        out << "  " << pad("input", w) << pad("median", 8) << pad("95% interval", 18) << pad("max", 8) << "95% interval\n";
        std::vector<std::size_t> order(inputs.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        // Largest first; an index that does not exist last; ties in runs.csv's order.
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const double x = o.indices[a].median, y = o.indices[b].median;
            if (std::isnan(x) || std::isnan(y)) return !std::isnan(x) && std::isnan(y);
            return x > y;
        });
        for (std::size_t i : order) {
            const PawnIndex& x = o.indices[i];
            out << "  " << pad(inputs[i], w) << pad(fixed(x.median, 3), 8)
                << pad(bracket(fixed(x.median_lo, 3), fixed(x.median_hi, 3)), 18) << pad(fixed(x.max, 3), 8)
                << bracket(fixed(x.max_lo, 3), fixed(x.max_hi, 3)) << "\n";
        }
    }
    return out.str();
}

namespace {

void prim_row(CsvWriter& csv, std::size_t step, const PrimBox& box, bool chosen, const char* phase,
              const std::vector<double>& p = {}) {
    csv.integer(step).integer(box.runs).number(box.support).number(box.coverage).number(box.density);
    csv.integer(chosen ? 1 : 0);
    for (std::size_t c = 0; c < box.lo.size(); ++c) csv.number(box.lo[c]).number(box.hi[c]);
    csv.text(phase);
    for (std::size_t c = 0; c < box.lo.size(); ++c) cell(csv, p.empty() ? NAN : p[c]);
    csv.end_row();
}

// "x's lower limit 0.6 -> 0.5, y's upper limit 3 -> 4", or "" when no limit moved.
std::string moved_limits(const PrimReport& report, const PrimBox& before, const PrimBox& after) {
    std::string moved;
    auto add = [&](std::size_t c, const char* side, double from, double to) {
        if (from == to) return;
        moved += (moved.empty() ? "" : ", ") + report.parameters[c] + "'s " + side + " limit " + brief(from) + " -> " +
                 brief(to);
    };
    for (std::size_t c = 0; c < report.parameters.size(); ++c) {
        add(c, "lower", before.lo[c], after.lo[c]);
        add(c, "upper", before.hi[c], after.hi[c]);
    }
    return moved;
}

// What pasting did to the chosen box, one line.
std::string paste_line(const PrimReport& report) {
    const PrimBox& before = report.result.trajectory[report.result.chosen];
    const PrimBox& after = report.pasted;
    const std::string moved = moved_limits(report, before, after);
    if (moved.empty()) return "pasting changed nothing: no widening of the chosen box raises its density\n";
    std::ostringstream out;
    out << "after pasting: coverage " << fixed(before.coverage, 3) << " -> " << fixed(after.coverage, 3) << ", density "
        << fixed(before.density, 3) << " -> " << fixed(after.density, 3) << ", support " << fixed(before.support, 3)
        << " -> " << fixed(after.support, 3) << " (" << before.runs << " -> " << after.runs << " runs); " << moved
        << "\n";
    return out.str();
}

// What dropping the restrictions not significant did, one line.
std::string significance_line(const PrimReport& report) {
    const std::string level = format_number(report.threshold);
    if (report.keep_restrictions)
        return "restrictions kept as asked (--keep-restrictions), whatever their quasi-p-values\n";
    if (report.dropped.empty()) return "every restriction is significant: its quasi-p-value is at most " + level + "\n";
    std::ostringstream out;
    out << "dropped as not significant (quasi-p-value above " << level << "; --keep-restrictions keeps them): ";
    for (std::size_t k = 0; k < report.dropped.size(); ++k)
        out << (k ? ", " : "") << report.parameters[report.dropped[k].column] << " (" << brief(report.dropped[k].p) << ")";
    const PrimBox& before = report.pasted;
    const PrimBox& after = report.significant;
    out << "; coverage " << fixed(before.coverage, 3) << " -> " << fixed(after.coverage, 3) << ", density "
        << fixed(before.density, 3) << " -> " << fixed(after.density, 3) << ", support " << fixed(before.support, 3)
        << " -> " << fixed(after.support, 3) << " (" << before.runs << " -> " << after.runs << " runs)\n";
    return out.str();
}

// The final box's limits and quasi-p-values beside the sampled range, one line per input.
std::string box_table(const PrimReport& report) {
    std::ostringstream out;
    const PrimBox& box = report.final_box();
    const PrimBox& all = report.result.trajectory.front();
    const std::size_t w = widest(report.parameters, 9) + 2;
    out << "  " << pad("input", w) << pad("box", 28) << pad("quasi-p", 12) << "sampled range\n";
    for (std::size_t c = 0; c < report.parameters.size(); ++c) {
        const bool restricted = prim_restricts(box, all, c);
        out << "  " << pad(report.parameters[c], w)
            << pad(restricted ? bracket(brief(box.lo[c]), brief(box.hi[c])) : "unrestricted", 28)
            << pad(restricted ? brief(report.significant_p[c]) : "-", 12)
            << bracket(brief(all.lo[c]), brief(all.hi[c])) << "\n";
    }
    return out.str();
}

}  // namespace

std::string prim_csv(const PrimReport& report) {
    std::ostringstream out;
    CsvWriter csv(out);
    for (const char* h : {"step", "runs", "support", "coverage", "density", "chosen"}) csv.text(h);
    for (const auto& p : report.parameters) csv.text(p + "_lo").text(p + "_hi");
    // New columns go last, so that scripts reading the others by position keep working.
    csv.text("phase");
    for (const auto& p : report.parameters) csv.text(p + "_p");
    csv.end_row();
    const auto& t = report.result.trajectory;
    for (std::size_t b = 0; b < t.size(); ++b) prim_row(csv, b, t[b], b == report.result.chosen, "peel");
    // chosen stays 1 on one row only, the peeling's choice; the pasted box is marked by phase.
    prim_row(csv, report.result.chosen, report.pasted, false, "paste", report.pasted_p);
    if (!report.keep_restrictions)
        prim_row(csv, report.result.chosen, report.significant, false, "significant", report.significant_p);
    return out.str();
}

std::string prim_text(const PrimReport& report) {
    std::ostringstream out;
    const auto& t = report.result.trajectory;
    const PrimBox& box = t[report.result.chosen];
    const PrimBox& all = t.front();
    out << "PRIM (Friedman and Fisher 1999) for: " << report.condition << "\n"
        << report.interesting << " of " << report.runs << " runs meet it (density " << fixed(all.density, 3)
        << "); peeling alpha " << format_number(report.options.alpha) << ", minimum support "
        << format_number(report.options.min_support) << ", " << t.size() - 1 << " peels\n"
        << "chosen box (step " << report.result.chosen << ", the densest with coverage >= "
        << format_number(report.options.min_coverage) << "): coverage " << fixed(box.coverage, 3) << ", density "
        << fixed(box.density, 3) << ", support " << fixed(box.support, 3) << " (" << box.runs << " runs)\n"
        << paste_line(report) << significance_line(report) << "\n" << box_table(report);
    return out.str();
}

void write_file_atomically(const std::filesystem::path& file, const std::string& text) {
    const std::filesystem::path tmp = file.string() + ".tmp-" + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        out << text;
        out.close();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(tmp, ignored);
            throw write_error(file.string());
        }
    }
    std::filesystem::rename(tmp, file);
}

}  // namespace geosim
