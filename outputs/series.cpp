#include "outputs/series.hpp"

#include <stdexcept>
#include <string>

#include "engine/core/error.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/indicators.hpp"
#include "outputs/graphml.hpp"
#include "outputs/series_rows.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

const char* const kSeriesFile = "series.csv";
const char* const kEventsFile = "events.csv";

void check(const std::ios& stream, const fs::path& path) {
    if (!stream) throw write_error(path.string());
}

}  // namespace

SeriesWriter::SeriesWriter(const fs::path& dir, std::uint64_t run_id, const OutputSpec& outputs)
    : dir_(dir), run_id_(run_id), outputs_(outputs) {
    if (outputs_.series) {
        series_.open(dir / kSeriesFile);
        check(series_, dir_ / kSeriesFile);
        write_series_header(series_csv_);
    }
    if (outputs_.events) {
        events_.open(dir / kEventsFile);
        check(events_, dir_ / kEventsFile);
        write_events_header(events_csv_);
    }
}

void SeriesWriter::observe(const World& world, const State& state) {
    const std::string date = format_quarter(world.start + state.step);
    const RowStamp stamp{run_id_, state.step, date};
    if (outputs_.series) {
        emit_indicators(world, state, [&](std::string_view indicator, std::string_view agent,
                                          std::string_view partner, std::string_view sector, double value) {
            write_series_row(series_csv_, stamp, indicator, agent, partner, sector, value);
        });
        check(series_, dir_ / kSeriesFile);
    }
    if (outputs_.events) {
        for (const Event& event : state.events) write_event_row(events_csv_, stamp, world, event);
        check(events_, dir_ / kEventsFile);
    }
    if (outputs_.graphml && (state.step == 0 || state.step == world.horizon)) {
        const fs::path path = dir_ / ties_graphml_name(date);
        std::ofstream graph(path);
        write_ties_graphml(graph, world, state);
        graph.close();
        check(graph, path);
    }
}

void SeriesWriter::finish() {
    if (outputs_.series) {
        series_.close();
        check(series_, dir_ / kSeriesFile);
    }
    if (outputs_.events) {
        events_.close();
        check(events_, dir_ / kEventsFile);
    }
}

}  // namespace geosim
