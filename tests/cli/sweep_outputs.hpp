#pragma once
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"

// Reads back what a sweep wrote, for tests that check runs.csv by their own means rather than
// the program's.
namespace geosim::test {

// The fields of one CSV line; a quoted field may hold commas and doubled quotes (no line ends:
// the tests' runs.csv rows are one line each).
inline std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) fields.emplace_back();
        else fields.back() += c;
    }
    return fields;
}

// The lines of `text`, without their line ends.
inline std::vector<std::string> lines_of_text(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

}  // namespace geosim::test
