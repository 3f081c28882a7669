#pragma once
#include <optional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "engine/core/date.hpp"
#include "engine/core/error.hpp"

namespace geosim {

// Limits on what an input file may be, applied before yaml-cpp builds a tree (yaml-cpp 0.7 has
// no depth guard worth the name, accepts duplicate keys, and lets aliases fan out or loop).
struct InputLimits {
    std::size_t max_bytes = 4 << 20;     // file size cap
    int max_depth = 64;                  // nesting of maps and sequences
    std::size_t max_nodes = 200000;      // scalars + collections
    std::size_t max_aliases = 1000;      // alias uses
};

// A node of a loaded YAML document that knows its file, its position and its key path
// ("agents.IDN.gdp.value", "shocks[2].target"), so every error it raises is located.
class InputNode {
public:
    InputNode(YAML::Node node, std::shared_ptr<const std::string> file, std::string path);
    InputNode(const InputNode&) = default;
    InputNode(InputNode&&) = default;
    // yaml-cpp's Node::operator= writes the right side into the node the left side refers to (and
    // so into every copy of it, the document included); an InputNode rebinds to the right side.
    InputNode& operator=(const InputNode& other);
    InputNode& operator=(InputNode&& other);
    ~InputNode() = default;

    const std::string& path() const { return path_; }
    const std::string& file() const { return *file_; }
    // The text of the document the node was read from (nullptr for a node made otherwise): what
    // an error within a scalar (a condition) is located in.
    const std::string* source() const { return source_.get(); }
    // This node, known to come from the document `text`.
    InputNode with_source(std::shared_ptr<const std::string> text) const;
    Location location() const;
    const YAML::Node& yaml() const { return node_; }

    bool is_map() const;
    bool is_sequence() const;
    bool is_scalar() const;
    bool is_null() const;

    // Map access. `at` fails with "missing key 'k'" located at this map; `get` returns nullopt.
    InputNode at(const std::string& key) const;
    std::optional<InputNode> get(const std::string& key) const;
    bool has(const std::string& key) const;
    // Keys in document order with their values; fails with "expected a map" if not a map.
    std::vector<std::pair<std::string, InputNode>> items() const;
    // The key `key` itself (its text, located where it is written), with the path of its value:
    // for errors about an id that is a key ("zones.scar-borough"). Fails like at() if missing.
    InputNode key_node(const std::string& key) const;
    // Fails with "unknown key 'x' (did you mean 'y'?)" located at the first key not in `allowed`.
    void allow_keys(const std::vector<std::string>& allowed) const;

    // Sequence access; fails with "expected a list" if not a sequence.
    std::vector<InputNode> elements() const;

    // Scalars. Each fails with a located message naming what was expected:
    // "expected a number, got 'abc'", "value 12 is out of range [0, 1]",
    // "expected a finite number, got '.nan'", "expected a whole number, got '2.5'",
    // "expected text, got a map", "expected true or false, got 'yes please'",
    // "expected a quarter like 2025Q1, got '2025-1'".
    double as_number() const;
    double as_number(double lo, double hi) const;
    long long as_int(long long lo, long long hi) const;
    std::string as_string() const;
    bool as_bool() const;
    QuarterIndex as_quarter() const;
    // A quarter (its first day) or a calendar date within one: "2025Q1" or "2025-05-17".
    Moment as_moment() const;

    [[noreturn]] void fail(const std::string& message) const;

private:
    // A node below this one (a value, a key, an element), of the same file and document.
    InputNode child(const YAML::Node& node, std::string path) const;

    YAML::Node node_;
    std::shared_ptr<const std::string> file_;
    std::string path_;
    std::shared_ptr<const std::string> source_;
};

// What keeps `path` from being read as a YAML file, or "" when nothing does: "a folder, not a
// file", "not a regular file" (a device, a pipe), "not a YAML file (its name must end in .yaml or
// .yml)". Input is read only from files named as YAML, so that no message quotes a line
// of a file that is not one (a key or password file named by mistake).
std::string yaml_file_problem(const std::string& path);

// Refuses `file`, which the entry `ref` of a YAML file names (a world, an include) as `what`
// ("world file 'w.yaml'"), when yaml_file_problem says it cannot be read: the message is located
// at `ref` and says what is wrong without quoting the file.
void require_yaml_file(const InputNode& ref, const std::string& file, const std::string& what);

// Reads and checks a YAML file: one not named *.yaml or *.yml, a folder, missing or unreadable file, over the size cap, empty,
// binary (NUL bytes or invalid UTF-8), a syntax error, too deep, too many nodes or aliases,
// a duplicate key, or more than one document each give one located InputError.
// `display_name` is the path printed in messages (as the user wrote it).
InputNode load_yaml_file(const std::string& path, const std::string& display_name,
                         const InputLimits& limits = {});

// The same checks on text already in memory (for tests and for YAML sent over HTTP).
InputNode load_yaml_text(const std::string& text, const std::string& display_name,
                         const InputLimits& limits = {});

}  // namespace geosim
