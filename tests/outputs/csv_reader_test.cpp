#include "outputs/csv_reader.hpp"

#include <catch2/catch.hpp>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "engine/core/error.hpp"
#include "outputs/csv.hpp"
#include "tests/outputs/files.hpp"

using geosim::test::TempDir;
using geosim::test::write_text;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(const std::filesystem::path& file, std::vector<std::string>& header,
              std::vector<std::size_t>* lines = nullptr) {
    Rows rows;
    geosim::read_csv(
        file, [&](const std::vector<std::string>& h, std::size_t) { header = h; },
        [&](const std::vector<std::string>& r, std::size_t line) {
            rows.push_back(r);
            if (lines) lines->push_back(line);
        });
    return rows;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const geosim::InputError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("read_csv reads back what CsvWriter writes", "[outputs][csv]") {
    TempDir tmp;
    std::ostringstream text;
    geosim::CsvWriter csv(text);
    csv.text("kind").text("detail").end_row();
    csv.text("shock").text("a, \"quoted\"\nline").end_row();
    csv.text("").integer(7).end_row();
    write_text(tmp.path() / "t.csv", text.str());
    std::vector<std::string> header;
    const Rows rows = read_all(tmp.path() / "t.csv", header);
    CHECK(header == std::vector<std::string>{"kind", "detail"});
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == std::vector<std::string>{"shock", "a, \"quoted\"\nline"});
    CHECK(rows[1] == std::vector<std::string>{"", "7"});
}

TEST_CASE("read_csv takes CRLF line ends, a missing last line end and skips empty lines", "[outputs][csv]") {
    TempDir tmp;
    write_text(tmp.path() / "t.csv", "a,b\r\n1,\r\n\r\n2,x");
    std::vector<std::string> header;
    const Rows rows = read_all(tmp.path() / "t.csv", header);
    CHECK(header == std::vector<std::string>{"a", "b"});
    CHECK(rows == Rows{{"1", ""}, {"2", "x"}});
    CHECK_THROWS_WITH(read_all(tmp.path() / "none.csv", header),
                      "cannot read '" + (tmp.path() / "none.csv").string() + "'");
}

TEST_CASE("read_csv gives each row the line it starts on, counting quoted line breaks", "[outputs][csv]") {
    TempDir tmp;
    write_text(tmp.path() / "t.csv", "a,b\n1,\"x\ny\"\n\n2,z\n");
    std::vector<std::string> header;
    std::vector<std::size_t> lines;
    const Rows rows = read_all(tmp.path() / "t.csv", header, &lines);
    CHECK(rows == Rows{{"1", "x\ny"}, {"2", "z"}});
    CHECK(lines == std::vector<std::size_t>{2, 5});
}

TEST_CASE("read_csv names the line and column of a quote the file ends inside", "[outputs][csv]") {
    TempDir tmp;
    const auto file = tmp.path() / "t.csv";
    write_text(file, "a,b\n1,2\n3,x\"y,4\n5,6\n");
    std::vector<std::string> header;
    CHECK(error_of([&] { read_all(file, header); }) ==
          file.string() + ":3:4: unterminated quote: the field that opens here has no closing '\"' before the end of the file");
}

TEST_CASE("require_fields names the line of a short row", "[outputs][csv]") {
    CHECK(error_of([] { geosim::require_fields("d/t.csv", 12, {"1", "2"}, 3); }) ==
          "d/t.csv:12: a row has 2 fields, fewer than the header's 3");
    CHECK(error_of([] { geosim::require_fields("d/t.csv", 12, {"1", "2", "3"}, 3); }) == "no error");
}
