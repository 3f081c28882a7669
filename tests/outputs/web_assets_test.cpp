#include "outputs/web_assets.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "tests/outputs/files.hpp"

using geosim::web_asset;
using geosim::test::read_text;

namespace {

const std::string kWeb = std::string(GEOSIM_SOURCE_DIR) + "/web";

}  // namespace

TEST_CASE("Web assets hold the bytes of the installed packages and the project's scripts", "[outputs][web]") {
    const auto echarts = web_asset("echarts.min.js");
    REQUIRE(echarts);
    CHECK(echarts->content_type == "text/javascript; charset=utf-8");
    const std::string installed = read_text(kWeb + "/node_modules/echarts/dist/echarts.min.js");
    REQUIRE(installed.size() > 500000);
    CHECK(echarts->bytes == installed);

    const auto charts = web_asset("charts.js");
    REQUIRE(charts);
    CHECK(charts->bytes == read_text(kWeb + "/src/charts.js"));
}

TEST_CASE("The region map has a shape for every agent drawn on it", "[outputs][web]") {
    const auto map = web_asset("region.geojson");
    REQUIRE(map);
    CHECK(map->content_type == "application/geo+json");
    const std::string_view bytes = map->bytes;
    CHECK(bytes.substr(0, 28) == R"({"type":"FeatureCollection",)");
    for (const char* agent : {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM",
                              "TLS", "JPN", "KOR", "TWN", "CHN"})
        CHECK(bytes.find(std::string(R"("name":")") + agent + R"(","title":)") != std::string_view::npos);
}

TEST_CASE("An unknown web asset is absent, and names are exact", "[outputs][web]") {
    CHECK_FALSE(web_asset("missing.js"));
    CHECK_FALSE(web_asset("ECHARTS.MIN.JS"));
    CHECK_FALSE(web_asset(""));
    std::size_t count = 0;
    for (const auto& a : geosim::web_assets()) {
        CHECK(web_asset(a.name)->bytes.data() == a.bytes.data());
        ++count;
    }
    CHECK(count >= 3);
}
