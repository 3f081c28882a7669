// The world's sectors table: the split of the trade table into goods groups (a prior from the
// group shares raked to the pair totals, the group margins and the targets), checked against
// the constraints it must hold, and the one-group world that a file without the table gives.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>

#include <unistd.h>

#include "engine/input/world_loader.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/scenario.hpp"

using namespace geosim;

namespace {

const std::string kTinyWorld = std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny_world.yaml";

// Two groups for the four-economy test world: the US and China report export shares, Korea
// import shares, and one bilateral figure is pinned.
const std::string kSectors = R"(sectors:
  unit: "USD bn a year; shares are fractions"
  source: "test fixture"
  groups:
    - {id: ELE, name: electronics, theta: 6, intermediate: 0.6, critical: 0.5, downstream_va: 2, source: "test fixture"}
    - {id: OTH, name: everything else, theta: 3, source: "test fixture"}
  exports:
    - {agent: USA, ELE: 0.2, OTH: 0.8, source: "test fixture"}
    - {agent: CHN, ELE: 0.401, OTH: 0.6, source: "test fixture: rounded, sums to 1.001"}
  imports:
    - {agent: KOR, ELE: 0.35, OTH: 0.65, source: "test fixture"}
  targets:
    - {from: CHN, to: KOR, sector: ELE, value: 150, year: 2023, source: "test fixture"}
  value_added:
    - {agent: KOR, share: 0.63, source: "test fixture"}
)";

World load_with(const std::string& extra) {
    std::ifstream in(kTinyWorld);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text = std::regex_replace(text, std::regex("\\.\\./\\.\\./scenarios"), std::string(GEOSIM_SOURCE_DIR) + "/scenarios");
    // One file per load and process: ctest runs test cases in parallel.
    static int count = 0;
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
        ("geosim_sectors_" + std::to_string(::getpid()) + "_" + std::to_string(++count) + ".yaml");
    std::ofstream(path) << text << extra;
    World w = load_world(path.string(), "sectors_world.yaml");
    std::filesystem::remove(path);
    calibrate(w);
    return w;
}

double group_sum(const World& w, int s, bool exports, int agent) {
    double x = 0;
    for (int k = 0; k < w.n(); ++k) x += exports ? w.sector_trade0[s](agent, k) : w.sector_trade0[s](k, agent);
    return x;
}

}  // namespace

TEST_CASE("sectors: without a table the world trades one group equal to the trade table", "[sectors]") {
    const World w = load_with("");
    REQUIRE(w.sector_count() == 1);
    REQUIRE(w.sectors[0].id == "goods");
    REQUIRE(w.sector_trade0[0] == w.trade0);
    REQUIRE(w.calib.theta_rel == std::vector<double>{1.0});
    REQUIRE(w.calib.input_loss == std::vector<double>(w.n(), 0.0));
    REQUIRE(std::isnan(w.export_va[0]));
}

TEST_CASE("sectors: the split holds the pair totals, the group margins and the targets", "[sectors]") {
    const World plain = load_with("");
    const World w = load_with(kSectors);
    const int n = w.n();
    const int usa = w.index_of("USA"), chn = w.index_of("CHN"), kor = w.index_of("KOR");
    REQUIRE(w.sector_count() == 2);
    // Pair totals: the aggregate table is the sum of the groups and moves from the table
    // derived without sectors by rounding only.
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            REQUIRE(w.trade0(i, j) == w.sector_trade0[0](i, j) + w.sector_trade0[1](i, j));
            REQUIRE(w.trade0(i, j) == Approx(plain.trade0(i, j)).epsilon(1e-12).margin(1e-12));
        }
    // Group margins, with China's shares scaled to sum to 1 (0.401 / 1.001 of its exports).
    const double us_exports = plain.trade0.row_sum(usa), cn_exports = plain.trade0.row_sum(chn);
    const double kr_imports = plain.trade0.col_sum(kor);
    CHECK(group_sum(w, 0, true, usa) == Approx(0.2 * us_exports).epsilon(1e-9));
    CHECK(group_sum(w, 0, true, chn) == Approx(0.401 / 1.001 * cn_exports).epsilon(1e-9));
    CHECK(group_sum(w, 1, true, chn) == Approx(0.6 / 1.001 * cn_exports).epsilon(1e-9));
    CHECK(group_sum(w, 0, false, kor) == Approx(0.35 * kr_imports).epsilon(1e-9));
    CHECK(w.sector_trade0[0](chn, kor) == Approx(150).epsilon(1e-9));
    // Every cell is a flow: none negative, none on the diagonal.
    for (int s = 0; s < 2; ++s)
        for (int i = 0; i < n; ++i) {
            CHECK(w.sector_trade0[s](i, i) == 0);
            for (int j = 0; j < n; ++j) CHECK(w.sector_trade0[s](i, j) >= 0);
        }
    // Elasticities relative to their trade-weighted mean; critical-input loss per USD missing.
    double ele = 0, all = 0;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            ele += w.sector_trade0[0](i, j);
            all += w.trade0(i, j);
        }
    const double mean = (6 * ele + 3 * (all - ele)) / all;
    CHECK(w.calib.theta_rel[0] == Approx(6 / mean).epsilon(1e-12));
    CHECK(w.calib.theta_rel[1] == Approx(3 / mean).epsilon(1e-12));
    // Without user_va_share every importer loses the using industries' own value added only.
    for (int j = 0; j < n; ++j) {
        CHECK(w.calib.input_loss[j] == Approx(0.6 * 0.5 * 2).epsilon(1e-15));
        CHECK(w.calib.input_loss[n + j] == 0);
    }
    CHECK(w.export_va[kor] == 0.63);
    CHECK(std::isnan(w.export_va[usa]));
}

TEST_CASE("sectors: critical exports set an exporter's share, and the others share what is left of the group's", "[sectors]") {
    // CHN's critical exports of ELE, 100 USD bn, over its derived ELE exports; every other exporter
    // then takes (0.6 x 0.5 x all ELE trade - 100) / (all ELE trade - CHN's), so that the world's
    // ELE still carries 0.3 of its value as the critical input.
    const World w = load_with(kSectors + "  critical_exports:\n"
                                         "    - {agent: CHN, sector: ELE, value: 100, source: \"test fixture\"}\n");
    const int n = w.n(), chn = w.index_of("CHN");
    double total = 0;
    for (int i = 0; i < n; ++i) total += group_sum(w, 0, true, i);
    const double own = group_sum(w, 0, true, chn);
    REQUIRE(w.critical_content.size() == static_cast<std::size_t>(2 * n));
    CHECK(w.critical_content[chn] == Approx(100 / own).epsilon(1e-12));
    CHECK(w.critical_named[chn] == 1);
    double carried = 0;
    for (int i = 0; i < n; ++i) {
        if (i != chn) {
            CHECK(w.critical_named[i] == 0);
            CHECK(w.critical_content[i] == Approx((0.3 * total - 100) / (total - own)).epsilon(1e-12));
        }
        carried += w.critical_content[i] * group_sum(w, 0, true, i);
        CHECK(w.critical_content[n + i] < 0);  // OTH has no row: the group's own figure applies
    }
    CHECK(carried == Approx(0.3 * total).epsilon(1e-12));
    CHECK(w.calib.critical_weight[chn] == Approx(100 / own / 0.3).epsilon(1e-12));
    CHECK(w.calib.weighted_group == std::vector<char>{1, 0});
}

TEST_CASE("sectors: the users of a critical group, and the share of their output each economy exports", "[sectors]") {
    // ELE's users keep 0.25 of their gross output and make ELE and OTH goods 1 : 3 (the group
    // named before it is defined). Per USD of ELE missing they stop 0.6 x 0.5 x 2 / 0.25 = 2.4 USD
    // of output. The share of it each economy exports is its imported content of exports over
    // its imported intermediates (0.6 of its ELE imports; OTH has none), at most 1. Korea's
    // domestic content is 0.63: 0.37 x 630 = 233.1 of imported content against 0.6 x 224 =
    // 134.4 of imported ELE inputs, so the cap holds.
    std::string table = kSectors;
    const std::string from = "downstream_va: 2,";
    table.replace(table.find(from), from.size(), "downstream_va: 2, user_va_share: 0.25, users: {OTH: 0.75, ELE: 0.25},");
    const World w = load_with(table);
    const int kor = w.index_of("KOR");
    REQUIRE(w.sectors[0].users == std::vector<double>{0.25, 0.75});
    CHECK(w.sectors[1].users.empty());
    CHECK(w.calib.chain_output[0] == Approx(2.4).epsilon(1e-15));
    CHECK(w.calib.chain_output[1] == 0);
    REQUIRE(0.37 * w.trade0.row_sum(kor) == Approx(233.1).epsilon(1e-3));
    REQUIRE(0.6 * w.sector_trade0[0].col_sum(kor) == Approx(134.4).epsilon(1e-3));
    CHECK(w.calib.chain_export[kor] == 1.0);
    // With a domestic content of 0.85, 0.15 x 630 = 94.5 against 134.4: 0.703 of it exported.
    table.replace(table.find("share: 0.63"), 11, "share: 0.85");
    const World high = load_with(table);
    CHECK(high.calib.chain_export[kor] == Approx(94.5 / 134.4).epsilon(1e-3));
    // Without `users` no group has a second round.
    const World plain = load_with(kSectors);
    CHECK(plain.calib.chain_output[0] == 0);
    CHECK(plain.calib.chain_export[kor] == 0);
}

TEST_CASE("sectors: with the users' value-added share, their domestic suppliers lose too", "[sectors]") {
    // ELE's users keep 0.25 of their gross output as their own value added, so each USD of
    // their own value added lost stops 4 USD of output; each USD of that output carried the
    // importer's domestic content: Korea's 0.63 (the value_added row), the US's the macro
    // export multiplier (no row). Loss per USD missing: 0.6 x 0.5 x 2 = 0.6 of the users' own
    // value added, times 0.63 / 0.25 = 2.52 for Korea (1.512), times m / 0.25 for the US.
    std::string table = kSectors;
    const std::string from = "downstream_va: 2,";
    table.replace(table.find(from), from.size(), "downstream_va: 2, user_va_share: 0.25,");
    const World w = load_with(table);
    const int n = w.n(), usa = w.index_of("USA"), kor = w.index_of("KOR");
    REQUIRE(w.sectors[0].user_va_share == 0.25);
    CHECK(w.calib.input_loss[kor] == Approx(0.6 * 2.52).epsilon(1e-12));
    const double m = w.params.macro.export_multiplier;
    REQUIRE(m > 0.25);
    CHECK(w.calib.input_loss[usa] == Approx(0.6 * m / 0.25).epsilon(1e-12));
    CHECK(w.calib.input_loss[n + kor] == 0);
    // A users' share above the importer's domestic content (incoherent figures) never makes the
    // loss smaller than the users' own value added.
    table.replace(table.find("user_va_share: 0.25"), 19, "user_va_share: 0.90");
    const World high = load_with(table);
    CHECK(high.calib.input_loss[kor] == Approx(0.6).epsilon(1e-15));
}
