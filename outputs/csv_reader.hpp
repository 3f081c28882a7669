#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace geosim {

// The fields of one CSV line and the number of the line they start on (from 1).
using CsvRow = std::function<void(const std::vector<std::string>&, std::size_t line)>;

// Reads a CSV file as outputs/csv.hpp writes it (RFC 4180 quoting, lines ending in '\n' or
// "\r\n"): calls `header` with the fields of the first line, then `row` with those of each
// other line that is not empty, unquoted. Throws std::runtime_error naming the file when it
// cannot be read, and InputError "file:line:column: unterminated quote ..." at the opening
// quote of a field that the file ends inside.
void read_csv(const std::filesystem::path& file, const CsvRow& header, const CsvRow& row);

// The index of `name` in `header`, or -1.
int column_of(const std::vector<std::string>& header, const std::string& name);

// Throws InputError "file:line: a row has N fields, fewer than the header's M" when `fields`
// is shorter than the header (of `header_size` fields).
void require_fields(const std::filesystem::path& file, std::size_t line,
                    const std::vector<std::string>& fields, std::size_t header_size);

}  // namespace geosim
