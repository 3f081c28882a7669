#include <catch2/catch.hpp>

#include "engine/core/error.hpp"

using namespace geosim;

TEST_CASE("errors: messages read file:line:column: path: message", "[error]") {
    const InputError e({"scenarios/x.yaml", 12, 5}, "shocks[2].target", "unknown agent 'KRR' (did you mean 'KOR'?)");
    REQUIRE(std::string(e.what()) == "scenarios/x.yaml:12:5: shocks[2].target: unknown agent 'KRR' (did you mean 'KOR'?)");
    REQUIRE(std::string(InputError({"f.yaml", 0, 0}, "", "cannot open file").what()) == "f.yaml: cannot open file");
}

TEST_CASE("errors: did-you-mean finds one edit per three letters, swaps included", "[error]") {
    const std::vector<std::string> ids = {"KOR", "JPN", "CHN", "horizon", "gdp"};
    REQUIRE(did_you_mean("KRR", ids) == " (did you mean 'KOR'?)");
    REQUIRE(did_you_mean("gpd", ids) == " (did you mean 'gdp'?)");          // a swap is one edit
    REQUIRE(did_you_mean("horizn", ids) == " (did you mean 'horizon'?)");
    REQUIRE(did_you_mean("XYZ", ids).empty());
    REQUIRE(did_you_mean("hor", ids) == " (did you mean 'horizon'?)");      // the one name it begins
    REQUIRE(did_you_mean("rat", {"at", "rate"}) == " (did you mean 'rate'?)"); // a tie goes to the truncation
    REQUIRE(did_you_mean("scarboro", {"scarborough", "second_thomas"}) == " (did you mean 'scarborough'?)");
    REQUIRE(did_you_mean("s", {"scarborough", "second_thomas"}).empty());
}
