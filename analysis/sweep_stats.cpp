#include "analysis/sweep_stats.hpp"

#include <stdexcept>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "analysis/task_order.hpp"

namespace geosim {

namespace {

void check_size(std::size_t values, std::size_t rows) {
    if (values != rows)
        throw std::invalid_argument("SweepStats::add: a run has " + std::to_string(values) +
                                    " values for " + std::to_string(rows) + " rows");
}

}  // namespace

void SweepStats::add(std::span<const double> values) {
    check_size(values.size(), moments_.size());
    ++runs_;
    for (std::size_t k = 0; k < values.size(); ++k) {
        moments_[k].add(values[k]);
        sketches_[k].add(values[k]);
    }
}

void SweepStats::add_runs(const std::vector<std::vector<double>>& runs, std::size_t count) {
    for (std::size_t r = 0; r < count; ++r) check_size(runs[r].size(), moments_.size());
    // Each row sees the runs in the order given, whichever thread folds it: the same bits.
    TaskOrder order;  // for ThreadSanitizer only (analysis/task_order.hpp)
    order.release();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, moments_.size(), 1024),
                      [&](const tbb::blocked_range<std::size_t>& rows) {
                          const TaskOrder::Step step(order);
                          for (std::size_t k = rows.begin(); k != rows.end(); ++k)
                              for (std::size_t r = 0; r < count; ++r) {
                                  moments_[k].add(runs[r][k]);
                                  sketches_[k].add(runs[r][k]);
                              }
                      });
    order.acquire();
    runs_ += count;
}

void SweepStats::reserve_for(std::uint64_t runs) {
    for (QuantileSketch& sketch : sketches_) sketch.reserve_for(runs);
}

void SweepStats::reset(std::size_t rows) {
    if (rows != moments_.size()) {
        *this = SweepStats(rows);
        return;
    }
    moments_.assign(rows, {});
    for (QuantileSketch& sketch : sketches_) sketch.clear();
    runs_ = 0;
    failed_ = 0;
}

void SweepStats::merge(const SweepStats& other) {
    if (other.rows() != rows())
        throw std::invalid_argument("SweepStats::merge: " + std::to_string(other.rows()) + " rows into " +
                                    std::to_string(rows()));
    TaskOrder order;  // for ThreadSanitizer only (analysis/task_order.hpp)
    order.release();
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, moments_.size(), 1024),
                      [&](const tbb::blocked_range<std::size_t>& rows) {
                          const TaskOrder::Step step(order);
                          for (std::size_t k = rows.begin(); k != rows.end(); ++k) {
                              moments_[k].merge(other.moments_[k]);
                              sketches_[k].merge(other.sketches_[k]);
                          }
                      });
    order.acquire();
    runs_ += other.runs_;
    failed_ += other.failed_;
}

void SweepStats::write(std::ostream& stream) const {
    std::string out;
    put_u64(out, moments_.size());
    put_u64(out, runs_);
    put_u64(out, failed_);
    for (std::size_t k = 0; k < moments_.size(); ++k) {
        put_u64(out, moments_[k].count);
        put_f64(out, moments_[k].mean);
        put_f64(out, moments_[k].m2);
        sketches_[k].write(out);
        if (out.size() > (1u << 20) || k + 1 == moments_.size()) {
            stream.write(out.data(), static_cast<std::streamsize>(out.size()));
            out.clear();
        }
    }
    if (moments_.empty()) stream.write(out.data(), static_cast<std::streamsize>(out.size()));
}

void SweepStats::read(std::string_view in) {
    const std::uint64_t rows = get_u64(in);
    // Each row takes at least 48 bytes (count, mean, m2 and the sketch's count, parity and
    // levels): a count the bytes cannot hold is refused before anything is allocated.
    if (in.size() < 16 || rows > (in.size() - 16) / 48) throw std::runtime_error("sweep state is malformed");
    moments_.assign(rows, {});
    sketches_.assign(rows, {});
    runs_ = get_u64(in);
    failed_ = get_u64(in);
    for (std::size_t k = 0; k < rows; ++k) {
        moments_[k].count = get_u64(in);
        moments_[k].mean = get_f64(in);
        moments_[k].m2 = get_f64(in);
        sketches_[k].read(in);
    }
    if (!in.empty()) throw std::runtime_error("sweep state has trailing bytes");
}

}  // namespace geosim
