#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tbb/info.h>
#include <unistd.h>

#include "analysis/prim.hpp"
#include "analysis/sensitivity.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "engine/core/error.hpp"
#include "engine/core/number.hpp"
#include "engine/shocks/column_condition.hpp"
#include "outputs/analysis_out.hpp"
#include "outputs/sweep_read.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

constexpr long long kDefaultResamples = 1000;
// PAWN's conditioning intervals (Pianosi and Wagener 2018 use 10 in their examples).
constexpr long long kDefaultClasses = 10;

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

// work(tell) with a progress line on stderr, "LABEL: done/total UNIT, ...", when `shown` (stderr
// is a terminal and there is no --quiet), cleared afterwards, also when work throws so that the
// error starts a clean line.
template <class Work>
auto with_progress(bool shown, const char* label, const char* unit, Work work) {
    Progress progress(0, 0, shown, label, unit);
    ProgressFn tell;
    if (shown) tell = [&progress](std::uint64_t done, std::uint64_t total) { progress.update(done, total); };
    try {
        auto result = work(tell);
        progress.finish();
        return result;
    } catch (...) {
        progress.finish();
        throw;
    }
}

}  // namespace

int analyze_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"sobol", false}, {"pawn", false}, {"classes", true}, {"prim", true},
                                        {"keep-restrictions", false}, {"alpha", true}, {"min-support", true},
                                        {"min-coverage", true}, {"resamples", true}, {"seed", true},
                                        {"threads", true}, {"quiet", false}});
    if (args.positional.size() != 1) throw UsageError("expected one sweep results folder");
    const fs::path dir = args.positional[0];
    const auto resamples = static_cast<std::size_t>(args.get_int("resamples", 100, 100000).value_or(kDefaultResamples));
    const auto seed_opt = args.get_int("seed", 0, 1LL << 53);
    const auto classes = static_cast<std::size_t>(args.get_int("classes", 2, 100).value_or(kDefaultClasses));
    const int threads = static_cast<int>(args.get_int("threads", 1, 256).value_or(tbb::info::default_concurrency()));
    PrimOptions options;
    options.alpha = get_number(args, "alpha", 0.01, 0.5).value_or(options.alpha);
    options.min_support = get_number(args, "min-support", 0, 1).value_or(options.min_support);
    options.min_coverage = get_number(args, "min-coverage", 0, 1).value_or(options.min_coverage);
    const auto condition = args.get("prim");
    if (condition && condition->empty()) throw UsageError("--prim needs a condition, e.g. --prim \"alignment(PHL) < 0\"");

    // Reading runs.csv, the bootstrap and the peeling each take seconds at a million runs.
    const bool progress = !args.has("quiet") && ::isatty(STDERR_FILENO);
    const SweepResults sweep = with_progress(progress, "analyze: reading runs.csv", "rows",
                                             [&](const ProgressFn& tell) { return read_sweep_results(dir, tell); });
    const std::uint64_t seed = seed_opt ? static_cast<std::uint64_t>(*seed_opt) : sweep.seed;
    // Without a choice: Sobol indices of a sobol sweep, PAWN indices of any other.
    const bool sobol = args.has("sobol") || (!condition && !args.has("pawn") && sweep.design == "sobol");
    const bool pawn = args.has("pawn") || (!condition && !sobol);
    if (sobol && sweep.design != "sobol")
        throw InputError({dir.string()}, "", "Sobol indices need a sweep run with --design sobol; this one is " + sweep.design +
                                                 " (PAWN and PRIM work on any design: --pawn, --prim CONDITION)");
    // The condition is checked before anything is computed or written.
    std::optional<ColumnCondition> parsed;
    if (condition) {
        std::vector<std::string> columns = sweep_inputs(sweep);
        columns.insert(columns.end(), sweep.outcomes.begin(), sweep.outcomes.end());
        try {
            parsed = ColumnCondition::parse(*condition, columns);
        } catch (const condition::SyntaxError& e) {
            throw UsageError("--prim, at character " + std::to_string(e.offset + 1) + ": " + e.message);
        }
    }

    // Everything is computed before anything is written, so a failure leaves the folder as it was.
    std::vector<std::pair<std::string, std::string>> files;  // (name, text)
    std::string shown;
    if (sobol) {
        const std::vector<SobolOutcome> results =
            with_progress(progress, "analyze: Sobol bootstrap", "resamples",
                          [&](const ProgressFn& tell) { return sobol_analysis(sweep, resamples, seed, threads, tell); });
        files.emplace_back("sobol.csv", sobol_csv(results, sweep.parameters));
        files.emplace_back("sobol.txt", sobol_text(results, sweep.parameters, resamples));
        shown += files.back().second;
    }
    if (pawn) {
        const std::vector<PawnOutcome> results =
            with_progress(progress, "analyze: PAWN bootstrap", "resamples", [&](const ProgressFn& tell) {
                return pawn_analysis(sweep, dir.string(), classes, resamples, seed, threads, tell);
            });
        const std::vector<std::string> inputs = sweep_inputs(sweep);
        files.emplace_back("pawn.csv", pawn_csv(results, inputs));
        files.emplace_back("pawn.txt", pawn_text(results, inputs, classes, resamples));
        shown += (shown.empty() ? "" : "\n") + files.back().second;
    }
    if (parsed) {
        const PrimReport report = with_progress(progress, "analyze: PRIM peeling", "peels", [&](const ProgressFn& tell) {
            return prim_analysis(sweep, dir.string(), *condition, *parsed, options, args.has("keep-restrictions"), tell);
        });
        files.emplace_back("prim.csv", prim_csv(report));
        files.emplace_back("prim.txt", prim_text(report));
        shown += (shown.empty() ? "" : "\n") + files.back().second;
    }
    std::vector<fs::path> written;
    for (const auto& [name, text] : files) {
        write_file_atomically(dir / name, text);
        written.push_back(dir / name);
    }
    if (!args.has("quiet")) std::cout << shown << "\n";
    for (const fs::path& p : written) std::cout << p.string() << "\n";
    return 0;
}

}  // namespace geosim::cli
