#include "engine/input/yaml_number.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <limits>

namespace geosim {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::optional<double> parse_special(std::string_view text) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (std::string_view s : {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})
        if (text == s) return inf;
    for (std::string_view s : {"-.inf", "-.Inf", "-.INF"})
        if (text == s) return -inf;
    for (std::string_view s : {".nan", ".NaN", ".NAN"})
        if (text == s) return std::numeric_limits<double>::quiet_NaN();
    return std::nullopt;
}

std::optional<double> parse_based(std::string_view digits, int base) {
    std::uint64_t value = 0;
    const char* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, value, base);
    if (digits.empty() || ptr != end) return std::nullopt;
    if (ec == std::errc::result_out_of_range) return std::numeric_limits<double>::infinity();
    return static_cast<double>(value);
}

// [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?  -- integers included.
bool is_decimal(std::string_view t) {
    std::size_t i = 0;
    auto digits = [&] {
        const std::size_t start = i;
        while (i < t.size() && is_digit(t[i])) ++i;
        return i - start;
    };
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    const std::size_t whole = digits();
    std::size_t fraction = 0;
    if (i < t.size() && t[i] == '.') {
        ++i;
        fraction = digits();
    }
    if (whole == 0 && fraction == 0) return false;
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
        if (digits() == 0) return false;
    }
    return i == t.size();
}

std::optional<double> parse_decimal(std::string_view text) {
    const bool negative = text.front() == '-';
    // from_chars takes no leading '+'.
    if (text.front() == '+') text.remove_prefix(1);
    double value = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc::result_out_of_range) return value;
    // from_chars reports overflow and underflow alike; only an exponent of hundreds can cause
    // either, so its sign tells which (no one writes 300 leading zeros instead).
    const std::size_t e = text.find_first_of("eE");
    const bool underflow = e != std::string_view::npos && text[e + 1] == '-';
    if (underflow) return negative ? -0.0 : 0.0;
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
}

}  // namespace

std::optional<double> parse_yaml_number(std::string_view text) {
    if (auto special = parse_special(text)) return special;
    if (text.starts_with("0x")) return parse_based(text.substr(2), 16);
    if (text.starts_with("0o")) return parse_based(text.substr(2), 8);
    if (!is_decimal(text)) return std::nullopt;
    return parse_decimal(text);
}


}  // namespace geosim
