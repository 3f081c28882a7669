#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "engine/core/error.hpp"
#include "engine/core/world.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"

using namespace geosim;

namespace {

World tiny(double alignment_adjustment = -1) {
    ScenarioSpec spec = load_scenario(std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny.yaml");
    if (alignment_adjustment >= 0) spec.overrides.push_back({"alignment.adjustment", alignment_adjustment, {}});
    return compile(spec);
}

// Every accumulator, bit for bit.
bool same_bits(const PairedStats& a, const PairedStats& b) {
    if (a.rows() != b.rows() || a.runs() != b.runs()) return false;
    for (std::size_t r = 0; r < a.rows(); ++r) {
        const double x[] = {a.base_mean(r), a.alt_mean(r), a.diff_mean(r), a.diff_sd(r)};
        const double y[] = {b.base_mean(r), b.alt_mean(r), b.diff_mean(r), b.diff_sd(r)};
        if (std::memcmp(x, y, sizeof x) != 0) return false;
    }
    return true;
}

std::string mismatch(const World& base, const World& alt) {
    try {
        check_comparable(base, alt);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("paired runs: one row per value a run records, the same keys at every step", "[compare]") {
    const World w = tiny();
    const std::vector<RowKey> keys = row_keys(w);
    REQUIRE(keys.front() == RowKey{"gdp", w.agents[0].id, ""});
    std::vector<double> values;
    record_run(w, RunPlan{.run_id = 0, .seed = w.seed}, values);
    REQUIRE(values.size() == keys.size() * static_cast<std::size_t>(w.horizon + 1));
    record_run(w, RunPlan{.run_id = 0, .seed = w.seed}, values);  // the buffer is reused, not appended to
    REQUIRE(values.size() == keys.size() * static_cast<std::size_t>(w.horizon + 1));
}

TEST_CASE("paired runs: the same bits at any thread count, equal to folding runs in order", "[compare][determinism]") {
    const World base = tiny(), alt = tiny(0.5);
    const std::uint64_t runs = 9;  // more than the runs in flight at 2 threads, so buffers are reused
    const Comparison one = compare_worlds(base, alt, {.seed = 11, .runs = runs, .threads = 1});
    const Comparison two = compare_worlds(base, alt, {.seed = 11, .runs = runs, .threads = 2});
    const Comparison all = compare_worlds(base, alt, {.seed = 11, .runs = runs, .threads = 0});
    REQUIRE(one.stats.runs() == runs);
    REQUIRE(same_bits(one.stats, two.stats));
    REQUIRE(same_bits(one.stats, all.stats));

    PairedStats reference(one.stats.rows());
    std::vector<double> b, a;
    for (std::uint64_t r = 0; r < runs; ++r) {
        record_run(base, RunPlan{.run_id = r, .seed = 11}, b);
        record_run(alt, RunPlan{.run_id = r, .seed = 11}, a);
        reference.add(b, a);
    }
    REQUIRE(same_bits(one.stats, reference));

    bool differs = false;
    for (std::size_t r = 0; r < one.stats.rows(); ++r) differs = differs || one.stats.diff_mean(r) != 0;
    REQUIRE(differs);
}

TEST_CASE("paired runs: a scenario against itself differs by exactly 0", "[compare]") {
    const World w = tiny();
    const Comparison c = compare_worlds(w, tiny(), {.seed = 3, .runs = 3, .threads = 2});
    REQUIRE(c.steps == w.horizon + 1);
    for (std::size_t r = 0; r < c.stats.rows(); ++r) {
        REQUIRE(c.stats.diff_mean(r) == 0);
        REQUIRE(c.stats.base_mean(r) == c.stats.alt_mean(r));
    }
}

TEST_CASE("paired runs: worlds that record different rows are refused by name", "[compare]") {
    const World base = tiny();
    World more = base;
    Agent india;
    india.id = "IND";
    more.agents.push_back(india);
    REQUIRE(mismatch(base, more) == "BASE and ALT use different worlds: agent 6 is IND in ALT only");
    REQUIRE(mismatch(more, base) == "BASE and ALT use different worlds: agent 6 is IND in BASE only");

    World renamed = base;
    renamed.agents[1].id = "XYZ";
    REQUIRE(mismatch(base, renamed) == "BASE and ALT use different worlds: agent 2 is " +
                                           base.agents[1].id + " in BASE and XYZ in ALT");

    World joined = base;
    joined.blocs[0].members.push_back(0);
    REQUIRE(mismatch(base, joined) == "BASE and ALT use different worlds: bloc ASEAN has other members in ALT");

    World shorter = base;
    shorter.horizon = 4;
    REQUIRE(mismatch(base, shorter) == "BASE and ALT cover different quarters: BASE runs 8 quarters "
                                       "from 2025Q1, ALT 4 from 2025Q1");
    REQUIRE(mismatch(base, tiny(0.5)).empty());
}
