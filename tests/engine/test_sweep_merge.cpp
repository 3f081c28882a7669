#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "engine/paired_stats.hpp"
#include "engine/quantile_sketch.hpp"
#include "engine/sweep_stats.hpp"
#include "outputs/sweep_blocks.hpp"
#include "../outputs/files.hpp"

using namespace geosim;

TEST_CASE("running stats: merging two samples gives the moments of their union", "[sweep][merge]") {
    // {1, 2, 3, 4}: mean 2.5, m2 5; {10, 20}: mean 15, m2 50. The union of six values has mean
    // 40 / 6 and m2 = sum of x^2 - 6 mean^2 = 530 - 1600 / 6 = 263.333...
    RunningStats a, b;
    for (double x : {1.0, 2.0, 3.0, 4.0}) a.add(x);
    for (double x : {10.0, 20.0}) b.add(x);
    RunningStats ab = a;
    ab.merge(b);
    REQUIRE(ab.count == 6);
    REQUIRE(ab.mean == Approx(40.0 / 6).epsilon(1e-15));
    REQUIRE(ab.m2 == Approx(530.0 - 1600.0 / 6).epsilon(1e-15));
    REQUIRE(ab.variance() == Approx((530.0 - 1600.0 / 6) / 5).epsilon(1e-15));
    // Merging into an empty one, or an empty one in, changes no bit.
    RunningStats empty;
    empty.merge(b);
    REQUIRE(std::memcmp(&empty, &b, sizeof b) == 0);
    RunningStats same = a;
    same.merge(RunningStats{});
    REQUIRE(std::memcmp(&same, &a, sizeof a) == 0);
}

TEST_CASE("running stats: merged blocks keep the spread of values with a large mean", "[sweep][merge]") {
    // 1e9 + {0, 1, 2, ..., 9} in two blocks of five: mean 1e9 + 4.5, sample variance 55 / 6.
    RunningStats a, b;
    for (int k = 0; k < 5; ++k) a.add(1e9 + k);
    for (int k = 5; k < 10; ++k) b.add(1e9 + k);
    a.merge(b);
    REQUIRE(a.mean == 1e9 + 4.5);
    REQUIRE(a.variance() == Approx(55.0 / 6).epsilon(1e-12));
}

TEST_CASE("sweep stats: merging per-row aggregates, counts and failures", "[sweep][merge]") {
    SweepStats a(2), b(2);
    for (double x : {1.0, 2.0, 3.0, 4.0}) a.add(std::vector<double>{x, -x});
    a.add_failure();
    for (double x : {10.0, 20.0}) b.add(std::vector<double>{x, -x});
    b.add_failure();
    b.add_failure();
    a.merge(b);
    REQUIRE(a.runs() == 6);
    REQUIRE(a.failed() == 3);
    REQUIRE(a.moments(0).mean == Approx(40.0 / 6).epsilon(1e-15));
    REQUIRE(a.moments(1).mean == Approx(-40.0 / 6).epsilon(1e-15));
    // Six values, below the sketch's capacity: its quantiles are exact (type 1: ceil(q n)).
    REQUIRE(a.sketch(0).count() == 6);
    REQUIRE(a.sketch(0).quantile(0.5) == 3.0);
    REQUIRE(a.sketch(0).quantile(0.95) == 20.0);
    REQUIRE(a.sketch(1).quantile(0.05) == -20.0);
    REQUIRE_THROWS_AS(a.merge(SweepStats(3)), std::invalid_argument);
}

TEST_CASE("sweep blocks: a block file restores the identity, the rows and the aggregate bit for bit",
          "[sweep][merge]") {
    SweepBlock block;
    block.block = 7;
    block.rows = "112,9,0.5,,\n113,9,0.25,,\n";
    block.stats = SweepStats(3);
    for (int r = 0; r < 200; ++r) block.stats.add(std::vector<double>{r * 0.1, std::sin(r), 1e9 - r});
    block.stats.add_failure();
    const SweepJournalHeader id{"ab12", 9, 2000, "lhs", 16, 3};
    const std::string bytes = encode_block(id, block);
    // The layout documented in outputs/sweep_blocks.hpp: magic, identity, block, rows, aggregate.
    std::ostringstream stats;
    block.stats.write(stats);
    const std::string identity = "scenario_sha256 ab12\nseed 9\nruns 2000\ndesign lhs\nblock_size 16\nrows 3\n";
    REQUIRE(bytes.size() == 20 + 8 + identity.size() + 8 + 8 + block.rows.size() + stats.str().size());
    REQUIRE(bytes.find(identity) == 28);

    SweepBlock back;
    REQUIRE(decode_block(bytes, back) == id);
    REQUIRE(back.block == 7);
    REQUIRE(back.rows == block.rows);
    std::ostringstream again;
    back.stats.write(again);
    REQUIRE(again.str() == stats.str());
    REQUIRE(back.stats.failed() == 1);

    SweepBlock rows_only;
    REQUIRE(decode_block_rows(bytes, rows_only) == id);
    REQUIRE(rows_only.rows == block.rows);
    REQUIRE(rows_only.stats.rows() == 0);

    REQUIRE_THROWS_AS(decode_block(std::string_view(bytes).substr(0, bytes.size() - 1), back), std::runtime_error);
    REQUIRE_THROWS_AS(decode_block("geosim-sweep-state-1", back), std::runtime_error);
}

TEST_CASE("shard files: processes writing the same file at once never collide", "[sweep][merge][shards]") {
    test::TempDir tmp;
    const std::filesystem::path file = tmp.path() / "block-000001.bin";
    ShardInfo info{{"ab12", 9, 2000, "lhs", 16, 3}, "/x/s.yaml"};
    // 8 processes each replace the file 40 times with 256 KB of their own letter, and race to
    // create shard.txt; with one temporary name for all, renames fail or publish mixed bytes.
    constexpr int kWriters = 8;
    std::vector<pid_t> pids;
    for (int w = 0; w < kWriters; ++w) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            int code = 0;
            try {
                code = create_shard_info(tmp.path(), info) ? 10 : 0;
                const std::string bytes(256 * 1024, static_cast<char>('a' + w));
                for (int i = 0; i < 40; ++i) write_file_atomically(file, bytes);
            } catch (...) {
                code = 1;
            }
            ::_exit(code);
        }
        REQUIRE(pid > 0);
        pids.push_back(pid);
    }
    int created = 0;
    for (pid_t pid : pids) {
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        REQUIRE(WIFEXITED(status));
        REQUIRE((WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 10));
        created += WEXITSTATUS(status) == 10;
    }
    REQUIRE(created == 1);  // exactly one process created shard.txt
    REQUIRE(read_shard_info(tmp.path()).sweep == info.sweep);
    const std::string last = test::read_text(file);
    REQUIRE(last.size() == 256 * 1024);
    REQUIRE(last.find_first_not_of(last[0]) == std::string::npos);
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(tmp.path())) ++entries;
    REQUIRE(entries == 2);  // no temporaries left
}

TEST_CASE("shard files: the names a shard writes, and nothing else", "[sweep][merge][shards]") {
    for (const char* name : {"shard.txt", "block-000000.bin", "block-1234567.bin", "shard.txt.tmp.node7.4711.0",
                             "block-000012.bin.tmp.node7.4711.3"})
        REQUIRE(is_shard_file_name(name));
    for (const char* name : {"notes.txt", "shard.txt.bak", "block-12.bin", "block-000012.bin.old", "block-000012",
                             "summary.csv", ".tmp.shard.txt"})
        REQUIRE_FALSE(is_shard_file_name(name));
    const std::string tmp = temporary_name("/x/block-000001.bin").string();
    REQUIRE(tmp.rfind("/x/block-000001.bin.tmp.", 0) == 0);
    const std::string pid = std::string(".") + std::to_string(::getpid()).append(".");
    REQUIRE(tmp.find(pid) != std::string::npos);
    REQUIRE(temporary_name("/x/block-000001.bin") != temporary_name("/x/block-000001.bin"));
}
