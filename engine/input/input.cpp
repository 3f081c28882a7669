#include "engine/input/input.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "engine/core/number.hpp"
#include "engine/input/input_text.hpp"
#include "engine/input/yaml_flow_scan.hpp"
#include "engine/input/yaml_guard.hpp"
#include "engine/input/yaml_number.hpp"

namespace geosim {

namespace {

Location location_of(const YAML::Node& node, const std::string& file) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) return Location{file};
    return Location{file, mark.line + 1, mark.column + 1};
}

std::string join_path(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
}

// Long text is cut so that one bad value cannot flood the message.
std::string quote(const std::string& text) {
    constexpr std::size_t kMax = 60;
    std::size_t cut = text.size();
    if (cut > kMax) {
        cut = kMax;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    std::string out = "'";
    out.append(text, 0, cut);
    out += cut < text.size() ? "...'" : "'";
    return out;
}

std::string describe(const YAML::Node& node) {
    if (node.IsMap()) return "a map";
    if (node.IsSequence()) return "a list";
    if (node.IsScalar()) return quote(node.Scalar());
    return "nothing";
}

// A syntax error from yaml-cpp, at its mark (yaml-cpp counts from 0). Tabs in indentation are
// the commonest cause and yaml-cpp names them only sometimes, so they are named here.
InputError syntax_error(const YAML::ParserException& error, std::string_view text,
                        const std::string& file) {
    if (error.mark.is_null()) return InputError(Location{file}, "", error.msg);
    std::size_t line_start = 0;
    for (int line = 0; line < error.mark.line && line_start != std::string_view::npos; ++line) {
        line_start = text.find('\n', line_start);
        if (line_start != std::string_view::npos) ++line_start;
    }
    if (line_start != std::string_view::npos) {
        const std::size_t indent_end = text.find_first_not_of(" \t", line_start);
        const std::size_t tab = text.substr(0, indent_end).find('\t', line_start);
        if (tab != std::string_view::npos)
            return InputError(location_at(text, tab, file), "",
                              "tab in indentation; YAML indents with spaces");
    }
    return InputError(Location{file, error.mark.line + 1, error.mark.column + 1}, "", error.msg);
}

// Stops reading once past the cap, so that a huge file or an endless device costs little.
std::string read_capped(const std::string& path, const std::string& display_name,
                        std::size_t max_bytes) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr)
        throw InputError(Location{display_name}, "",
                         std::string("cannot open file (") + std::strerror(errno) + ")");
    std::string text;
    char buffer[65536];
    while (text.size() <= max_bytes) {
        const std::size_t got = std::fread(buffer, 1, sizeof buffer, f);
        text.append(buffer, got);
        if (got < sizeof buffer) break;
    }
    const bool failed = std::ferror(f) != 0;
    const int error = errno;
    std::fclose(f);
    if (failed)
        throw InputError(Location{display_name}, "",
                         std::string("cannot read file (") + std::strerror(error) + ")");
    return text;
}

}  // namespace

InputNode::InputNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path)
    : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)) {}

InputNode& InputNode::operator=(const InputNode& other) {
    if (this == &other) return *this;
    node_.reset(other.node_);  // rebinds; `node_ = other.node_` would overwrite the shared node
    file_ = other.file_;
    path_ = other.path_;
    source_ = other.source_;
    return *this;
}

InputNode& InputNode::operator=(InputNode&& other) {
    if (this == &other) return *this;
    node_.reset(other.node_);
    file_ = std::move(other.file_);
    path_ = std::move(other.path_);
    source_ = std::move(other.source_);
    return *this;
}

InputNode InputNode::with_source(std::shared_ptr<const std::string> text) const {
    InputNode n = *this;
    n.source_ = std::move(text);
    return n;
}

InputNode InputNode::child(const YAML::Node& node, std::string path) const {
    InputNode c(node, file_, std::move(path));
    c.source_ = source_;
    return c;
}

Location InputNode::location() const { return location_of(node_, *file_); }

bool InputNode::is_map() const { return node_.IsMap(); }
bool InputNode::is_sequence() const { return node_.IsSequence(); }
bool InputNode::is_scalar() const { return node_.IsScalar(); }
bool InputNode::is_null() const { return node_.IsNull(); }

void InputNode::fail(const std::string& message) const {
    throw InputError(location(), path_, message);
}

// Maps are searched by walking their pairs: yaml-cpp's operator[] would convert every key and,
// on a non-const node, insert the key it looks for.
std::optional<InputNode> InputNode::get(const std::string& key) const {
    if (!node_.IsMap()) fail("expected a map, got " + describe(node_));
    for (const auto& pair : node_)
        if (pair.first.IsScalar() && pair.first.Scalar() == key)
            return child(pair.second, join_path(path_, key));
    return std::nullopt;
}

InputNode InputNode::at(const std::string& key) const {
    std::optional<InputNode> value = get(key);
    if (!value) fail("missing key '" + key + "'");
    return *value;
}

bool InputNode::has(const std::string& key) const { return get(key).has_value(); }

std::vector<std::pair<std::string, InputNode>> InputNode::items() const {
    if (!node_.IsMap()) fail("expected a map, got " + describe(node_));
    std::vector<std::pair<std::string, InputNode>> out;
    out.reserve(node_.size());
    for (const auto& pair : node_) {
        const std::string key = InputNode(pair.first, file_, path_).as_string();
        out.emplace_back(key, child(pair.second, join_path(path_, key)));
    }
    return out;
}

InputNode InputNode::key_node(const std::string& key) const {
    if (!node_.IsMap()) fail("expected a map, got " + describe(node_));
    for (const auto& pair : node_)
        if (InputNode(pair.first, file_, path_).as_string() == key) return child(pair.first, join_path(path_, key));
    fail("missing key '" + key + "'");
}

void InputNode::allow_keys(const std::vector<std::string>& allowed) const {
    if (!node_.IsMap()) fail("expected a map, got " + describe(node_));
    for (const auto& pair : node_) {
        const std::string key = InputNode(pair.first, file_, path_).as_string();
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            throw InputError(location_of(pair.first, *file_), path_,
                             "unknown key '" + key + "'" + did_you_mean(key, allowed));
    }
}

std::vector<InputNode> InputNode::elements() const {
    if (!node_.IsSequence()) fail("expected a list, got " + describe(node_));
    std::vector<InputNode> out;
    out.reserve(node_.size());
    for (const auto& element : node_)
        out.push_back(child(element, path_ + "[" + std::to_string(out.size()) + "]"));
    return out;
}

double InputNode::as_number() const {
    if (!node_.IsScalar()) fail("expected a number, got " + describe(node_));
    const std::optional<double> value = parse_yaml_number(node_.Scalar());
    if (!value) fail("expected a number, got " + describe(node_));
    if (!std::isfinite(*value)) fail("expected a finite number, got " + describe(node_));
    return *value;
}

double InputNode::as_number(double lo, double hi) const {
    const double value = as_number();
    if (value < lo || value > hi)
        fail("value " + format_number(value) + " is out of range [" + format_number(lo) + ", " +
             format_number(hi) + "]");
    return value;
}

long long InputNode::as_int(long long lo, long long hi) const {
    // A whole number written out in digits is read exactly (a seed above 2^53 would be rounded
    // as a double); other forms (1e3, 4.0) go through as_number.
    if (node_.IsScalar()) {
        const std::string& text = node_.Scalar();
        long long exact = 0;
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), exact);
        if (end == text.data() + text.size() && !text.empty()) {
            if (error == std::errc::result_out_of_range || (error == std::errc() && (exact < lo || exact > hi)))
                fail("value " + text + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
            if (error == std::errc()) return exact;
        }
    }
    const double value = as_number();
    if (value != std::trunc(value)) fail("expected a whole number, got " + describe(node_));
    // long double holds every long long exactly, so the bounds compare without rounding and
    // the conversion below cannot overflow.
    const long double wide = value;
    if (wide < static_cast<long double>(lo) || wide > static_cast<long double>(hi))
        fail("value " + format_number(value) + " is out of range [" + std::to_string(lo) + ", " +
             std::to_string(hi) + "]");
    return static_cast<long long>(value);
}

std::string InputNode::as_string() const {
    if (!node_.IsScalar()) fail("expected text, got " + describe(node_));
    return node_.Scalar();
}

bool InputNode::as_bool() const {
    if (node_.IsScalar() && node_.Scalar() == "true") return true;
    if (node_.IsScalar() && node_.Scalar() == "false") return false;
    fail("expected true or false, got " + describe(node_));
}

QuarterIndex InputNode::as_quarter() const {
    const std::optional<QuarterIndex> quarter =
        node_.IsScalar() ? parse_quarter(node_.Scalar()) : std::nullopt;
    if (!quarter) fail("expected a quarter like 2025Q1, got " + describe(node_));
    return *quarter;
}

Moment InputNode::as_moment() const {
    const std::optional<Moment> moment = node_.IsScalar() ? parse_moment(node_.Scalar()) : std::nullopt;
    if (!moment) fail("expected a quarter like 2025Q1 or a date like 2025-05-17, got " + describe(node_));
    return *moment;
}

InputNode load_yaml_text(const std::string& text, const std::string& display_name,
                         const InputLimits& limits) {
    check_input_text(text, display_name, limits.max_bytes);
    check_flow_collections(text, display_name, limits);
    YAML::Node root;
    try {
        check_yaml_events(text, display_name, limits);
        root = YAML::Load(text);
    } catch (const YAML::ParserException& error) {
        throw syntax_error(error, text, display_name);
    }
    return InputNode(root, std::make_shared<const std::string>(display_name), "")
        .with_source(std::make_shared<const std::string>(text));
}

std::string yaml_file_problem(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (fs::is_directory(status)) return "a folder, not a file";
    if (fs::exists(status) && !fs::is_regular_file(status)) return "not a regular file";
    std::string extension = fs::path(path).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (extension != ".yaml" && extension != ".yml") return "not a YAML file (its name must end in .yaml or .yml)";
    return "";
}

void require_yaml_file(const InputNode& ref, const std::string& file, const std::string& what) {
    if (const std::string problem = yaml_file_problem(file); !problem.empty()) ref.fail(what + " is " + problem);
}

InputNode load_yaml_file(const std::string& path, const std::string& display_name,
                         const InputLimits& limits) {
    if (const std::string problem = yaml_file_problem(path); !problem.empty())
        throw InputError(Location{display_name}, "", problem);
    return load_yaml_text(read_capped(path, display_name, limits.max_bytes), display_name, limits);
}

}  // namespace geosim
