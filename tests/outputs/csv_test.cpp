#include "outputs/csv.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <limits>
#include <sstream>

using geosim::CsvWriter;
using geosim::format_number;

TEST_CASE("format_number gives the shortest text that reads back", "[outputs][csv]") {
    CHECK(format_number(1.5) == "1.5");
    CHECK(format_number(-2.25) == "-2.25");
    CHECK(format_number(0.1) == "0.1");
    CHECK(format_number(0.1 + 0.2) == "0.30000000000000004");
    CHECK(format_number(1.0 / 3.0) == "0.3333333333333333");
    CHECK(format_number(2.5e-7) == "2.5e-07");
    CHECK(format_number(1e20) == "1e+20");
    CHECK(format_number(1.7976931348623157e308) == "1.7976931348623157e+308");
    CHECK(format_number(5e-324) == "5e-324");
    CHECK(format_number(-0.0) == "-0");
}

TEST_CASE("format_number prints whole numbers as digits", "[outputs][csv]") {
    CHECK(format_number(0.0) == "0");
    CHECK(format_number(3.0) == "3");
    CHECK(format_number(-42.0) == "-42");
    CHECK(format_number(100000.0) == "100000");
    CHECK(format_number(9007199254740991.0) == "9007199254740991");
}

TEST_CASE("format_number names non-finite values", "[outputs][csv]") {
    constexpr double inf = std::numeric_limits<double>::infinity();
    CHECK(format_number(std::numeric_limits<double>::quiet_NaN()) == "nan");
    CHECK(format_number(-std::numeric_limits<double>::quiet_NaN()) == "nan");
    CHECK(format_number(inf) == "inf");
    CHECK(format_number(-inf) == "-inf");
}

TEST_CASE("format_number round-trips", "[outputs][csv]") {
    for (double x : {1371.2345678901234, -0.000123456789, 6.02214076e23, 1e-300, 123456789012.0}) {
        const std::string text = format_number(x);
        double back = 0;
        std::from_chars(text.data(), text.data() + text.size(), back);
        CHECK(back == x);
    }
}

TEST_CASE("CsvWriter quotes as RFC 4180 asks", "[outputs][csv]") {
    std::ostringstream out;
    CsvWriter csv(out);
    csv.text("plain").text("a,b").text("say \"hi\"").text("line\nbreak").text("cr\r").text("");
    csv.number(1.5).integer(-3).integer(18446744073709551615ull);
    csv.end_row();
    csv.text("é").end_row();
    CHECK(out.str() ==
          "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",\"cr\r\",,1.5,-3,18446744073709551615\n"
          "é\n");
}
