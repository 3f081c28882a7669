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

// Days in a quarter of the Gregorian calendar: 90 or 91 (Q1), 91, 92, 92.
int days_in_quarter(QuarterIndex q);

// A moment: a quarter, and the share of it that has passed before the moment's day,
// (day of the quarter - 1) / days in the quarter; 0 for a quarter's first day.
struct Moment {
    QuarterIndex quarter = 0;
    double elapsed = 0;
};

// Parses "2025Q1" (its first day) or a calendar date "2025-05-17" (year 1900..2300);
// nullopt when the text is neither or names a day the month does not have.
std::optional<Moment> parse_moment(std::string_view text);

// "2025Q1" for a quarter's first day, "2025-05-17" for any other.
std::string format_moment(const Moment& m);

}  // namespace geosim
