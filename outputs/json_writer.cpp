#include "outputs/json_writer.hpp"

#include <cmath>
#include <stdexcept>

#include "outputs/csv.hpp"

namespace geosim {

void JsonWriter::newline_indent(std::size_t depth) {
    if (compact_) return;
    out_.put('\n');
    for (std::size_t i = 0; i < depth; ++i) out_ << "  ";
}

// Places a value: after its key in an object, on a new line in an array.
void JsonWriter::before_value() {
    if (done_) throw std::logic_error("JSON: a second top-level value");
    if (stack_.empty()) return;
    Frame& top = stack_.back();
    if (top.object) {
        if (!key_pending_) throw std::logic_error("JSON: a value in an object needs a key first");
        key_pending_ = false;
        return;
    }
    if (top.count++ > 0) out_.put(',');
    newline_indent(stack_.size());
}

void JsonWriter::after_value() {
    if (stack_.empty()) {
        out_.put('\n');
        done_ = true;
    }
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (stack_.empty() || !stack_.back().object || key_pending_)
        throw std::logic_error("JSON: a key must be followed by a value and belongs in an object");
    Frame& top = stack_.back();
    if (top.count++ > 0) out_.put(',');
    newline_indent(stack_.size());
    quoted(name);
    out_ << (compact_ ? ":" : ": ");
    key_pending_ = true;
    return *this;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_.put('{');
    stack_.push_back({true});
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_.put('[');
    stack_.push_back({false});
    return *this;
}

JsonWriter& JsonWriter::end_object() { return end(true); }
JsonWriter& JsonWriter::end_array() { return end(false); }

JsonWriter& JsonWriter::end(bool object) {
    if (stack_.empty() || stack_.back().object != object || key_pending_)
        throw std::logic_error(object ? "JSON: end_object without a matching begin_object"
                                      : "JSON: end_array without a matching begin_array");
    const bool empty = stack_.back().count == 0;
    stack_.pop_back();
    if (!empty) newline_indent(stack_.size());
    out_.put(object ? '}' : ']');
    after_value();
    return *this;
}

JsonWriter& JsonWriter::scalar(std::string_view text) {
    before_value();
    out_ << text;
    after_value();
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    quoted(text);
    after_value();
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    return std::isfinite(value) ? scalar(format_number(value)) : null();
}

JsonWriter& JsonWriter::boolean(bool value) { return scalar(value ? "true" : "false"); }

JsonWriter& JsonWriter::null() { return scalar("null"); }

void JsonWriter::quoted(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_.put('"');
    for (char c : text) {
        switch (c) {
            case '"': out_ << "\\\""; break;
            case '\\': out_ << "\\\\"; break;
            case '\b': out_ << "\\b"; break;
            case '\f': out_ << "\\f"; break;
            case '\n': out_ << "\\n"; break;
            case '\r': out_ << "\\r"; break;
            case '\t': out_ << "\\t"; break;
            default: {
                const auto byte = static_cast<unsigned char>(c);
                if (byte < 0x20) out_ << "\\u00" << kHex[byte >> 4] << kHex[byte & 0xf];
                else out_.put(c);
            }
        }
    }
    out_.put('"');
}

}  // namespace geosim
