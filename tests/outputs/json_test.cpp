#include "outputs/json_writer.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <sstream>
#include <stdexcept>

using geosim::JsonWriter;

TEST_CASE("JsonWriter indents by two spaces and keeps empty containers on one line", "[outputs][json]") {
    std::ostringstream out;
    JsonWriter json(out);
    json.begin_object();
    json.key("name").string("baseline");
    json.key("runs").begin_array().integer(1).integer(2).end_array();
    json.key("empty_object").begin_object().end_object();
    json.key("empty_array").begin_array().end_array();
    json.key("nested").begin_array().begin_object().key("ok").boolean(true).end_object().null().end_array();
    json.key("share").number(0.25);
    json.key("off").boolean(false);
    json.end_object();
    CHECK(out.str() ==
          "{\n"
          "  \"name\": \"baseline\",\n"
          "  \"runs\": [\n"
          "    1,\n"
          "    2\n"
          "  ],\n"
          "  \"empty_object\": {},\n"
          "  \"empty_array\": [],\n"
          "  \"nested\": [\n"
          "    {\n"
          "      \"ok\": true\n"
          "    },\n"
          "    null\n"
          "  ],\n"
          "  \"share\": 0.25,\n"
          "  \"off\": false\n"
          "}\n");
}

TEST_CASE("JsonWriter escapes strings and passes UTF-8 through", "[outputs][json]") {
    std::ostringstream out;
    JsonWriter(out).string("q\"b\\s/\n\r\t\b\f\x01\x1f\x7f Việt Nam 中国");
    CHECK(out.str() == "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\x7f Việt Nam 中国\"\n");
}

TEST_CASE("JsonWriter escapes keys", "[outputs][json]") {
    std::ostringstream out;
    JsonWriter json(out);
    json.begin_object().key("a\"b").integer(-7).end_object();
    CHECK(out.str() == "{\n  \"a\\\"b\": -7\n}\n");
}

TEST_CASE("JsonWriter writes numbers exactly and non-finite ones as null", "[outputs][json]") {
    std::ostringstream out;
    JsonWriter json(out);
    json.begin_array();
    json.integer(std::numeric_limits<std::uint64_t>::max());
    json.number(1e-9).number(3.0);
    json.number(std::numeric_limits<double>::quiet_NaN()).number(std::numeric_limits<double>::infinity());
    json.end_array();
    CHECK(out.str() == "[\n  18446744073709551615,\n  1e-09,\n  3,\n  null,\n  null\n]\n");
}

TEST_CASE("JsonWriter rejects malformed sequences", "[outputs][json]") {
    std::ostringstream out;
    SECTION("a value in an object without a key") {
        JsonWriter json(out);
        json.begin_object();
        CHECK_THROWS_AS(json.integer(1), std::logic_error);
    }
    SECTION("a key in an array") {
        JsonWriter json(out);
        json.begin_array();
        CHECK_THROWS_AS(json.key("k"), std::logic_error);
    }
    SECTION("a key without its value") {
        JsonWriter json(out);
        json.begin_object().key("k");
        CHECK_THROWS_AS(json.end_object(), std::logic_error);
    }
    SECTION("mismatched ends") {
        JsonWriter json(out);
        json.begin_array();
        CHECK_THROWS_AS(json.end_object(), std::logic_error);
    }
    SECTION("two top-level values") {
        JsonWriter json(out);
        json.null();
        CHECK_THROWS_AS(json.null(), std::logic_error);
    }
}
