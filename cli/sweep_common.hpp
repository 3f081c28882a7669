#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runs.hpp"
#include "analysis/sweep_stats.hpp"
#include "cli/args.hpp"
#include "cli/progress.hpp"
#include "engine/core/world.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/sweep_blocks.hpp"
#include "outputs/sweep_csv.hpp"
#include "outputs/sweep_journal.hpp"
#include "outputs/sweep_series.hpp"

// The parts of a sweep shared by the one-process sweep, its shards, `merge` and the MPI driver,
// so that they all compute the same blocks and write the same outputs.
namespace geosim::cli {

// Runs per block unless --block-size says otherwise.
constexpr std::uint64_t kDefaultBlockSize = 1024;

// A sweep ready to run: the scenario compiled with the sweep's seed, its design, rows and
// runs.csv layout. Built once and never moved (the runs.csv table refers to its members).
struct SweepSetup {
    std::string file;  // the scenario as given
    ScenarioSpec spec;
    std::string scenario_sha;
    std::string world_sha;  // the world file and its includes, in load order
    std::string design_text;
    std::uint64_t block = kDefaultBlockSize;
    World world;
    std::unique_ptr<SweepDesign> design;
    std::vector<RowKey> keys;
    std::vector<SweepOutcome> outcomes;
    SweepRecording recording;        // what each run records: the summarised rows and the outcomes
    std::vector<RowKey> summary_keys;  // keys[recording.rows[k]], the rows of summary.csv (and series.csv)
    std::uint64_t rows = 0;  // recorded values per run: summarised rows x steps
    std::unique_ptr<SweepRunsTable> table;

    std::uint64_t seed() const { return design->seed(); }
    std::uint64_t runs() const { return design->runs(); }
    std::uint64_t blocks() const { return (runs() + block - 1) / block; }
    // Run ids of block b: [first_run(b), end_run(b)).
    std::uint64_t first_run(std::uint64_t b) const { return b * block; }
    std::uint64_t end_run(std::uint64_t b) const { return std::min(runs(), (b + 1) * block); }
    SweepJournalHeader identity() const { return {scenario_sha, world_sha, seed(), runs(), design_text, block, rows}; }
};

// Compiles `spec` (loaded from `file`, whose SHA-256 is `sha`) for a sweep of `runs` runs (0:
// the default) with `seed`, `design` and `block` runs per block. Throws a located InputError
// when the design does not suit the parameters.
std::unique_ptr<SweepSetup> make_sweep_setup(const std::string& file, ScenarioSpec spec, const std::string& sha,
                                             std::uint64_t seed, std::uint64_t runs, const std::string& design,
                                             std::uint64_t block, const DesignSource& source = {});

// Runs the runs of blocks [first, last) over `threads` threads and hands each completed block
// (its runs.csv rows and the aggregate of its runs, folded in run-id order) to `done`, in block
// order. Failed runs are named on stderr. After each run `progress` is told `done_before` plus
// the runs this call has completed. `each_run`, if given, sees every run in run-id order.
void run_blocks(const SweepSetup& s, std::uint64_t first, std::uint64_t last, int threads,
                const std::function<void(SweepBlock&)>& done, Progress& progress, std::uint64_t done_before,
                const std::function<void(const SweepRunResult&)>& each_run = {});

// How the outputs were produced, for the manifest.
struct SweepRecord {
    int threads = 0;
    bool resumed = false;
    double wall_seconds = 0;
    std::string command_line;
    bool series = false;  // series.csv written (--keep-series)
};

// Writes summary.csv, runs.csv (its header, then what `copy_rows` writes), manifest.json and the
// report with its representative run into `out`, which appears whole or not at all; `extra`, if
// given, writes more files into the folder being assembled before the manifest. The
// representative run is chosen from runs.csv as written (see representative_run), so every way
// of running a sweep shows the same one.
void write_sweep_outputs(const SweepSetup& s, const std::filesystem::path& out, const SweepStats& stats,
                         const std::function<void(std::ostream&)>& copy_rows, const SweepRecord& record,
                         const std::function<void(const std::filesystem::path&)>& extra = {});

// A sweep as its command line (and, with --resume, its journal) says.
struct SweepCommand {
    Args args;
    std::string file;
    std::chrono::steady_clock::time_point start;
    int threads = 1;
    bool quiet = false;
    bool interactive = false;  // progress on stderr: a terminal and no --quiet
    std::unique_ptr<SweepSetup> setup;
    std::filesystem::path out;
    // With --shard: this process computes blocks [shard_first, shard_last) into `out`.
    bool shard = false;
    std::uint64_t shard_index = 0;
    std::uint64_t shard_count = 1;
    std::uint64_t shard_first = 0;
    std::uint64_t shard_last = 0;
    // Otherwise: the journal in out.partial (created, or opened by --resume).
    std::optional<SweepJournal> journal;
    // With --keep-series (or resuming a sweep that had it): the per-run series.
    std::unique_ptr<SweepSeries> series;
};

// The options of `geosim sweep` (the MPI driver takes the same but --shard).
std::vector<OptionSpec> sweep_options();

// Parses the command line, loads the scenario and prepares the journal or the shard's folder.
// Throws UsageError or InputError on bad input, before writing anything.
SweepCommand prepare_sweep(const std::vector<std::string>& argv);

// Computes again the blocks among 0..blocks_done-1 whose rows the journal has lost (a missing or
// damaged file), saying so on stderr, and journals their rows; the journal's aggregate, checked
// apart, already counts their runs.
void repair_journal_rows(const SweepCommand& c, std::uint64_t blocks_done);

// Runs a sweep's missing blocks in one process, journaling each (see SweepJournal), and writes
// its outputs; returns the exit code.
int run_journaled_sweep(SweepCommand& c, const std::vector<std::string>& argv);

// The closing lines of a sweep (the results folder alone with --quiet; `detail`, if any, is a
// line before it) and its exit code: 3 when some runs failed, after saying so on stderr, else 0.
int report_sweep(const SweepSetup& s, const SweepStats& stats, const std::filesystem::path& out, bool quiet,
                 double wall, std::uint64_t runs_computed, const std::string& workers,
                 const std::string& detail = "");

// The journal of an interrupted sweep into DIR lives beside it, in DIR.partial.
std::filesystem::path partial_of(const std::filesystem::path& out);

// "4 threads", "1 thread".
std::string count_of(long long n, const char* what);

}  // namespace geosim::cli
