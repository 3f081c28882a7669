#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tbb/info.h>

#include "analysis/paired_runs.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/replay.hpp"
#include "cli/results_dir.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/compare_csv.hpp"
#include "outputs/compare_manifest.hpp"
#include "outputs/compare_summary.hpp"
#include "outputs/indicators_csv.hpp"
#include "outputs/manifest.hpp"
#include "outputs/output_dir.hpp"
#include "outputs/report.hpp"
#include "outputs/report_data.hpp"
#include "outputs/sha256.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

// Confidence level of the intervals of the mean difference.
constexpr double kLevel = 0.90;
constexpr long long kMaxRuns = 100000;
constexpr long long kMaxThreads = 256;

ScenarioDigest digest(const std::string& file, const ScenarioSpec& spec, const World& world) {
    return {file, sha256_file(file), spec.world_display, sha256_files(world.files),
            parameter_values(world.params)};
}

}  // namespace

int compare_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"runs", true}, {"seed", true}, {"threads", true},
                                        {"out", true}, {"quiet", false}});
    if (args.positional.size() != 2) throw UsageError("expected two scenario files, BASE and ALT");
    const std::string base_file = args.positional[0], alt_file = args.positional[1];
    const auto runs = static_cast<std::uint64_t>(args.get_int("runs", 1, kMaxRuns).value_or(1));
    const int threads = static_cast<int>(
        args.get_int("threads", 1, kMaxThreads).value_or(tbb::info::default_concurrency()));
    const auto seed_option = args.get_int("seed", 0, 1LL << 53);
    const auto out_given = out_option(args);

    const auto t0 = std::chrono::steady_clock::now();
    ScenarioSpec base_spec = load_scenario(base_file);
    ScenarioSpec alt_spec = load_scenario(alt_file);
    // Both sides run with one seed so that their random streams coincide.
    const std::uint64_t seed = seed_option ? static_cast<std::uint64_t>(*seed_option) : base_spec.seed;
    base_spec.seed = alt_spec.seed = seed;
    const World base = compile(base_spec);
    const World alt = compile(alt_spec);
    // Before the output folder exists, so that bad input leaves nothing behind.
    check_comparable(base, alt);

    const fs::path out = destination(out_given, "compare-" + base_spec.name + "-vs-" + alt_spec.name);
    OutputDir dir(out);
    const Comparison comparison = compare_worlds(base, alt, {.seed = seed, .runs = runs, .threads = threads});
    write_compare_csv(dir.path() / "compare.csv", comparison, kLevel);
    const CompareSummaryInfo summary{base_spec.name, alt_spec.name, seed, kLevel};
    write_compare_summary(dir.path() / "summary.txt", comparison, summary);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    CompareManifest m;
    m.base = digest(base_file, base_spec, base);
    m.alt = digest(alt_file, alt_spec, alt);
    m.seed = seed;
    m.runs = runs;
    m.threads = threads;
    m.level = kLevel;
    m.version = GEOSIM_VERSION;
    m.start = format_quarter(base.start);
    m.horizon = base.horizon;
    m.wall_seconds = wall;
    m.command_line = command_text("compare", argv);
    m.created_utc = format_utc_iso8601(std::chrono::system_clock::now());
    write_compare_manifest(dir.path() / "manifest.json", m);
    write_indicators_csv(dir.path() / "indicators.csv");
    // The report shows the events and tie networks of run 0 of each side (same seed, so the
    // same random draws); the means and differences come from compare.csv.
    const RunPlan first{.run_id = 0, .seed = seed};
    write_replay(dir.path() / kBaseRun, base_file, base_spec, base, first, false, m.command_line);
    write_replay(dir.path() / kAltRun, alt_file, alt_spec, alt, first, false, m.command_line);
    write_report(dir.path());
    dir.commit();

    if (args.has("quiet")) {
        std::cout << out.string() << "\n";
    } else {
        write_compare_summary(std::cout, comparison, summary);
        std::printf("wall time %.3f s (%d thread%s)\nresults: %s/\n", wall, threads,
                    threads == 1 ? "" : "s", out.string().c_str());
    }
    return 0;
}

}  // namespace geosim::cli
