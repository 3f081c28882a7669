#include "outputs/web_assets.hpp"

namespace geosim {

namespace detail {
// Defined in the generated web_assets_data.cpp.
extern const WebAsset kWebAssets[];
extern const std::size_t kWebAssetCount;
}  // namespace detail

std::span<const WebAsset> web_assets() {
    return {detail::kWebAssets, detail::kWebAssetCount};
}

std::optional<WebAsset> web_asset(std::string_view name) {
    for (const WebAsset& a : web_assets())
        if (a.name == name) return a;
    return std::nullopt;
}

}  // namespace geosim
