#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "engine/core/rng.hpp"

using namespace geosim;

TEST_CASE("rng: a stream is fixed by its key, not by what was drawn before", "[rng]") {
    const Streams a(42, 7), b(42, 7);
    Stream x = a.get(purpose_key("ties"), 3, 1, 2);
    Stream y = b.get(purpose_key("ties"), 3, 1, 2);
    // Drawing from an unrelated stream first changes nothing.
    Stream other = a.get(purpose_key("escalation.count"), 3, 0, 0);
    for (int k = 0; k < 10; ++k) other();
    for (int k = 0; k < 100; ++k) REQUIRE(x() == y());
}

TEST_CASE("rng: seed, run, purpose and indices each change the stream", "[rng]") {
    const auto first = [](std::uint64_t seed, std::uint64_t run, const char* purpose, std::uint64_t a) {
        return Streams(seed, run).get(purpose_key(purpose), a, 0, 0)();
    };
    const auto base = first(1, 0, "ties", 0);
    REQUIRE(first(2, 0, "ties", 0) != base);
    REQUIRE(first(1, 1, "ties", 0) != base);
    REQUIRE(first(1, 0, "macro", 0) != base);
    REQUIRE(first(1, 0, "ties", 1) != base);
}

TEST_CASE("rng: uniforms have mean 1/2 and variance 1/12", "[rng]") {
    // 200,000 draws: the standard error of the mean is sqrt(1/12 / 2e5) = 6.5e-4; allow 5 of them.
    Stream s = Streams(2025, 0).get(purpose_key("test"));
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int k = 0; k < n; ++k) {
        const double u = s.uniform();
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        sum += u;
        sum2 += u * u;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    REQUIRE(std::fabs(mean - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
    REQUIRE(std::fabs(var - 1.0 / 12) < 0.002);
}

TEST_CASE("rng: Boost.Random distributions draw from a stream", "[rng]") {
    Stream s = Streams(1, 2).get(purpose_key("normal"));
    boost::random::normal_distribution<double> normal(3.0, 2.0);
    const int n = 100000;
    double sum = 0;
    for (int k = 0; k < n; ++k) sum += normal(s);
    // Standard error 2 / sqrt(1e5) = 0.0063; allow 5.
    REQUIRE(std::fabs(sum / n - 3.0) < 5 * 2.0 / std::sqrt(double(n)));
}
