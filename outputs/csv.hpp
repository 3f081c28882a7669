#pragma once
#include <charconv>
#include <concepts>
#include <ostream>
#include <string>
#include <string_view>

#include "engine/core/number.hpp"

namespace geosim {


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
