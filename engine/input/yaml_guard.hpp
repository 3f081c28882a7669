#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "engine/input/input.hpp"

namespace geosim {

// The event-level pre-pass run before yaml-cpp builds a tree. It parses `text` with
// YAML::Parser and refuses, with a located InputError:
// - nesting deeper than limits.max_depth, an alias counting as the depth of what it names;
// - more than limits.max_nodes nodes, an alias counting as a copy of what it names, so an
//   alias fan ("billion laughs") fails while the tree yaml-cpp would share is still small;
// - more than limits.max_aliases alias uses, and any alias inside the node it names (a cycle);
// - a key that is not text, and a key repeated in one map (compared as text);
// - a second document, and a stray token yaml-cpp would return as endless empty documents.
// Each check costs constant time per event, so hostile input cannot make the pass slow, and
// the pass stops nesting after max_depth levels, long before yaml-cpp's recursion is at risk.
// Syntax errors escape as YAML::ParserException.
void check_yaml_events(std::string_view text, const std::string& file, const InputLimits& limits);

// Messages shared with the raw-text scan, which enforces the same limits on flow collections.
std::string too_deep_message(int max_depth);
std::string too_many_nodes_message(std::size_t max_nodes);

}  // namespace geosim
