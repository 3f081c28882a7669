#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <tbb/info.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/results_dir.hpp"
#include "engine/compile.hpp"
#include "engine/paired_runs.hpp"
#include "engine/scenario.hpp"
#include "engine/sweep_design.hpp"
#include "engine/sweep_runs.hpp"
#include "engine/sweep_stats.hpp"
#include "outputs/manifest.hpp"
#include "outputs/output_dir.hpp"
#include "outputs/sha256.hpp"
#include "outputs/sweep_csv.hpp"
#include "outputs/sweep_journal.hpp"
#include "outputs/sweep_manifest.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

constexpr long long kMaxThreads = 256;
constexpr std::uint64_t kDefaultRuns = 100;
// Runs per journaled block. Blocks are the unit of checkpointing; the results do not depend on
// the size, but a resume must use the journal's.
constexpr long long kDefaultBlockSize = 1024;
// Runs folded into the aggregate at a time: large enough that each row's accumulators stay in
// cache for several values, small enough to hold (16 x values per run).
constexpr std::size_t kBatch = 16;

// The journal of an interrupted sweep into DIR lives beside it, in DIR.partial.
fs::path partial_of(const fs::path& out) {
    fs::path p = out.lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    return p.string() + ".partial";
}

// --resume accepts the sweep's output folder or its .partial journal folder.
fs::path output_of_resume(const std::string& given) {
    fs::path p = fs::path(given).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    const std::string s = p.string();
    const std::string suffix = ".partial";
    if (s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
        return s.substr(0, s.size() - suffix.size());
    return p;
}

// An option given on a resume must agree with the journal, or the result would not be the
// sweep that was started.
template <class T>
void same_as_journal(const char* option, const std::optional<T>& given, const T& journal) {
    if (given && *given != journal)
        throw UsageError(std::string("--") + option + " differs from the interrupted sweep's; omit it to resume");
}

}  // namespace

int sweep_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"runs", true}, {"threads", true}, {"seed", true},
                                        {"design", true}, {"out", true}, {"resume", true},
                                        {"quiet", false}, {"block-size", true}});
    if (args.positional.size() != 1) throw UsageError("expected one scenario file");
    const std::string file = args.positional[0];
    const auto runs_opt = args.get_int("runs", 1, kMaxSweepRuns);
    const int threads = static_cast<int>(
        args.get_int("threads", 1, kMaxThreads).value_or(tbb::info::default_concurrency()));
    const auto seed_opt = args.get_int("seed", 0, 1LL << 53);
    const auto block_opt = args.get_int("block-size", 1, kMaxSweepRuns);
    const auto design_opt = args.get("design");
    if (design_opt && *design_opt != "mc" && *design_opt != "lhs" && *design_opt != "grid")
        throw UsageError("--design must be mc, lhs or grid, got '" + *design_opt + "'");
    if (args.has("resume") && args.has("out")) throw UsageError("--resume DIR writes to DIR; drop --out");

    const auto t0 = std::chrono::steady_clock::now();
    ScenarioSpec spec = load_scenario(file);
    const SweepSpec sweep = spec.sweep.value_or(SweepSpec{});
    const std::string scenario_sha = sha256_file(file);

    fs::path out;
    std::optional<SweepJournal> journal;
    std::uint64_t seed = seed_opt ? static_cast<std::uint64_t>(*seed_opt) : spec.seed;
    std::string design_text = design_opt.value_or(sweep.design);
    std::uint64_t runs = runs_opt ? static_cast<std::uint64_t>(*runs_opt) : sweep.runs;
    std::uint64_t block = static_cast<std::uint64_t>(block_opt.value_or(kDefaultBlockSize));
    if (const auto resume = args.get("resume")) {
        out = output_of_resume(*resume);
        if (!fs::exists(partial_of(out)))
            throw UsageError("no interrupted sweep to resume: '" + partial_of(out).string() + "' does not exist");
        try {
            journal = SweepJournal::open(partial_of(out));
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        const SweepJournalHeader& h = journal->header();
        if (h.scenario_sha256 != scenario_sha)
            throw InputError({file}, "", "cannot resume: the scenario has changed since the sweep started "
                                         "(SHA-256 " + scenario_sha + ", the journal's " + h.scenario_sha256 + ")");
        same_as_journal<std::uint64_t>("seed", seed_opt ? std::optional<std::uint64_t>(seed) : std::nullopt, h.seed);
        same_as_journal<std::uint64_t>("runs", runs_opt ? std::optional<std::uint64_t>(runs) : std::nullopt, h.runs);
        same_as_journal<std::string>("design", design_opt, h.design);
        same_as_journal<std::uint64_t>("block-size", block_opt ? std::optional<std::uint64_t>(block) : std::nullopt, h.block_size);
        seed = h.seed;
        runs = h.runs;
        design_text = h.design;
        block = h.block_size;
    } else {
        out = args.get("out") ? fs::path(*args.get("out")) : default_results_dir(spec.name + "-sweep");
    }

    spec.seed = seed;
    const World world = compile(spec);
    const Design kind = parse_design(design_text);
    if (runs == 0 && kind != Design::Grid) runs = kDefaultRuns;
    const SweepDesign design(kind, sweep.parameters, runs, seed);
    runs = design.runs();
    const std::vector<RowKey> keys = row_keys(world);
    const std::vector<SweepOutcome> outcomes = resolve_outcomes(sweep.outcomes, keys);
    const SweepRecording recording = sweep_recording(keys, sweep.summary, outcomes);
    const std::uint64_t rows = recording.rows.size() * static_cast<std::uint64_t>(world.horizon + 1);

    if (!journal) {
        // Refused before anything is written, like every other bad input.
        if (fs::exists(out) && !(fs::is_directory(out) && fs::is_empty(out)))
            throw UsageError("'" + out.string() + "' exists and is not empty");
        if (fs::exists(partial_of(out)))
            throw UsageError("an interrupted sweep into '" + out.string() + "' exists; finish it with --resume " +
                             out.string() + " or remove '" + partial_of(out).string() + "'");
        journal = SweepJournal::create(partial_of(out), {scenario_sha, seed, runs, design_text, block, rows});
    } else if (journal->header().rows != rows) {
        throw UsageError("the interrupted sweep recorded another number of values per run");
    }

    SweepStats stats;
    const std::uint64_t blocks_done = journal->load(stats);
    const std::uint64_t blocks = (runs + block - 1) / block;
    const std::uint64_t first = std::min(runs, blocks_done * block);
    const SweepRunsTable table(design, outcomes, world.start);
    const bool interactive = !args.has("quiet") && ::isatty(STDERR_FILENO);
    // Whoever watches a long sweep should know how to finish it after an interruption.
    if (interactive)
        std::cerr << "geosim sweep: journal in " << journal->folder().string()
                  << "/ (if interrupted: geosim sweep " << file << " --resume " << out.string() << ")\n";
    Progress progress(first, runs, interactive);
    std::string block_rows;
    // Successful runs wait here to be folded a batch at a time (SweepStats::add_runs).
    std::vector<std::vector<double>> batch(kBatch);
    std::size_t batched = 0;
    run_sweep(world, keys, recording, design, first, threads, [&](const SweepRunResult& r) {
        if (r.error.empty()) {
            batch[batched++] = r.values;
        } else {
            stats.add_failure();
            progress.finish();
            std::cerr << "geosim sweep: run " << r.plan.run_id << " (seed " << r.plan.seed
                      << ") failed: " << r.error << "\n";
        }
        table.append(block_rows, r);
        const std::uint64_t done = r.plan.run_id + 1;
        const bool block_end = done % block == 0 || done == runs;
        if (batched == kBatch || block_end) {
            stats.add_runs(batch, batched);
            batched = 0;
        }
        if (block_end) {
            journal->commit_block(r.plan.run_id / block, block_rows, stats);
            block_rows.clear();
        }
        progress.update(done);
    });
    progress.finish();

    OutputDir dir(out);
    write_sweep_summary(dir.path() / "summary.csv", stats, keys, recording.rows, world.start);
    {
        std::ofstream runs_csv(dir.path() / "runs.csv", std::ios::binary);
        runs_csv << table.header();
        journal->copy_rows(runs_csv, blocks);
        runs_csv.close();
        if (!runs_csv) throw std::runtime_error("cannot write '" + (dir.path() / "runs.csv").string() + "'");
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    SweepManifest m;
    m.scenario_path = file;
    m.scenario_sha256 = scenario_sha;
    m.world_path = spec.world_display;
    m.world_sha256 = sha256_files(world.files);
    m.seed = seed;
    m.runs = runs;
    m.failed_runs = stats.failed();
    m.design = design_text;
    m.block_size = block;
    m.threads = threads;
    m.resumed = blocks_done > 0;
    for (const SweepParameter& p : design.parameters()) m.sampled.emplace_back(p.path, p.values.describe());
    for (const SweepOutcome& o : outcomes) m.outcomes.push_back(o.label);
    m.version = GEOSIM_VERSION;
    m.start = format_quarter(world.start);
    m.horizon = world.horizon;
    m.wall_seconds = wall;
    m.command_line = command_text("sweep", argv);
    m.created_utc = format_utc_iso8601(std::chrono::system_clock::now());
    write_sweep_manifest(dir.path() / "manifest.json", m);
    dir.commit();
    fs::remove_all(journal->folder());

    if (args.has("quiet")) {
        std::cout << out.string() << "\n";
    } else {
        const double rate = wall > 0 ? static_cast<double>(runs - first) / wall : 0;
        std::printf("geosim sweep: %s, %llu runs (%s), seed %llu, %llu failed\n"
                    "wall time %.3f s (%d thread%s, %.1f runs/s)\nresults: %s/\n",
                    spec.name.c_str(), static_cast<unsigned long long>(runs), design_text.c_str(),
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(stats.failed()),
                    wall, threads, threads == 1 ? "" : "s", rate, out.string().c_str());
    }
    if (stats.failed() > 0) {
        std::cerr << "geosim sweep: " << stats.failed() << " of " << runs
                  << " runs failed and are left out of summary.csv (see runs.csv)\n";
        return 3;
    }
    return 0;
}

}  // namespace geosim::cli
