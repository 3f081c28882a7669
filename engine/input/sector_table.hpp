#pragma once
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"
#include "engine/input/table_loader.hpp"

namespace geosim {

// The world's `sectors` table (docs/world-format.md): goods groups with their elasticities and
// input-output figures, each agent's exports and imports by group, bilateral group targets and
// the domestic value added of exports. Splits world.trade0 into world.sector_trade0 by a prior
// from the group shares raked to the pair totals, the given group margins and the targets,
// then sets world.trade0 to the sum of the groups. Without a section (nullptr) the world keeps
// one group of all goods. Sets world.export_va (NaN where no figure is given).
void load_sectors(const InputNode* section, World& world, const Names& names);

}  // namespace geosim
