#include "engine/sweep_stats.hpp"

#include <stdexcept>

namespace geosim {

void SweepStats::add(std::span<const double> values) {
    if (values.size() != moments_.size())
        throw std::invalid_argument("SweepStats::add: a run has " + std::to_string(values.size()) +
                                    " values for " + std::to_string(moments_.size()) + " rows");
    ++runs_;
    for (std::size_t k = 0; k < values.size(); ++k) {
        moments_[k].add(values[k]);
        sketches_[k].add(values[k]);
    }
}

void SweepStats::write(std::string& out) const {
    put_u64(out, moments_.size());
    put_u64(out, runs_);
    put_u64(out, failed_);
    for (std::size_t k = 0; k < moments_.size(); ++k) {
        put_u64(out, moments_[k].count);
        put_f64(out, moments_[k].mean);
        put_f64(out, moments_[k].m2);
        sketches_[k].write(out);
    }
}

void SweepStats::read(std::string_view in) {
    const std::uint64_t rows = get_u64(in);
    if (rows > (std::uint64_t{1} << 32)) throw std::runtime_error("sweep state is malformed");
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
