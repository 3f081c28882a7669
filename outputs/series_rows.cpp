#include "outputs/series_rows.hpp"

#include <initializer_list>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

namespace geosim {

namespace {

void write_stamp(CsvWriter& csv, const RowStamp& stamp) {
    csv.integer(stamp.run).integer(stamp.step).text(stamp.date);
}

void write_header(CsvWriter& csv, std::initializer_list<std::string_view> names) {
    for (std::string_view name : names) csv.text(name);
    csv.end_row();
}

std::string_view agent_id(const World& world, int index) {
    return index < 0 ? std::string_view{} : std::string_view{world.agents[index].id};
}

}  // namespace

void write_series_header(CsvWriter& csv) {
    write_header(csv, {"run", "step", "date", "indicator", "agent", "partner", "sector", "value"});
}

void write_series_row(CsvWriter& csv, const RowStamp& stamp, std::string_view indicator,
                      std::string_view agent, std::string_view partner, std::string_view sector,
                      double value) {
    write_stamp(csv, stamp);
    csv.text(indicator).text(agent).text(partner).text(sector).number(value);
    csv.end_row();
}

void write_events_header(CsvWriter& csv) {
    write_header(csv, {"run", "step", "date", "kind", "agent", "partner", "detail"});
}

void write_event_row(CsvWriter& csv, const RowStamp& stamp, const World& world,
                     const Event& event) {
    write_stamp(csv, stamp);
    csv.text(event.kind).text(agent_id(world, event.agent)).text(agent_id(world, event.partner));
    csv.text(event.detail);
    csv.end_row();
}

std::string ties_graphml_name(std::string_view date) {
    return "ties-" + std::string(date) + ".graphml";
}

}  // namespace geosim
