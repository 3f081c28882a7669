#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/quantile_sketch.hpp"
#include "analysis/sweep_stats.hpp"
#include "engine/core/rng.hpp"

using namespace geosim;

namespace {

// A heavy-tailed sample (lognormal-like, unbounded), so a fixed-bin histogram would fail it.
std::vector<double> sample(std::size_t n, std::uint64_t seed) {
    Stream s(seed, 0, purpose_key("sketch-test"), 0, 0, 0);
    std::vector<double> xs;
    for (std::size_t k = 0; k < n; ++k) xs.push_back(std::exp(6 * s.uniform()) * (s.uniform() - 0.3));
    return xs;
}

// The type-1 quantile of sorted values: the smallest whose rank reaches ceil(q * n).
double exact(const std::vector<double>& sorted, double q) {
    const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * static_cast<double>(sorted.size()))));
    return sorted[rank - 1];
}

// How far the true rank of v is from q * n: 0 when v is a correct q-quantile.
double rank_error(const std::vector<double>& sorted, double v, double q) {
    const double target = q * static_cast<double>(sorted.size());
    const auto lo = static_cast<double>(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    const auto hi = static_cast<double>(std::upper_bound(sorted.begin(), sorted.end(), v) - sorted.begin());
    if (target < lo) return lo - target;
    if (target > hi) return target - hi;
    return 0;
}

const std::vector<double> kQs = {0.05, 0.25, 0.5, 0.75, 0.95};

}  // namespace

TEST_CASE("quantile sketch: exact below its capacity", "[sweep][sketch]") {
    const auto xs = sample(QuantileSketch::kCapacity - 1, 1);
    QuantileSketch s;
    for (double x : xs) s.add(x);
    auto sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    for (double q : kQs) REQUIRE(s.quantile(q) == exact(sorted, q));
    REQUIRE(s.levels() == 1);
    REQUIRE(s.rank_error_bound() == 0);
    REQUIRE(std::isnan(QuantileSketch().quantile(0.5)));
    // Also when the values come in blocks merged in block order, as a sweep folds them.
    QuantileSketch merged;
    for (std::size_t first = 0; first < xs.size(); first += 16) {
        QuantileSketch block;
        for (std::size_t k = first; k < std::min(first + 16, xs.size()); ++k) block.add(xs[k]);
        merged.merge(block);
    }
    for (double q : kQs) REQUIRE(merged.quantile(q) == exact(sorted, q));
    // 1..100: the median is 50 and the 95th percentile 95, worked by hand.
    QuantileSketch hundred;
    for (int v = 100; v >= 1; --v) hundred.add(v);
    REQUIRE(hundred.quantile(0.5) == 50);
    REQUIRE(hundred.quantile(0.95) == 95);
}

TEST_CASE("quantile sketch: capacities shrink by two thirds below the top level, down to 8", "[sweep][sketch]") {
    QuantileSketch s;
    for (int v = 0; v < 100000; ++v) s.add(v);
    const std::size_t levels = s.levels();
    REQUIRE(levels >= 9);
    // From the top: 128, then floor(2/3 of the level above), but at least 8.
    const std::vector<std::size_t> top = {128, 85, 56, 37, 24, 16, 10, 8, 8};
    for (std::size_t d = 0; d < top.size(); ++d) REQUIRE(s.capacity(levels - 1 - d) == top[d]);
}

namespace {

// Streams an adversary might send: heavy-tailed random, sorted, reversed, and zig-zag (small
// and large values alternating).
std::vector<double> stream(int kind, std::size_t n) {
    if (kind == 0) return sample(n, n);
    std::vector<double> xs(n);
    for (std::size_t k = 0; k < n; ++k) {
        const auto v = static_cast<double>(k);
        xs[k] = kind == 1 ? v : kind == 2 ? static_cast<double>(n) - v : (k % 2 ? v : static_cast<double>(n) + v);
    }
    return xs;
}

// The sum of capacities with `levels` levels: 356 for 7 levels, 8 more per level after.
std::size_t capacity_sum(std::size_t levels) {
    const std::vector<std::size_t> top = {128, 85, 56, 37, 24, 16, 10};
    std::size_t sum = 0;
    for (std::size_t d = 0; d < levels; ++d) sum += d < top.size() ? top[d] : 8;
    return sum;
}

void check_within_bounds(const QuantileSketch& s, const std::vector<double>& xs, const char* how) {
    auto sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    const auto n = static_cast<double>(xs.size());
    REQUIRE(s.count() == xs.size());
    // The worst-case bound of quantile_sketch.hpp, E = n * sum over h < H - 1 of 1 / (cap(h) - 1).
    double e = 0;
    for (std::size_t h = 0; h + 1 < s.levels(); ++h) e += n / static_cast<double>(s.capacity(h) - 1);
    REQUIRE(s.rank_error_bound() == Approx(e));
    for (double q : kQs) {
        const double err = rank_error(sorted, s.quantile(q), q);
        INFO(how << " n " << xs.size() << " q " << q << " rank error " << err << " bound " << e);
        REQUIRE(err <= e + 1);
        // What the header states is measured on these streams.
        REQUIRE(err <= 0.015 * n + 1);
    }
    // Memory: fewer values than the capacities' sum, whatever n.
    REQUIRE(s.stored() < capacity_sum(s.levels()));
    REQUIRE(s.stored() <= 404);  // 13 levels, enough for 10^6 values
}

}  // namespace

TEST_CASE("quantile sketch: within its documented rank bound of the exact quantiles", "[sweep][sketch]") {
    for (int kind = 0; kind < 4; ++kind)
        for (std::size_t n : {200u, 1000u, 5000u, 20000u, 100000u}) {
            const auto xs = stream(kind, n);
            QuantileSketch s;
            for (double x : xs) s.add(x);
            check_within_bounds(s, xs, "added");
            // Blocks of 1,024 values folded apart and merged in block order, as a sweep does.
            QuantileSketch total;
            for (std::size_t first = 0; first < n; first += 1024) {
                QuantileSketch block;
                for (std::size_t k = first; k < std::min<std::size_t>(first + 1024, n); ++k) block.add(xs[k]);
                total.merge(block);
            }
            check_within_bounds(total, xs, "merged");
        }
    // The worst-case bound by hand for k = 128: 4 levels, capacities 37, 56, 85 below the top.
    QuantileSketch s;
    for (int v = 0; v < 1000; ++v) s.add(v);
    REQUIRE(s.levels() == 4);
    REQUIRE(s.rank_error_bound() == Approx(1000.0 / 36 + 1000.0 / 55 + 1000.0 / 84));
}

TEST_CASE("quantile sketch: memory does not grow with the number of values", "[sweep][sketch]") {
    QuantileSketch s;
    std::size_t most = 0;
    const auto xs = sample(1000, 7);
    for (std::size_t r = 0; r < 1000; ++r)
        for (double x : xs) {
            s.add(x + static_cast<double>(r));
            most = std::max(most, s.stored());
        }
    // 10^6 values, yet never as many values as the levels' capacities (404 for 13 levels).
    REQUIRE(s.count() == 1000000);
    REQUIRE(most < capacity_sum(s.levels()));
    REQUIRE(most <= 404);
}

TEST_CASE("quantile sketch: reserved for n values, it never reallocates on the way to n", "[sweep][sketch]") {
    // Levels for n values: at most floor(log2(n / 128)) + 2, so 10^6 values reserve the sum of
    // 14 levels' capacities, 128 + 85 + 56 + 37 + 24 + 16 + 10 + 7 x 8 = 412.
    QuantileSketch probe;
    probe.reserve_for(1000000);
    CHECK(probe.storage() == 412);
    probe = QuantileSketch();
    probe.reserve_for(1000);  // 4 levels: 128 + 85 + 56 + 37
    CHECK(probe.storage() == 306);
    probe = QuantileSketch();
    probe.reserve_for(100);  // exact: one level
    CHECK(probe.storage() == 128);

    for (const std::size_t n : {std::size_t{1000}, std::size_t{100000}, std::size_t{1000000}}) {
        INFO(n << " values");
        // Added one by one, and merged from blocks of 1,024 as a sweep's running total is.
        QuantileSketch added, merged, plain_added, plain_merged;
        added.reserve_for(n);
        merged.reserve_for(n);
        const std::size_t room = added.storage();
        bool kept = true;  // the storage never moved
        QuantileSketch block;
        std::size_t k = 0;
        for (std::size_t r = 0; k < n; ++r)
            for (double x : sample(1000, 40 + r)) {
                if (k == n) break;
                x += static_cast<double>(r % 7);  // a drifting stream
                added.add(x);
                plain_added.add(x);
                block.add(x);
                if (++k % 1024 == 0 || k == n) {
                    merged.merge(block);
                    plain_merged.merge(block);
                    block.clear();
                }
                kept = kept && added.storage() == room && merged.storage() == room;
            }
        CHECK(kept);
        CHECK(added == plain_added);
        CHECK(merged == plain_merged);
        CHECK(added.count() == n);
    }
}

TEST_CASE("quantile sketch: merging keeps the bound and the count, and serialising keeps the bits", "[sweep][sketch]") {
    const auto xs = sample(5000, 3);
    QuantileSketch a, b;
    for (std::size_t k = 0; k < xs.size(); ++k) (k < 3000 ? a : b).add(xs[k]);
    a.merge(b);
    check_within_bounds(a, xs, "merged once");
    // Deterministic: the same values and merges give the same bits.
    QuantileSketch a2, b2;
    for (std::size_t k = 0; k < xs.size(); ++k) (k < 3000 ? a2 : b2).add(xs[k]);
    a2.merge(b2);
    REQUIRE(a2 == a);

    std::string bytes;
    a.write(bytes);
    std::string_view in(bytes);
    QuantileSketch c;
    c.read(in);
    REQUIRE(in.empty());
    REQUIRE(c == a);
    for (double x : sample(100, 4)) {
        a.add(x);
        c.add(x);
    }
    REQUIRE(c == a);
    // A copy (whose storage is only as large as its values) goes on with the same bits.
    QuantileSketch d = a;
    for (double x : sample(3000, 8)) {
        a.add(x);
        d.add(x);
    }
    REQUIRE(d == a);
    // A cleared sketch (which keeps its storage) is a fresh one.
    d.clear();
    QuantileSketch fresh;
    for (double x : sample(2000, 9)) {
        d.add(x);
        fresh.add(x);
    }
    REQUIRE(d == fresh);
        std::string_view cut(bytes.data(), bytes.size() - 5);
    REQUIRE_THROWS(QuantileSketch().read(cut));
}

TEST_CASE("sweep stats: Welford moments and sketches per row, restored bit for bit", "[sweep]") {
    SweepStats s(2);
    const auto xs = sample(300, 5);
    for (double x : xs) s.add(std::vector<double>{x, 2 * x});
    s.add_failure();
    REQUIRE_THROWS_AS(s.add(std::vector<double>{1}), std::invalid_argument);
    REQUIRE(s.runs() == 300);
    REQUIRE(s.failed() == 1);
    double mean = 0;
    for (double x : xs) mean += x;
    mean /= 300;
    REQUIRE(s.moments(0).mean == Approx(mean).epsilon(1e-12));
    std::ostringstream stream;
    s.write(stream);
    const std::string bytes = stream.str();
    SweepStats t;
    t.read(bytes);
    REQUIRE(t.runs() == 300);
    REQUIRE(t.failed() == 1);
    for (std::size_t r = 0; r < 2; ++r) {
        REQUIRE(std::memcmp(&t.moments(r), &s.moments(r), sizeof(RunningStats)) == 0);
        REQUIRE(t.sketch(r) == s.sketch(r));
    }
    REQUIRE_THROWS(t.read(std::string_view(bytes).substr(0, bytes.size() - 3)));
}

TEST_CASE("sweep stats: folding a batch gives the bits of folding its runs one by one", "[sweep]") {
    const std::size_t rows = 3000;
    const auto xs = sample(rows * 40, 6);
    std::vector<std::vector<double>> runs(40, std::vector<double>(rows));
    for (std::size_t r = 0; r < 40; ++r)
        for (std::size_t k = 0; k < rows; ++k) runs[r][k] = xs[r * rows + k];
    SweepStats one(rows), batched(rows);
    for (const auto& run : runs) one.add(run);
    batched.add_runs(runs, 16);
    batched.add_runs(std::vector<std::vector<double>>(runs.begin() + 16, runs.end()), 24);
    std::ostringstream a, b;
    one.write(a);
    batched.write(b);
    REQUIRE(a.str() == b.str());
}
