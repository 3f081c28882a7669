#pragma once
#include <vector>

#include "engine/core/matrix.hpp"
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"
#include "engine/input/table_loader.hpp"

namespace geosim {

// The `tariffs` section of a world file (docs/world-format.md): the applied tariff at the start,
// by importer, exporter and goods group. Each importer's MFN rate (of all goods, or of named
// groups) applies to every partner, then the `preferences` rows, in file order, set the rate of
// the pairs an agreement covers (a rate, or a share of the MFN rate). Returns [s] (importer j,
// exporter i), 0 on the diagonal; an empty vector when the world has no section (every rate 0).
std::vector<Matrix> load_tariffs(const InputNode* section, const World& world, const Names& names);

}  // namespace geosim
