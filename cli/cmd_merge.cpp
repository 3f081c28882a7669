#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <tbb/info.h>
#include <unistd.h>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/results_dir.hpp"
#include "cli/sweep_common.hpp"
#include "engine/core/error.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/sha256.hpp"
#include "outputs/sweep_blocks.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

// The first field in which two sweeps' identities differ, as "seed 12, not 11"; "" if none.
std::string difference(const SweepJournalHeader& a, const SweepJournalHeader& b) {
    const auto differ = [](const char* key, const auto& x, const auto& y) {
        std::ostringstream s;
        if (x != y) s << key << " " << x << ", not " << y;
        return s.str();
    };
    for (const std::string& d : {differ("scenario SHA-256", a.scenario_sha256, b.scenario_sha256),
                                 differ("world SHA-256", a.world_sha256, b.world_sha256),
                                 differ("seed", a.seed, b.seed), differ("runs", a.runs, b.runs),
                                 differ("design", a.design, b.design),
                                 differ("block size", a.block_size, b.block_size),
                                 differ("values per run", a.rows, b.rows)})
        if (!d.empty()) return d;
    return "";
}

std::string runs_of(const SweepSetup& s, std::uint64_t b) {
    return "runs " + std::to_string(s.first_run(b)) + "-" + std::to_string(s.end_run(b) - 1);
}

SweepJournalHeader read_block(const fs::path& file, SweepBlock& block, bool rows_only) {
    const std::string bytes = read_whole_file(file);
    try {
        return rows_only ? decode_block_rows(bytes, block) : decode_block(bytes, block);
    } catch (const BlockDamaged& e) {
        // A shard killed while writing leaves no such file: the file was changed or copied in part.
        throw InputError({file.string()}, "", std::string("the block file is damaged (") + e.what() +
                                                  "); run its shard again");
    } catch (const std::runtime_error& e) {
        throw InputError({file.string()}, "", std::string(e.what()) + "; run its shard again");
    }
}

}  // namespace

int merge_main(const std::vector<std::string>& argv) {
    const auto t0 = std::chrono::steady_clock::now();
    const Args args = parse_args(argv, {{"out", true}, {"quiet", false}});
    if (args.positional.empty()) throw UsageError("expected one or more folders of shard blocks");
    const auto out_given = out_option(args);

    // Every folder must hold blocks of the same sweep.
    std::vector<ShardInfo> infos;
    for (const std::string& dir : args.positional) {
        if (!fs::is_directory(dir)) throw UsageError("'" + dir + "' is not a folder");
        try {
            infos.push_back(read_shard_info(dir));
        } catch (const std::runtime_error& e) {
            throw InputError({}, "", std::string("geosim merge: ") + e.what());
        }
        const std::string d = difference(infos.back().sweep, infos.front().sweep);
        if (!d.empty())
            throw InputError({dir}, "", "the shards are of another sweep than those in '" + args.positional.front() +
                                            "' (" + d + ")");
    }
    const ShardInfo& info = infos.front();
    const std::string& file = info.scenario;
    if (!fs::exists(file))
        throw InputError({}, "", "geosim merge: the shards' scenario '" + file + "' does not exist; merge where it is");
    const std::string sha = sha256_file(file);
    if (sha != info.sweep.scenario_sha256)
        throw InputError({file}, "", "the scenario has changed since the shards ran (SHA-256 " + sha +
                                         ", the shards' " + info.sweep.scenario_sha256 + ")");
    const auto setup = make_sweep_setup(file, load_scenario(file), sha, info.sweep.seed, info.sweep.runs,
                                        info.sweep.design, info.sweep.block_size);
    const SweepSetup& s = *setup;
    if (s.world_sha != info.sweep.world_sha256)
        throw InputError({file}, "", "the world's files have changed since the shards ran (SHA-256 " + s.world_sha +
                                         ", the shards' " + info.sweep.world_sha256 + ")");
    if (s.rows != info.sweep.rows)
        throw InputError({file}, "", "the world records another number of values per run than when the shards ran");

    // Each block exactly once.
    std::map<std::uint64_t, fs::path> where;
    for (const std::string& dir : args.positional)
        for (std::uint64_t b : shard_blocks(dir)) {
            const fs::path f = shard_block_file(dir, b);
            if (b >= s.blocks())
                throw InputError({f.string()}, "", "block " + std::to_string(b) + " of a sweep of " +
                                                       count_of(static_cast<long long>(s.blocks()), "block"));
            const auto [it, fresh] = where.emplace(b, f);
            if (!fresh)
                throw InputError({f.string()}, "", "block " + std::to_string(b) + " (" + runs_of(s, b) + ") is also in '" +
                                                       it->second.string() + "'; give each block once");
        }
    if (where.size() != s.blocks()) {
        std::string list;
        std::uint64_t missing = 0;
        for (std::uint64_t b = 0; b < s.blocks(); ++b)
            if (!where.count(b) && ++missing <= 10)
                list += (list.empty() ? "" : ", ") + std::to_string(b) + " (" + runs_of(s, b) + ")";
        if (missing > 10) list += ", ...";
        throw InputError({}, "", "geosim merge: missing " + std::to_string(missing) + " of " +
                                     count_of(static_cast<long long>(s.blocks()), "block") + ": " + list +
                                     "; run the shards that compute them (again)");
    }

    const fs::path out = destination(out_given, s.spec.name + "-sweep");

    // The same fold as a one-process sweep: block aggregates merged in block order.
    SweepStats stats(s.rows);
    stats.reserve_for(s.runs());
    Progress progress(0, s.runs(), !args.has("quiet") && ::isatty(STDERR_FILENO));
    for (const auto& [b, f] : where) {
        SweepBlock block;
        const SweepJournalHeader h = read_block(f, block, false);
        if (!(h == info.sweep) || block.block != b)
            throw InputError({f.string()}, "", "this block belongs to another sweep than its folder's shard.txt");
        stats.merge(block.stats);
        progress.update(s.end_run(b));
    }
    progress.finish();
    const int threads = tbb::info::default_concurrency();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    write_sweep_outputs(s, out, stats, [&](std::ostream& o) {
        for (const auto& [b, f] : where) {
            SweepBlock block;
            read_block(f, block, true);
            o << block.rows;
        }
    }, {threads, false, wall, command_text("merge", argv)});
    return report_sweep(s, stats, out, args.has("quiet"), wall, 0,
                        "merged " + count_of(static_cast<long long>(s.blocks()), "block"));
}

}  // namespace geosim::cli
