#include "outputs/csv.hpp"

#include <cmath>

namespace geosim {

namespace {

// The longest shortest form of a double is 24 characters ("-2.2250738585072014e-308").
constexpr std::size_t kNumberChars = 32;

// 2^53: below it every whole number is a double.
constexpr double kExactWhole = 9007199254740992.0;

// Writes the text of format_number into buf and returns its length; rows call this so that a
// value costs no allocation.
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

}  // namespace

std::string format_number(double value) {
    char buf[kNumberChars];
    return std::string(buf, format_number_into(buf, value));
}

void CsvWriter::separate() {
    if (row_started_) out_.put(',');
    row_started_ = true;
}

CsvWriter& CsvWriter::text(std::string_view field) {
    separate();
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out_ << field;
        return *this;
    }
    out_.put('"');
    for (char c : field) {
        if (c == '"') out_.put('"');
        out_.put(c);
    }
    out_.put('"');
    return *this;
}

CsvWriter& CsvWriter::number(double value) {
    char buf[kNumberChars];
    const std::size_t size = format_number_into(buf, value);
    separate();
    out_.write(buf, static_cast<std::streamsize>(size));
    return *this;
}

void CsvWriter::end_row() {
    out_.put('\n');
    row_started_ = false;
}

}  // namespace geosim
