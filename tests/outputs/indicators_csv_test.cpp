#include "outputs/indicators_csv.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace geosim;

TEST_CASE("indicators.csv gives each indicator's unit, what its rows are for and its meaning", "[outputs][indicators]") {
    std::ostringstream out;
    write_indicators_csv(out);
    const std::string text = out.str();
    CHECK(text.rfind("indicator,unit,per,meaning\n"
                     "gdp,USD bn a year,agent,GDP at an annual rate\n",
                     0) == 0);
    CHECK(text.find("\nalignment,\"[-1, 1]\",agent,position between China (-1) and the US (+1)\n") != std::string::npos);
    CHECK(text.find("\ntrade,USD bn a year,pair,exports of agent to partner\n") != std::string::npos);
    CHECK(text.find("\nsector_trade,USD bn a year,pair_sector,") != std::string::npos);
    CHECK(text.find("\nzone_tension,\"[0, 1]\",zone,tension in a disputed zone\n") != std::string::npos);
    CHECK(text.find("\nbloc_trade_share,share,bloc_partner,") != std::string::npos);
    CHECK(text.find("\nasean_alignment,\"[-1, 1]\",bloc,") != std::string::npos);
    std::size_t lines = 0;
    for (char c : text) lines += c == '\n';
    CHECK(lines == indicator_defs().size() + 1);
}
