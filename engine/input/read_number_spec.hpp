#pragma once
#include "engine/core/number_spec.hpp"
#include "engine/input/input.hpp"

namespace geosim {

// Reads a number or distribution (docs/shocks.md, "Distributions") whose values must lie in
// [lo, hi]: a fixed value, the bounds of uniform and triangular, and every choice. Draws of
// unbounded distributions (normal, lognormal) are clamped to [lo, hi]. Throws a located InputError.
NumberSpec read_number_spec(const InputNode& node, double lo, double hi);

}  // namespace geosim
