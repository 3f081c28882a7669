#include "outputs/report.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "engine/core/error.hpp"
#include "outputs/report_data.hpp"
#include "tests/outputs/files.hpp"

namespace fs = std::filesystem;
using geosim::InputError;
using geosim::json_quote;
using geosim::report_data_json;
using geosim::test::read_text;
using geosim::test::TempDir;
using geosim::test::write_text;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// A run folder as geosim run writes it, small enough to check by eye: two agents and a bloc
// with two partners over two quarters; the scenario's file name and an event hold HTML.
void write_run_folder(const fs::path& dir) {
    fs::create_directories(dir);
    write_text(dir / "manifest.json",
               "{\n  \"scenario_path\": \"scenarios/<script>x\\\"&.yaml\",\n  \"seed\": 7,\n"
               "  \"run_id\": 3,\n  \"version\": \"0.1.0\",\n  \"start\": \"2025Q1\",\n  \"horizon\": 1\n}\n");
    write_text(dir / "series.csv",
               "run,step,date,indicator,agent,partner,value\n"
               "3,0,2025Q1,gdp,AAA,,1.5\n"
               "3,0,2025Q1,gdp,CHN,,10\n"
               "3,0,2025Q1,gdp,USA,,20\n"
               "3,0,2025Q1,alignment,AAA,,-0.25\n"
               "3,0,2025Q1,trade,AAA,CHN,0.125\n"
               "3,0,2025Q1,trade,AAA,USA,0.5\n"
               "3,0,2025Q1,trust,AAA,CHN,0.9\n"
               "3,0,2025Q1,bloc_trade_share,BLOC,CHN,0.2\n"
               "3,0,2025Q1,bloc_trade_share,BLOC,USA,0.3\n"
               "3,1,2025Q2,gdp,AAA,,1.75\n"
               "3,1,2025Q2,gdp,CHN,,nan\n"
               "3,1,2025Q2,gdp,USA,,21\n"
               "3,1,2025Q2,alignment,AAA,,-0.5\n"
               "3,1,2025Q2,trade,AAA,CHN,0.25\n"
               "3,1,2025Q2,trade,AAA,USA,0.75\n"
               "3,1,2025Q2,trust,AAA,CHN,0.8\n"
               "3,1,2025Q2,bloc_trade_share,BLOC,CHN,0.25\n"
               "3,1,2025Q2,bloc_trade_share,BLOC,USA,0.35\n");
    write_text(dir / "events.csv",
               "run,step,date,kind,agent,partner,detail\n"
               "3,1,2025Q2,shock,CHN,AAA,\"</script><script>alert(\"\"x\"\")</script> & <!-- more\"\n");
    write_text(dir / "ties-2025Q1.graphml",
               "<graphml>\n  <graph id=\"ties\" edgedefault=\"undirected\">\n"
               "    <node id=\"AAA\">\n      <data key=\"name\">A &amp; B</data>\n"
               "      <data key=\"kind\">agent</data>\n      <data key=\"gdp\">1.5</data>\n"
               "      <data key=\"alignment\">-0.25</data>\n    </node>\n"
               "    <node id=\"CHN\">\n      <data key=\"name\">China</data>\n"
               "      <data key=\"kind\">agent</data>\n      <data key=\"gdp\">10</data>\n"
               "      <data key=\"alignment\">-1</data>\n    </node>\n"
               "    <edge source=\"AAA\" target=\"CHN\">\n      <data key=\"level\">2</data>\n    </edge>\n"
               "  </graph>\n</graphml>\n");
    fs::copy_file(dir / "ties-2025Q1.graphml", dir / "ties-2025Q2.graphml");
}

}  // namespace

TEST_CASE("json_quote escapes what JSON needs and what could end a script element", "[outputs][report]") {
    CHECK(json_quote("plain") == R"("plain")");
    CHECK(json_quote("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json_quote("</script>") == R"("\u003c/script\u003e")");
    CHECK(json_quote("<!-- & -->") == R"("\u003c!-- \u0026 --\u003e")");
    CHECK(json_quote("line\nnext\ttab\r\x01") == R"("line\nnext\ttab\r\u0001")");
    CHECK(json_quote("Hà Nội") == "\"Hà Nội\"");
    CHECK(json_quote("a\u2028b\u2029c") == R"("a\u2028b\u2029c")");
}

TEST_CASE("The report's data of a run holds the numbers of its files", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "run";
    write_run_folder(dir);
    const std::string data = report_data_json(dir);

    CHECK(data.starts_with(R"({"kind":"run",)"));
    CHECK(data.find(R"("dates":["2025Q1","2025Q2"])") != std::string::npos);
    // The fan series, copied from series.csv; "nan" becomes null.
    CHECK(data.find(R"("gdp":{"label":"GDP","unit":"USD bn a year","series":{"AAA":{"value":[1.5,1.75]},)"
                    R"("CHN":{"value":[10,null]},"USA":{"value":[20,21]}}})") != std::string::npos);
    CHECK(data.find(R"j("alignment":{"label":"Alignment (-1 China, +1 US)","unit":"[-1, 1]","series":{"AAA":{"value":[-0.25,-0.5]}}})j") !=
          std::string::npos);
    // The bloc's shares by partner, and the members' (agents that are not partners) exports.
    // (A series.csv without the `sector` column, as geosim wrote before trading by goods group,
    // reads as one without rows by group.)
    CHECK(data.find(R"("blocs":{"bloc":"BLOC","trade":{"CHN":[0.2,0.25],"USA":[0.3,0.35]},"fdi":{},"sectors":[],)"
                    R"("trade_by_sector":{}})") != std::string::npos);
    CHECK(data.find(R"("exports":{"members":["AAA"],"partners":["CHN","USA"],"flows":{"AAA":{"CHN":[0.125,0.25],"USA":[0.5,0.75]}},)"
                    R"("sectors":[],"by_sector":{}})") != std::string::npos);
    // Rows the report does not chart stay out.
    CHECK(data.find("0.9") == std::string::npos);
    // The networks at the first and last quarter.
    CHECK(data.find(R"("ties":{"start":{"date":"2025Q1","nodes":[{"id":"AAA","name":"A \u0026 B","kind":"agent","gdp":1.5,)"
                    R"("alignment":-0.25},{"id":"CHN","name":"China","kind":"agent","gdp":10,"alignment":-1}],)"
                    R"("edges":[{"source":"AAA","target":"CHN","level":2}]},"end":{"date":"2025Q2",)") != std::string::npos);
    // The events, and the shock among the headline's shocks, escaped.
    const std::string detail = R"("\u003c/script\u003e\u003cscript\u003ealert(\"x\")\u003c/script\u003e \u0026 \u003c!-- more")";
    CHECK(data.find(R"("events":{"run":3,"total":1,"rows":[[1,"2025Q2","shock","CHN","AAA",)" + detail + "]]}") !=
          std::string::npos);
    CHECK(data.find(R"("headline":{"scenario":"\u003cscript\u003ex\"\u0026","scenario_path":"scenarios/\u003cscript\u003ex\"\u0026.yaml",)") !=
          std::string::npos);
    CHECK(data.find(R"("seed":7,"run_id":3,"horizon":1,)") != std::string::npos);
    CHECK(data.find(R"("shocks":[)" + detail + "]") != std::string::npos);
    CHECK(data.find('<') == std::string::npos);
}


TEST_CASE("The report's data holds the trade flows and the bloc's shares of each goods group", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "run";
    write_run_folder(dir);
    write_text(dir / "series.csv",
               "run,step,date,indicator,agent,partner,sector,value\n"
               "3,0,2025Q1,gdp,AAA,,,1.5\n"
               "3,0,2025Q1,gdp,CHN,,,10\n"
               "3,0,2025Q1,trade,AAA,CHN,,0.125\n"
               "3,0,2025Q1,sector_trade,AAA,CHN,ELE,0.1\n"
               "3,0,2025Q1,sector_trade,AAA,CHN,OTH,0.025\n"
               "3,0,2025Q1,sector_exports,AAA,,ELE,0.1\n"
               "3,0,2025Q1,bloc_trade_share,BLOC,CHN,,0.2\n"
               "3,0,2025Q1,bloc_sector_trade_share,BLOC,CHN,ELE,0.5\n"
               "3,0,2025Q1,bloc_sector_trade_share,BLOC,CHN,OTH,0.0625\n"
               "3,1,2025Q2,gdp,AAA,,,1.75\n"
               "3,1,2025Q2,gdp,CHN,,,11\n"
               "3,1,2025Q2,trade,AAA,CHN,,0.25\n"
               "3,1,2025Q2,sector_trade,AAA,CHN,ELE,0.125\n"
               "3,1,2025Q2,sector_trade,AAA,CHN,OTH,0.125\n"
               "3,1,2025Q2,sector_exports,AAA,,ELE,0.125\n"
               "3,1,2025Q2,bloc_trade_share,BLOC,CHN,,0.25\n"
               "3,1,2025Q2,bloc_sector_trade_share,BLOC,CHN,ELE,0.75\n"
               "3,1,2025Q2,bloc_sector_trade_share,BLOC,CHN,OTH,0.125\n");
    const std::string data = report_data_json(dir);
    CHECK(data.find(R"("blocs":{"bloc":"BLOC","trade":{"CHN":[0.2,0.25]},"fdi":{},"sectors":["ELE","OTH"],)"
                    R"("trade_by_sector":{"ELE":{"CHN":[0.5,0.75]},"OTH":{"CHN":[0.0625,0.125]}}})") != std::string::npos);
    CHECK(data.find(R"("exports":{"members":["AAA"],"partners":["CHN"],"flows":{"AAA":{"CHN":[0.125,0.25]}},)"
                    R"("sectors":["ELE","OTH"],"by_sector":{"ELE":{"AAA":{"CHN":[0.1,0.125]}},"OTH":{"AAA":{"CHN":[0.025,0.125]}}}})") !=
          std::string::npos);
    // The fans leave the rows by group out: GDP only here.
    CHECK(data.find("sector_exports") == std::string::npos);
}
TEST_CASE("No text in the data can end the report's script elements", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "run";
    write_run_folder(dir);
    geosim::write_report(dir);
    const std::string html = read_text(dir / "report.html");
    // Five script elements (data, map, ECharts, charts.js, report.js) and one style element,
    // each closed once: the scenario name and the event's "</script>" added none.
    const std::string plain = geosim::report_html("{}");
    CHECK(count(html, "</script") == 5);
    CHECK(count(html, "<script") == count(plain, "<script"));
    CHECK(count(html, "</style") == 1);
    CHECK(count(html, "<!--") == count(plain, "<!--"));
    CHECK(html.find("<script>alert") == std::string::npos);
    CHECK(html.starts_with("<!DOCTYPE html>\n"));
    CHECK(html.ends_with("</html>\n"));
    // The data element holds exactly the data JSON.
    const std::string open = R"(<script type="application/json" id="geosim-data">)";
    const std::size_t from = html.find(open) + open.size();
    CHECK(html.substr(from, html.find("</script>", from) - from) == report_data_json(dir));
    // Nothing else is left in the folder.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
    CHECK(entries == 6);
}

TEST_CASE("A folder that is not a geosim output is refused with one message", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path();
    auto message = [](const fs::path& d) {
        try {
            geosim::write_report(d);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message(dir / "none") == (dir / "none").string() + ": no such folder");
    write_text(dir / "file", "x");
    CHECK(message(dir / "file") == (dir / "file").string() + ": not a folder; give the folder geosim run, sweep or compare wrote");
    fs::create_directory(dir / "empty");
    CHECK(message(dir / "empty") == (dir / "empty").string() + ": not a geosim output folder: it has no manifest.json");
    write_text(dir / "empty" / "manifest.json", "{}\n");
    CHECK(message(dir / "empty") == (dir / "empty").string() +
                                        ": not a geosim output folder: it has none of series.csv, summary.csv or compare.csv");
    write_text(dir / "empty" / "series.csv", "a,b\n1,2\n");
    CHECK(message(dir / "empty") == (dir / "empty" / "series.csv").string() +
                                        ": not a geosim table: its header lacks one of step, date, indicator, agent, partner, value");
    write_text(dir / "empty" / "series.csv", "run,step,date,indicator,agent,partner,value\n0,x,2025Q1,gdp,A,,1\n");
    CHECK(message(dir / "empty") == (dir / "empty" / "series.csv").string() +
                                        ":2: bad step 'x': expected a whole number from 0 to 1000000");
    write_text(dir / "empty" / "series.csv", "run,step,date,indicator,agent,partner,value\n0,0,2025Q1,gdp,A,,1\n0,1,2025Q2,gdp,A\n");
    CHECK(message(dir / "empty") == (dir / "empty" / "series.csv").string() + ":3: a row has 5 fields, fewer than the header's 7");
    write_text(dir / "empty" / "series.csv", "run,step,date,indicator,agent,partner,value\n0,0,2025Q1,gdp,A,,1\n0,1,2025Q2,gdp,\"A,,2\n");
    CHECK(message(dir / "empty") == (dir / "empty" / "series.csv").string() +
                                        ":3:16: unterminated quote: the field that opens here has no closing '\"' before the end of the file");
    CHECK_FALSE(fs::exists(dir / "empty" / "report.html"));
}

TEST_CASE("A comparison table without a column the headline ranks by, or with a short row, is refused", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "cmp";
    fs::create_directories(dir);
    write_text(dir / "manifest.json", "{\n  \"base\": {\"scenario_path\": \"a.yaml\"},\n  \"alt\": {\"scenario_path\": \"b.yaml\"}\n}\n");
    const std::string header = "step,date,indicator,agent,partner,base,alt,diff,diff_lo,diff_hi,";
    const std::string row = "0,2025Q1,gdp,A,,1,2,1,0.5,1.5,100\n";
    auto message = [&] {
        try {
            geosim::write_report(dir);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    write_text(dir / "compare.csv", header + "diff_pct\n" + row);
    CHECK(message() == "no error");
    // The headline ranks effects by diff and its interval, not by diff_pct.
    write_text(dir / "compare.csv", header + "change\n" + row);
    CHECK(message() == "no error");
    write_text(dir / "compare.csv", "step,date,indicator,agent,partner,base,alt,diff,diff_lower,diff_hi\n0,2025Q1,gdp,A,,1,2,1,0.5,1.5\n");
    CHECK(message() == (dir / "compare.csv").string() +
                           ": not a geosim table: its header lacks one of step, date, indicator, agent, partner, "
                           "base, alt, diff, diff_lo, diff_hi");
    write_text(dir / "compare.csv", "diff_pct," + header + "\n100," + row);
    CHECK(message() == "no error");
    // Long enough for the charted columns, one short of diff_pct's.
    write_text(dir / "compare.csv", "diff_pct," + header + "\n100," + row + "0,2025Q1,gdp,A,,1,2,1,0.5,1.5\n");
    CHECK(message() == (dir / "compare.csv").string() + ":3: a row has 10 fields, fewer than the header's 12");
}

TEST_CASE("The manifest is read as JSON: any layout, escapes decoded", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "run";
    write_run_folder(dir);
    // One line, other key order and spacing; a \n and a \u escape in the scenario's path.
    write_text(dir / "manifest.json",
               "{\"run_id\":3,\"seed\" :  7,\"start\":\"2025Q1\",\"scenario_path\":\"scenarios/a\\nb\\u00e9.yaml\"}");
    const std::string data = report_data_json(dir);
    CHECK(data.find("\"headline\":{\"scenario\":\"a\\nb\xc3\xa9\",\"scenario_path\":\"scenarios/a\\nb\xc3\xa9.yaml\","
                    "\"scenario_sha256\":\"\",\"seed\":7,\"run_id\":3,\"start\":\"2025Q1\",") != std::string::npos);
}

TEST_CASE("A malformed manifest is refused with a located message", "[outputs][report]") {
    TempDir tmp;
    const fs::path dir = tmp.path() / "run";
    write_run_folder(dir);
    const std::string file = (dir / "manifest.json").string();
    auto message = [&](const std::string& manifest) {
        write_text(dir / "manifest.json", manifest);
        try {
            geosim::write_report(dir);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(message("{") == file + ":1:2: not valid JSON: syntax error while parsing object key - unexpected end of "
                              "input; expected string literal");
    CHECK(message("{\n  \"seed\": 7,\n  \"run_id\": 3\n") ==
          file + ":3:14: not valid JSON: syntax error while parsing object - unexpected end of input; expected '}'");
    CHECK(message("{\"seed\": 7,\n \"run_id\": tru}\n") ==
          file + ":2:15: not valid JSON: syntax error while parsing value - invalid literal; last read: '\"run_id\": tru}'");
    CHECK(message("{\"seed\": 7,}") == file + ":1:12: not valid JSON: syntax error while parsing object key - unexpected '}'; "
                                               "expected string literal");
    CHECK(message("[1, 2]\n") == file + ":1:1: expected a JSON object, as geosim writes a manifest");
    CHECK(message("  {\"seed\": 7,\n \"scenario_path\": [\"a\"]}\n") == file + ":2:2: scenario_path: expected text or a number");
    CHECK(message("{\"run_id\": 3,\n  \"seed\": {\"a\": 1}}\n") == file + ":2:3: seed: expected text or a number");
    CHECK(message("{\"seed\": 7,\n \"seed\": 8}\n") == file + ":2:2: duplicate key 'seed' (first defined at line 1)");
    CHECK_FALSE(fs::exists(dir / "report.html"));
}
