#include "outputs/csv_reader.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "engine/core/error.hpp"

namespace geosim {

void read_csv(const std::filesystem::path& file, const CsvRow& header, const CsvRow& row) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + file.string() + "'");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw std::runtime_error("cannot read '" + file.string() + "'");

    std::vector<std::string> fields(1);
    bool first = true, quoted = false;
    std::size_t count = 0;  // fields of the current line in use
    std::size_t line = 1, line_start = 0;     // of the character being read
    std::size_t record_line = 1;              // where the current record started
    std::size_t quote_line = 0, quote_column = 0;  // of the last opening quote
    auto end_line = [&] {
        fields.resize(count + 1);
        if (first) {
            header(fields, record_line);
            first = false;
        } else if (!(fields.size() == 1 && fields[0].empty())) {
            row(fields, record_line);
        }
        count = 0;
        fields.resize(1);
        fields[0].clear();
    };
    // Runs of ordinary characters are appended whole: a field is copied once, not a character
    // at a time (series.csv of a large world is hundreds of MB, read back for the report).
    std::size_t i = 0;
    while (i < text.size()) {
        if (quoted) {
            const std::size_t q = text.find('"', i);
            const std::size_t stop = q == std::string::npos ? text.size() : q;
            for (std::size_t k = i; k < stop; ++k)
                if (text[k] == '\n') {
                    ++line;
                    line_start = k + 1;
                }
            fields[count].append(text, i, stop - i);
            if (q == std::string::npos) break;
            if (q + 1 < text.size() && text[q + 1] == '"') {
                fields[count] += '"';
                i = q + 2;
            } else {
                quoted = false;
                i = q + 1;
            }
            continue;
        }
        std::size_t k = i;
        while (k < text.size() && text[k] != ',' && text[k] != '\n' && text[k] != '"') ++k;
        fields[count].append(text, i, k - i);
        if (k == text.size()) break;
        if (text[k] == '"') {
            quoted = true;
            quote_line = line;
            quote_column = k - line_start + 1;
        } else if (text[k] == ',') {
            if (++count == fields.size()) fields.emplace_back();
            fields[count].clear();
        } else {
            if (!fields[count].empty() && fields[count].back() == '\r') fields[count].pop_back();
            end_line();
            ++line;
            line_start = k + 1;
            record_line = line;
        }
        i = k + 1;
    }
    if (quoted)
        throw InputError({file.string(), static_cast<int>(quote_line), static_cast<int>(quote_column)}, "",
                         "unterminated quote: the field that opens here has no closing '\"' before the end of the file");
    if (count > 0 || !fields[0].empty()) end_line();
}

int column_of(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

void require_fields(const std::filesystem::path& file, std::size_t line,
                    const std::vector<std::string>& fields, std::size_t header_size) {
    if (fields.size() < header_size)
        throw InputError({file.string(), static_cast<int>(line)}, "",
                         "a row has " + std::to_string(fields.size()) + " fields, fewer than the header's " +
                             std::to_string(header_size));
}

}  // namespace geosim
