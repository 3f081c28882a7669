#pragma once
// The compact JSON the report's data are built of (outputs/report_data.cpp and
// outputs/report_runs.cpp); not a general JSON writer (see json_writer.hpp for that).
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "engine/error.hpp"
#include "engine/number.hpp"
#include "outputs/report_data.hpp"

namespace geosim::report {

// Bad input found in the file `where`: InputError "where: message".
[[noreturn]] inline void fail(const std::filesystem::path& where, const std::string& message) {
    throw InputError({where.string()}, "", message);
}

// A CSV cell as a JSON number: finite numbers in format_number's form, anything else null.
inline std::string json_number(const std::string& cell) {
    if (cell.empty()) return "null";
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (end != cell.c_str() + cell.size() || !std::isfinite(v)) return "null";
    return format_number(v);
}

// Compact JSON, built by appending; the caller keeps the structure balanced.
class Json {
public:
    Json& open(char c) {
        comma();
        out_ += c;
        first_ = true;
        return *this;
    }
    Json& close(char c) {
        out_ += c;
        first_ = false;
        return *this;
    }
    Json& key(std::string_view k) {
        comma();
        out_ += json_quote(k);
        out_ += ':';
        first_ = true;
        return *this;
    }
    Json& str(std::string_view s) { return raw(json_quote(s)); }
    Json& raw(std::string_view text) {
        comma();
        out_ += text;
        return *this;
    }
    Json& num(double v) { return raw(std::isfinite(v) ? format_number(v) : "null"); }
    Json& values(const std::vector<std::string>& cells) {
        open('[');
        for (const auto& c : cells) raw(json_number(c));
        return close(']');
    }
    Json& strings(const std::vector<std::string>& list) {
        open('[');
        for (const auto& s : list) str(s);
        return close(']');
    }
    std::string take() { return std::move(out_); }

private:
    void comma() {
        if (!first_) out_ += ',';
        first_ = false;
    }
    std::string out_;
    bool first_ = true;
};

inline std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, "cannot read the file");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The value of a top-level key of a manifest written by outputs/ (two-space indent), inside the
// object `parent` when given: a string unquoted, or a number's text. Empty when absent.
inline std::string manifest_value(const std::string& text, const std::string& key, const std::string& parent = "") {
    std::size_t from = 0;
    std::string indent = "\n  ";
    if (!parent.empty()) {
        from = text.find("\n  \"" + parent + "\": {");
        if (from == std::string::npos) return "";
        indent = "\n    ";
    }
    const std::size_t at = text.find(indent + "\"" + key + "\": ", from);
    if (at == std::string::npos) return "";
    std::size_t i = at + indent.size() + key.size() + 4;
    std::string value;
    if (i < text.size() && text[i] == '"') {
        for (++i; i < text.size() && text[i] != '"'; ++i) {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            value += text[i];
        }
    } else {
        for (; i < text.size() && text[i] != ',' && text[i] != '\n'; ++i) value += text[i];
    }
    return value;
}

}  // namespace geosim::report
