#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace geosim {

// Approximate quantiles of a stream of values in bounded memory: a KLL sketch (Karnin, Lang and
// Liberty, "Optimal quantile approximation in streams", 2016) with deterministic compaction, so
// that the same values added (or sketches merged) in the same order give the same bits.
//
// Level h holds values of weight 2^h. With H levels, the top level's capacity is k = kCapacity
// and each level's below is two thirds (rounded down) of the one above, but at least
// kMinCapacity = 8: for k = 128, 128, 85, 56, 37, 24, 16, 10, 8, 8, ... from the top. Values
// enter level 0. When the sketch holds the sum of its levels' capacities, the lowest level at or
// above its own capacity is compacted, until it holds less: the level is sorted and every other
// value (the even or the odd positions, alternating per level) moves up one level with twice the
// weight; the other half is dropped (an odd value out, the largest, stays). Compacting the top
// level adds a level above it and shrinks the capacities below. The total weight stays equal to
// count().
//
// Memory: fewer values than the capacities' sum, 128 + 85 + ... + 10 = 356 for up to 7 levels
// and 8 more per level after, whatever the stream: about 2.4 KB at 1,000 values (4 levels),
// 3 KB at 10^5 (10 levels) and 3.2 KB at the sweep's cap of 10^6 runs (13 levels). Merging
// needs the two sketches' values for a moment.
//
// Error bound. Compacting level h moves the estimated rank of any value by at most 2^h, and a
// compaction takes at least capacity(h) - 1 values of weight 2^h out of the at most n / 2^h that
// ever reach the level (capacities only shrink as levels are added, whichever sketch a merged
// value came from), so level h adds at most n / (capacity(h) - 1), and the estimated rank of any
// value is within
//     E = n * (sum over h = 0 .. H-2 of 1 / (capacity(h) - 1))
// of its true rank (H = levels(); rank_error_bound() computes E). quantile(q) thus returns a
// value whose true rank lies within q * n +- (E + 1). Exact below k = 128 values (one level,
// E = 0, also after merges); E is 1.2% of n with 2 levels (from 128 values), 3.0% with 3, 5.8%
// with 4 (about 1,000 values); beyond it is a loose worst case (17% with 6 levels, about 5,000
// values; 71% with 10, about 10^5) for orders built against the alternating parity. On random,
// sorted, reversed and zig-zag streams of up to 10^6 values, added or merged in blocks of 1,024,
// the error measured is under 1.1% of n (tests/analysis/test_quantile_sketch.cpp checks 1.5%).
class QuantileSketch {
public:
    static constexpr std::size_t kCapacity = 128;    // k, the top level's capacity
    static constexpr std::size_t kMinCapacity = 8;   // the smallest level's

    void add(double x);
    // Adds `other`'s values as if they had been added after this sketch's (same bound, with n
    // the combined count).
    void merge(const QuantileSketch& other);

    // Empties the sketch but keeps its storage, for the next values to reuse.
    void clear();
    // Reserves, once, the storage the sketch can need for up to `count` values (the capacities'
    // sum for the most levels that many values can fill), so that a long-lived sketch is not
    // reallocated as it grows: reallocating every row's sketch by turns on the threads of a
    // sweep fragments the heap (their malloc arenas keep the freed buffers). Changes no value.
    void reserve_for(std::uint64_t count);

    std::uint64_t count() const { return count_; }
    std::size_t levels() const { return sizes_.size(); }
    // Values stored: fewer than the sum of capacity(h) over the levels (the memory bound above).
    std::size_t stored() const { return items_.size(); }
    // Values the storage has room for (what reserve_for() set, or what growth left).
    std::size_t storage() const { return items_.capacity(); }
    // Level h's capacity with the current number of levels (see above).
    std::size_t capacity(std::size_t h) const;
    // E above: no estimated rank is further than this from the true one.
    double rank_error_bound() const;
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
    void compress();
    std::size_t total_capacity() const;
    std::size_t start(std::size_t level) const;
    void fit();

    std::vector<double> items_;          // the levels' values, top level first, level 0 last
    std::vector<std::uint32_t> sizes_;  // values per level, level 0 first
    std::uint64_t count_ = 0;
    std::uint64_t parity_ = 0;  // bit h: which half level h keeps at its next compaction
    // total_capacity() for the current levels (kept, not recomputed per value): the sketch
    // compresses when it holds this many values, whatever the capacity of items_ (a copy's is
    // its size), so the bits depend on the values alone.
    std::size_t limit_ = 0;
};

// Exact raw-byte encoding of plain values, shared by the sweep's serialised state.
void put_u64(std::string& out, std::uint64_t v);
void put_f64(std::string& out, double v);
std::uint64_t get_u64(std::string_view& in);
double get_f64(std::string_view& in);

}  // namespace geosim
