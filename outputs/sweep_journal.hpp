#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace geosim {

class SweepStats;

// What a sweep journal was started for; a resume must match it.
struct SweepJournalHeader {
    std::string scenario_sha256;
    std::string world_sha256;    // the world file and its includes, in load order
    std::uint64_t seed = 0;
    std::uint64_t runs = 0;
    std::string design;          // mc, lhs, grid or sobol
    std::uint64_t block_size = 0;
    std::uint64_t rows = 0;      // recorded values per run
    bool operator==(const SweepJournalHeader&) const = default;
};

// The checkpoint of a sweep in progress, in `<folder>/journal/`:
//   header.txt          the SweepJournalHeader, `key value` lines
//   runs-<block>.csv    the block number (u64) and the runs.csv rows of each completed block
//   state.bin           how many blocks are complete (u64) and the aggregate of their runs
//                       (SweepStats::write, exact bytes)
//   lock                locked (flock) by the process that writes the journal
// Each of the first three is sealed with its size and SHA-256 (outputs/sealed.hpp), as the
// shard block files are, so that a damaged file is never taken for a valid one.
// Blocks complete in block order, so the aggregate of blocks 0..b-1 is the prefix of the
// run-order fold an uninterrupted sweep computes, and continuing from it gives the same bits.
// Each file is written to a temporary name and renamed, the block's rows before the state that
// counts them, so a kill at any moment leaves a consistent journal.
class SweepJournal {
public:
    // Starts an empty journal in `folder`, which must not exist.
    static SweepJournal create(const std::filesystem::path& folder, const SweepJournalHeader& header);
    // Opens an existing journal; throws std::runtime_error when it is not one, IoError when its
    // header is damaged or another process holds its lock.
    static SweepJournal open(const std::filesystem::path& folder);

    const SweepJournalHeader& header() const { return header_; }
    const std::filesystem::path& folder() const { return folder_; }

    // Blocks complete, and the aggregate of their runs read into `stats`; IoError when state.bin
    // is damaged.
    std::uint64_t load(SweepStats& stats) const;
    // A rows file of blocks 0..blocks-1 that is missing or damaged: the block and what is wrong.
    struct DamagedRows {
        std::uint64_t block = 0;
        std::filesystem::path file;
        std::string problem;
    };
    std::vector<DamagedRows> damaged_rows(std::uint64_t blocks) const;
    // Records block `block` (the next one) as complete: its runs.csv rows, then the aggregate of
    // blocks 0..block (except after the last block, whose outputs follow at once). With
    // `aggregate` false only the rows are written: a caller with more blocks to commit at once
    // records the aggregate with the last of them (a resume recomputes blocks after the last
    // aggregate recorded, rewriting their rows), and a resume rewrites damaged rows this way.
    void commit_block(std::uint64_t block, const std::string& rows, const SweepStats& stats,
                      bool aggregate = true) const;
    // Writes the rows of blocks 0..blocks-1 to `out`, in block order.
    void copy_rows(std::ostream& out, std::uint64_t blocks) const;

private:
    SweepJournal(std::filesystem::path folder, SweepJournalHeader header, std::shared_ptr<const int> lock)
        : folder_(std::move(folder)), header_(std::move(header)), lock_(std::move(lock)) {}
    std::filesystem::path dir() const { return folder_ / "journal"; }
    std::filesystem::path rows_file(std::uint64_t block) const;
    // The rows of `block`, after checking its seal; throws SealBroken or std::runtime_error.
    std::string read_rows(std::uint64_t block) const;

    std::filesystem::path folder_;
    SweepJournalHeader header_;
    std::shared_ptr<const int> lock_;  // the locked file's descriptor, closed with the last copy
};

}  // namespace geosim
