#include "outputs/sweep_series.hpp"

#include <stdexcept>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_runs.hpp"
#include "engine/core/error.hpp"
#include "outputs/series_rows.hpp"

namespace geosim {

namespace fs = std::filesystem;

SweepSeries::SweepSeries(fs::path folder, const std::vector<RowKey>& keys, QuarterIndex start)
    : folder_(std::move(folder)), keys_(keys), start_(start) {
    fs::create_directories(folder_);
}

fs::path SweepSeries::block_file(std::uint64_t block) const {
    return folder_ / ("block-" + std::to_string(block) + ".csv");
}

void SweepSeries::add(const SweepRunResult& run) {
    if (open_.empty()) {
        // Whatever an interrupted sweep left of this block is started again.
        open_ = folder_ / "block.csv.tmp";
        out_.open(open_, std::ios::binary | std::ios::trunc);
        if (!out_) throw write_error(open_.string());
    }
    if (!run.error.empty() || keys_.empty()) return;
    const std::size_t steps = run.values.size() / keys_.size();
    while (dates_.size() < steps) dates_.push_back(format_quarter(start_ + static_cast<QuarterIndex>(dates_.size())));
    for (std::size_t step = 0; step < steps; ++step) {
        const RowStamp stamp{run.plan.run_id, static_cast<int>(step), dates_[step]};
        for (std::size_t k = 0; k < keys_.size(); ++k)
            write_series_row(csv_, stamp, keys_[k].indicator, keys_[k].agent, keys_[k].partner,
                             keys_[k].sector, run.values[step * keys_.size() + k]);
    }
}

void SweepSeries::commit_block(std::uint64_t block) {
    if (open_.empty()) return;
    out_.close();
    if (!out_) throw write_error(open_.string());
    fs::rename(open_, block_file(block));
    open_.clear();
}

void SweepSeries::write(const fs::path& file, std::uint64_t blocks) const {
    std::ofstream out(file, std::ios::binary);
    CsvWriter csv(out);
    write_series_header(csv);
    for (std::uint64_t b = 0; b < blocks; ++b) {
        std::ifstream in(block_file(b), std::ios::binary);
        if (!in) throw std::runtime_error("the series of block " + std::to_string(b) + " are missing from '" +
                                          folder_.string() + "'");
        // (Inserting an empty buffer would set failbit: a block whose runs all failed has no rows.)
        if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
    }
    out.close();
    if (!out) throw write_error(file.string());
}

}  // namespace geosim
