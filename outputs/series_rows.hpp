#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "outputs/csv.hpp"

namespace geosim {

struct World;
struct Event;

// The columns that every row written for one quarter of one run begins with.
struct RowStamp {
    std::uint64_t run = 0;
    int step = 0;
    std::string_view date;  // "2025Q1"
};

// series.csv, tidy long rows: run,step,date,indicator,agent,partner,sector,value (partner and
// sector empty where the indicator has none)
void write_series_header(CsvWriter& csv);
void write_series_row(CsvWriter& csv, const RowStamp& stamp, std::string_view indicator,
                      std::string_view agent, std::string_view partner, std::string_view sector,
                      double value);

// events.csv: run,step,date,kind,agent,partner,detail; agent and partner are agent ids, empty
// where the event has none.
void write_events_header(CsvWriter& csv);
void write_event_row(CsvWriter& csv, const RowStamp& stamp, const World& world,
                     const Event& event);

// The file the tie network of a quarter goes to: "ties-2025Q1.graphml".
std::string ties_graphml_name(std::string_view date);

}  // namespace geosim
