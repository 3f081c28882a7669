#include <catch2/catch.hpp>

#include <chrono>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_harness.hpp"
#include "outputs/sha256.hpp"
#include "spawn.hpp"
#include "sweep_outputs.hpp"

using namespace geosim::test;

namespace {

const char* const kScenario = "tests/data/tiny_sweep.yaml";
// 300 runs in blocks of 16: 19 blocks, the last one of 12 runs.
const std::string kSweep = std::string("sweep ") + kScenario + " --runs 300 --block-size 16 --quiet";

std::string q(const fs::path& p) {
    std::string s = "'";
    s += p.string();
    s += "'";
    return s;
}

std::string shard_of(int i, int n) { return std::to_string(i) + "/" + std::to_string(n); }
std::string folder(int i) { return std::string("s") + std::to_string(i); }

void require_ok(const Result& r) {
    INFO(r.err);
    REQUIRE(r.code == 0);
}

}  // namespace

TEST_CASE("sweep shards: three shards and merge give the bytes of one process", "[cli][sweep][shards]") {
    TempDir tmp;
    require_ok(run_geosim(kSweep + " --threads 2 --out " + q(tmp / "one")));
    // Shards at different thread counts, each into its own folder.
    const char* threads[] = {"1", "2", "3"};
    for (int i = 0; i < 3; ++i)
        require_ok(run_geosim(kSweep + " --threads " + threads[i] + " --shard " + shard_of(i, 3) + " --out " +
                              q(tmp / folder(i))));
    const Result merged = run_geosim("merge " + q(tmp / "s0") + " " + q(tmp / "s1") + " " + q(tmp / "s2") +
                                     " --quiet --out " + q(tmp / "merged"));
    require_ok(merged);
    REQUIRE(merged.out == (tmp / "merged").string() + "\n");
    require_same_outputs(tmp / "one", tmp / "merged");
    // Not run 0, which a merge used to show whatever the runs, so the check above tells.
    REQUIRE(representative_run_of(tmp / "merged") != 0);
    // Shard 0 of 3 holds blocks 0-5 (6 = 19 / 3 rounded down), shard 2 blocks 12-18.
    REQUIRE(fs::exists(tmp / "s0" / "block-000005.bin"));
    REQUIRE(!fs::exists(tmp / "s0" / "block-000006.bin"));
    REQUIRE(fs::exists(tmp / "s2" / "block-000018.bin"));
    REQUIRE(slurp(tmp / "merged" / "manifest.json").find("\"runs\": 300,") != std::string::npos);
    REQUIRE(slurp(tmp / "merged" / "manifest.json").find("\"block_size\": 16,") != std::string::npos);

    // Five shards sharing one folder, merged from it.
    for (int i = 0; i < 5; ++i)
        require_ok(run_geosim(kSweep + " --threads 1 --shard " + shard_of(i, 5) + " --out " + q(tmp / "shared")));
    require_ok(run_geosim("merge " + q(tmp / "shared") + " --quiet --out " + q(tmp / "merged5")));
    require_same_outputs(tmp / "one", tmp / "merged5");
}

TEST_CASE("sweep shards: many shards started together on one folder all succeed", "[cli][sweep][shards][race]") {
    TempDir tmp;
    // 24 runs in blocks of 2: 12 blocks, one a shard, so every shard writes a block at once.
    require_ok(run_geosim(std::string("sweep ") + kScenario + " --runs 24 --block-size 2 --threads 1 --quiet --out " +
                          q(tmp / "one")));
    constexpr int kShards = 12;
    for (int round = 0; round < 4; ++round) {
        const fs::path race = tmp / ("race" + std::to_string(round));
        std::vector<pid_t> pids;
        for (int i = 0; i < kShards; ++i) {
            const std::string log = (tmp / ("log" + std::to_string(round) + "-" + std::to_string(i))).string();
            pids.push_back(spawn({GEOSIM_BINARY, "sweep", kScenario, "--runs", "24", "--block-size", "2", "--threads",
                                  "1", "--quiet", "--shard", shard_of(i, kShards), "--out", race.string()},
                                 log + ".out", log + ".err"));
            REQUIRE(pids.back() > 0);
        }
        for (int i = 0; i < kShards; ++i) {
            const int status = wait_for(pids[static_cast<std::size_t>(i)], std::chrono::seconds(120));
            INFO("round " << round << " shard " << i << ": "
                          << slurp(tmp / ("log" + std::to_string(round) + "-" + std::to_string(i) + ".err")));
            REQUIRE(WIFEXITED(status));
            REQUIRE(WEXITSTATUS(status) == 0);
        }
        // Only shard.txt and the 12 blocks: no temporaries left behind.
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(race)) names.push_back(e.path().filename().string());
        REQUIRE(names.size() == 13);
        const fs::path merged = tmp / ("merged" + std::to_string(round));
        require_ok(run_geosim("merge " + q(race) + " --quiet --out " + q(merged)));
        require_same_outputs(tmp / "one", merged);
    }
}

TEST_CASE("sweep shards: a folder holding other files is refused", "[cli][sweep][shards][errors]") {
    TempDir tmp;
    fs::create_directories(tmp / "out");
    // Another shard's temporaries and blocks are accepted before its shard.txt exists.
    { std::ofstream(tmp / "out" / "shard.txt.tmp.node7.4711.0") << "scenario_sha256 0"; }
    { std::ofstream(tmp / "out" / "block-000003.bin.tmp.node7.4711.1") << "part"; }
    require_ok(run_geosim(kSweep + " --shard 0/3 --out " + q(tmp / "out")));
    REQUIRE(fs::exists(tmp / "out" / "block-000005.bin"));
    fs::create_directories(tmp / "other");
    { std::ofstream(tmp / "other" / "notes.txt") << "mine"; }
    const Result r = run_geosim(kSweep + " --shard 0/3 --out " + q(tmp / "other"));
    REQUIRE(r.code == 2);
    REQUIRE(r.err.rfind("geosim sweep: '" + (tmp / "other").string() +
                        "' exists and holds files other than a shard's (notes.txt)\n", 0) == 0);
    REQUIRE(!fs::exists(tmp / "other" / "shard.txt"));
}

TEST_CASE("sweep shards: a shard killed part-way, run again, computes what is missing", "[cli][sweep][shards]") {
    TempDir tmp;
    const std::string many = std::string("sweep ") + kScenario + " --runs 1500 --block-size 16 --quiet";
    require_ok(run_geosim(many + " --out " + q(tmp / "one")));
    const fs::path shard = tmp / "shard";
    const pid_t pid = spawn({GEOSIM_BINARY, "sweep", kScenario, "--runs", "1500", "--block-size", "16", "--threads",
                             "1", "--quiet", "--shard", "0/2", "--out", shard.string()},
                            (tmp / "out").string(), (tmp / "err").string());
    REQUIRE(pid > 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!fs::exists(shard / "block-000002.bin") && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    ::kill(pid, SIGKILL);
    REQUIRE(WIFSIGNALED(wait_for(pid, std::chrono::seconds(60))));
    REQUIRE(fs::exists(shard / "block-000002.bin"));
    REQUIRE(!fs::exists(shard / "block-000046.bin"));  // the shard's last block (47 of 94 blocks)

    // Merging now names what is missing.
    require_ok(run_geosim(many + " --shard 1/2 --out " + q(shard)));
    const Result early = run_geosim("merge " + q(shard) + " --out " + q(tmp / "early"));
    REQUIRE(early.code == 2);
    REQUIRE(early.err.rfind("geosim merge: missing ", 0) == 0);
    REQUIRE(!fs::exists(tmp / "early"));

    const Result again = run_geosim(std::string("sweep ") + kScenario + " --runs 1500 --block-size 16 --shard 0/2 --out " + q(shard));
    require_ok(again);
    REQUIRE(again.out.find(", shard 0/2: blocks 0-46 of 94 (runs 0-751), ") != std::string::npos);
    REQUIRE(again.out.find(" computed now\nblocks: " + shard.string() + "/ (combine the shards with geosim merge)\n") !=
            std::string::npos);
    require_ok(run_geosim("merge " + q(shard) + " --quiet --out " + q(tmp / "merged")));
    require_same_outputs(tmp / "one", tmp / "merged");
}

TEST_CASE("sweep shards: bad --shard values exit 2 with the exact message", "[cli][sweep][shards][errors]") {
    TempDir tmp;
    const std::string out = " --out " + q(tmp / "out");
    for (const char* bad : {"3/3", "1/0", "x", "-1/2", "1/2/3", "/2", "2/"}) {
        const Result r = run_geosim(kSweep + " --shard " + bad + out);
        INFO(bad << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.rfind(std::string("geosim sweep: --shard must be i/N with 0 <= i < N (shards are numbered "
                                        "from 0), got '") + bad + "'\nusage: geosim sweep", 0) == 0);
        REQUIRE(!fs::exists(tmp / "out"));
    }
    const Result no_out = run_geosim(kSweep + " --shard 0/2");
    REQUIRE(no_out.code == 2);
    REQUIRE(no_out.err.rfind("geosim sweep: --shard needs --out DIR, the folder of the shard's blocks\n", 0) == 0);
    const Result series = run_geosim(kSweep + " --shard 0/2 --keep-series --out " + q(tmp / "out"));
    REQUIRE(series.code == 2);
    REQUIRE(series.err.rfind("geosim sweep: --keep-series is for a sweep in one process; drop --shard\n", 0) == 0);
    REQUIRE_FALSE(fs::exists(tmp / "out"));
    const Result resume = run_geosim(kSweep + " --shard 0/2 --resume " + q(tmp / "out"));
    REQUIRE(resume.code == 2);
    REQUIRE(resume.err.rfind("geosim sweep: --shard continues where it stopped when run again with the same "
                             "--out; drop --resume\n", 0) == 0);
    // A shard's folder holding blocks of another sweep (another seed) is refused.
    require_ok(run_geosim(kSweep + " --shard 0/2" + out));
    const Result other = run_geosim(kSweep + " --seed 12 --shard 1/2" + out);
    REQUIRE(other.code == 2);
    REQUIRE(other.err.rfind("geosim sweep: '" + (tmp / "out").string() +
                            "' holds blocks of another sweep (see its shard.txt)\n", 0) == 0);
}

TEST_CASE("merge: shards of different sweeps, missing and duplicate blocks exit 2 with the exact message",
          "[cli][merge][shards][errors]") {
    TempDir tmp;
    for (int i = 0; i < 3; ++i)
        require_ok(run_geosim(kSweep + " --shard " + shard_of(i, 3) + " --out " + q(tmp / folder(i))));
    require_ok(run_geosim(kSweep + " --seed 12 --shard 2/3 --out " + q(tmp / "seed12")));
    require_ok(run_geosim(kSweep + " --block-size 20 --shard 2/3 --out " + q(tmp / "b20")));
    const std::string out = " --out " + q(tmp / "out");
    struct Case {
        std::string args;
        std::string message;
    };
    fs::create_directories(tmp / "dup");
    fs::copy_file(tmp / "s1" / "shard.txt", tmp / "dup" / "shard.txt");
    fs::copy_file(tmp / "s1" / "block-000006.bin", tmp / "dup" / "block-000006.bin");
    fs::create_directories(tmp / "gap");
    fs::copy_file(tmp / "s0" / "shard.txt", tmp / "gap" / "shard.txt");
    fs::create_directories(tmp / "empty");
    // Copies of s2 (blocks 12-18) with block 12 damaged in various ways.
    const fs::path block12 = tmp / "s2" / "block-000012.bin";
    const std::string good = slurp(block12);
    const auto copy_s2 = [&](const std::string& name, const std::string& block12_bytes) {
        fs::copy(tmp / "s2", tmp / name);
        std::ofstream(tmp / name / "block-000012.bin", std::ios::binary | std::ios::trunc) << block12_bytes;
        return tmp / name / "block-000012.bin";
    };
    std::string flipped = good;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x20);
    const fs::path flipped_file = copy_s2("flipped", flipped);
    const fs::path truncated_file = copy_s2("truncated", good.substr(0, 1000));
    // 64 bytes overwritten in the middle (of the runs.csv rows).
    std::string overwritten = good;
    overwritten.replace(good.size() / 3, 64, std::string(64, 'x'));
    const fs::path overwritten_file = copy_s2("overwritten", overwritten);
    // The aggregate's row count set to 2^32 - 1, the checksum made to match: the layout of
    // docs/cluster.md (magic 20, size 8, SHA-256 64, then identity, block, rows, aggregate).
    std::string absurd = good;
    std::size_t at = 92;
    const auto u64_at = [&](std::size_t i) {
        std::uint64_t v = 0;
        std::memcpy(&v, absurd.data() + i, 8);
        return static_cast<std::size_t>(v);
    };
    at += 8 + u64_at(at);  // identity
    at += 8;               // block
    at += 8 + u64_at(at);  // rows
    // The values per run, as shard.txt records them.
    REQUIRE(slurp(tmp / "s2" / "shard.txt").find("\nrows " + std::to_string(u64_at(at)) + "\n") != std::string::npos);
    const std::uint64_t huge = 0xffffffffULL;
    std::memcpy(absurd.data() + at, &huge, 8);
    absurd.replace(28, 64, geosim::sha256_hex(std::string_view(absurd).substr(92)));
    const fs::path absurd_file = copy_s2("absurd", absurd);
    // A block of the seed-12 sweep in a folder whose shard.txt is of seed 11.
    const fs::path foreign_file = copy_s2("foreign", slurp(tmp / "seed12" / "block-000012.bin"));
    // A block past the sweep's last.
    fs::copy(tmp / "s2", tmp / "past");
    fs::rename(tmp / "past" / "block-000018.bin", tmp / "past" / "block-000019.bin");
    fs::create_directories(tmp / "malformed");
    std::ofstream(tmp / "malformed" / "shard.txt") << "scenario_sha256 ab12\nseed eleven\n";
    // A seed past 2^64 - 1 in an otherwise good shard.txt (found by the fuzzer: it was an
    // internal error).
    fs::copy(tmp / "s2", tmp / "overflow");
    std::string info = slurp(tmp / "s2" / "shard.txt");
    const auto seed_at = info.find("\nseed ");
    REQUIRE(seed_at != std::string::npos);
    info.replace(seed_at + 6, info.find('\n', seed_at + 1) - seed_at - 6, "99999999999999999999");
    std::ofstream(tmp / "overflow" / "shard.txt", std::ios::trunc) << info;
    const std::string s01 = "merge " + q(tmp / "s0") + " " + q(tmp / "s1") + " ";
    const std::vector<Case> cases = {
        {"merge", "geosim merge: expected one or more folders of shard blocks\nusage: geosim merge DIR..."},
        {"merge " + q(tmp / "s1") + " " + q(tmp / "seed12"),
         (tmp / "seed12").string() + ": the shards are of another sweep than those in '" + (tmp / "s1").string() +
             "' (seed 12, not 11)\n"},
        {"merge " + q(tmp / "s1") + " " + q(tmp / "b20"),
         (tmp / "b20").string() + ": the shards are of another sweep than those in '" + (tmp / "s1").string() +
             "' (block size 20, not 16)\n"},
        {"merge " + q(tmp / "s0") + " " + q(tmp / "s2"),
         "geosim merge: missing 6 of 19 blocks: 6 (runs 96-111), 7 (runs 112-127), 8 (runs 128-143), "
         "9 (runs 144-159), 10 (runs 160-175), 11 (runs 176-191); run the shards that compute them (again)\n"},
        {"merge " + q(tmp / "gap"),
         "geosim merge: missing 19 of 19 blocks: 0 (runs 0-15), 1 (runs 16-31), 2 (runs 32-47), 3 (runs 48-63), "
         "4 (runs 64-79), 5 (runs 80-95), 6 (runs 96-111), 7 (runs 112-127), 8 (runs 128-143), 9 (runs 144-159), "
         "...; run the shards that compute them (again)\n"},
        {"merge " + q(tmp / "s0") + " " + q(tmp / "s1") + " " + q(tmp / "dup") + " " + q(tmp / "s2"),
         (tmp / "dup" / "block-000006.bin").string() + ": block 6 (runs 96-111) is also in '" +
             (tmp / "s1" / "block-000006.bin").string() + "'; give each block once\n"},
        {"merge " + q(tmp / "empty"),
         "geosim merge: '" + (tmp / "empty").string() + "' holds no shard of a sweep (no shard.txt)\n"},
        {"merge " + q(tmp / "none"), "geosim merge: '" + (tmp / "none").string() + "' is not a folder\n"},
        {s01 + q(tmp / "flipped"),
         flipped_file.string() + ": the block file is damaged (checksum mismatch); run its shard again\n"},
        {s01 + q(tmp / "overwritten"),
         overwritten_file.string() + ": the block file is damaged (checksum mismatch); run its shard again\n"},
        {s01 + q(tmp / "truncated"), truncated_file.string() + ": the block file is damaged (truncated: 1000 of " +
                                         std::to_string(good.size()) + " bytes); run its shard again\n"},
        {s01 + q(tmp / "absurd"), absurd_file.string() + ": sweep block is malformed; run its shard again\n"},
        {s01 + q(tmp / "foreign"),
         foreign_file.string() + ": this block belongs to another sweep than its folder's shard.txt\n"},
        {s01 + q(tmp / "past"),
         (tmp / "past" / "block-000019.bin").string() + ": block 19 of a sweep of 19 blocks\n"},
        {"merge " + q(tmp / "malformed"),
         "geosim merge: '" + (tmp / "malformed" / "shard.txt").string() + "' is malformed\n"},
        {"merge " + q(tmp / "overflow"),
         "geosim merge: '" + (tmp / "overflow" / "shard.txt").string() + "' is malformed\n"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args + out);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.rfind(c.message, 0) == 0);
        REQUIRE(!fs::exists(tmp / "out"));
    }
    // A scenario edited since the shards ran is refused.
    TempDir copy;
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / kScenario);
    const std::string world = "world: tiny_world.yaml";
    REQUIRE(text.find(world) != std::string::npos);
    text.replace(text.find(world), world.size(),
                 "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "tests/data/tiny_world.yaml").string());
    const fs::path scenario = copy.write("tiny_sweep.yaml", text);
    require_ok(run_geosim("sweep " + q(scenario) + " --runs 40 --block-size 16 --quiet --shard 0/1 --out " + q(tmp / "edited")));
    copy.write("tiny_sweep.yaml", text + "# edited\n");
    const Result edited = run_geosim("merge " + q(tmp / "edited") + out);
    REQUIRE(edited.code == 2);
    REQUIRE(edited.err.rfind(scenario.string() + ": the scenario has changed since the shards ran (SHA-256 ", 0) == 0);
    REQUIRE(!fs::exists(tmp / "out"));
    // So is a world file edited since, the scenario unchanged: the shards were of the world as it was.
    const std::string world_text = tiny_world_text();
    copy.write("world.yaml", world_text);
    std::string local = slurp(fs::path(GEOSIM_SOURCE_DIR) / kScenario);
    local.replace(local.find(world), world.size(), "world: world.yaml");
    copy.write("tiny_sweep.yaml", local);
    require_ok(run_geosim("sweep " + q(scenario) + " --runs 40 --block-size 16 --quiet --shard 0/1 --out " + q(tmp / "world_edited")));
    copy.write("world.yaml", world_text + "# edited\n");
    const Result world_edited = run_geosim("merge " + q(tmp / "world_edited") + out);
    REQUIRE(world_edited.code == 2);
    REQUIRE(world_edited.err.rfind(scenario.string() + ": the world's files have changed since the shards ran (SHA-256 ", 0) == 0);
    REQUIRE(!fs::exists(tmp / "out"));
}
