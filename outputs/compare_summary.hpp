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
    std::size_t top = 10;    // rows in the table of largest differences
};

// summary.txt: a few readable lines on what differs at the last step, for the headline
// indicators (gdp, alignment, trade_share, tension, fdi_flow, tie_level, asean_alignment,
// bloc_trade_share): the `top` rows with the largest |diff_pct| (rows whose base is 0 follow,
// by |diff|) with base, alt, diff and interval, then one line per indicator with how many of
// its rows differ and the largest difference.
void write_compare_summary(std::ostream& out, const Comparison& comparison,
                           const CompareSummaryInfo& info);

// Writes it to `file`; throws std::runtime_error naming the file when that fails.
void write_compare_summary(const std::filesystem::path& file, const Comparison& comparison,
                           const CompareSummaryInfo& info);

}  // namespace geosim
