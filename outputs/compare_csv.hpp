#pragma once
#include <filesystem>
#include <ostream>

namespace geosim {

struct Comparison;

// compare.csv, tidy long rows, one per indicator, agent (and partner and goods group) and step:
//   step,date,indicator,agent,partner,sector,base,alt,diff,diff_pct,diff_lo,diff_hi
// base, alt and diff are means over the runs (diff of the paired differences alt - base);
// diff_pct = 100 * diff / |base|, empty when base is 0; diff_lo and diff_hi bound the `level`
// t interval of the mean difference, empty for a single run.
void write_compare_csv(std::ostream& out, const Comparison& comparison, double level);

// Writes the file; throws std::runtime_error naming it when that fails.
void write_compare_csv(const std::filesystem::path& file, const Comparison& comparison,
                       double level);

}  // namespace geosim
