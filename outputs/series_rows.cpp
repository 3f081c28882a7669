#include "outputs/series_rows.hpp"

#include "engine/state.hpp"
#include "engine/world.hpp"

namespace geosim {

namespace {

void write_stamp(CsvWriter& csv, const RowStamp& stamp) {
    csv.integer(stamp.run).integer(stamp.step).text(stamp.date);
}

std::string_view agent_id(const World& world, int index) {
    return index < 0 ? std::string_view{} : std::string_view{world.agents[index].id};
}

}  // namespace

void write_series_header(CsvWriter& csv) {
    csv.text("run").text("step").text("date").text("indicator").text("agent").text("partner").text("value");
    csv.end_row();
}

void write_series_row(CsvWriter& csv, const RowStamp& stamp, std::string_view indicator,
                      std::string_view agent, std::string_view partner, double value) {
    write_stamp(csv, stamp);
    csv.text(indicator).text(agent).text(partner).number(value);
    csv.end_row();
}

void write_events_header(CsvWriter& csv) {
    csv.text("run").text("step").text("date").text("kind").text("agent").text("partner").text("detail");
    csv.end_row();
}

void write_event_row(CsvWriter& csv, const RowStamp& stamp, const World& world, const Event& event) {
    write_stamp(csv, stamp);
    csv.text(event.kind).text(agent_id(world, event.agent)).text(agent_id(world, event.partner));
    csv.text(event.detail);
    csv.end_row();
}

std::string ties_graphml_name(std::string_view date) {
    return "ties-" + std::string(date) + ".graphml";
}

}  // namespace geosim
