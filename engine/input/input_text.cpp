#include "engine/input/input_text.hpp"

#include <algorithm>

namespace geosim {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence starting at `i`, or 0 if there is none: rejects
// stray continuation bytes, truncated sequences, overlong forms, surrogates and code points
// past U+10FFFF.
std::size_t utf8_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) -> unsigned char {
        return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
    };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) lo = 0xA0;
        if (lead == 0xED) hi = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) lo = 0x90;
        if (lead == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (byte(1) < lo || byte(1) > hi) return 0;
    for (std::size_t k = 2; k < length; ++k)
        if (!is_continuation(byte(k))) return 0;
    return length;
}

void check_is_text(std::string_view text, const std::string& file) {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0')
            throw InputError(location_at(text, i, file), "",
                             "file is not text: NUL byte at byte offset " + std::to_string(i));
        const std::size_t length = utf8_length(text, i);
        if (length == 0)
            throw InputError(location_at(text, i, file), "",
                             "file is not text: invalid UTF-8 at byte offset " + std::to_string(i));
        i += length;
    }
}

bool has_content(std::string_view text) {
    if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
    while (!text.empty()) {
        const std::size_t first = text.find_first_not_of(" \t\r");
        if (first == std::string_view::npos) return false;
        if (text[first] != '\n' && text[first] != '#') return true;
        const std::size_t end = text.find('\n', first);
        if (end == std::string_view::npos) return false;
        text.remove_prefix(end + 1);
    }
    return false;
}

}  // namespace

Location location_at(std::string_view text, std::size_t offset, const std::string& file) {
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line_start = before.rfind('\n') + 1;  // npos + 1 == 0 on the first line
    std::size_t column = offset - line_start;
    if (line_start == 0 && before.starts_with(kByteOrderMark)) column -= kByteOrderMark.size();
    const auto newlines = std::count(before.begin(), before.end(), '\n');
    return Location{file, static_cast<int>(newlines) + 1, static_cast<int>(column) + 1};
}

void check_input_text(std::string_view text, const std::string& file, std::size_t max_bytes) {
    if (text.size() > max_bytes)
        throw InputError(Location{file}, "",
                         "file is larger than the " + std::to_string(max_bytes) + "-byte limit");
    check_is_text(text, file);
    if (!has_content(text)) throw InputError(Location{file}, "", "file is empty");
}

}  // namespace geosim
