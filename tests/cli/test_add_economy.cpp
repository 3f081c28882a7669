#include <catch2/catch.hpp>

#include "cli_harness.hpp"

using namespace geosim::test;

namespace {

void insert_after(const fs::path& file, const std::string& anchor, const std::string& text) {
    std::string s = slurp(file);
    const auto at = s.find(anchor);
    REQUIRE(at != std::string::npos);
    s.insert(at + anchor.size(), text);
    std::ofstream(file, std::ios::binary) << s;
}

}  // namespace

TEST_CASE("world: an economy is added by editing YAML only (India)", "[cli][world]") {
    TempDir dir;
    const fs::path world = dir / "world";
    fs::copy(fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "world", world);
    // India: its figures, its tariff, a port joined to the Indian Ocean route, and one tie. Its trade and
    // FDI cells with everyone else come from the gravity-and-raking derivation.
    std::ofstream(world / "agents.yaml", std::ios::app) << R"(
  IND:
    name: India
    role: strategic
    port: mumbai
    gdp:          {value: 3550, source: "IMF WEO: 2023 GDP, USD bn"}
    trend_growth: {value: 0.065, source: "IMF WEO: medium-term growth"}
    defence:      {value: 83.6, source: "SIPRI 2023"}
    alignment:    {value: 0.3, source: "test: a hedger leaning west"}
    offence:      {value: 0.4, source: "test"}
    projection:   {value: 0.1, source: "test"}
    exports:      {value: 432, source: "WTO 2023"}
    imports:      {value: 672, source: "WTO 2023"}
    fdi_out:      {value: 13, source: "UNCTAD WIR 2024"}
    fdi_in:       {value: 28, source: "UNCTAD WIR 2024"}
)";
    insert_after(world / "sea_lanes.yaml", "  nodes:\n", "    mumbai: {name: Mumbai}\n");
    insert_after(world / "sea_lanes.yaml", "  legs:\n",
                 "    mumbai_approach: {name: Mumbai approach, from: mumbai, to: sri_lanka, "
                 "km: {value: 1500, source: \"test: Mumbai to Dondra Head\"}}\n");
    // A new importer needs its applied tariff: the loader refuses a world in which one is missing.
    insert_after(world / "tariffs.yaml", "  mfn:\n",
                 "    - {importer: IND, value: 0.17, source: \"WTO World Tariff Profiles 2024: simple average MFN "
                 "applied 2023\"}\n");
    dir.write("india.yaml", "name: india\nworld: world/default.yaml\nstart: 2025Q1\nhorizon: 4\nseed: 3\n");

    const Result r = run_geosim("run '" + (dir / "india.yaml").string() + "' --quiet --out '" +
                                (dir / "out").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::string series = slurp(dir / "out" / "series.csv");
    REQUIRE(series.find("0,0,2025Q1,gdp,IND,,,3550\n") != std::string::npos);
    // India trades with the region from the first quarter: its exports sum to its total.
    double exports = 0;
    std::istringstream in(series);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("0,0,2025Q1,trade,IND,", 0) == 0) exports += std::stod(line.substr(line.rfind(',') + 1));
    REQUIRE(exports == Approx(432).epsilon(1e-9));
    REQUIRE(series.find(",4,2026Q1,alignment,IND,,") != std::string::npos);
}
