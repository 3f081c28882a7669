#include "outputs/report_build.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "engine/core/error.hpp"
#include "engine/core/number.hpp"
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

JsonFile read_manifest(const std::filesystem::path& file) {
    JsonFile manifest = JsonFile::read(file);
    if (!manifest.root().is_object()) manifest.fail({}, "expected a JSON object, as geosim writes a manifest");
    return manifest;
}

std::string manifest_value(const JsonFile& manifest, const std::string& key, const std::string& parent) {
    JsonFile::Keys at;
    if (!parent.empty()) {
        const JsonFile::Json* where = manifest.find({parent});
        if (where == nullptr || where->is_null()) return "";
        if (!where->is_object()) manifest.fail({parent}, "expected a JSON object");
        at.push_back(parent);
    }
    at.push_back(key);
    return manifest.text(at);
}

}  // namespace geosim::report
