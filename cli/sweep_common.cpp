#include "cli/sweep_common.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <tbb/info.h>
#include <unistd.h>

#include "analysis/sweep_runs.hpp"
#include "cli/replay.hpp"
#include "cli/results_dir.hpp"
#include "engine/core/date.hpp"
#include "engine/core/error.hpp"
#include "engine/run/compile.hpp"
#include "engine/shocks/shock_run.hpp"
#include "outputs/indicators_csv.hpp"
#include "outputs/manifest.hpp"
#include "outputs/output_dir.hpp"
#include "outputs/report.hpp"
#include "outputs/report_data.hpp"
#include "outputs/sha256.hpp"
#include "outputs/sweep_manifest.hpp"
#include "outputs/sweep_read.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

constexpr long long kMaxThreads = 256;
constexpr std::uint64_t kDefaultRuns = 100;
// Runs folded into a block's aggregate at a time: large enough that each row's accumulators stay
// in cache for several values, small enough to hold (16 x values per run).
constexpr std::size_t kBatch = 16;

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

// "i/N" with 0 <= i < N; false otherwise.
bool parse_shard(const std::string& text, std::uint64_t& index, std::uint64_t& count) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return false;
    const std::string i = text.substr(0, slash), n = text.substr(slash + 1);
    const auto digits = [](const std::string& s) {
        return !s.empty() && s.size() <= 7 && s.find_first_not_of("0123456789") == std::string::npos;
    };
    if (!digits(i) || !digits(n)) return false;
    index = std::stoull(i);
    count = std::stoull(n);
    return count >= 1 && index < count;
}

// The field of runs.csv the report's representative run is chosen by: the outcome
// asean_alignment of the world's first bloc (ASEAN in the default world), wherever the outcomes
// put it; none when the world has no bloc or the scenario's outcomes leave it out.
std::optional<std::size_t> representative_column(const SweepSetup& s) {
    if (s.world.blocs.empty()) return std::nullopt;
    for (std::size_t k = 0; k < s.outcomes.size(); ++k) {
        const RowKey& key = s.keys[s.outcomes[k].key];
        if (key.indicator == "asean_alignment" && key.agent == s.world.blocs.front().id && key.partner.empty())
            return s.table->outcome_column(k);
    }
    return std::nullopt;
}

// The run the report shows (events, tie networks, trade flows): the one whose final ASEAN
// alignment in `runs_csv` is closest to the median over the successful runs, the lower run id on
// ties; run 0 when runs.csv has no such column or no run succeeded. Read from the finished
// runs.csv, which is the same bytes however the sweep was run (one process, resumed, shards and
// merge, MPI), so that all of them show the same run.
std::uint64_t representative_run(const SweepSetup& s, const fs::path& runs_csv) {
    const std::optional<std::size_t> column = representative_column(s);
    return column ? median_run(runs_csv, *column) : 0;
}

}  // namespace

fs::path partial_of(const fs::path& out) {
    fs::path p = out.lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    return p.string() + ".partial";
}

std::string count_of(long long n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

std::vector<OptionSpec> sweep_options() {
    return {{"runs", true},   {"threads", true}, {"seed", true},  {"design", true},     {"out", true},
            {"resume", true}, {"quiet", false},  {"block-size", true}, {"shard", true}, {"keep-series", false}};
}

SweepCommand prepare_sweep(const std::vector<std::string>& argv) {
    SweepCommand c;
    c.start = std::chrono::steady_clock::now();
    c.args = parse_args(argv, sweep_options());
    const Args& args = c.args;
    if (args.positional.size() != 1) throw UsageError("expected one scenario file");
    c.file = args.positional[0];
    const auto runs_opt = args.get_int("runs", 1, kMaxSweepRuns);
    c.threads = static_cast<int>(
        args.get_int("threads", 1, kMaxThreads).value_or(tbb::info::default_concurrency()));
    const auto seed_opt = args.get_int("seed", 0, 1LL << 53);
    const auto block_opt = args.get_int("block-size", 1, kMaxSweepRuns);
    const auto design_opt = args.get("design");
    if (design_opt && *design_opt != "mc" && *design_opt != "lhs" && *design_opt != "grid" && *design_opt != "sobol")
        throw UsageError("--design must be mc, lhs, grid or sobol, got '" + *design_opt + "'");
    if (args.has("resume") && args.has("out")) throw UsageError("--resume DIR writes to DIR; drop --out");
    if (const auto shard = args.get("shard")) {
        if (!parse_shard(*shard, c.shard_index, c.shard_count))
            throw UsageError("--shard must be i/N with 0 <= i < N (shards are numbered from 0), got '" + *shard + "'");
        if (args.has("resume"))
            throw UsageError("--shard continues where it stopped when run again with the same --out; drop --resume");
        if (!args.has("out")) throw UsageError("--shard needs --out DIR, the folder of the shard's blocks");
        if (args.has("keep-series")) throw UsageError("--keep-series is for a sweep in one process; drop --shard");
        c.shard = true;
    }
    // Refused before any work (the shard's folder and --resume's are checked below).
    if (!c.shard && args.has("out")) check_destination(*args.get("out"));
    c.quiet = args.has("quiet");
    c.interactive = !c.quiet && ::isatty(STDERR_FILENO);

    ScenarioSpec spec = load_scenario(c.file);
    const SweepSpec sweep = spec.sweep.value_or(SweepSpec{});
    const std::string scenario_sha = sha256_file(c.file);

    std::uint64_t seed = seed_opt ? static_cast<std::uint64_t>(*seed_opt) : spec.seed;
    std::string design_text = design_opt.value_or(sweep.design);
    std::uint64_t runs = runs_opt ? static_cast<std::uint64_t>(*runs_opt) : sweep.runs;
    std::uint64_t block = static_cast<std::uint64_t>(block_opt.value_or(kDefaultBlockSize));
    if (const auto resume = args.get("resume")) {
        c.out = output_of_resume(*resume);
        if (!fs::exists(partial_of(c.out)))
            throw UsageError("no interrupted sweep to resume: '" + partial_of(c.out).string() + "' does not exist");
        try {
            c.journal = SweepJournal::open(partial_of(c.out));
        } catch (const IoError&) {
            throw;  // damaged or in use: not a usage error
        } catch (const std::runtime_error& e) {
            throw UsageError(e.what());
        }
        const SweepJournalHeader& h = c.journal->header();
        if (h.scenario_sha256 != scenario_sha)
            throw InputError({c.file}, "", "cannot resume: the scenario has changed since the sweep started "
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
        c.out = args.get("out") ? fs::path(*args.get("out")) : destination(std::nullopt, spec.name + "-sweep");
    }

    const DesignSource source = design_source(spec, runs_opt.has_value(), design_opt.has_value());
    c.setup = make_sweep_setup(c.file, std::move(spec), scenario_sha, seed, runs, design_text, block, source);
    const SweepSetup& s = *c.setup;
    if (c.journal && c.journal->header().world_sha256 != s.world_sha)
        throw InputError({c.file}, "", "cannot resume: the world's files have changed since the sweep started "
                                       "(SHA-256 " + s.world_sha + ", the journal's " +
                                           c.journal->header().world_sha256 + ")");
    if (c.shard) {
        const std::uint64_t blocks = s.blocks();
        c.shard_first = c.shard_index * blocks / c.shard_count;
        c.shard_last = (c.shard_index + 1) * blocks / c.shard_count;
        if (fs::exists(c.out) && !fs::is_directory(c.out)) throw UsageError("'" + c.out.string() + "' is not a folder");
        if (fs::exists(c.out / "shard.txt")) {
            // A shard run again (after a failure, or another shard into the same folder).
            ShardInfo info;
            try {
                info = read_shard_info(c.out);
            } catch (const std::runtime_error& e) {
                throw UsageError(e.what());
            }
            if (!(info.sweep == s.identity()))
                throw UsageError("'" + c.out.string() + "' holds blocks of another sweep (see its shard.txt)");
        } else if (fs::exists(c.out)) {
            // Shards started together on one folder: the others' temporaries and blocks may be
            // there before any shard.txt; anything else is not a shard folder.
            for (const auto& entry : fs::directory_iterator(c.out))
                if (!is_shard_file_name(entry.path().filename().string()))
                    throw UsageError("'" + c.out.string() + "' exists and holds files other than a shard's (" +
                                     entry.path().filename().string() + ")");
        }
        return c;
    }
    if (!c.journal) {
        if (fs::exists(partial_of(c.out)))
            throw UsageError("an interrupted sweep into '" + c.out.string() + "' exists; finish it with --resume " +
                             c.out.string() + " or remove '" + partial_of(c.out).string() + "'");
        c.journal = SweepJournal::create(partial_of(c.out), s.identity());
    } else if (c.journal->header().rows != s.rows) {
        throw UsageError("the interrupted sweep recorded another number of values per run");
    }
    // --keep-series: the series of completed blocks wait in DIR.partial/series/; a resume keeps
    // series if the interrupted sweep did.
    const fs::path series_folder = c.journal->folder() / "series";
    if (args.has("resume") && args.has("keep-series") && !fs::is_directory(series_folder))
        throw UsageError("--keep-series differs from the interrupted sweep's; omit it to resume");
    if (args.has("keep-series") || (args.has("resume") && fs::is_directory(series_folder)))
        c.series = std::make_unique<SweepSeries>(series_folder, s.summary_keys, s.world.start);
    return c;
}

void repair_journal_rows(const SweepCommand& c, std::uint64_t blocks_done) {
    const SweepSetup& s = *c.setup;
    for (const SweepJournal::DamagedRows& d : c.journal->damaged_rows(blocks_done)) {
        std::cerr << "geosim sweep: the sweep journal file '" << d.file.string() << "' is "
                  << (d.problem == "missing" ? d.problem : "damaged (" + d.problem + ")") << "; computing block "
                  << d.block << " (runs " << s.first_run(d.block) << "-" << s.end_run(d.block) - 1 << ") again\n";
        Progress silent(0, 0, false);
        run_blocks(s, d.block, d.block + 1, c.threads, [&](SweepBlock& b) {
            c.journal->commit_block(b.block, b.rows, b.stats, false);
        }, silent, 0);
    }
}

int run_journaled_sweep(SweepCommand& c, const std::vector<std::string>& argv) {
    const SweepSetup& s = *c.setup;
    SweepStats stats;
    const std::uint64_t blocks_done = c.journal->load(stats);
    repair_journal_rows(c, blocks_done);
    stats.reserve_for(s.runs());
    const std::uint64_t first = s.first_run(std::min(blocks_done, s.blocks()));
    // Whoever watches a long sweep should know how to finish it after an interruption.
    if (c.interactive)
        std::cerr << "geosim sweep: journal in " << c.journal->folder().string()
                  << "/ (if interrupted: geosim sweep " << c.file << " --resume " << c.out.string() << ")\n";
    Progress progress(first, s.runs(), c.interactive);
    SweepSeries* series = c.series.get();
    run_blocks(s, blocks_done, s.blocks(), c.threads, [&](SweepBlock& b) {
        stats.merge(b.stats);
        if (series) series->commit_block(b.block);
        c.journal->commit_block(b.block, b.rows, stats);
    }, progress, first, [&](const SweepRunResult& r) {
        if (series) series->add(r);
    });
    progress.finish();

    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - c.start).count();
    write_sweep_outputs(s, c.out, stats, [&](std::ostream& out) { c.journal->copy_rows(out, s.blocks()); },
                        {c.threads, blocks_done > 0, wall, command_text("sweep", argv), series != nullptr},
                        [&](const fs::path& dir) {
                            if (series) series->write(dir / "series.csv", s.blocks());
                        });
    fs::remove_all(c.journal->folder());
    return report_sweep(s, stats, c.out, c.quiet, wall, s.runs() - first, count_of(c.threads, "thread"));
}

std::unique_ptr<SweepSetup> make_sweep_setup(const std::string& file, ScenarioSpec spec, const std::string& sha,
                                             std::uint64_t seed, std::uint64_t runs, const std::string& design,
                                             std::uint64_t block, const DesignSource& source) {
    auto s = std::make_unique<SweepSetup>();
    s->file = file;
    s->spec = std::move(spec);
    s->spec.seed = seed;
    s->scenario_sha = sha;
    s->design_text = design;
    s->block = block;
    s->world = compile(s->spec);
    s->world_sha = sha256_files(s->world.files);
    const Design kind = parse_design(design);
    if (runs == 0 && kind != Design::Grid && kind != Design::Sobol) runs = kDefaultRuns;
    const SweepSpec sweep = s->spec.sweep.value_or(SweepSpec{});
    s->design = std::make_unique<SweepDesign>(kind, sweep.parameters, runs, seed, source);
    s->keys = row_keys(s->world);
    s->outcomes = sweep_outcomes(sweep, s->keys);
    s->recording = sweep_recording(s->keys, sweep.summary, s->outcomes);
    for (std::size_t k : s->recording.rows) s->summary_keys.push_back(s->keys[k]);
    s->rows = s->recording.rows.size() * static_cast<std::uint64_t>(s->world.horizon + 1);
    s->table = std::make_unique<SweepRunsTable>(*s->design, s->outcomes, s->world.start, drawn_arguments(s->world));
    return s;
}

void run_blocks(const SweepSetup& s, std::uint64_t first, std::uint64_t last, int threads,
                const std::function<void(SweepBlock&)>& done, Progress& progress, std::uint64_t done_before,
                const std::function<void(const SweepRunResult&)>& each_run) {
    if (first >= last) return;
    SweepBlock current;
    current.block = first;
    current.stats = SweepStats(s.rows);
    // Successful runs wait here to be folded a batch at a time (SweepStats::add_runs).
    std::vector<std::vector<double>> batch(kBatch);
    std::size_t batched = 0;
    const std::uint64_t start = s.first_run(first);
    run_sweep(s.world, s.keys, s.recording, *s.design, start, s.end_run(last - 1), threads, [&](const SweepRunResult& r) {
        if (r.error.empty()) {
            batch[batched++] = r.values;
        } else {
            current.stats.add_failure();
            progress.finish();
            std::cerr << "geosim sweep: run " << r.plan.run_id << " (seed " << r.plan.seed;
            // A sobol run's random numbers are its base point's: that is the --run-id to replay.
            if (r.plan.streams_run)
                std::cerr << ", base point " << *r.plan.streams_run << ": replay with geosim run --run-id "
                          << *r.plan.streams_run << " and its parameters";
            std::cerr << ") failed: " << r.error << "\n";
        }
        s.table->append(current.rows, r);
        if (each_run) each_run(r);
        const bool block_end = r.plan.run_id + 1 == s.end_run(current.block);
        if (batched == kBatch || block_end) {
            current.stats.add_runs(batch, batched);
            batched = 0;
        }
        if (block_end) {
            done(current);
            current.block += 1;
            current.rows.clear();
            current.stats.reset(s.rows);
        }
        progress.update(done_before + r.plan.run_id + 1 - start);
    });
}

void write_sweep_outputs(const SweepSetup& s, const fs::path& out, const SweepStats& stats,
                         const std::function<void(std::ostream&)>& copy_rows, const SweepRecord& record,
                         const std::function<void(const fs::path&)>& extra) {
    OutputDir dir(out);
    write_sweep_summary(dir.path() / "summary.csv", stats, s.keys, s.recording.rows, s.world.start);
    {
        std::ofstream runs_csv(dir.path() / "runs.csv", std::ios::binary);
        runs_csv << s.table->header();
        copy_rows(runs_csv);
        runs_csv.close();
        if (!runs_csv) throw write_error((dir.path() / "runs.csv").string());
    }
    const std::uint64_t representative = representative_run(s, dir.path() / "runs.csv");
    if (extra) extra(dir.path());
    SweepManifest m;
    m.scenario_path = s.file;
    m.scenario_sha256 = s.scenario_sha;
    m.world_path = s.spec.world_display;
    m.world_sha256 = s.world_sha;
    m.seed = s.seed();
    m.runs = s.runs();
    m.failed_runs = stats.failed();
    m.design = s.design_text;
    if (s.design->design() == Design::Sobol) m.sobol_base_points = s.design->base_points();
    m.block_size = s.block;
    m.threads = record.threads;
    m.resumed = record.resumed;
    for (const SweepParameter& p : s.design->parameters()) m.sampled.emplace_back(p.path, p.values.describe());
    m.drawn = s.table->drawn();
    for (const SweepOutcome& o : s.outcomes) m.outcomes.push_back(o.label);
    m.version = GEOSIM_VERSION;
    m.start = format_quarter(s.world.start);
    m.horizon = s.world.horizon;
    m.wall_seconds = record.wall_seconds;
    m.command_line = record.command_line;
    m.created_utc = format_utc_iso8601(std::chrono::system_clock::now());
    m.series = record.series;
    write_sweep_manifest(dir.path() / "manifest.json", m);
    write_indicators_csv(dir.path() / "indicators.csv");
    write_replay(dir.path() / kRepresentativeRun, s.file, s.spec, s.world, s.design->plan(representative),
                 true, m.command_line);
    write_report(dir.path());
    dir.commit();
}

int report_sweep(const SweepSetup& s, const SweepStats& stats, const fs::path& out, bool quiet, double wall,
                 std::uint64_t runs_computed, const std::string& workers, const std::string& detail) {
    if (quiet) {
        std::cout << out.string() << "\n";
    } else {
        char rate[64] = "";
        if (runs_computed > 0 && wall > 0)
            std::snprintf(rate, sizeof rate, ", %.1f runs/s", static_cast<double>(runs_computed) / wall);
        std::printf("geosim sweep: %s, %llu runs (%s), seed %llu, %llu failed\n"
                    "wall time %.3f s (%s%s)\n%sresults: %s/\n",
                    s.spec.name.c_str(), static_cast<unsigned long long>(s.runs()), s.design_text.c_str(),
                    static_cast<unsigned long long>(s.seed()), static_cast<unsigned long long>(stats.failed()),
                    wall, workers.c_str(), rate, detail.c_str(), out.string().c_str());
    }
    if (stats.failed() > 0) {
        std::cerr << "geosim sweep: " << stats.failed() << " of " << s.runs()
                  << " runs failed and are left out of summary.csv (see runs.csv)\n";
        return 3;
    }
    return 0;
}

}  // namespace geosim::cli
