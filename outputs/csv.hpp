#pragma once
#include <charconv>
#include <concepts>
#include <ostream>
#include <string>
#include <string_view>

namespace geosim {

// The shortest text that reads back as the same double (std::to_chars): 0.1 not
// 0.1000000000000000055, 2.5e-07, 1e+20. Whole numbers below 2^53 print as plain digits
// (3, 100000). Non-finite values print as "nan", "inf" and "-inf" (the sign of a NaN carries no
// meaning, so it is dropped).
std::string format_number(double value);

// Writes CSV as RFC 4180 describes it, except that lines end in '\n' alone: a field is quoted
// when it holds a comma, a quote, CR or LF, and quotes inside it are doubled.
class CsvWriter {
public:
    explicit CsvWriter(std::ostream& out) : out_(out) {}

    CsvWriter& text(std::string_view field);
    CsvWriter& number(double value);

    template <std::integral T>
    CsvWriter& integer(T value) {
        char buf[24];
        const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
        separate();
        out_.write(buf, static_cast<std::streamsize>(end - buf));
        return *this;
    }

    void end_row();

private:
    void separate();

    std::ostream& out_;
    bool row_started_ = false;
};

}  // namespace geosim
