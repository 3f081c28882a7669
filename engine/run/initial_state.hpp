#pragma once
#include "engine/core/state.hpp"

namespace geosim {

struct World;

// The state at step 0, built from the world's data (with the threat and network measures of
// models/perception and models/network, hence here and not beside State).
State initial_state(const World& world);

}  // namespace geosim
