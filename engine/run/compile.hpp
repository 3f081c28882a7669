#pragma once
#include "engine/core/world.hpp"
#include "engine/run/scenario.hpp"

namespace geosim {

// Parse, then compile: loads the scenario's world, applies the scenario's parameter overrides,
// sets start, horizon and seed, and calibrates every mechanism so that quarter 0 reproduces the
// data. Returns an immutable World or throws a located InputError.
World compile(const ScenarioSpec& scenario);

// Calibrates a loaded world in place (the part of compile() after the overrides).
void calibrate(World& world);

// The random-stream keys of agents, zones and blocs, from their ids (part of calibrate()).
void assign_stream_keys(World& world);

}  // namespace geosim
