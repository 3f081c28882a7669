#include "outputs/report_build.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>

#include "engine/error.hpp"
#include "engine/number.hpp"
#include "outputs/report_data.hpp"

namespace geosim::report {

void fail(const std::filesystem::path& where, const std::string& message) {
    throw InputError({where.string()}, "", message);
}

std::string json_number(const std::string& cell) {
    if (cell.empty()) return "null";
    char* end = nullptr;
    const double v = std::strtod(cell.c_str(), &end);
    if (end != cell.c_str() + cell.size() || !std::isfinite(v)) return "null";
    return format_number(v);
}


void ReportJson::comma() {
    if (!first_) out_ += ',';
    first_ = false;
}

ReportJson& ReportJson::open(char c) {
    comma();
    out_ += c;
    first_ = true;
    return *this;
}

ReportJson& ReportJson::close(char c) {
    out_ += c;
    first_ = false;
    return *this;
}

ReportJson& ReportJson::key(std::string_view k) {
    comma();
    out_ += json_quote(k);
    out_ += ':';
    first_ = true;
    return *this;
}

ReportJson& ReportJson::raw(std::string_view text) {
    comma();
    out_ += text;
    return *this;
}

ReportJson& ReportJson::str(std::string_view s) { return raw(json_quote(s)); }

ReportJson& ReportJson::num(double v) { return raw(std::isfinite(v) ? format_number(v) : "null"); }

ReportJson& ReportJson::values(const std::vector<std::string>& cells) {
    open('[');
    for (const auto& c : cells) raw(json_number(c));
    return close(']');
}

ReportJson& ReportJson::strings(const std::vector<std::string>& list) {
    open('[');
    for (const auto& s : list) str(s);
    return close(']');
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) fail(file, "cannot read the file");
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

InputNode read_manifest(const std::filesystem::path& file) {
    const std::string text = read_file(file);
    // A cut-off object: the YAML reader would blame its first key, so say what is wrong here.
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    const std::size_t last = text.find_last_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{' && text[last] != '}') {
        int line = 1, column = 1;
        for (std::size_t i = 0; i <= last; ++i, ++column)
            if (text[i] == '\n') line += 1, column = 0;
        throw InputError({file.string(), line, column}, "",
                         "the JSON object is not closed: the file ends here without its closing '}'");
    }
    InputNode root = load_yaml_text(text, file.string());
    if (!root.is_map()) root.fail("expected a JSON object, as geosim writes a manifest");
    return root;
}

std::string manifest_value(const InputNode& manifest, const std::string& key, const std::string& parent) {
    std::optional<InputNode> where = manifest;
    if (!parent.empty()) {
        where = manifest.get(parent);
        if (!where || where->is_null()) return "";
        if (!where->is_map()) where->fail("expected a JSON object");
    }
    const std::optional<InputNode> value = where->get(key);
    if (!value || value->is_null()) return "";
    if (!value->is_scalar()) value->fail("expected text or a number");
    return value->as_string();
}

}  // namespace geosim::report
