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

TEST_CASE("dates: a calendar date is a quarter and the share of it already past", "[date]") {
    // Days in a quarter: January 31 + February 28 or 29 + March 31, April-June 30 + 31 + 30,
    // July-September 31 + 31 + 30, October-December 31 + 30 + 31.
    CHECK(days_in_quarter(*parse_quarter("2025Q1")) == 90);
    CHECK(days_in_quarter(*parse_quarter("2024Q1")) == 91);
    CHECK(days_in_quarter(*parse_quarter("2000Q1")) == 91);  // divisible by 400: a leap year
    CHECK(days_in_quarter(*parse_quarter("2100Q1")) == 90);  // by 100 but not 400: not one
    CHECK(days_in_quarter(*parse_quarter("2025Q2")) == 91);
    CHECK(days_in_quarter(*parse_quarter("2025Q3")) == 92);
    CHECK(days_in_quarter(*parse_quarter("2025Q4")) == 92);
    // 17 May 2014: April's 30 days and 16 of May's have passed, 46 of the quarter's 91.
    const Moment may = *parse_moment("2014-05-17");
    CHECK(may.quarter == *parse_quarter("2014Q2"));
    CHECK(may.elapsed == 46.0 / 91.0);
    CHECK(format_moment(may) == "2014-05-17");
    // A quarter's first day is the quarter itself; its last day leaves one day of it.
    CHECK(parse_moment("2025-07-01")->elapsed == 0.0);
    CHECK(format_moment(*parse_moment("2025-07-01")) == "2025Q3");
    CHECK(parse_moment("2025-12-31")->elapsed == 91.0 / 92.0);
    CHECK(parse_moment("2024-03-01")->elapsed == 60.0 / 91.0);  // 31 + 29 days before it
    CHECK(parse_moment("2026Q2")->quarter == *parse_quarter("2026Q2"));
    CHECK(parse_moment("2026Q2")->elapsed == 0.0);
    for (const char* day : {"2024-02-29", "2025-01-31", "2025-06-30", "2025-09-15", "2025-11-30"})
        CHECK(format_moment(*parse_moment(day)) == day);
    // Not a day of the calendar, or not in the form.
    for (const char* bad : {"2025-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00", "2025-1-01",
                            "2025/01/01", "1899-12-31", "2301-01-01", "2025-01-+1", "2025-05-17x"})
        CHECK_FALSE(parse_moment(bad));
}
