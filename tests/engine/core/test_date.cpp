#include <catch2/catch.hpp>

#include "engine/core/date.hpp"

using namespace geosim;

TEST_CASE("dates: quarters parse, count and print", "[date]") {
    REQUIRE(parse_quarter("2025Q1") == 2025 * 4);
    REQUIRE(parse_quarter("2026Q2") == 2026 * 4 + 1);
    REQUIRE(format_quarter(*parse_quarter("2025Q1") + 40) == "2035Q1");
    REQUIRE(format_quarter(*parse_quarter("2025Q4") + 1) == "2026Q1");
    REQUIRE_FALSE(parse_quarter("2025Q5"));
    REQUIRE_FALSE(parse_quarter("2025-1"));
    REQUIRE_FALSE(parse_quarter("25Q1"));
    REQUIRE_FALSE(parse_quarter("2025Q10"));
}
