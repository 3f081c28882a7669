#pragma once
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/error.hpp"

namespace geosim {

// A JSON file geosim wrote (manifest.json), read with nlohmann-json rather than through the YAML
// layer: keys stay in file order, and where each member's key stands is kept so that a value
// of the wrong kind is reported at its line and column.
class JsonFile {
public:
    using Json = nlohmann::ordered_json;
    using Keys = std::vector<std::string>;  // a member by its keys from the root: {"base", "seed"}

    // Reads `file` (named in messages as given). Throws InputError: "cannot read the file" at the
    // file; "not valid JSON: <what the parser says>" or "duplicate key 'k' (first defined at
    // line n)" at the line and column where the problem is.
    static JsonFile read(const std::filesystem::path& file);
    // The same for text in memory, named `display_name` in messages.
    static JsonFile parse(const std::string& text, const std::string& display_name);

    const Json& root() const { return root_; }
    const std::string& file() const { return file_; }

    // The member at `keys`, or nullptr when a key is missing or a step is not an object.
    const Json* find(const Keys& keys) const;
    // Where the member's key is (the first character of the document for no keys).
    Location location(const Keys& keys) const;
    // Throws InputError at the member, with the keys joined by '.' as the path.
    [[noreturn]] void fail(const Keys& keys, const std::string& message) const;

    // A scalar member as text: a string as it is, a number as JSON writes it, true or false;
    // "" when it is missing or null. Fails with "expected text or a number" otherwise.
    std::string text(const Keys& keys) const;
    // A string member; fails with "missing key" or "expected text".
    std::string string(const Keys& keys) const;
    // A whole number in [lo, hi]; fails with "missing key", "expected a whole number" or
    // "value n is out of range [lo, hi]".
    long long integer(const Keys& keys, long long lo, long long hi) const;

private:
    Json root_;
    std::string file_;
    Location start_;
    std::map<Keys, Location> where_;  // of every member's key
};

}  // namespace geosim
