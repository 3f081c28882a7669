#include "outputs/csv_reader.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace geosim {

void read_csv(const std::filesystem::path& file, const CsvRow& header, const CsvRow& row) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + file.string() + "'");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw std::runtime_error("cannot read '" + file.string() + "'");

    std::vector<std::string> fields(1);
    bool first = true, quoted = false;
    std::size_t count = 0;  // fields of the current line in use
    auto end_line = [&] {
        fields.resize(count + 1);
        if (first) {
            header(fields);
            first = false;
        } else if (!(fields.size() == 1 && fields[0].empty())) {
            row(fields);
        }
        count = 0;
        fields.resize(1);
        fields[0].clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"') fields[count] += c;
            else if (i + 1 < text.size() && text[i + 1] == '"') fields[count] += text[++i];
            else quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            if (++count == fields.size()) fields.emplace_back();
            fields[count].clear();
        } else if (c == '\n') {
            if (!fields[count].empty() && fields[count].back() == '\r') fields[count].pop_back();
            end_line();
        } else {
            fields[count] += c;
        }
    }
    if (count > 0 || !fields[0].empty()) end_line();
}

int column_of(const std::vector<std::string>& header, const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return static_cast<int>(i);
    return -1;
}

}  // namespace geosim
