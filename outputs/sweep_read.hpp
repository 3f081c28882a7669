#pragma once
#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "analysis/progress_fn.hpp"

namespace geosim {

// A finished sweep as `geosim analyze` reads it back: manifest.json and runs.csv.
struct SweepResults {
    std::string design;                    // mc, lhs, grid or sobol
    std::uint64_t seed = 0;
    std::uint64_t runs = 0;
    std::uint64_t sobol_base_points = 0;   // sobol only
    std::vector<std::string> parameters;   // sampled paths, in runs.csv's order
    std::vector<std::string> drawn;        // shock arguments drawn per run ("levy.imports_blocked"), in runs.csv's order
    std::vector<std::string> outcomes;     // outcome labels, in runs.csv's order
    // Per run, in run order: the sampled values, the drawn shock values, the outcomes (NaN for a
    // failed run), and for a sobol design the base point and matrix ("A", "B", "AB:PATH").
    std::vector<std::vector<double>> values;
    std::vector<std::vector<double>> draws;
    std::vector<std::vector<double>> outcome_values;
    std::vector<std::uint64_t> point;
    std::vector<std::string> matrix;
    std::vector<bool> failed;
};

// Reads DIR/manifest.json and DIR/runs.csv (a manifest without `drawn`, from before runs.csv had
// the shocks' draws, has none). Throws InputError, located where possible, when DIR
// is not a finished sweep (no manifest.json with a design, or no runs.csv; DIR.partial means
// one was interrupted) or runs.csv does not match its manifest: its header, its number of
// rows, a run id or a sobol run's point and matrix out of place, a cell that is not a number.
// `progress` is told the rows read of the manifest's runs: 0 once the file is read in, then
// every 4,096 rows.
SweepResults read_sweep_results(const std::filesystem::path& dir, const ProgressFn& progress = {});

// Splits one CSV record (RFC 4180 quoting, as CsvWriter writes it) off the front of `text`
// starting at `pos`, advancing `pos` past its line end. Throws std::runtime_error on an
// unterminated quote.
std::vector<std::string> read_csv_record(const std::string& text, std::size_t& pos);

// The same from a stream into `fields`; false when `in` is at its end before the record starts.
bool read_csv_record(std::istream& in, std::vector<std::string>& fields);

// The run of a finished runs.csv (run r on row r, `error` last, empty for a successful run) whose
// value in field `column` (from 0) is closest to the median of that field over the successful
// runs: the lower median of an even count, so it is a run's own value, and of the runs with
// that value the lowest run id; run 0 when no run succeeded. Reads the file twice and holds
// 8 bytes per successful run, however many runs there are. Throws std::runtime_error naming the
// file when it cannot be read.
std::uint64_t median_run(const std::filesystem::path& runs_csv, std::size_t column);

}  // namespace geosim
