#include "engine/world.hpp"

#include <algorithm>

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
