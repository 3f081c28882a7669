#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "analysis/pawn.hpp"
#include "engine/core/rng.hpp"

using namespace geosim;

namespace {

const double kPi = 3.14159265358979323846;

// The median of a list of numbers.
double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

TEST_CASE("pawn: worked by hand on a sample whose distributions are known exactly", "[analyze][pawn]") {
    // 100 runs: x1 = k, x2 = k mod 10, x3 = 5 for every run, and y = x1.
    std::vector<std::vector<double>> x(3, std::vector<double>(100));
    std::vector<double> y(100);
    for (int k = 0; k < 100; ++k) {
        x[0][k] = k;
        x[1][k] = k % 10;
        x[2][k] = 5;
        y[k] = k;
    }
    const PawnSample sample(x);
    double median[3], max[3];
    std::size_t made[3];
    sample.estimate(y, std::vector<std::uint32_t>(100, 1), 10, median, max, made);
    // x1: interval m holds y = 10m..10m+9. F(y) = (y + 1) / 100; just before the interval
    // F - F_m = 10m / 100, just after it F_m = 1 and F = (10m + 10) / 100, so the distance is
    // max(m, 9 - m) / 10: 0.9, 0.8, 0.7, 0.6, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9; median 0.7, max 0.9.
    CHECK(made[0] == 10);
    CHECK(median[0] == Approx(0.7).margin(1e-12));
    CHECK(max[0] == Approx(0.9).margin(1e-12));
    // x2: one interval per value v, its runs y = v, v + 10, ..., v + 90. Before its t-th run
    // F = (v + 10t) / 100 and F_v = t / 10, a gap of v / 100; after it (v + 10t + 1) / 100 and
    // (t + 1) / 10, a gap of (9 - v) / 100: distance max(v, 9 - v) / 100, median 0.07, max 0.09.
    CHECK(made[1] == 10);
    CHECK(median[1] == Approx(0.07).margin(1e-12));
    CHECK(max[1] == Approx(0.09).margin(1e-12));
    // x3 does not vary: one interval, all the runs, distance 0.
    CHECK(made[2] == 1);
    CHECK(median[2] == 0);
    CHECK(max[2] == 0);

    // Weights count runs: run k twice for every k is the same sample.
    sample.estimate(y, std::vector<std::uint32_t>(100, 2), 10, median, max, made);
    CHECK(median[0] == Approx(0.7).margin(1e-12));
    CHECK(max[1] == Approx(0.09).margin(1e-12));

    // Four intervals of x1 (25 runs each): distances max(25m, 75 - 25m) / 100 = 0.75, 0.5, 0.5,
    // 0.75; median 0.625.
    sample.estimate(y, std::vector<std::uint32_t>(100, 1), 4, median, max, made);
    CHECK(made[0] == 4);
    CHECK(median[0] == Approx(0.625).margin(1e-12));
    CHECK(max[0] == Approx(0.75).margin(1e-12));

    // The 5% noise level for an interval of 10 runs of 100: 1.358 x sqrt(1/10 - 1/100) = 0.4074
    // (sqrt(-ln(0.025) / 2) = 1.35810).
    CHECK(pawn_noise_level(100, 10) == Approx(1.35810 * 0.3).margin(1e-5));
    CHECK(std::isnan(pawn_noise_level(100, 0)));
}

namespace {

// Ishigami and Homma (1990), a = 7, b = 0.1, x_i ~ U(-pi, pi).
constexpr double kA = 7, kB = 0.1;

double ishigami(double x1, double x2, double x3) {
    return std::sin(x1) + kA * std::sin(x2) * std::sin(x2) + kB * std::pow(x3, 4) * std::sin(x1);
}

// P(sin^2 x2 <= t) for x2 ~ U(-pi, pi): (2 / pi) asin(sqrt t) on [0, 1].
double cdf_sin2(double t) {
    if (t <= 0) return 0;
    if (t >= 1) return 1;
    return 2 / kPi * std::asin(std::sqrt(t));
}

// P(sin x1 <= u) for x1 ~ U(-pi, pi): 1/2 + asin(u) / pi on [-1, 1].
double cdf_sin(double u) {
    if (u <= -1) return 0;
    if (u >= 1) return 1;
    return 0.5 + std::asin(u) / kPi;
}

// The limit of the PAWN median and maximum of input `input` (0, 1, 2) over 10 intervals of equal
// probability, from the distribution functions themselves: F_m(y) = P(Y <= y | x_input in
// interval m), integrated by the midpoint rule over the conditioned input (within its interval)
// and one other input, with the third integrated exactly (cdf_sin2 or cdf_sin); F is the mean of
// the F_m. The distance is the largest |F - F_m| over a grid of y.
void ishigami_limit(int input, double& median, double& max) {
    constexpr int kClasses = 10, kInner = 20, kOuter = 200, kY = 1200;
    const double ylo = -1 - kB * std::pow(kPi, 4), yhi = kA + 1 + kB * std::pow(kPi, 4);
    std::vector<std::vector<double>> f(kClasses, std::vector<double>(kY, 0.0));
    for (int m = 0; m < kClasses; ++m) {
        const double lo = -kPi + 2 * kPi * m / kClasses, width = 2 * kPi / kClasses;
        for (int a = 0; a < kInner; ++a) {
            const double c = lo + width * (a + 0.5) / kInner;  // the conditioned input
            for (int b = 0; b < kOuter; ++b) {
                const double o = -kPi + 2 * kPi * (b + 0.5) / kOuter;  // the other integrated input
                for (int j = 0; j < kY; ++j) {
                    const double y = ylo + (yhi - ylo) * j / (kY - 1);
                    double p = 0;
                    if (input == 0) p = cdf_sin2((y - std::sin(c) * (1 + kB * std::pow(o, 4))) / kA);  // o = x3
                    if (input == 2) p = cdf_sin2((y - std::sin(o) * (1 + kB * std::pow(c, 4))) / kA);  // o = x1
                    if (input == 1) p = cdf_sin((y - kA * std::sin(c) * std::sin(c)) / (1 + kB * std::pow(o, 4)));  // o = x3
                    f[m][j] += p / (kInner * kOuter);
                }
            }
        }
    }
    std::vector<double> distance(kClasses, 0.0);
    for (int j = 0; j < kY; ++j) {
        double all = 0;
        for (int m = 0; m < kClasses; ++m) all += f[m][j] / kClasses;
        for (int m = 0; m < kClasses; ++m) distance[m] = std::max(distance[m], std::fabs(all - f[m][j]));
    }
    median = median_of(distance);
    max = *std::max_element(distance.begin(), distance.end());
}

}  // namespace

TEST_CASE("pawn: the Ishigami function's indices from a sample match those of its distributions",
          "[analyze][pawn]") {
    // The limits, worked out from the Ishigami function's distribution functions (not from a
    // sample). x3 has no first-order Sobol effect (S3 = 0, Saltelli et al. 2008, 4.9) but changes
    // the outcome's distribution through its interaction with x1, which PAWN sees.
    double limit_median[3], limit_max[3];
    for (int i = 0; i < 3; ++i) ishigami_limit(i, limit_median[i], limit_max[i]);
    INFO("limits: " << limit_median[0] << " " << limit_median[1] << " " << limit_median[2] << " / " << limit_max[0]
                    << " " << limit_max[1] << " " << limit_max[2]);
    // Worked out this way: medians 0.238, 0.392, 0.081 and maxima 0.285, 0.484, 0.176; x3's is
    // well above 0 though its first-order Sobol index is 0.
    CHECK(limit_median[2] > 0.05);

    // 40,000 runs of independent uniform inputs.
    constexpr std::size_t n = 40000;
    std::vector<std::vector<double>> x(3, std::vector<double>(n));
    std::vector<double> y(n);
    Stream stream(2024, 0, purpose_key("test:ishigami"), 0, 0, 0);
    for (std::size_t r = 0; r < n; ++r) {
        for (int i = 0; i < 3; ++i) x[i][r] = -kPi + 2 * kPi * stream.uniform();
        y[r] = ishigami(x[0][r], x[1][r], x[2][r]);
    }
    const PawnSample sample(x);
    const std::vector<PawnIndex> one = pawn_indices(sample, y, 10, 200, 7, 1);
    for (int i = 0; i < 3; ++i) {
        INFO("input " << i + 1 << ": median " << one[i].median << " [" << one[i].median_lo << ", " << one[i].median_hi
                      << "], max " << one[i].max);
        // A sample's distances exceed the limits by chance, by up to about 0.01 at 4,000 runs
        // an interval (more for the maximum of ten); the limits are within 0.02 of the
        // estimates' intervals.
        CHECK(std::fabs(one[i].median - limit_median[i]) < 0.01);
        CHECK(std::fabs(one[i].max - limit_max[i]) < 0.02);
        CHECK(one[i].median_lo <= one[i].median);
        CHECK(one[i].median <= one[i].median_hi);
        CHECK(limit_median[i] >= one[i].median_lo - 0.02);
        CHECK(limit_median[i] <= one[i].median_hi + 0.02);
        CHECK(one[i].classes == 10);
    }
    // The bootstrap is the same bits at any number of threads.
    const std::vector<PawnIndex> four = pawn_indices(sample, y, 10, 200, 7, 4);
    for (int i = 0; i < 3; ++i) {
        CHECK(four[i].median_lo == one[i].median_lo);
        CHECK(four[i].median_hi == one[i].median_hi);
        CHECK(four[i].max_hi == one[i].max_hi);
    }
}
