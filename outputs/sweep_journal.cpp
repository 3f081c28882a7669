#include "outputs/sweep_journal.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "analysis/quantile_sketch.hpp"
#include "analysis/sweep_stats.hpp"
#include "engine/core/error.hpp"
#include "outputs/sealed.hpp"
#include "outputs/sweep_blocks.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

const char* const kHeaderMagic = "geosim-sweep-header-3";
const char* const kStateMagic = "geosim-sweep-state-2";
const char* const kRowsMagic = "geosim-sweep-rows-2";

// A journal file that cannot be trusted: the sweep cannot go on from it.
IoError damaged(const fs::path& file, const std::string& problem, const fs::path& folder) {
    return IoError("the sweep journal file '" + file.string() + "' is damaged (" + problem + "); remove '" +
                   folder.string() + "' and start the sweep again");
}

// Takes the journal's lock for as long as the returned descriptor lives, so that two processes
// never write one journal (two --resume of one folder, say).
std::shared_ptr<const int> lock_journal(const fs::path& folder) {
    const fs::path file = folder / "journal" / "lock";
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw IoError("cannot open '" + file.string() + "': " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            throw IoError("'" + folder.string() + "' is in use by another geosim sweep (its journal is locked); "
                          "wait for that one to end");
        throw IoError("cannot lock '" + file.string() + "': " + std::strerror(error));
    }
    return std::shared_ptr<const int>(new int(fd), [](const int* p) {
        ::close(*p);
        delete p;
    });
}

}  // namespace

SweepJournal SweepJournal::create(const fs::path& folder, const SweepJournalHeader& h) {
    if (fs::exists(folder)) throw std::runtime_error("'" + folder.string() + "' exists already");
    fs::create_directories(folder / "journal");
    SweepJournal j(folder, h, lock_journal(folder));
    write_file_atomically(j.dir() / "header.txt", seal(kHeaderMagic, format_sweep_identity(h)));
    return j;
}

SweepJournal SweepJournal::open(const fs::path& folder) {
    const fs::path file = folder / "journal" / "header.txt";
    if (!fs::exists(file)) throw std::runtime_error("'" + folder.string() + "' holds no sweep journal");
    auto lock = lock_journal(folder);
    SweepJournalHeader h;
    try {
        h = parse_sweep_identity(unseal(read_whole_file(file), kHeaderMagic, "sweep journal header"));
    } catch (const std::runtime_error& e) {
        throw damaged(file, e.what(), folder);
    }
    return SweepJournal(folder, h, std::move(lock));
}

std::uint64_t SweepJournal::load(SweepStats& stats) const {
    const fs::path file = dir() / "state.bin";
    if (!fs::exists(file)) {
        stats = SweepStats(header_.rows);
        return 0;
    }
    try {
        const std::string bytes = read_whole_file(file);
        std::string_view in = unseal(bytes, kStateMagic, "sweep state");
        const std::uint64_t blocks = get_u64(in);
        // Counts are checked against the journal's header before anything is allocated.
        std::string_view peek = in;
        if (blocks > (header_.runs + header_.block_size - 1) / header_.block_size || get_u64(peek) != header_.rows)
            throw std::runtime_error("its counts disagree with the journal's header");
        stats.read(in);
        return blocks;
    } catch (const std::runtime_error& e) {
        throw damaged(file, e.what(), folder_);
    }
}

fs::path SweepJournal::rows_file(std::uint64_t block) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "runs-%06llu.csv", static_cast<unsigned long long>(block));
    return dir() / buf;
}

std::string SweepJournal::read_rows(std::uint64_t block) const {
    const std::string bytes = read_whole_file(rows_file(block));
    std::string_view in = unseal(bytes, kRowsMagic, "sweep journal rows file");
    const std::uint64_t recorded = get_u64(in);
    if (recorded != block)
        throw std::runtime_error("it holds the rows of block " + std::to_string(recorded) + ", not " +
                                 std::to_string(block));
    return std::string(in);
}

std::vector<SweepJournal::DamagedRows> SweepJournal::damaged_rows(std::uint64_t blocks) const {
    std::vector<DamagedRows> out;
    for (std::uint64_t b = 0; b < blocks; ++b) {
        const fs::path file = rows_file(b);
        if (!fs::exists(file)) {
            out.push_back({b, file, "missing"});
            continue;
        }
        try {
            read_rows(b);
        } catch (const std::runtime_error& e) {
            out.push_back({b, file, e.what()});
        }
    }
    return out;
}

void SweepJournal::commit_block(std::uint64_t block, const std::string& rows, const SweepStats& stats,
                                bool aggregate) const {
    std::string payload;
    put_u64(payload, block);
    payload += rows;
    write_file_atomically(rows_file(block), seal(kRowsMagic, payload));
    if (!aggregate) return;
    // The last block's aggregate is not kept: the outputs follow at once, and a kill before
    // they are committed only costs a resume that block again.
    if (block + 1 == (header_.runs + header_.block_size - 1) / header_.block_size) return;
    // Streamed to the file: the aggregate is tens of MB, and three copies of it in memory
    // (string, payload, sealed bytes) were most of a long sweep's peak.
    write_sealed_atomically(dir() / "state.bin", kStateMagic, [&](std::ostream& out) {
        std::string next;
        put_u64(next, block + 1);
        out.write(next.data(), static_cast<std::streamsize>(next.size()));
        stats.write(out);
    });
}

void SweepJournal::copy_rows(std::ostream& out, std::uint64_t blocks) const {
    for (std::uint64_t b = 0; b < blocks; ++b) {
        try {
            out << read_rows(b);
        } catch (const std::runtime_error& e) {
            throw damaged(rows_file(b), e.what(), folder_);
        }
    }
}

}  // namespace geosim
