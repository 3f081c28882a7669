#pragma once
#include <charconv>
#include <concepts>
#include <ostream>
#include <string_view>
#include <vector>

namespace geosim {

// Writes one JSON value, pretty-printed with a 2-space indent and a final newline:
//
//   {
//     "name": "baseline",
//     "runs": [
//       1,
//       2
//     ],
//     "empty": {}
//   }
//
// Strings are escaped as JSON requires (quote, backslash, control characters) and otherwise
// written byte for byte, so UTF-8 passes through. Misuse (a key outside an object, a value
// without its key, unbalanced ends) throws std::logic_error. With `compact`, nothing but the
// final newline is added between tokens (for HTTP responses).
class JsonWriter {
public:
    explicit JsonWriter(std::ostream& out, bool compact = false) : out_(out), compact_(compact) {}

    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view text);
    // Written with format_number. JSON has no NaN or infinity, so those become null.
    JsonWriter& number(double value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();

    // Exact, unlike number(): seeds and run ids use all 64 bits.
    template <std::integral T>
    JsonWriter& integer(T value) {
        char buf[24];
        const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
        return scalar(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    }

    // A value already written as JSON (a request's object passed on as it came).
    JsonWriter& raw(std::string_view json_text) { return scalar(json_text); }

private:
    struct Frame {
        bool object;
        int count = 0;
    };

    JsonWriter& scalar(std::string_view text);
    void before_value();
    void after_value();
    JsonWriter& end(bool object);
    void newline_indent(std::size_t depth);
    void quoted(std::string_view text);

    std::ostream& out_;
    bool compact_;
    std::vector<Frame> stack_;
    bool key_pending_ = false;
    bool done_ = false;
};

}  // namespace geosim
