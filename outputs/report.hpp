#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace geosim {

// report.html: one self-contained page (the data, Apache ECharts, the map shapes and the page's
// own script and style inline; it opens offline from disk) with the charts of a geosim output
// folder. `data_json` is report_data_json's result.
std::string report_html(std::string_view data_json);

// Writes `dir`/report.html for the output folder `dir` (geosim run, sweep or compare), through a
// temporary file renamed into place, so that the report appears whole or not at all. Throws
// InputError when `dir` is not a geosim output folder, std::runtime_error when writing fails.
void write_report(const std::filesystem::path& dir);

}  // namespace geosim
