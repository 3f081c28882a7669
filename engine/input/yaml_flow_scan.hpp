#pragma once
#include <string>
#include <string_view>

#include "engine/input/input.hpp"

namespace geosim {

// A quick pass over the raw text that finds flow collections ("[...]", "{...}") nested deeper
// than `limits.max_depth` or holding more than `limits.max_nodes` entries in all, and throws a
// located InputError. It runs before yaml-cpp because yaml-cpp's scanner buffers every token of
// a flow collection before the parser sees the first one: 4 MB of '[' costs it seconds and
// about 1 GB, and an event handler cannot stop it early. Block nesting needs no such pass, as
// yaml-cpp streams block events and the event-level guard stops those.
//
// The scan follows YAML's rules closely enough for real files: brackets inside quotes,
// comments, block scalars and plain text ("a[1]") do not count. In odd layouts it may miss a
// flow collection, which costs only time, as the event-level guard still counts it.
void check_flow_collections(std::string_view text, const std::string& file,
                            const InputLimits& limits);

}  // namespace geosim
