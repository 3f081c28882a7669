#include "engine/core/world.hpp"

#include <algorithm>
#include <cmath>

namespace geosim {

int World::index_of(std::string_view id) const {
    for (int i = 0; i < n(); ++i)
        if (agents[i].id == id) return i;
    return -1;
}

int World::bloc_index(std::string_view id) const {
    for (int b = 0; b < static_cast<int>(blocs.size()); ++b)
        if (blocs[b].id == id) return b;
    return -1;
}

double World::export_va_of(int i) const {
    return i < static_cast<int>(export_va.size()) && !std::isnan(export_va[i]) ? export_va[i]
                                                                              : params.macro.export_multiplier;
}

double World::quarter_trend(int i) const {
    const double g = agents[i].trend_growth;
    if (static_cast<std::size_t>(i) < calib.quarter_trend.size() && calib.quarter_trend_of[i] == g)
        return calib.quarter_trend[i];
    return std::pow(1.0 + g, 0.25);
}

int World::sector_index(std::string_view id) const {
    for (int s = 0; s < sector_count(); ++s)
        if (sectors[s].id == id) return s;
    return -1;
}

bool World::in_bloc(int agent, int bloc) const {
    const auto& m = blocs[bloc].members;
    return std::find(m.begin(), m.end(), agent) != m.end();
}

}  // namespace geosim
