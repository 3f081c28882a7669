#pragma once
// The report's own reading and writing helpers (outputs/report_data.cpp and
// outputs/report_runs.cpp): the compact, HTML-safe JSON of the data the page embeds (strings
// pass json_quote, CSV cells are copied as numbers in format_number's form), and manifest.json
// read as JSON (outputs/json_read.hpp). For general JSON output see json_writer.hpp.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "outputs/json_read.hpp"

namespace geosim::report {

// Bad input found in the file `where`: InputError "where: message".
[[noreturn]] void fail(const std::filesystem::path& where, const std::string& message);

// A CSV cell as a JSON number: finite numbers in format_number's form, anything else null.
std::string json_number(const std::string& cell);

// Compact JSON, built by appending; the caller keeps the structure balanced.
class ReportJson {
public:
    ReportJson& open(char c);
    ReportJson& close(char c);
    ReportJson& key(std::string_view k);
    ReportJson& str(std::string_view s);
    ReportJson& raw(std::string_view text);
    ReportJson& num(double v);
    ReportJson& values(const std::vector<std::string>& cells);
    ReportJson& strings(const std::vector<std::string>& list);
    std::string take() { return std::move(out_); }

private:
    void comma();
    std::string out_;
    bool first_ = true;
};

// The whole of `file`; an InputError naming it when it cannot be read.
std::string read_file(const std::filesystem::path& file);

// A manifest.json, read as JSON, so malformed JSON gives one located InputError
// ("file:line:column: not valid JSON: ..."). It must be an object.
JsonFile read_manifest(const std::filesystem::path& file);

// The value of a top-level key of a manifest, inside the object `parent` when given: a string
// as it reads after unescaping, or a number's text. Empty when absent or null; a located
// InputError when the value (or `parent`) has the wrong type.
std::string manifest_value(const JsonFile& manifest, const std::string& key, const std::string& parent = "");

}  // namespace geosim::report
