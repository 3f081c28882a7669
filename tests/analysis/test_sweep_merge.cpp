#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/paired_stats.hpp"
#include "analysis/quantile_sketch.hpp"
#include "analysis/sweep_stats.hpp"
#include "outputs/sha256.hpp"
#include "outputs/sweep_blocks.hpp"
#include "tests/outputs/files.hpp"

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
    const SweepJournalHeader id{"ab12", "cd34", 9, 2000, "lhs", 16, 3};
    const std::string bytes = encode_block(id, block);
    // The layout documented in outputs/sweep_blocks.hpp: magic, payload size, its SHA-256, then
    // the payload: identity, block, rows, aggregate.
    std::ostringstream stats;
    block.stats.write(stats);
    const std::string identity = "scenario_sha256 ab12\nworld_sha256 cd34\nseed 9\nruns 2000\ndesign lhs\nblock_size 16\nrows 3\n";
    const std::size_t payload = 8 + identity.size() + 8 + 8 + block.rows.size() + stats.str().size();
    REQUIRE(bytes.size() == 20 + 8 + 64 + payload);
    REQUIRE(bytes.substr(0, 20) == "geosim-sweep-block-3");
    std::uint64_t size = 0;
    std::memcpy(&size, bytes.data() + 20, 8);
    REQUIRE(size == payload);
    REQUIRE(bytes.substr(28, 64) == sha256_hex(bytes.substr(92)));
    REQUIRE(bytes.find(identity) == 100);

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

    const auto message = [&](std::string_view b) {
        try {
            decode_block(b, back);
        } catch (const BlockDamaged& e) {
            return std::string("damaged: ") + e.what();
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string whole = std::to_string(bytes.size());
    REQUIRE(message(std::string_view(bytes).substr(0, bytes.size() - 1)) ==
            "damaged: truncated: " + std::to_string(bytes.size() - 1) + " of " + whole + " bytes");
    REQUIRE(message(std::string_view(bytes).substr(0, 50)) == "damaged: truncated: 50 bytes, less than its header");
    REQUIRE(message(bytes + "x") == "damaged: " + std::to_string(bytes.size() + 1) + " bytes, not " + whole);
    REQUIRE(message("geosim-sweep-state-1") == "not a sweep block");
    REQUIRE(message("geosim-sweep-block-1") == "sweep block of another version of geosim (geosim-sweep-block-1, "
                                              "not geosim-sweep-block-3)");
    // Any byte changed in the payload, or in the recorded digest, fails the checksum.
    for (std::size_t at : {std::size_t{30}, std::size_t{100}, bytes.size() / 2, bytes.size() - 1}) {
        std::string flipped = bytes;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
        INFO(at);
        REQUIRE(message(flipped) == "damaged: checksum mismatch");
    }
    // An aggregate claiming 2^32 - 1 rows, with a valid checksum: refused before allocating.
    std::string absurd = bytes;
    const std::size_t stats_at = bytes.size() - stats.str().size();
    const std::uint64_t huge = 0xffffffffULL;
    std::memcpy(absurd.data() + stats_at, &huge, 8);
    absurd.replace(28, 64, sha256_hex(std::string_view(absurd).substr(92)));
    REQUIRE(message(absurd) == "sweep block is malformed");
}

TEST_CASE("sweep stats: counts the bytes cannot hold are refused before allocating", "[sweep][merge]") {
    SweepStats stats(2);
    stats.add(std::vector<double>{1.0, 2.0});
    std::ostringstream out;
    stats.write(out);
    const std::string bytes = out.str();
    SweepStats back;
    back.read(bytes);
    REQUIRE(back.rows() == 2);
    const auto message = [&](const std::string& b) {
        try {
            back.read(b);
        } catch (const std::runtime_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // rows = 2^32 - 1 and 2^64 - 1: no std::bad_alloc, a message.
    for (std::uint64_t rows : {std::uint64_t{0xffffffffULL}, ~std::uint64_t{0}}) {
        std::string b = bytes;
        std::memcpy(b.data(), &rows, 8);
        REQUIRE(message(b) == "sweep state is malformed");
    }
    // The first row's sketch with 100 values in its first level (past count, mean, m2, the
    // sketch's count, parity and levels): allowed by the sketch, but not in the bytes left.
    std::string b = bytes;
    const std::uint64_t level = 100;
    std::memcpy(b.data() + 24 + 48, &level, 8);
    REQUIRE(message(b) == "sweep state is malformed");
    REQUIRE(message(bytes.substr(0, bytes.size() - 1)) == "sweep state is malformed");
    REQUIRE(message(bytes.substr(0, 12)) == "sweep state is malformed");
    REQUIRE(message(bytes.substr(0, 4)) == "sweep state is truncated");
}

TEST_CASE("shard files: processes writing the same file at once never collide", "[sweep][merge][shards]") {
    test::TempDir tmp;
    const std::filesystem::path file = tmp.path() / "block-000001.bin";
    ShardInfo info{{"ab12", "cd34", 9, 2000, "lhs", 16, 3}, "/x/s.yaml"};
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
