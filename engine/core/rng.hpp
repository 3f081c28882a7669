#pragma once
#include <Random123/philox.h>

#include <cstdint>
#include <limits>
#include <string_view>

namespace geosim {

// A purpose names what a random number is for ("ties", "escalation.count", a shock's name).
// Streams are keyed by (seed, run id, purpose, a, b, c) rather than by how many numbers were
// drawn before, so a run is reproducible from its id alone and two scenarios that differ in one
// mechanism still share the random numbers of every other mechanism (common random numbers).
constexpr std::uint64_t purpose_key(std::string_view name) {
    std::uint64_t h = 14695981039346656037ull;  // FNV-1a, 64-bit
    for (char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

// A key for an unordered pair of names (agent ids), the same whichever comes first, so that a
// pair keeps its random numbers when agents are added to or reordered in the world file.
constexpr std::uint64_t pair_key(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
    return (lo * 0x9E3779B97F4A7C15ull) ^ hi;
}

// A counter-based generator (Philox4x64-10): the stream is fixed by its key and counter prefix.
// Satisfies UniformRandomBitGenerator, so Boost.Random distributions draw from it directly.
class Stream {
public:
    using result_type = std::uint64_t;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

    Stream(std::uint64_t seed, std::uint64_t run, std::uint64_t purpose, std::uint64_t a,
           std::uint64_t b, std::uint64_t c);

    result_type operator()();
    // Uniform on [0, 1) with 53 random bits.
    double uniform();

private:
    r123::Philox4x64 gen_;
    r123::Philox4x64::key_type key_;
    r123::Philox4x64::ctr_type ctr_;
    r123::Philox4x64::ctr_type out_;
    int next_ = 4;
};

// The streams of one run.
class Streams {
public:
    Streams(std::uint64_t seed, std::uint64_t run) : seed_(seed), run_(run) {}
    // One stream per (purpose, a, b, c): typically a = step, b = a key of the agents or zone
    // concerned (from their ids, see World::calib), c a small index (< 2^32).
    Stream get(std::uint64_t purpose, std::uint64_t a = 0, std::uint64_t b = 0,
               std::uint64_t c = 0) const {
        return Stream(seed_, run_, purpose, a, b, c);
    }
    std::uint64_t seed() const { return seed_; }
    std::uint64_t run() const { return run_; }

private:
    std::uint64_t seed_;
    std::uint64_t run_;
};

}  // namespace geosim
