#include "outputs/sweep_read.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/core/error.hpp"
#include "outputs/json_read.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

// One CSV record into `fields` from `in`, which has get() and peek() giving the next character or
// EOF; false when `in` is at its end before the record starts. Throws std::runtime_error on an
// unterminated quote.
template <class Source>
bool read_record(Source& in, std::vector<std::string>& fields) {
    fields.assign(1, std::string());
    if (in.peek() == EOF) return false;
    bool quoted = false;
    for (int c = in.get(); c != EOF; c = in.get()) {
        if (quoted) {
            if (c != '"') fields.back() += static_cast<char>(c);
            else if (in.peek() == '"') fields.back() += static_cast<char>(in.get());
            else quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            return true;
        } else if (c != '\r') {
            fields.back() += static_cast<char>(c);
        }
    }
    if (quoted) throw std::runtime_error("a quoted field is not closed");
    return true;
}

// `text` from `pos` on, as read_record reads it.
struct TextSource {
    const std::string& text;
    std::size_t& pos;
    int peek() const { return pos < text.size() ? static_cast<unsigned char>(text[pos]) : EOF; }
    int get() { return pos < text.size() ? static_cast<unsigned char>(text[pos++]) : EOF; }
};

}  // namespace

std::vector<std::string> read_csv_record(const std::string& text, std::size_t& pos) {
    std::vector<std::string> fields;
    TextSource source{text, pos};
    read_record(source, fields);
    return fields;
}

bool read_csv_record(std::istream& in, std::vector<std::string>& fields) {
    return read_record(in, fields);
}

namespace {

// Shows `each` (run id from the `run` column, value) of field `column` of each successful run of
// runs.csv, in file order, while it returns true. A row too short or a cell that is not a number
// (neither of which geosim writes) is passed over rather than chosen.
template <class Each>
void each_success(const fs::path& runs_csv, std::size_t column, Each each) {
    std::ifstream in(runs_csv, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + runs_csv.string() + "'");
    std::vector<std::string> row;
    read_csv_record(in, row);  // the header
    while (read_csv_record(in, row)) {
        if (column + 1 >= row.size() || !row.back().empty()) continue;
        std::uint64_t run = 0;
        const std::string& id = row.front();
        if (const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), run);
            ec != std::errc() || end != id.data() + id.size())
            continue;
        const std::string& cell = row[column];
        double v = 0;
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (ec != std::errc() || end != cell.data() + cell.size()) continue;
        if (!each(run, v)) return;
    }
}

}  // namespace

std::uint64_t median_run(const fs::path& runs_csv, std::size_t column) {
    std::vector<double> values;
    each_success(runs_csv, column, [&](std::uint64_t, double v) {
        values.push_back(v);
        return true;
    });
    if (values.empty()) return 0;
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
    std::nth_element(values.begin(), mid, values.end());
    const double median = *mid;
    values = {};
    // The median is a run's own value, so the closest runs are those that have it exactly (the
    // same text parses to the same double).
    std::uint64_t found = 0;
    each_success(runs_csv, column, [&](std::uint64_t run, double v) {
        if (v != median) return true;
        found = run;
        return false;
    });
    return found;
}

namespace {

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

SweepResults read_sweep_results(const fs::path& dir, const ProgressFn& progress) {
    const std::string shown = dir.string();
    const fs::path manifest = dir / "manifest.json";
    const fs::path runs_csv = dir / "runs.csv";
    if (!fs::is_directory(dir)) {
        fs::path partial = dir.lexically_normal();
        if (!partial.has_filename()) partial = partial.parent_path();
        if (fs::exists(partial.string() + ".partial"))
            throw InputError({shown}, "", "not a finished sweep: it was interrupted (finish it with geosim sweep SCENARIO --resume " + shown + ")");
        if (fs::exists(dir)) throw InputError({shown}, "", "not a folder (give the folder geosim sweep wrote)");
        throw InputError({shown}, "", "no such folder");
    }
    if (!fs::exists(manifest)) throw InputError({shown}, "", "not a finished sweep: no manifest.json");
    const JsonFile root = JsonFile::read(manifest);
    if (!root.root().is_object() || !root.find({"design"}) || !root.find({"sampled"}) || !root.find({"outcomes"}))
        root.fail({}, "not the manifest of a sweep (it has no design, sampled parameters and outcomes)");
    SweepResults r;
    r.design = root.string({"design"});
    r.seed = static_cast<std::uint64_t>(root.integer({"seed"}, 0, 1LL << 53));
    r.runs = static_cast<std::uint64_t>(root.integer({"runs"}, 1, 1LL << 53));
    if (!root.find({"sampled"})->is_object()) root.fail({"sampled"}, "expected a JSON object");
    for (const auto& [path, spec] : root.find({"sampled"})->items()) r.parameters.push_back(path);
    if (const auto* drawn = root.find({"drawn"})) {
        if (!drawn->is_object()) root.fail({"drawn"}, "expected a JSON object");
        for (const auto& [column, spec] : drawn->items()) r.drawn.push_back(column);
    }
    if (!root.find({"outcomes"})->is_array()) root.fail({"outcomes"}, "expected a list");
    for (const auto& o : *root.find({"outcomes"})) {
        if (!o.is_string()) root.fail({"outcomes"}, "expected a list of text");
        r.outcomes.push_back(o.get<std::string>());
    }
    const bool sobol = r.design == "sobol";
    if (sobol) {
        r.sobol_base_points = static_cast<std::uint64_t>(root.integer({"sobol", "base_points"}, 1, 1LL << 53));
        const auto k = static_cast<std::uint64_t>(root.integer({"sobol", "parameters"}, 1, 1LL << 20));
        if (k != r.parameters.size() || r.sobol_base_points * (k + 2) != r.runs)
            root.fail({"sobol"}, "does not match the sweep's " + std::to_string(r.parameters.size()) + " sampled parameters and " +
                      std::to_string(r.runs) + " runs");
    }
    if (!fs::exists(runs_csv)) throw InputError({shown}, "", "not a finished sweep: no runs.csv");

    const std::string file = runs_csv.string();
    const std::string text = slurp(runs_csv);
    std::size_t pos = 0;
    int line = 1;
    // Columns are counted in fields from 1, as a spreadsheet shows them.
    auto next = [&] {
        const std::size_t start = pos;
        try {
            return read_csv_record(text, pos);
        } catch (const std::runtime_error& e) {
            // The field the unclosed quote opens: one more than the commas before it.
            int field = 1;
            bool quoted = false;
            std::size_t quote = start;
            for (std::size_t i = start; i < text.size(); ++i) {
                if (text[i] == '"') {
                    if (!quoted) quote = i;
                    quoted = !quoted;
                }
            }
            for (std::size_t i = start; i < quote; ++i) field += text[i] == ',' ? 1 : 0;
            throw InputError({file, line, field}, "", e.what());
        }
    };
    std::vector<std::string> expected = {"run", "seed"};
    if (sobol) expected.insert(expected.end(), {"point", "matrix"});
    expected.insert(expected.end(), r.parameters.begin(), r.parameters.end());
    expected.insert(expected.end(), r.drawn.begin(), r.drawn.end());
    expected.insert(expected.end(), r.outcomes.begin(), r.outcomes.end());
    expected.insert(expected.end(), {"shocks", "error"});
    const std::vector<std::string> header = next();
    if (header != expected) {
        std::size_t c = 0;
        while (c < header.size() && c < expected.size() && header[c] == expected[c]) ++c;
        throw InputError({file, 1, static_cast<int>(c + 1)}, "",
                         "the header does not match manifest.json (expected its sampled parameters, drawn shock values and outcomes)");
    }
    const std::size_t first_param = sobol ? 4 : 2;
    const std::size_t first_draw = first_param + r.parameters.size();
    const std::size_t first_outcome = first_draw + r.drawn.size();
    const std::size_t k = r.parameters.size();
    auto number = [&](const std::string& cell, std::size_t column) {
        double v = 0;
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v))
            throw InputError({file, line, static_cast<int>(column + 1)}, "",
                             "column " + expected[column] + ": expected a number, got '" + cell + "'");
        return v;
    };
    if (progress) progress(0, r.runs);
    while (pos < text.size()) {
        ++line;
        const std::vector<std::string> row = next();
        const std::uint64_t run = r.values.size();
        // Located at the first field missing or the first one too many.
        if (row.size() != expected.size())
            throw InputError({file, line, static_cast<int>(std::min(row.size(), expected.size()) + 1)}, "",
                             "expected " + std::to_string(expected.size()) + " columns, got " + std::to_string(row.size()));
        if (run >= r.runs)
            throw InputError({file, line, 1}, "", "more rows than the " + std::to_string(r.runs) + " runs of manifest.json");
        if (row[0] != std::to_string(run))
            throw InputError({file, line, 1}, "", "expected run " + std::to_string(run) + ", got '" + row[0] + "'");
        if (sobol) {
            const std::uint64_t point = run / (k + 2);
            const std::size_t m = run % (k + 2);
            const std::string matrix = m == 0 ? "A" : m == 1 ? "B" : "AB:" + r.parameters[m - 2];
            if (row[2] != std::to_string(point) || row[3] != matrix)
                throw InputError({file, line, row[2] != std::to_string(point) ? 3 : 4}, "", "expected base point " + std::to_string(point) + " and matrix " +
                                                         matrix + " for run " + std::to_string(run));
            r.point.push_back(point);
            r.matrix.push_back(matrix);
        }
        const bool failed = !row.back().empty();
        std::vector<double> values, draws, outcomes;
        for (std::size_t c = first_param; c < first_draw; ++c) values.push_back(number(row[c], c));
        for (std::size_t c = first_draw; c < first_outcome; ++c) draws.push_back(number(row[c], c));
        for (std::size_t c = first_outcome; c < first_outcome + r.outcomes.size(); ++c)
            outcomes.push_back(failed ? std::nan("") : number(row[c], c));
        r.values.push_back(std::move(values));
        r.draws.push_back(std::move(draws));
        r.outcome_values.push_back(std::move(outcomes));
        r.failed.push_back(failed);
        if (progress && r.values.size() % 4096 == 0) progress(r.values.size(), r.runs);
    }
    if (r.values.size() != r.runs)
        throw InputError({file}, "", "has " + std::to_string(r.values.size()) + " runs but manifest.json says " +
                                         std::to_string(r.runs));
    return r;
}

}  // namespace geosim
