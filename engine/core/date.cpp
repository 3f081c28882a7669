#include "engine/core/date.hpp"

#include <charconv>
#include <cmath>

namespace geosim {

namespace {

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && leap(year) ? 29 : kDays[month - 1];
}

// The digits of text[from, from + count) as a number; nullopt if any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t from, std::size_t count) {
    int v = 0;
    const char* first = text.data() + from;
    const auto [end, ec] = std::from_chars(first, first + count, v);
    if (ec != std::errc{} || end != first + count || *first == '-' || *first == '+') return std::nullopt;
    return v;
}

}  // namespace

std::optional<QuarterIndex> parse_quarter(std::string_view text) {
    if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q')) return std::nullopt;
    const auto year = digits(text, 0, 4);
    const char q = text[5];
    if (!year || q < '1' || q > '4' || *year < 1900 || *year > 2300) return std::nullopt;
    return *year * 4 + (q - '1');
}

std::string format_quarter(QuarterIndex q) {
    return std::to_string(q / 4) + "Q" + std::to_string(q % 4 + 1);
}

int days_in_quarter(QuarterIndex q) {
    const int year = q / 4, first = 3 * (q % 4) + 1;
    return days_in_month(year, first) + days_in_month(year, first + 1) + days_in_month(year, first + 2);
}

std::optional<Moment> parse_moment(std::string_view text) {
    if (const std::optional<QuarterIndex> q = parse_quarter(text)) return Moment{*q, 0.0};
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    if (!year || !month || !day || *year < 1900 || *year > 2300 || *month < 1 || *month > 12 || *day < 1 ||
        *day > days_in_month(*year, *month))
        return std::nullopt;
    const QuarterIndex q = *year * 4 + (*month - 1) / 3;
    int before = *day - 1;  // days of the quarter before this one
    for (int m = 3 * (q % 4) + 1; m < *month; ++m) before += days_in_month(*year, m);
    return Moment{q, static_cast<double>(before) / days_in_quarter(q)};
}

std::string format_moment(const Moment& m) {
    if (m.elapsed == 0) return format_quarter(m.quarter);
    const int year = m.quarter / 4;
    int month = 3 * (m.quarter % 4) + 1;
    int day = static_cast<int>(std::lround(m.elapsed * days_in_quarter(m.quarter))) + 1;
    while (day > days_in_month(year, month)) day -= days_in_month(year, month++);
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(year) + "-" + two(month) + "-" + two(day);
}

}  // namespace geosim
