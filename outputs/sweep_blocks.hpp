#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/sweep_stats.hpp"
#include "outputs/sealed.hpp"
#include "outputs/sweep_journal.hpp"

namespace geosim {

// One completed block of a sweep: what a shard writes to a block file and an MPI rank sends to
// rank 0. Blocks are the fixed unit of work of a sweep (runs b * block_size .. (b + 1) *
// block_size - 1), so any split of the blocks between processes gives the same bytes.
struct SweepBlock {
    std::uint64_t block = 0;
    std::string rows;  // runs.csv rows of its runs, in run-id order
    SweepStats stats;  // aggregate of its runs
};

// The encoding of a block (raw bytes, like SweepStats::write), sealed (outputs/sealed.hpp):
//   "geosim-sweep-block-3", u64 payload size, SHA-256 of the payload (64 lowercase hex
//   digits), then the payload: u64 length + the sweep's identity (SweepJournalHeader as
//   `key value` lines), u64 block, u64 length + rows, SweepStats::write
// Its size is rows x (48 + 8 x (levels + values its sketch keeps)) bytes plus the rows, see
// docs/cluster.md.
std::string encode_block(const SweepJournalHeader& sweep, const SweepBlock& block);
// Bytes that fail the size or checksum check: a damaged (or partly copied) block.
using BlockDamaged = SealBroken;
// Reads what encode_block wrote into `block` and returns the identity; throws BlockDamaged when
// the size or the checksum is wrong, std::runtime_error on other malformed bytes (checking
// counts before allocating).
SweepJournalHeader decode_block(std::string_view bytes, SweepBlock& block);
// The same, reading only the identity, the block number and the rows (not the aggregate).
SweepJournalHeader decode_block_rows(std::string_view bytes, SweepBlock& block);

// The identity as `key value` lines (scenario_sha256, world_sha256, seed, runs, design, block_size, rows),
// and back; parse_sweep_identity throws std::runtime_error on malformed text.
std::string format_sweep_identity(const SweepJournalHeader& h);
SweepJournalHeader parse_sweep_identity(std::string_view text);

// A shard's output folder:
//   shard.txt            the sweep's identity and `scenario <path>` (absolute, for merge), as
//                        `key value` lines; the same for every shard, so shards may share a folder
//   block-<b>.bin        each completed block (encode_block), written to a temporary name and
//                        renamed, so a killed shard leaves only whole blocks
// Temporary names are `<name>.tmp.<host>.<pid>.<n>`, unique to the writing process, so shards
// started together on one folder never write the same file.
struct ShardInfo {
    SweepJournalHeader sweep;
    std::string scenario;  // absolute path of the scenario file
};

std::filesystem::path shard_block_file(const std::filesystem::path& folder, std::uint64_t block);
// Creates shard.txt unless it exists (never replacing one another shard wrote meanwhile);
// false when it existed, for the caller to compare with read_shard_info.
bool create_shard_info(const std::filesystem::path& folder, const ShardInfo& info);
// Throws std::runtime_error naming the file when it is missing or malformed.
ShardInfo read_shard_info(const std::filesystem::path& folder);
// Block numbers of the block files in `folder`, ascending.
std::vector<std::uint64_t> shard_blocks(const std::filesystem::path& folder);
// Whether `name` is one a shard writes into its folder: shard.txt, block-<b>.bin, or their
// temporaries.
bool is_shard_file_name(const std::string& name);
// `file` with a suffix unique to this process and call, in the same folder.
std::filesystem::path temporary_name(const std::filesystem::path& file);
// Writes `file` under a temporary name (temporary_name), then renames it. `fill` writes the
// bytes and returns 0, or the errno of a write that failed; that, a temporary that cannot be
// made, or a failed close is an IoError naming the temporary. On any error or exception the
// temporary is removed and `file` is left as it was.
void write_atomically(const std::filesystem::path& file, const std::function<int(std::ofstream&)>& fill);
// The same with `bytes` as the contents.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes);
// Writes a sealed file (seal()'s format, outputs/sealed.hpp) the same way without holding its
// payload: `produce` writes the payload into the stream it is given, the bytes go to the
// temporary file as they come and are hashed on the way, and the header's size and checksum are
// written over their place-holders at the end. A sweep's journal state is tens of MB.
void write_sealed_atomically(const std::filesystem::path& file, std::string_view magic,
                             const std::function<void(std::ostream&)>& produce);
std::string read_whole_file(const std::filesystem::path& file);

}  // namespace geosim
