#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "analysis/sweep_stats.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/sweep_common.hpp"
#include "outputs/sweep_blocks.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

// Computes the shard's blocks that its folder does not hold yet, each into a block file, so a
// shard run again after a failure only computes what is missing.
int run_shard(SweepCommand& c) {
    const SweepSetup& s = *c.setup;
    fs::create_directories(c.out);
    // Shards started together race to create shard.txt: one creates it, the others compare.
    if (!create_shard_info(c.out, {s.identity(), fs::absolute(c.file).string()}) &&
        !(read_shard_info(c.out).sweep == s.identity()))
        throw UsageError("'" + c.out.string() + "' holds blocks of another sweep (see its shard.txt)");
    const std::vector<std::uint64_t> present = shard_blocks(c.out);
    std::vector<std::uint64_t> missing;
    for (std::uint64_t b = c.shard_first; b < c.shard_last; ++b)
        if (!std::binary_search(present.begin(), present.end(), b)) missing.push_back(b);
    std::uint64_t runs = 0;
    for (std::uint64_t b = c.shard_first; b < c.shard_last; ++b) runs += s.end_run(b) - s.first_run(b);
    std::uint64_t done = runs;
    for (std::uint64_t b : missing) done -= s.end_run(b) - s.first_run(b);
    Progress progress(done, runs, c.interactive);
    std::uint64_t failed = 0;
    // Runs of consecutive missing blocks go to run_blocks together, keeping every thread busy.
    for (std::size_t i = 0; i < missing.size();) {
        std::size_t j = i + 1;
        while (j < missing.size() && missing[j] == missing[j - 1] + 1) ++j;
        run_blocks(s, missing[i], missing[j - 1] + 1, c.threads, [&](SweepBlock& b) {
            failed += b.stats.failed();
            write_file_atomically(shard_block_file(c.out, b.block), encode_block(s.identity(), b));
        }, progress, done);
        for (std::size_t k = i; k < j; ++k) done += s.end_run(missing[k]) - s.first_run(missing[k]);
        i = j;
    }
    progress.finish();
    if (c.quiet) {
        std::cout << c.out.string() << "\n";
    } else {
        std::cout << "geosim sweep: " << s.spec.name << ", shard " << c.shard_index << "/" << c.shard_count;
        if (c.shard_first == c.shard_last)
            std::cout << ": no blocks (the sweep has " << count_of(static_cast<long long>(s.blocks()), "block") << ")";
        else
            std::cout << ": blocks " << c.shard_first << "-" << c.shard_last - 1 << " of " << s.blocks() << " (runs "
                      << s.first_run(c.shard_first) << "-" << s.end_run(c.shard_last - 1) - 1 << "), "
                      << missing.size() << " computed now";
        std::cout << "\nblocks: " << c.out.string() << "/ (combine the shards with geosim merge)\n";
    }
    if (failed > 0) {
        std::cerr << "geosim sweep: " << failed << " runs of this shard failed and will be left out of summary.csv\n";
        return 3;
    }
    return 0;
}

}  // namespace

int sweep_main(const std::vector<std::string>& argv) {
    SweepCommand c = prepare_sweep(argv);
    return c.shard ? run_shard(c) : run_journaled_sweep(c, argv);
}

}  // namespace geosim::cli
