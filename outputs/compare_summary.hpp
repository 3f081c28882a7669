#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

namespace geosim {

struct Comparison;

// What the summary says besides the numbers.
struct CompareSummaryInfo {
    std::string base_name;   // scenario names
    std::string alt_name;
    std::uint64_t seed = 0;
    double level = 0.90;     // of the intervals shown, as in compare.csv
    std::size_t top = 10;    // rows in the table of largest effects
};

// summary.txt: a few readable lines on the largest effects over the horizon, for the indicators
// outputs/effects.hpp ranks: the `top` effects (each row at its peak quarter, standardised, only
// those whose interval excludes zero) with the quarter, base, alt, diff, change and interval,
// then one line per indicator with how many of its rows have an effect and the largest.
void write_compare_summary(std::ostream& out, const Comparison& comparison,
                           const CompareSummaryInfo& info);

// Writes it to `file`; throws std::runtime_error naming the file when that fails.
void write_compare_summary(const std::filesystem::path& file, const Comparison& comparison,
                           const CompareSummaryInfo& info);

}  // namespace geosim
