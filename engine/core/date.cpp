#include "engine/core/date.hpp"

#include <charconv>

namespace geosim {

std::optional<QuarterIndex> parse_quarter(std::string_view text) {
    if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q')) return std::nullopt;
    int year = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + 4, year);
    if (ec != std::errc{} || end != text.data() + 4) return std::nullopt;
    const char q = text[5];
    if (q < '1' || q > '4' || year < 1900 || year > 2300) return std::nullopt;
    return year * 4 + (q - '1');
}

std::string format_quarter(QuarterIndex q) {
    return std::to_string(q / 4) + "Q" + std::to_string(q % 4 + 1);
}

}  // namespace geosim
