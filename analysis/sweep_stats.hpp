#pragma once
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/paired_stats.hpp"
#include "analysis/quantile_sketch.hpp"

namespace geosim {

// The aggregate of a sweep's successful runs, per row (one recorded value of a run: an indicator
// of an agent at a step): the mean and variance by Welford's update and a quantile sketch.
// A sweep folds the runs of each block of run ids (in run-id order) into a fresh aggregate and
// merges the block aggregates in block order, so one process, shards and MPI ranks, which all
// compute whole blocks, give the same bits by construction, whichever thread computed a run.
// Memory is rows x (3 numbers + a sketch), whatever the number of runs.
class SweepStats {
public:
    SweepStats() = default;
    explicit SweepStats(std::size_t rows) : moments_(rows), sketches_(rows) {}

    // Folds one successful run; `values` holds one value per row. Throws std::invalid_argument
    // when its size differs from rows().
    void add(std::span<const double> values);
    // Folds runs[0..count-1], in that order: the same bits as add() on each in turn, but each
    // row's accumulators are visited once per batch instead of once per run (with ~10^5 rows
    // the fold is bound by memory, not arithmetic), and rows are folded in parallel.
    void add_runs(const std::vector<std::vector<double>>& runs, std::size_t count);
    // Empties the aggregate for `rows` rows, keeping the sketches' storage when the number of
    // rows is unchanged: a sweep folds every block into the same aggregate, which then does not
    // allocate (and fragment the heap) again per block.
    void reset(std::size_t rows);
    // Reserves each row's sketch storage for `runs` runs (QuantileSketch::reserve_for): the
    // running total of a sweep then keeps its memory from the first block to the last instead
    // of growing, and fragmenting the heap, a level at a time.
    void reserve_for(std::uint64_t runs);
    // Counts a run that failed (its values are left out).
    void add_failure() { ++failed_; }
    // Adds the runs `other` aggregates as if they came after this one's: per row, the moments by
    // RunningStats::merge and the sketch by QuantileSketch::merge. Throws std::invalid_argument
    // when the numbers of rows differ.
    void merge(const SweepStats& other);

    std::size_t rows() const { return moments_.size(); }
    std::uint64_t runs() const { return runs_; }      // successful runs folded
    std::uint64_t failed() const { return failed_; }  // runs left out
    const RunningStats& moments(std::size_t row) const { return moments_[row]; }
    const QuantileSketch& sketch(std::size_t row) const { return sketches_[row]; }

    // Exact serialisation (raw bytes): a sweep resumed from it continues with the same bits.
    // Streamed a few thousand rows at a time: the whole state can be ~100 MB.
    void write(std::ostream& out) const;
    // Replaces this state with what write() wrote; throws std::runtime_error on bad input.
    void read(std::string_view in);

private:
    std::vector<RunningStats> moments_;
    std::vector<QuantileSketch> sketches_;
    std::uint64_t runs_ = 0;
    std::uint64_t failed_ = 0;
};

}  // namespace geosim
