#pragma once
#include <string>

#include "engine/core/world.hpp"

namespace geosim {

// Reads a world file and the files it includes (docs/world-format.md), resolves every name,
// checks every figure and derives the bilateral tables. Calibration is compile()'s job.
// `display_name` is the path as the user wrote it, used in messages.
// Throws InputError with the location of the first problem.
World load_world(const std::string& path, const std::string& display_name);

}  // namespace geosim
