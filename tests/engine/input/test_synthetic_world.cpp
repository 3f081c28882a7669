#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "engine/core/params.hpp"
#include "engine/core/state.hpp"
#include "engine/input/synthetic_world.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/initial_state.hpp"
#include "engine/run/scenario.hpp"
#include "tests/cli/cli_harness.hpp"

using namespace geosim;
using geosim::test::TempDir;
using geosim::test::slurp;

namespace {

Params default_params() {
    return compile(load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/scenarios/baseline.yaml")).params;
}

}  // namespace

TEST_CASE("synthetic world: 200 economies load through the world loader as generated", "[synthetic]") {
    TempDir dir;
    const Params params = default_params();
    SyntheticSpec spec;  // 200 economies, 40 quarters
    const SyntheticWorld g = write_synthetic_world(dir.path(), spec, params);
    const World w = compile(load_scenario(g.scenario_file.string()));

    REQUIRE(w.n() == 200);
    REQUIRE(w.horizon == 40);
    REQUIRE(static_cast<int>(w.zones.size()) == g.zones);
    REQUIRE(g.zones == 16);
    REQUIRE(static_cast<int>(w.legs.size()) == g.legs);
    // 6 x 4 junctions joined to their grid neighbours (5 x 4 + 6 x 3 = 38 legs), two legs per port.
    REQUIRE(g.legs == 38 + 2 * 200);
    REQUIRE(w.agents[w.west].id == "E000");
    REQUIRE(w.agents[w.east].id == "E001");
    REQUIRE(w.blocs.size() == 2);
    REQUIRE(w.blocs[0].members.size() == 10);

    int passive = 0;
    const State s = initial_state(w);
    for (int i = 0; i < w.n(); ++i) {
        REQUIRE(w.agents[i].id == g.ids[i]);
        REQUIRE(w.agents[i].strategic == g.strategic[i]);
        REQUIRE(s.gdp[i] == g.gdp[i]);
        if (!g.strategic[i]) {
            ++passive;
            continue;
        }
        // Quarter 0 reproduces the generated totals: the raked table's margins.
        REQUIRE(s.trade.row_sum(i) == Approx(g.exports[i]).epsilon(1e-9));
        REQUIRE(s.trade.col_sum(i) == Approx(g.imports[i]).epsilon(1e-9));
    }
    REQUIRE(passive == 20);  // E009, E019, ..., E199

    // The model's parameters are copied exactly.
    Params written = w.params, given = params;
    for (const ParamDef& d : param_defs()) REQUIRE(d.ref(written) == d.ref(given));
}

TEST_CASE("synthetic world: the smallest worlds load, their last economy passive", "[synthetic]") {
    // With no passive economy (every tenth is one, so none below ten) the poles' generated
    // imports could exceed what the others export, and raking refused the tables.
    const Params params = default_params();
    for (int n : {8, 9, 11}) {
        TempDir dir;
        SyntheticSpec spec;
        spec.economies = n;
        const SyntheticWorld g = write_synthetic_world(dir.path(), spec, params);
        INFO(n << " economies");
        REQUIRE_FALSE(g.strategic[n - 1]);
        const World w = compile(load_scenario(g.scenario_file.string()));
        REQUIRE(w.n() == n);
        const State s = initial_state(w);
        for (int i = 0; i < n; ++i)
            if (g.strategic[i]) REQUIRE(s.trade.col_sum(i) == Approx(g.imports[i]).epsilon(1e-9));
    }
}

TEST_CASE("synthetic world: the seed fixes the files", "[synthetic]") {
    TempDir a, b, c;
    const Params params = default_params();
    SyntheticSpec spec;
    spec.economies = 12;
    write_synthetic_world(a.path(), spec, params);
    write_synthetic_world(b.path(), spec, params);
    spec.seed = 2;
    write_synthetic_world(c.path(), spec, params);
    REQUIRE(slurp(a / "world.yaml") == slurp(b / "world.yaml"));
    REQUIRE(slurp(a / "world.yaml") != slurp(c / "world.yaml"));
    REQUIRE(slurp(a / "world.yaml").find("synthetic: made up by geosim's world generator (seed 1)") !=
            std::string::npos);
    REQUIRE_THROWS_AS(write_synthetic_world(a.path(), SyntheticSpec{7, 40, 1}, params), std::invalid_argument);
}
