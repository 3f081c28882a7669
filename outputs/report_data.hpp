#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace geosim {

// What a geosim output folder holds, by the files in it (besides manifest.json):
// compare.csv (compare), summary.csv and runs.csv (sweep), series.csv (run).
enum class ReportKind { Run, Sweep, Compare };

// The folders, inside a sweep's or a comparison's output, of the runs whose events and tie
// networks the report shows: each is a run folder as `geosim run` writes it (series.csv only
// in the sweep's, where the report's trade flows come from).
inline constexpr std::string_view kRepresentativeRun = "representative-run";
inline constexpr std::string_view kBaseRun = "base-run";
inline constexpr std::string_view kAltRun = "alt-run";

// The kind of output in `dir`. Throws InputError located at `dir` when it is not a geosim output
// folder, e.g. "x: not a geosim output folder: it has no manifest.json".
ReportKind report_kind(const std::filesystem::path& dir);

// The data report.html charts (web/src/report.js reads it), as compact JSON: the headline, the
// quarters, and per scenario shown (one, or BASE and ALT for a comparison) the fan-chart series of
// the charted indicators, ASEAN's trade and FDI shares by partner, members' exports to partners
// by quarter, the tie networks at the start and the end, and the events of one run; for a
// comparison also the paired differences. Numbers are copied from the CSV files as written.
// Strings pass json_quote, so the result can sit inside an HTML <script> element.
// Throws InputError for a folder that is not a geosim output or lacks a file the kind needs.
std::string report_data_json(const std::filesystem::path& dir);

// `text` as a JSON string literal in which '<', '>', '&', U+2028 and U+2029 are written as \u
// escapes as well as what JSON requires, so that no text (a scenario name, an event) can end an
// HTML <script> element or open a comment.
std::string json_quote(std::string_view text);

}  // namespace geosim
