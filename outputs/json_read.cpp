#include "outputs/json_read.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <utility>

#include "engine/core/number.hpp"

namespace geosim {

namespace {

using Json = JsonFile::Json;
using Keys = JsonFile::Keys;

// Line and column (from 1, in bytes) of byte `offset` of `text`.
Location location_at(const std::string& text, std::size_t offset, const std::string& file) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i, ++column)
        if (text[i] == '\n') line += 1, column = 0;
    return {file, line, column};
}

// Reads the text as nlohmann-json's parser does, keeping count of the bytes it has taken, so
// that the builder below knows where each key ends.
struct CountingIterator {
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char*;
    using reference = const char&;

    const char* at = nullptr;
    const char* begin = nullptr;
    std::size_t* taken = nullptr;

    reference operator*() const { return *at; }
    CountingIterator& operator++() {
        ++at;
        *taken = static_cast<std::size_t>(at - begin);
        return *this;
    }
    CountingIterator operator++(int) {
        CountingIterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(const CountingIterator& other) const { return at == other.at; }
    bool operator!=(const CountingIterator& other) const { return at != other.at; }
};

// Builds the document from nlohmann-json's SAX events, refusing a key given twice in one object
// (the parser would keep the last silently) and noting where every key is.
class Builder {
public:
    Builder(const std::string& text, const std::string& file, const std::size_t& taken,
            std::map<Keys, Location>& where)
        : text_(text), file_(file), taken_(taken), where_(where) {}

    Json root;

    bool null() { return add(Json(nullptr)); }
    bool boolean(bool v) { return add(Json(v)); }
    bool number_integer(Json::number_integer_t v) { return add(Json(v)); }
    bool number_unsigned(Json::number_unsigned_t v) { return add(Json(v)); }
    bool number_float(Json::number_float_t v, const Json::string_t&) { return add(Json(v)); }
    bool string(Json::string_t& v) { return add(Json(std::move(v))); }
    bool binary(Json::binary_t&) { return false; }  // JSON text has none
    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& k) {
        // The parser has just taken the key's closing quote: its opening quote is the last
        // unescaped one before.
        std::size_t open = taken_ >= 2 ? taken_ - 2 : 0;
        while (open > 0 && !(text_[open] == '"' && escapes_before(open) % 2 == 0)) --open;
        Keys keys = stack_.back().keys;
        keys.push_back(k);
        const Location here = location_at(text_, open, file_);
        if (stack_.back().value->contains(k)) {
            std::string path;
            for (std::size_t i = 0; i + 1 < keys.size(); ++i) path += (path.empty() ? "" : ".") + keys[i];
            throw InputError(here, path, "duplicate key '" + k + "' (first defined at line " +
                                             std::to_string(where_.at(keys).line) + ")");
        }
        where_[keys] = here;
        key_ = std::move(k);
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
        // `position` counts the bytes read, the offending one last; past the end, the problem is
        // that the text stops, so point just after its last visible character.
        std::size_t at = position > 0 ? position - 1 : 0;
        if (at >= text_.size()) {
            const std::size_t last = text_.find_last_not_of(" \t\r\n");
            at = last == std::string::npos ? 0 : last + 1;
        }
        std::string what = e.what();
        const std::size_t column = what.find("column ");
        const std::size_t colon = column == std::string::npos ? column : what.find(": ", column);
        if (colon != std::string::npos) what.erase(0, colon + 2);
        throw InputError(location_at(text_, at, file_), "", "not valid JSON: " + what);
    }

private:
    struct Open {
        Json* value;
        Keys keys;  // of the member it is; array elements add "[i]"
    };

    std::size_t escapes_before(std::size_t i) const {
        std::size_t n = 0;
        while (i > n && text_[i - n - 1] == '\\') ++n;
        return n;
    }

    // Puts `v` where the parser is: the root, the end of the open array, or the open object's
    // last key. Returns it and the keys it is at.
    std::pair<Json*, Keys> place(Json v) {
        if (stack_.empty()) {
            root = std::move(v);
            return {&root, {}};
        }
        Open& top = stack_.back();
        Keys keys = top.keys;
        if (top.value->is_array()) {
            std::string index = "[";
            index += std::to_string(top.value->size());
            index += ']';
            keys.push_back(std::move(index));
            top.value->push_back(std::move(v));
            return {&top.value->back(), std::move(keys)};
        }
        keys.push_back(key_);
        Json& slot = (*top.value)[key_];
        slot = std::move(v);
        return {&slot, std::move(keys)};
    }

    bool add(Json v) {
        place(std::move(v));
        return true;
    }
    bool open(Json v) {
        auto [value, keys] = place(std::move(v));
        stack_.push_back({value, std::move(keys)});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    const std::string& text_;
    const std::string& file_;
    const std::size_t& taken_;
    std::map<Keys, Location>& where_;
    std::vector<Open> stack_;
    std::string key_;
};

std::string joined(const Keys& keys) {
    std::string path;
    for (const auto& k : keys) path += (path.empty() || k.starts_with("[") ? "" : ".") + k;
    return path;
}

}  // namespace

JsonFile JsonFile::parse(const std::string& text, const std::string& display_name) {
    JsonFile f;
    f.file_ = display_name;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    f.start_ = location_at(text, first == std::string::npos ? 0 : first, display_name);
    std::size_t taken = 0;
    Builder builder(text, f.file_, taken, f.where_);
    const CountingIterator begin{text.data(), text.data(), &taken};
    const CountingIterator end{text.data() + text.size(), text.data(), &taken};
    Json::sax_parse(begin, end, &builder);
    f.root_ = std::move(builder.root);
    return f;
}

JsonFile JsonFile::read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError({file.string()}, "", "cannot read the file");
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return parse(text, file.string());
}

const Json* JsonFile::find(const Keys& keys) const {
    const Json* at = &root_;
    for (const auto& k : keys) {
        if (!at->is_object()) return nullptr;
        const auto it = at->find(k);
        if (it == at->end()) return nullptr;
        at = &*it;
    }
    return at;
}

Location JsonFile::location(const Keys& keys) const {
    const auto it = where_.find(keys);
    return it == where_.end() ? start_ : it->second;
}

void JsonFile::fail(const Keys& keys, const std::string& message) const {
    throw InputError(location(keys), joined(keys), message);
}

std::string JsonFile::text(const Keys& keys) const {
    const Json* v = find(keys);
    if (v == nullptr || v->is_null()) return "";
    if (v->is_string()) return v->get<std::string>();
    if (v->is_number_unsigned()) return std::to_string(v->get<std::uint64_t>());
    if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
    if (v->is_number_float()) return format_number(v->get<double>());
    if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
    fail(keys, "expected text or a number");
}

std::string JsonFile::string(const Keys& keys) const {
    const Json* v = find(keys);
    if (v == nullptr) fail(Keys(keys.begin(), keys.end() - 1), "missing key '" + keys.back() + "'");
    if (!v->is_string()) fail(keys, "expected text");
    return v->get<std::string>();
}

long long JsonFile::integer(const Keys& keys, long long lo, long long hi) const {
    const Json* v = find(keys);
    if (v == nullptr) fail(Keys(keys.begin(), keys.end() - 1), "missing key '" + keys.back() + "'");
    long double value = 0;
    if (v->is_number_unsigned()) value = static_cast<long double>(v->get<std::uint64_t>());
    else if (v->is_number_integer()) value = static_cast<long double>(v->get<std::int64_t>());
    else if (v->is_number_float() && std::trunc(v->get<double>()) == v->get<double>()) value = v->get<double>();
    else fail(keys, "expected a whole number");
    if (value < static_cast<long double>(lo) || value > static_cast<long double>(hi))
        fail(keys, "value " + text(keys) + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return static_cast<long long>(value);
}

}  // namespace geosim
