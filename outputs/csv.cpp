#include "outputs/csv.hpp"

#include <cmath>

#include "engine/core/number.hpp"

namespace geosim {

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
