#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace geosim {

// Quarters are counted as year * 4 + (quarter - 1), so 2025Q1 is 8100 and one step adds 1.
using QuarterIndex = int;

// Parses "2025Q1" (year 1900..2300, quarter 1..4); nullopt when the text is not of that form.
std::optional<QuarterIndex> parse_quarter(std::string_view text);

// Formats a quarter index back to "2025Q1".
std::string format_quarter(QuarterIndex q);

}  // namespace geosim
