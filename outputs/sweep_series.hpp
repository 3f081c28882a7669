#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <vector>

#include "engine/core/date.hpp"
#include "outputs/csv.hpp"

namespace geosim {

struct RowKey;
struct SweepRunResult;

// The per-run series of a sweep run with --keep-series, streamed to disk as runs are folded:
// the rows of each journaled block go to `<folder>/block-<b>.csv` (written under a temporary
// name, renamed when the block is complete, before the journal counts it), and the finished
// sweep's series.csv is their concatenation under one header. The rows are those geosim run
// writes to series.csv (run,step,date,indicator,agent,partner,sector,value), for every successful run
// in run order; a failed run has none. Memory does not grow with the number of runs.
class SweepSeries {
public:
    // Creates `folder` if it does not exist (a resume finds the blocks already complete there).
    SweepSeries(std::filesystem::path folder, const std::vector<RowKey>& keys, QuarterIndex start);

    // Appends the rows of one run (the next in run order) to the current block's file.
    void add(const SweepRunResult& run);
    // Completes block `block`: flushes its file and renames it into place. Throws
    // std::runtime_error naming the file on a write error.
    void commit_block(std::uint64_t block);
    // Writes series.csv to `file`: the header and the rows of blocks 0..blocks-1.
    void write(const std::filesystem::path& file, std::uint64_t blocks) const;

private:
    std::filesystem::path block_file(std::uint64_t block) const;

    std::filesystem::path folder_;
    const std::vector<RowKey>& keys_;
    QuarterIndex start_;
    std::vector<std::string> dates_;  // of each step, filled as needed
    std::ofstream out_;
    CsvWriter csv_{out_};
    std::filesystem::path open_;  // the temporary file being written, empty when none
};

}  // namespace geosim
