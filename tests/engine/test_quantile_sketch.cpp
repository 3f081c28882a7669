#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "engine/quantile_sketch.hpp"
#include "engine/rng.hpp"
#include "engine/sweep_stats.hpp"

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
    REQUIRE(std::isnan(QuantileSketch().quantile(0.5)));
}

TEST_CASE("quantile sketch: within its documented rank bound of the exact quantiles", "[sweep][sketch]") {
    for (std::size_t n : {200u, 1000u, 20000u}) {
        const auto xs = sample(n, n);
        QuantileSketch s;
        for (double x : xs) s.add(x);
        auto sorted = xs;
        std::sort(sorted.begin(), sorted.end());
        REQUIRE(s.count() == n);
        // The bound of quantile_sketch.hpp: H * n / k + 1 ranks, H = levels() - 1.
        const double bound = static_cast<double>(s.levels() - 1) * static_cast<double>(n) /
                                 static_cast<double>(QuantileSketch::kCapacity) + 1;
        for (double q : kQs) {
            const double err = rank_error(sorted, s.quantile(q), q);
            INFO("n " << n << " q " << q << " rank error " << err << " bound " << bound);
            REQUIRE(err <= bound);
            // In practice alternating parity keeps it far inside the worst case.
            REQUIRE(err <= 0.02 * static_cast<double>(n) + 1);
        }
        // Memory: at most kCapacity values per level, log2(n / k) + 1 levels.
        REQUIRE(s.levels() <= static_cast<std::size_t>(std::log2(static_cast<double>(n) / 64)) + 2);
    }
}

TEST_CASE("quantile sketch: merging keeps the bound and the count, and serialising keeps the bits", "[sweep][sketch]") {
    const auto xs = sample(5000, 3);
    QuantileSketch a, b;
    for (std::size_t k = 0; k < xs.size(); ++k) (k < 3000 ? a : b).add(xs[k]);
    a.merge(b);
    REQUIRE(a.count() == xs.size());
    auto sorted = xs;
    std::sort(sorted.begin(), sorted.end());
    const double bound = static_cast<double>(a.levels() - 1) * 5000.0 / QuantileSketch::kCapacity + 1;
    for (double q : kQs) REQUIRE(rank_error(sorted, a.quantile(q), q) <= bound);

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
