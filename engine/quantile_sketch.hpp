#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace geosim {

// Approximate quantiles of a stream of values: a KLL-style stack of compactors with equal
// capacities and deterministic compaction, so that the same values added (or sketches merged)
// in the same order give the same bits.
//
// Level h holds values of weight 2^h. A value enters level 0; when a level holds kCapacity
// values, it is sorted and every other value (the even or the odd positions, alternating per
// level) moves up one level with twice the weight; the other half is dropped. The total weight
// stays equal to count().
//
// Error bound. One compaction at level h moves the estimated rank of any value by at most 2^h,
// and level h compacts at most n / (kCapacity * 2^h) times, so each level adds at most
// n / kCapacity and the estimated rank of any value is within H * n / kCapacity of its true
// rank, where H = levels() - 1 (the number of levels that have compacted). quantile(q) thus
// returns a value whose true rank lies within q * n +- (H * n / kCapacity + 1). With
// kCapacity = 64: exact below 64 values; 200 values, H = 2, within 3.1% of n; 1,000 values,
// H = 4, 6.3%; 10^4, H = 8, 12.5% (worst case; alternating parity cancels most of it, see
// tests/engine/test_quantile_sketch.cpp).
// Memory: at most kCapacity values per level and log2(n / kCapacity) + 1 levels: 17 levels
// (about 8.5 KB) at the sweep's cap of 10^6 runs, whatever the stream.
class QuantileSketch {
public:
    static constexpr std::size_t kCapacity = 64;

    void add(double x);
    // Adds `other`'s values as if they had been added after this sketch's (same bound, with n
    // the combined count).
    void merge(const QuantileSketch& other);

    std::uint64_t count() const { return count_; }
    std::size_t levels() const { return levels_.size(); }
    // The smallest stored value whose cumulative weight reaches q * count() (the inverse of the
    // empirical distribution function, type 1; exact while no level has compacted). NaN when
    // empty. Callers asking for several quantiles should use quantiles().
    double quantile(double q) const;
    std::vector<double> quantiles(const std::vector<double>& qs) const;

    // Exact serialisation (doubles as raw bytes): read(write()) restores the same bits.
    void write(std::string& out) const;
    // Reads what write() wrote from the front of `in` and advances it; throws std::runtime_error
    // on truncated or malformed input.
    void read(std::string_view& in);

    bool operator==(const QuantileSketch&) const = default;

private:
    void compact(std::size_t level);
    void compact_full();

    std::vector<std::vector<double>> levels_;
    std::uint64_t count_ = 0;
    std::uint64_t parity_ = 0;  // bit h: which half level h keeps at its next compaction
};

// Exact raw-byte encoding of plain values, shared by the sweep's serialised state.
void put_u64(std::string& out, std::uint64_t v);
void put_f64(std::string& out, double v);
std::uint64_t get_u64(std::string_view& in);
double get_f64(std::string_view& in);

}  // namespace geosim
