#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cli_harness.hpp"

using namespace geosim::test;

// The measurements themselves take minutes and report figures; these check that bad input is
// refused at once, before anything is measured or written.
TEST_CASE("bench: bad input exits 2 before measuring", "[cli][bench][errors]") {
    TempDir tmp;
    fs::create_directories(tmp / "full");
    tmp.write("full/file", "x");
    struct Case {
        std::string args;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"bench extra", "geosim bench: bench takes no positional arguments"},
        {"bench --economies 3", "geosim bench: --economies must be between 8 and 2000, got 3"},
        {"bench --threads 1", "geosim bench: --threads must be between 2 and 256, got 1"},
        {"bench --out '" + (tmp / "full").string() + "'",
         "geosim bench: '" + (tmp / "full").string() + "' exists and is not empty"},
        {"bench --scenario none.yaml --out '" + (tmp / "out").string() + "'", "none.yaml: cannot open file (No such file or directory)"},
    };
    for (const Case& c : cases) {
        const Result r = run_geosim(c.args);
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.find(c.message) != std::string::npos);
        REQUIRE(!fs::exists(tmp / "out"));
    }
}
