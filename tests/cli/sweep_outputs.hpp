#pragma once
#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli_harness.hpp"

// Reads back what a sweep wrote, for tests that check runs.csv and the report's representative
// run by their own means rather than the program's.
namespace geosim::test {

// The fields of one CSV line; a quoted field may hold commas and doubled quotes (no line ends:
// the tests' runs.csv rows are one line each).
inline std::vector<std::string> csv_fields(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') fields.back() += line[++i];
        else if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) fields.emplace_back();
        else fields.back() += c;
    }
    return fields;
}

// The lines of `text`, without their line ends.
inline std::vector<std::string> lines_of_text(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

// The run a report should show, computed from runs.csv's text: the successful run (empty
// `error`) whose value in column `label` is closest to the lower median of that column, the
// lower run id on ties.
inline long median_run_of(const std::string& runs_csv, const std::string& label) {
    const std::vector<std::string> lines = lines_of_text(runs_csv);
    REQUIRE(!lines.empty());
    const std::vector<std::string> header = csv_fields(lines[0]);
    const auto at = std::find(header.begin(), header.end(), label);
    REQUIRE(at != header.end());
    const std::size_t column = static_cast<std::size_t>(at - header.begin());
    std::vector<std::pair<long, double>> runs;
    for (std::size_t k = 1; k < lines.size(); ++k) {
        const std::vector<std::string> row = csv_fields(lines[k]);
        REQUIRE(row.size() == header.size());
        if (row.back().empty()) runs.emplace_back(std::stol(row[0]), std::stod(row[column]));
    }
    REQUIRE(!runs.empty());
    std::vector<double> sorted;
    for (const auto& r : runs) sorted.push_back(r.second);
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[(sorted.size() - 1) / 2];
    long best = -1;
    double best_gap = std::numeric_limits<double>::infinity();
    for (const auto& [run, value] : runs)
        if (std::fabs(value - median) < best_gap || (std::fabs(value - median) == best_gap && run < best)) {
            best = run;
            best_gap = std::fabs(value - median);
        }
    return best;
}

// The run id in DIR/representative-run/manifest.json.
inline long representative_run_of(const fs::path& sweep_dir) {
    const std::string manifest = slurp(sweep_dir / "representative-run" / "manifest.json");
    const std::string key = "\"run_id\": ";
    const auto at = manifest.find(key);
    REQUIRE(at != std::string::npos);
    return std::stol(manifest.substr(at + key.size()));
}

// The same summary.csv and runs.csv, and the same representative run in the report: the one
// the median of runs.csv names.
inline void require_same_outputs(const fs::path& a, const fs::path& b) {
    REQUIRE(slurp(a / "summary.csv") == slurp(b / "summary.csv"));
    REQUIRE(slurp(a / "runs.csv") == slurp(b / "runs.csv"));
    const long expected = median_run_of(slurp(a / "runs.csv"), "asean_alignment(ASEAN)");
    REQUIRE(representative_run_of(a) == expected);
    REQUIRE(representative_run_of(b) == expected);
}

}  // namespace geosim::test
