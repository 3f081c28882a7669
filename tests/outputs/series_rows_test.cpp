#include "outputs/series_rows.hpp"

#include <catch2/catch.hpp>

#include <limits>
#include <sstream>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"

using namespace geosim;

TEST_CASE("series rows are tidy and long", "[outputs][series]") {
    std::ostringstream out;
    CsvWriter csv(out);
    write_series_header(csv);
    const RowStamp stamp{7, 3, "2025Q4"};
    write_series_row(csv, stamp, "gdp", "IDN", "", "", 1371.25);
    write_series_row(csv, stamp, "trade", "IDN", "CHN", "", 64.5);
    write_series_row(csv, stamp, "sector_trade", "IDN", "CHN", "ELE", 12.25);
    write_series_row(csv, stamp, "sector_exports", "IDN", "", "AGF", 30);
    write_series_row(csv, stamp, "tension", "scarborough", "", "", std::numeric_limits<double>::quiet_NaN());
    CHECK(out.str() ==
          "run,step,date,indicator,agent,partner,sector,value\n"
          "7,3,2025Q4,gdp,IDN,,,1371.25\n"
          "7,3,2025Q4,trade,IDN,CHN,,64.5\n"
          "7,3,2025Q4,sector_trade,IDN,CHN,ELE,12.25\n"
          "7,3,2025Q4,sector_exports,IDN,,AGF,30\n"
          "7,3,2025Q4,tension,scarborough,,,nan\n");
}

TEST_CASE("event rows name agents by id", "[outputs][series]") {
    World world;
    world.agents.resize(2);
    world.agents[0].id = "PHL";
    world.agents[1].id = "CHN";
    std::ostringstream out;
    CsvWriter csv(out);
    write_events_header(csv);
    const RowStamp stamp{0, 12, "2028Q1"};
    write_event_row(csv, stamp, world, {"incident", 0, 1, "water cannon at \"Second Thomas\", rung 3"});
    write_event_row(csv, stamp, world, {"shock", -1, -1, "Malacca closed"});
    write_event_row(csv, stamp, world, {"ban", 1, -1, ""});
    CHECK(out.str() ==
          "run,step,date,kind,agent,partner,detail\n"
          "0,12,2028Q1,incident,PHL,CHN,\"water cannon at \"\"Second Thomas\"\", rung 3\"\n"
          "0,12,2028Q1,shock,,,Malacca closed\n"
          "0,12,2028Q1,ban,CHN,,\n");
}

TEST_CASE("tie networks are named by quarter", "[outputs][series]") {
    CHECK(ties_graphml_name("2025Q1") == "ties-2025Q1.graphml");
}
