#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/sweep_stats.hpp"
#include "outputs/sealed.hpp"
#include "outputs/sweep_blocks.hpp"
#include "outputs/sweep_journal.hpp"
#include "tests/outputs/files.hpp"

using namespace geosim;
namespace fs = std::filesystem;

namespace {

std::string bytes_of(const SweepStats& s) {
    std::ostringstream out;
    s.write(out);
    return out.str();
}

}  // namespace

TEST_CASE("sweep journal: blocks committed without their aggregate are recomputed on resume", "[sweep][journal]") {
    test::TempDir tmp;
    // Four blocks of 2 runs each, one value per run.
    const SweepJournal j = SweepJournal::create(tmp.path() / "j", {"ab", "cd", 1, 8, "mc", 2, 1});
    SweepStats total(1);
    std::vector<std::string> states;
    for (int b = 0; b < 3; ++b) {
        SweepStats block(1);
        block.add(std::vector<double>{1.0 * b});
        block.add(std::vector<double>{2.0 * b});
        total.merge(block);
        states.push_back(bytes_of(total));
        // Block 1's aggregate is left for block 2 to record (a backlog committed at once).
        j.commit_block(static_cast<std::uint64_t>(b), "rows of " + std::to_string(b) + "\n", total, b != 1);
        SweepStats loaded;
        const std::uint64_t done = j.load(loaded);
        if (b == 1) {
            // Still the state after block 0: a resume recomputes block 1 and rewrites its rows.
            REQUIRE(done == 1);
            REQUIRE(bytes_of(loaded) == states[0]);
        } else {
            REQUIRE(done == static_cast<std::uint64_t>(b) + 1);
            REQUIRE(bytes_of(loaded) == states[static_cast<std::size_t>(b)]);
        }
    }
    std::ostringstream rows;
    j.copy_rows(rows, 3);
    REQUIRE(rows.str() == "rows of 0\nrows of 1\nrows of 2\n");
}

TEST_CASE("sweep journal: a state.bin with counts past the header is refused before allocating",
          "[sweep][journal][errors]") {
    test::TempDir tmp;
    const SweepJournal j = SweepJournal::create(tmp.path() / "j", {"ab", "cd", 1, 8, "mc", 2, 1});
    SweepStats block(1);
    block.add(std::vector<double>{1.0});
    j.commit_block(0, "rows of 0\n", block);
    const std::filesystem::path state = tmp.path() / "j" / "journal" / "state.bin";
    const std::string good = test::read_text(state);
    // The sealed payload (outputs/sealed.hpp): u64 blocks done, then the aggregate's u64 rows;
    // sealed again after the change, so that only the counts are wrong.
    const std::string payload(unseal(good, "geosim-sweep-state-2", "sweep state"));
    const auto patched = [&](std::size_t at, std::uint64_t v) {
        std::string b = payload;
        for (int i = 0; i < 8; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
        std::ofstream(state, std::ios::binary | std::ios::trunc) << seal("geosim-sweep-state-2", b);
    };
    const std::string message = "the sweep journal file '" + state.string() +
                                "' is damaged (its counts disagree with the journal's header); remove '" +
                                (tmp.path() / "j").string() + "' and start the sweep again";
    for (const auto& [at, v] : std::vector<std::pair<std::size_t, std::uint64_t>>{
             {8, 0xffffffffULL}, {8, 2}, {0, 5}, {0, ~std::uint64_t{0}}}) {
        patched(at, v);
        SweepStats loaded;
        INFO(at << " " << v);
        REQUIRE_THROWS_WITH(j.load(loaded), message);
    }
    patched(0, 4);  // four blocks of 2 runs: at most 4 done
    SweepStats loaded;
    REQUIRE(j.load(loaded) == 4);
}

TEST_CASE("sealed files written as a stream are the bytes seal() gives, and a failed producer changes nothing",
          "[sweep][journal]") {
    test::TempDir tmp;
    // A payload of several writes, one of them larger than any buffer, and one single character.
    std::string payload(3 << 20, 'x');
    for (std::size_t i = 0; i < payload.size(); i += 4093) payload[i] = static_cast<char>('a' + i % 26);
    const fs::path file = tmp.path() / "state.bin";
    write_sealed_atomically(file, "GEOSIM-TEST-1", [&](std::ostream& out) {
        out.write(payload.data(), 10);
        out.write(payload.data() + 10, static_cast<std::streamsize>(payload.size() - 11));
        out.put(payload.back());
    });
    CHECK(test::read_text(file) == seal("GEOSIM-TEST-1", payload));
    CHECK(unseal(test::read_text(file), "GEOSIM-TEST-1", "test file") == payload);

    // A producer that fails part-way over an existing file leaves that file as it was.
    CHECK_THROWS_WITH(write_sealed_atomically(file, "GEOSIM-TEST-1",
                                              [&](std::ostream& out) {
                                                  out << "half";
                                                  throw std::runtime_error("producer failed");
                                              }),
                      "producer failed");
    CHECK(test::read_text(file) == seal("GEOSIM-TEST-1", payload));
    // Its temporary is not left behind either.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(tmp.path())) names.push_back(e.path().filename().string());
    CHECK(names == std::vector<std::string>{"state.bin"});
}
