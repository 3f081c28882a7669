#include "engine/core/number.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace geosim {

namespace {

// 2^53: below it every whole number is a double.
constexpr double kExactWhole = 9007199254740992.0;

}  // namespace

std::size_t format_number_into(char (&buf)[kNumberChars], double value) {
    if (!std::isfinite(value)) {
        const std::string_view text = std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf";
        return text.copy(buf, text.size());
    }
    // The shortest form of 100000 is "1e+05"; whole numbers that a double holds exactly read
    // better as digits, and fixed notation gives them exactly.
    const bool whole = std::fabs(value) < kExactWhole && std::trunc(value) == value;
    const auto result = whole
        ? std::to_chars(buf, buf + kNumberChars, value, std::chars_format::fixed)
        : std::to_chars(buf, buf + kNumberChars, value);
    return static_cast<std::size_t>(result.ptr - buf);
}

std::string format_number(double value) {
    char buf[kNumberChars];
    return std::string(buf, format_number_into(buf, value));
}

std::string format_percent(double share) { return format_number(std::round(share * 1000) / 10) + "%"; }

}  // namespace geosim
