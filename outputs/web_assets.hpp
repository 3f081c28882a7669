#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace geosim {

// A file of the report's and the dashboard's front end, compiled into the binary (the build
// generates the bytes from web/src/ and web/node_modules/; see web/tools/embed.mjs), so that
// neither needs a network or files beside the binary.
//   echarts.min.js   Apache ECharts (npm package echarts)
//   region.geojson   country shapes of East and Southeast Asia (from npm world-atlas); each
//                    feature's properties.name is the agent code (IDN) for agents, the
//                    country's name for the grey neighbours (properties.agent false)
//   charts.js        the chart builders, window.GeosimCharts: functions that take the data
//                    JSON and a container element (web/src/charts.js documents them)
//   report.js        the report page's wiring of charts.js to its data
//   report.css       the report page's style
//   dashboard.html   the dashboard page of geosim serve, with dashboard.js and dashboard.css
struct WebAsset {
    std::string_view name;          // e.g. "echarts.min.js"
    std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
    std::string_view bytes;
};

// The asset called `name`, or nothing when there is none.
std::optional<WebAsset> web_asset(std::string_view name);

// Every asset, in a fixed order.
std::span<const WebAsset> web_assets();

}  // namespace geosim
