#include "analysis/quantile_sketch.hpp"

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

std::size_t QuantileSketch::capacity(std::size_t h) const {
    // k at the top level, then two thirds (rounded down) per level below, at least kMinCapacity.
    std::size_t cap = kCapacity;
    for (std::size_t d = sizes_.size() - 1 - h; d > 0 && cap > kMinCapacity; --d)
        cap = std::max(kMinCapacity, cap * 2 / 3);
    return cap;
}

double QuantileSketch::rank_error_bound() const {
    double bound = 0;
    for (std::size_t h = 0; h + 1 < sizes_.size(); ++h)
        bound += static_cast<double>(count_) / static_cast<double>(capacity(h) - 1);
    return bound;
}

std::size_t QuantileSketch::start(std::size_t h) const {
    // Levels are stored top first, so level 0 is at the end of items_ and add() appends.
    std::size_t at = 0;
    for (std::size_t g = sizes_.size(); g-- > h + 1;) at += sizes_[g];
    return at;
}

void QuantileSketch::compact(std::size_t h) {
    if (h + 1 == sizes_.size()) {
        sizes_.push_back(0);
        limit_ = total_capacity();
    }
    const std::size_t begin = start(h);
    const auto first = items_.begin() + static_cast<std::ptrdiff_t>(begin);
    std::sort(first, first + static_cast<std::ptrdiff_t>(sizes_[h]));
    // An odd value out (the largest) stays at this level: only an even number of values is
    // halved, which keeps the total weight equal to the count.
    const std::size_t pairs = sizes_[h] / 2;
    const bool has_odd = sizes_[h] % 2 == 1;
    const std::size_t offset = (parity_ >> h) & 1;
    parity_ ^= std::uint64_t{1} << h;
    // Level h + 1 ends where level h begins: the kept values move to the front of level h's
    // range (each to an index no greater than its own) and become level h + 1's last values.
    for (std::size_t j = 0; j < pairs; ++j) items_[begin + j] = items_[begin + offset + 2 * j];
    if (has_odd) items_[begin + pairs] = items_[begin + 2 * pairs];
    const auto drop = items_.begin() + static_cast<std::ptrdiff_t>(begin + pairs + (has_odd ? 1 : 0));
    items_.erase(drop, drop + static_cast<std::ptrdiff_t>(pairs));
    sizes_[h + 1] += static_cast<std::uint32_t>(pairs);
    sizes_[h] = has_odd ? 1 : 0;
}

std::size_t QuantileSketch::total_capacity() const {
    std::size_t total = 0;
    for (std::size_t h = 0; h < sizes_.size(); ++h) total += capacity(h);
    return total;
}

void QuantileSketch::compress() {
    // Lazy: only when the sketch holds its total capacity, the lowest level at or above its own
    // capacity (there is one) is compacted, until the sketch holds less. Compacting the top level
    // adds a level above it, which shrinks the capacities below and raises the total.
    while (items_.size() >= limit_) {
        std::size_t h = 0;
        while (sizes_[h] < capacity(h)) ++h;
        compact(h);
    }
}

void QuantileSketch::add(double x) {
    if (sizes_.empty()) {
        sizes_.push_back(0);
        limit_ = total_capacity();
        fit();
    }
    // A copy's storage is only as large as its values: grown to the bound, not by doubling.
    if (items_.size() == items_.capacity()) fit();
    items_.push_back(x);
    ++sizes_[0];
    ++count_;
    if (items_.size() >= limit_) {
        const std::size_t levels = sizes_.size();
        compress();
        if (sizes_.size() != levels) fit();
    }
}

void QuantileSketch::reserve_for(std::uint64_t count) {
    // A level is added only when the top level (capacity k) compacts, so a sketch of H >= 2
    // levels has had k values of weight 2^(H-2) at its top: count >= k * 2^(H-2).
    std::size_t levels = 1;
    while (kCapacity * (std::uint64_t{1} << (levels - 1)) <= count && levels < 63) ++levels;
    std::size_t total = 0;
    for (std::size_t cap = kCapacity, h = 0; h < levels; ++h) {
        total += cap;
        cap = std::max(kMinCapacity, cap * 2 / 3);
    }
    if (items_.capacity() < total) items_.reserve(total);
    if (sizes_.capacity() < levels) sizes_.reserve(levels);
}

void QuantileSketch::fit() {
    // Fewer than total_capacity() values after compress(), and add() takes one more before
    // compressing: reserving that (and no more) keeps the allocation at the bound.
    // Storage larger than that (left by clear()) is kept: it is reused, not grown again.
    if (items_.capacity() < limit_) items_.reserve(limit_);
}

void QuantileSketch::clear() {
    items_.clear();
    sizes_.clear();
    count_ = 0;
    parity_ = 0;
    limit_ = 0;
}

void QuantileSketch::merge(const QuantileSketch& other) {
    if (other.count_ == 0) return;
    // The two sketches' values meet in a buffer kept per thread, so that merging a sweep's
    // ~10^4 rows does not allocate (and fragment the heap) twice per row and block.
    thread_local std::vector<double> items;
    items.clear();
    // Level by level from the top, this sketch's values then other's (the layout of items_).
    const std::size_t levels = std::max(sizes_.size(), other.sizes_.size());
    std::vector<std::uint32_t> sizes(levels, 0);
    std::size_t mine = 0, theirs = 0;  // where the next level starts in items_, other.items_
    for (std::size_t h = levels; h-- > 0;) {
        const std::size_t a = h < sizes_.size() ? sizes_[h] : 0;
        const std::size_t b = h < other.sizes_.size() ? other.sizes_[h] : 0;
        items.insert(items.end(), items_.begin() + static_cast<std::ptrdiff_t>(mine),
                     items_.begin() + static_cast<std::ptrdiff_t>(mine + a));
        items.insert(items.end(), other.items_.begin() + static_cast<std::ptrdiff_t>(theirs),
                     other.items_.begin() + static_cast<std::ptrdiff_t>(theirs + b));
        mine += a;
        theirs += b;
        sizes[h] = static_cast<std::uint32_t>(a + b);
    }
    std::vector<double> kept = std::move(items_);  // this sketch's storage, refilled below
    items_ = std::move(items);
    sizes_ = std::move(sizes);
    count_ += other.count_;
    limit_ = total_capacity();
    compress();
    // The result goes back into this sketch's storage when it is of the bound's size (it is
    // unless levels were added), and the buffer back to the thread.
    if (kept.capacity() < limit_) {
        kept = std::vector<double>();
        kept.reserve(limit_);
    }
    kept.assign(items_.begin(), items_.end());
    items = std::move(items_);
    items_ = std::move(kept);
}

std::vector<double> QuantileSketch::quantiles(const std::vector<double>& qs) const {
    std::vector<std::pair<double, std::uint64_t>> items;
    std::size_t at = 0;
    for (std::size_t h = sizes_.size(); h-- > 0;)
        for (std::size_t j = 0; j < sizes_[h]; ++j) items.emplace_back(items_[at++], std::uint64_t{1} << h);
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
    put_u64(out, sizes_.size());
    for (std::size_t h = 0; h < sizes_.size(); ++h) {
        put_u64(out, sizes_[h]);
        const std::size_t begin = start(h);
        for (std::size_t j = 0; j < sizes_[h]; ++j) put_f64(out, items_[begin + j]);
    }
}

void QuantileSketch::read(std::string_view& in) {
    count_ = get_u64(in);
    parity_ = get_u64(in);
    const std::uint64_t n = get_u64(in);
    if (n > 64 || n > in.size() / 8 || (count_ == 0) != (n == 0)) throw std::runtime_error("sweep state is malformed");
    // Level 0 first in the bytes, last in items_: the levels are read, then laid out top first.
    std::vector<std::vector<double>> levels(n);
    sizes_.assign(n, 0);
    std::size_t total = 0;
    for (std::size_t h = 0; h < n; ++h) {
        const std::uint64_t size = get_u64(in);
        if (size > in.size() / 8) throw std::runtime_error("sweep state is malformed");
        sizes_[h] = static_cast<std::uint32_t>(size);
        total += size;
        levels[h].resize(size);
        for (double& x : levels[h]) x = get_f64(in);
    }
    limit_ = total_capacity();
    if (n > 0 && total >= limit_) throw std::runtime_error("sweep state is malformed");
    items_.clear();
    fit();
    for (std::size_t h = n; h-- > 0;) items_.insert(items_.end(), levels[h].begin(), levels[h].end());
}

}  // namespace geosim
