#pragma once
#include <filesystem>
#include <ostream>
#include <string_view>

#include "engine/run/indicators.hpp"

namespace geosim {

// What a row of an indicator is for, as indicators.csv names it: agent, pair (agent and
// partner), bloc, bloc_partner, zone, agent_sector, pair_sector, bloc_partner_sector.
std::string_view scope_name(IndicatorScope scope);

// indicators.csv: `indicator,unit,per,meaning`, one line per indicator geosim records (in
// output order), so that the units travel with the data.
void write_indicators_csv(std::ostream& out);

// Writes it to `file`; throws std::runtime_error naming the file when that fails.
void write_indicators_csv(const std::filesystem::path& file);

}  // namespace geosim
