#pragma once
#include <string>
#include <vector>

#include "engine/core/rng.hpp"

namespace geosim {

// A number in a scenario that may instead be a distribution, drawn once per run
// (docs/shocks.md, "Distributions"): a plain number, {uniform: [lo, hi]}, {normal: [mean, sd]},
// {lognormal: [mu, sigma]}, {triangular: [lo, mode, hi]} or {choice: [v...], weights: [w...]}.
class NumberSpec {
public:
    enum class Kind { Fixed, Uniform, Normal, Lognormal, Triangular, Choice };

    static NumberSpec fixed(double value);
    // A spec from parameters already checked, in the order written: Fixed {value}, Uniform
    // {lo, hi}, Normal {mean, sd}, Lognormal {mu, sigma}, Triangular {lo, mode, hi}; Choice: the
    // values, with their weights (non-negative, not all 0; none: equal). Draws and quantiles are
    // clamped to [lo, hi], the argument's range. engine/input/read_number_spec.hpp reads one
    // from a scenario, with its checks.
    static NumberSpec make(Kind kind, double lo, double hi, const std::vector<double>& params,
                           const std::vector<double>& weights = {});

    Kind kind() const { return kind_; }
    bool is_fixed() const { return kind_ == Kind::Fixed; }
    // Uniform: its bounds (a sweep's Latin hypercube maps strata through them).
    double uniform_lo() const { return a_; }
    double uniform_hi() const { return b_; }
    // Choice: its values in the order written (a sweep's grid enumerates them).
    const std::vector<double>& choices() const { return values_; }
    double fixed_value() const { return a_; }
    double draw(Stream& stream) const;
    // The value at probability u in [0, 1) (inverse CDF), clamped to [lo, hi] as draws are;
    // a sweep's sobol design maps its quasi-random coordinates through it. Choice: the value
    // whose cumulative weight first exceeds u, as draw() picks it.
    double quantile(double u) const;
    // "0.25" or "uniform(0.4, 0.6)", for messages and the manifest.
    std::string describe() const;

private:
    Kind kind_ = Kind::Fixed;
    double a_ = 0, b_ = 0, c_ = 0;  // parameters, in the order written
    double lo_ = 0, hi_ = 0;        // the argument's range
    std::vector<double> values_;    // choice
    std::vector<double> cumulative_;  // choice: cumulative normalised weights
};

}  // namespace geosim
