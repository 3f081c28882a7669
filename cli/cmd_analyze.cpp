#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tbb/info.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "engine/column_condition.hpp"
#include "engine/error.hpp"
#include "engine/number.hpp"
#include "engine/prim.hpp"
#include "engine/sensitivity.hpp"
#include "outputs/analysis_out.hpp"
#include "outputs/sweep_read.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

constexpr long long kDefaultResamples = 1000;

// A number option in [lo, hi]; UsageError otherwise.
std::optional<double> get_number(const Args& args, const std::string& name, double lo, double hi) {
    const auto text = args.get(name);
    if (!text) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size() || !(v >= lo && v <= hi))
        throw UsageError("--" + name + " must be a number between " + format_number(lo) + " and " +
                         format_number(hi) + ", got '" + *text + "'");
    return v;
}

std::vector<SobolOutcome> sobol_of(const SweepResults& sweep, std::size_t resamples, std::uint64_t seed, int threads) {
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
        else result.indices = sobol_indices(y, k, resamples, seed, threads);
        out.push_back(std::move(result));
    }
    return out;
}

}  // namespace

int analyze_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"sobol", false}, {"prim", true}, {"alpha", true}, {"min-support", true},
                                        {"min-coverage", true}, {"resamples", true}, {"seed", true},
                                        {"threads", true}, {"quiet", false}});
    if (args.positional.size() != 1) throw UsageError("expected one sweep results folder");
    const fs::path dir = args.positional[0];
    const auto resamples = static_cast<std::size_t>(args.get_int("resamples", 100, 100000).value_or(kDefaultResamples));
    const auto seed_opt = args.get_int("seed", 0, 1LL << 53);
    const int threads = static_cast<int>(args.get_int("threads", 1, 256).value_or(tbb::info::default_concurrency()));
    PrimOptions options;
    options.alpha = get_number(args, "alpha", 0.01, 0.5).value_or(options.alpha);
    options.min_support = get_number(args, "min-support", 0, 1).value_or(options.min_support);
    options.min_coverage = get_number(args, "min-coverage", 0, 1).value_or(options.min_coverage);
    const auto condition = args.get("prim");
    if (condition && condition->empty()) throw UsageError("--prim needs a condition, e.g. --prim \"alignment(PHL) < 0\"");

    const SweepResults sweep = read_sweep_results(dir);
    const std::uint64_t seed = seed_opt ? static_cast<std::uint64_t>(*seed_opt) : sweep.seed;
    const bool sobol = args.has("sobol") || (!condition && sweep.design == "sobol");
    if (sobol && sweep.design != "sobol")
        throw InputError({dir.string()}, "", "Sobol indices need a sweep run with --design sobol; this one is " + sweep.design +
                                                 " (PRIM works on any design: --prim CONDITION)");
    if (!sobol && !condition)
        throw UsageError("nothing to analyze: give --prim CONDITION (Sobol indices need a sobol sweep)");
    // The condition is checked before anything is computed or written.
    std::optional<ColumnCondition> parsed;
    if (condition) {
        std::vector<std::string> columns = sweep.parameters;
        columns.insert(columns.end(), sweep.outcomes.begin(), sweep.outcomes.end());
        try {
            parsed = ColumnCondition::parse(*condition, columns);
        } catch (const condition::SyntaxError& e) {
            throw UsageError("--prim, at character " + std::to_string(e.offset + 1) + ": " + e.message);
        }
    }

    std::vector<fs::path> written;
    std::string shown;
    if (sobol) {
        const std::vector<SobolOutcome> results = sobol_of(sweep, resamples, seed, threads);
        const std::string text = sobol_text(results, sweep.parameters, resamples);
        write_file_atomically(dir / "sobol.csv", sobol_csv(results, sweep.parameters));
        write_file_atomically(dir / "sobol.txt", text);
        written.push_back(dir / "sobol.csv");
        written.push_back(dir / "sobol.txt");
        shown += text;
    }
    if (parsed) {
        PrimReport report;
        report.condition = *condition;
        report.options = options;
        report.parameters = sweep.parameters;
        std::vector<std::vector<double>> x;
        std::vector<bool> interest;
        for (std::size_t r = 0; r < sweep.values.size(); ++r) {
            if (sweep.failed[r]) continue;
            std::vector<double> row = sweep.values[r];
            row.insert(row.end(), sweep.outcome_values[r].begin(), sweep.outcome_values[r].end());
            x.push_back(sweep.values[r]);
            interest.push_back(parsed->holds(row));
            if (interest.back()) ++report.interesting;
        }
        report.runs = x.size();
        if (report.parameters.empty()) throw InputError({dir.string()}, "", "PRIM needs sampled parameters; this sweep has none");
        if (report.interesting == 0)
            throw InputError({dir.string()}, "", "no successful run meets --prim \"" + *condition + "\"; there is nothing to find");
        report.result = prim(x, interest, options);
        const std::string text = prim_text(report);
        write_file_atomically(dir / "prim.csv", prim_csv(report));
        write_file_atomically(dir / "prim.txt", text);
        written.push_back(dir / "prim.csv");
        written.push_back(dir / "prim.txt");
        shown += (shown.empty() ? "" : "\n") + text;
    }
    if (!args.has("quiet")) std::cout << shown << "\n";
    for (const fs::path& p : written) std::cout << p.string() << "\n";
    return 0;
}

}  // namespace geosim::cli
