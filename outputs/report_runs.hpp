#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "outputs/report_build.hpp"

namespace geosim::report {

// Adds "ties" ({start, end}: the networks of the first and last ties-<date>.graphml in `dir`, or
// null) and "events" ({run, total, rows: [[step, date, kind, agent, partner, detail]...]}, or null)
// of the run `geosim run` wrote into `dir`, and the texts of its shock events to `shocks`.
void write_run_files(ReportJson& j, const std::filesystem::path& dir, std::vector<std::string>& shocks);

}  // namespace geosim::report
