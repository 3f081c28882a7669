#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace geosim {

using CsvRow = std::function<void(const std::vector<std::string>&)>;

// Reads a CSV file as outputs/csv.hpp writes it (RFC 4180 quoting, lines ending in '\n' or
// "\r\n"): calls `header` with the fields of the first line, then `row` with those of each
// other line that is not empty, unquoted. Throws std::runtime_error naming the file when it
// cannot be read.
void read_csv(const std::filesystem::path& file, const CsvRow& header, const CsvRow& row);

// The index of `name` in `header`, or -1.
int column_of(const std::vector<std::string>& header, const std::string& name);

}  // namespace geosim
