#include "engine/quantile_sketch.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

namespace geosim {

void put_u64(std::string& out, std::uint64_t v) {
    char b[8];
    std::memcpy(b, &v, 8);
    out.append(b, 8);
}

void put_f64(std::string& out, double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, 8);
    put_u64(out, bits);
}

std::uint64_t get_u64(std::string_view& in) {
    if (in.size() < 8) throw std::runtime_error("sweep state is truncated");
    std::uint64_t v;
    std::memcpy(&v, in.data(), 8);
    in.remove_prefix(8);
    return v;
}

double get_f64(std::string_view& in) {
    const std::uint64_t bits = get_u64(in);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
}

void QuantileSketch::compact(std::size_t h) {
    // Grown first: a reference into levels_ would not survive its reallocation.
    if (h + 1 == levels_.size()) levels_.emplace_back().reserve(kCapacity);
    std::vector<double>& level = levels_[h];
    std::sort(level.begin(), level.end());
    // An odd value out (possible after a merge) stays at this level: only an even number of
    // values is halved, which keeps the total weight equal to the count.
    double odd = 0;
    const bool has_odd = level.size() % 2 == 1;
    if (has_odd) {
        odd = level.back();
        level.pop_back();
    }
    const std::size_t offset = (parity_ >> h) & 1;
    parity_ ^= std::uint64_t{1} << h;
    std::vector<double>& up = levels_[h + 1];
    for (std::size_t k = offset; k < level.size(); k += 2) up.push_back(level[k]);
    level.clear();
    if (has_odd) level.push_back(odd);
}

void QuantileSketch::compact_full() {
    for (std::size_t h = 0; h < levels_.size(); ++h)
        if (levels_[h].size() >= kCapacity) compact(h);
}

void QuantileSketch::add(double x) {
    // Every level fills to kCapacity; reserving it at once saves the allocations of growing.
    if (levels_.empty()) levels_.emplace_back().reserve(kCapacity);
    levels_[0].push_back(x);
    ++count_;
    if (levels_[0].size() >= kCapacity) compact_full();
}

void QuantileSketch::merge(const QuantileSketch& other) {
    if (other.levels_.size() > levels_.size()) levels_.resize(other.levels_.size());
    for (std::size_t h = 0; h < other.levels_.size(); ++h)
        levels_[h].insert(levels_[h].end(), other.levels_[h].begin(), other.levels_[h].end());
    count_ += other.count_;
    compact_full();
}

std::vector<double> QuantileSketch::quantiles(const std::vector<double>& qs) const {
    std::vector<std::pair<double, std::uint64_t>> items;
    for (std::size_t h = 0; h < levels_.size(); ++h)
        for (double x : levels_[h]) items.emplace_back(x, std::uint64_t{1} << h);
    std::sort(items.begin(), items.end());
    std::vector<double> out;
    for (double q : qs) {
        if (items.empty()) {
            out.push_back(std::numeric_limits<double>::quiet_NaN());
            continue;
        }
        // The smallest value whose cumulative weight reaches ceil(q * n), at least 1.
        const double target = std::max(1.0, std::ceil(q * static_cast<double>(count_)));
        std::uint64_t cum = 0;
        double v = items.back().first;
        for (const auto& [x, w] : items)
            if (static_cast<double>(cum += w) >= target) {
                v = x;
                break;
            }
        out.push_back(v);
    }
    return out;
}

double QuantileSketch::quantile(double q) const { return quantiles({q}).front(); }

void QuantileSketch::write(std::string& out) const {
    put_u64(out, count_);
    put_u64(out, parity_);
    put_u64(out, levels_.size());
    for (const auto& level : levels_) {
        put_u64(out, level.size());
        for (double x : level) put_f64(out, x);
    }
}

void QuantileSketch::read(std::string_view& in) {
    count_ = get_u64(in);
    parity_ = get_u64(in);
    const std::uint64_t n = get_u64(in);
    if (n > 64 || n > in.size() / 8) throw std::runtime_error("sweep state is malformed");
    levels_.assign(n, {});
    for (auto& level : levels_) {
        const std::uint64_t size = get_u64(in);
        if (size > 2 * kCapacity || size > in.size() / 8) throw std::runtime_error("sweep state is malformed");
        level.resize(size);
        for (double& x : level) x = get_f64(in);
    }
}

}  // namespace geosim
