#include "outputs/csv_reader.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "outputs/csv.hpp"
#include "tests/outputs/files.hpp"

using geosim::test::TempDir;
using geosim::test::write_text;

namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows read_all(const std::filesystem::path& file, std::vector<std::string>& header) {
    Rows rows;
    geosim::read_csv(
        file, [&](const std::vector<std::string>& h) { header = h; },
        [&](const std::vector<std::string>& r) { rows.push_back(r); });
    return rows;
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
