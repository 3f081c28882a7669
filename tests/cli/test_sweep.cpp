#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <chrono>
#include <fcntl.h>
#include <sys/file.h>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli_harness.hpp"
#include "spawn.hpp"
#include "sweep_outputs.hpp"

using namespace geosim::test;

namespace {

const char* const kScenario = "tests/data/tiny_sweep.yaml";

// A copy of the test sweep scenario in `dir` (world path made absolute), so a test may edit it.
fs::path sweep_copy(const TempDir& dir) {
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / kScenario);
    const std::string from = "world: tiny_world.yaml";
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), "world: " + (fs::path(GEOSIM_SOURCE_DIR) / "tests/data/tiny_world.yaml").string());
    return dir.write("sweep.yaml", text);
}

// sweep_copy() with a copy of the world file beside it (its includes still read from the
// source tree), so that a test can edit the world: returns the world's copy.
fs::path sweep_copy_with_world(const TempDir& dir) {
    const fs::path copy = dir.write("world.yaml", tiny_world_text());
    std::string text = slurp(fs::path(GEOSIM_SOURCE_DIR) / kScenario);
    const std::string from = "world: tiny_world.yaml";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), "world: world.yaml");
    dir.write("sweep.yaml", text);
    return copy;
}

// Starts `geosim sweep SCENARIO --runs 1500 --block-size 16 --out OUT` and kills it once its
// journal records a block, leaving OUT.partial as an interrupted sweep does.
void interrupt_sweep(const fs::path& scenario, const fs::path& out) {
    const pid_t pid = spawn_geosim({"sweep", scenario.string(), "--runs", "1500", "--block-size", "16",
                                    "--threads", "1", "--quiet", "--out", out.string()});
    REQUIRE(pid > 0);
    const fs::path state = out.string() + ".partial/journal/state.bin";
    wait_until_exists(state, std::chrono::seconds(60));
    REQUIRE(WIFSIGNALED(kill_and_reap(pid)));
    REQUIRE(fs::exists(state));
    REQUIRE(!fs::exists(out));
}

}  // namespace

TEST_CASE("sweep: summary.csv and runs.csv are byte-identical at 1, 2 and 4 threads", "[cli][sweep][determinism]") {
    TempDir tmp;
    for (const char* threads : {"1", "2", "4"}) {
        const Result r = run_geosim(std::string("sweep ") + kScenario + " --quiet --threads " + threads +
                                    " --out '" + (tmp / threads).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        REQUIRE(r.out == (tmp / threads).string() + "\n");
    }
    const std::string summary = slurp(tmp / "1" / "summary.csv");
    const std::string runs = slurp(tmp / "1" / "runs.csv");
    for (const char* threads : {"2", "4"}) {
        REQUIRE(summary == slurp(tmp / threads / "summary.csv"));
        REQUIRE(runs == slurp(tmp / threads / "runs.csv"));
    }
    REQUIRE(summary.rfind("step,date,indicator,agent,partner,sector,n,mean,sd,p05,p25,p50,p75,p95\n"
                          "0,2025Q1,gdp,USA,,,24,27000,0,27000,27000,27000,27000,27000\n", 0) == 0);
    REQUIRE(runs.rfind("run,seed,trade.theta,alignment.adjustment,ties.cooldown,alignment(PHL),gdp(KOR),"
                       "asean_alignment(ASEAN),\"trade(CHN, USA)\",shocks,error\n0,11,", 0) == 0);
    REQUIRE(std::count(runs.begin(), runs.end(), '\n') == 25);
    // The hazard shock fires in some runs and not others, and says when.
    REQUIRE(runs.find("standoff@20") != std::string::npos);
    const std::string manifest = slurp(tmp / "1" / "manifest.json");
    REQUIRE(manifest.find("\"runs\": 24,") != std::string::npos);
    REQUIRE(manifest.find("\"design\": \"mc\",") != std::string::npos);
    REQUIRE(manifest.find("\"trade.theta\": \"uniform(3, 7)\"") != std::string::npos);
}

TEST_CASE("sweep: killed part-way, resumed, the same bytes as an uninterrupted sweep", "[cli][sweep][resume]") {
    TempDir tmp;
    const fs::path world = sweep_copy_with_world(tmp);
    const fs::path scenario = tmp / "sweep.yaml";
    const std::string common = " --runs 1500 --block-size 16 --quiet";
    const Result whole = run_geosim("sweep '" + scenario.string() + "'" + common + " --out '" + (tmp / "whole").string() + "'");
    INFO(whole.err);
    REQUIRE(whole.code == 0);

    const fs::path out = tmp / "cut";
    interrupt_sweep(scenario, out);
    const fs::path state = tmp / "cut.partial" / "journal" / "state.bin";

    // A changed scenario is refused, and the journal is kept.
    const std::string original = slurp(scenario);
    tmp.write("sweep.yaml", original + "# edited\n");
    const Result changed = run_geosim("sweep '" + scenario.string() + "' --resume '" + out.string() + "'");
    REQUIRE(changed.code == 2);
    REQUIRE(changed.err.rfind(scenario.string() + ": cannot resume: the scenario has changed since the sweep started", 0) == 0);
    REQUIRE(fs::exists(state));
    tmp.write("sweep.yaml", original);
    // So is a changed world file, though the scenario is the same.
    const std::string world_text = slurp(world);
    tmp.write("world.yaml", world_text + "# edited\n");
    const Result world_changed = run_geosim("sweep '" + scenario.string() + "' --resume '" + out.string() + "'");
    REQUIRE(world_changed.code == 2);
    REQUIRE(world_changed.err.rfind(scenario.string() + ": cannot resume: the world's files have changed since the "
                                                        "sweep started (SHA-256 ", 0) == 0);
    REQUIRE(fs::exists(state));
    tmp.write("world.yaml", world_text);

    const Result resumed = run_geosim("sweep '" + scenario.string() + "' --threads 2 --quiet --resume '" +
                                      (tmp / "cut.partial").string() + "'");
    INFO(resumed.err);
    REQUIRE(resumed.code == 0);
    // The same bytes, and the report shows the run an uninterrupted sweep shows, the one the
    // median of runs.csv names, though the resumed process computed only some of the runs.
    require_same_outputs(tmp / "whole", out);
    REQUIRE(slurp(out / "manifest.json").find("\"resumed\": true,") != std::string::npos);
    REQUIRE(!fs::exists(tmp / "cut.partial"));
}

namespace {

// Flips the lowest bit of the byte at `at` (from the end when negative) of `file`.
void flip_bit(const fs::path& file, long at) {
    std::string bytes = slurp(file);
    REQUIRE(!bytes.empty());
    const std::size_t k = at >= 0 ? static_cast<std::size_t>(at) : bytes.size() - static_cast<std::size_t>(-at);
    bytes[k] = static_cast<char>(bytes[k] ^ 1);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// Cuts the last `bytes` bytes off `file`; returns its size before.
std::uintmax_t truncate_by(const fs::path& file, std::uintmax_t bytes) {
    const std::uintmax_t size = fs::file_size(file);
    fs::resize_file(file, size - bytes);
    return size;
}

}  // namespace

TEST_CASE("sweep --resume: a damaged journal header or state exits 2 naming the file, and is kept",
          "[cli][sweep][resume][journal]") {
    TempDir tmp;
    const fs::path scenario = sweep_copy(tmp);
    interrupt_sweep(scenario, tmp / "cut");
    struct Case {
        const char* file;
        bool truncate;
        std::string problem;  // filled in below for the truncation
    };
    std::vector<Case> cases = {{"state.bin", false, "checksum mismatch"},
                               {"state.bin", true, ""},
                               {"header.txt", false, "checksum mismatch"},
                               {"header.txt", true, ""}};
    int k = 0;
    for (Case& c : cases) {
        const fs::path out = tmp / ("damaged" + std::to_string(k++));
        const fs::path partial = out.string() + ".partial";
        fs::copy(tmp / "cut.partial", partial, fs::copy_options::recursive);
        const fs::path file = partial / "journal" / c.file;
        if (c.truncate) {
            const std::uintmax_t size = truncate_by(file, 3);
            c.problem = "truncated: " + std::to_string(size - 3) + " of " + std::to_string(size) + " bytes";
        } else {
            flip_bit(file, -1);
        }
        const std::string damaged = slurp(file);
        const Result r = run_geosim("sweep '" + scenario.string() + "' --quiet --resume '" + out.string() + "'");
        INFO(c.file << " " << c.problem);
        REQUIRE(r.code == 2);
        REQUIRE(r.err == "geosim sweep: the sweep journal file '" + file.string() + "' is damaged (" + c.problem +
                             "); remove '" + partial.string() + "' and start the sweep again\n");
        REQUIRE(r.out.empty());
        REQUIRE(slurp(file) == damaged);
        REQUIRE(!fs::exists(out));
    }
}

TEST_CASE("sweep --resume: a damaged or missing rows file of the journal is computed again, the same bytes",
          "[cli][sweep][resume][journal]") {
    TempDir tmp;
    const fs::path scenario = sweep_copy(tmp);
    const Result whole = run_geosim("sweep '" + scenario.string() + "' --runs 1500 --block-size 16 --quiet --out '" +
                                    (tmp / "whole").string() + "'");
    INFO(whole.err);
    REQUIRE(whole.code == 0);
    interrupt_sweep(scenario, tmp / "cut");
    for (const char* damage : {"flip", "truncate", "remove"}) {
        const fs::path out = tmp / damage;
        const fs::path partial = out.string() + ".partial";
        fs::copy(tmp / "cut.partial", partial, fs::copy_options::recursive);
        // Block 0 is complete in any journal that has a state.
        const fs::path file = partial / "journal" / "runs-000000.csv";
        std::string problem;
        if (damage == std::string("flip")) {
            flip_bit(file, -2);
            problem = "damaged (checksum mismatch)";
        } else if (damage == std::string("truncate")) {
            const std::uintmax_t size = truncate_by(file, 10);
            problem = "damaged (truncated: " + std::to_string(size - 10) + " of " + std::to_string(size) + " bytes)";
        } else {
            fs::remove(file);
            problem = "missing";
        }
        const Result r = run_geosim("sweep '" + scenario.string() + "' --quiet --resume '" + out.string() + "'");
        INFO(damage << "\n" << r.err);
        REQUIRE(r.code == 0);
        REQUIRE(r.err == "geosim sweep: the sweep journal file '" + file.string() + "' is " + problem +
                             "; computing block 0 (runs 0-15) again\n");
        require_same_outputs(tmp / "whole", out);
        REQUIRE(!fs::exists(partial));
    }
}

TEST_CASE("sweep --resume: a journal another process holds exits 2 naming its folder", "[cli][sweep][resume][journal]") {
    TempDir tmp;
    const fs::path scenario = sweep_copy(tmp);
    const fs::path out = tmp / "cut";
    interrupt_sweep(scenario, out);
    const fs::path partial = tmp / "cut.partial";
    // Another process resuming the sweep holds the journal's lock as long as it runs: here the
    // test holds it, as that process would.
    const int fd = ::open((partial / "journal" / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    const std::string resume = "sweep '" + scenario.string() + "' --quiet --resume '" + out.string() + "'";
    const Result second = run_geosim(resume);
    REQUIRE(second.code == 2);
    REQUIRE(second.err == "geosim sweep: '" + partial.string() +
                              "' is in use by another geosim sweep (its journal is locked); wait for that one to end\n");
    REQUIRE(fs::exists(partial / "journal" / "state.bin"));
    REQUIRE(!fs::exists(out));
    ::close(fd);
    const Result after = run_geosim(resume);
    INFO(after.err);
    REQUIRE(after.code == 0);
    REQUIRE(fs::exists(out / "runs.csv"));
}

TEST_CASE("sweep: bad input exits 2 and writes nothing", "[cli][sweep][errors]") {
    TempDir tmp;
    const fs::path good = sweep_copy(tmp);
    const std::string base = slurp(good);
    int variants = 0;
    auto variant = [&](const std::string& from, const std::string& to) {
        std::string text = base;
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
        return tmp.write("bad" + std::to_string(variants++) + ".yaml", text).string();
    };
    struct Case {
        std::string args;
        std::string message;
    };
    const std::string out = " --out '" + (tmp / "out").string() + "'";
    const std::vector<Case> cases = {
        {"sweep", "geosim sweep: expected one scenario file"},
        {std::string("sweep ") + kScenario + " --design latin", "geosim sweep: --design must be mc, lhs, grid or sobol, got 'latin'"},
        {std::string("sweep ") + kScenario + " --runs 0", "geosim sweep: --runs must be between 1 and 1000000, got 0"},
        {std::string("sweep ") + kScenario + " --design lhs",
         ":16:27: sweep.parameters.alignment.adjustment: the lhs design needs {uniform: [lo, hi]}, got normal(0.2, 0.05)"},
        {std::string("sweep ") + kScenario + " --resume '" + (tmp / "none").string() + "'",
         "geosim sweep: no interrupted sweep to resume: '" + (tmp / "none.partial").string() + "' does not exist"},
        {"sweep " + variant("gdp(KOR)", "gdp(KOREA)"), ": sweep.outcomes[1]: this world records no value gdp(KOREA)"},
        {"sweep " + variant("gdp(KOR)", "gpd(KOR)"), ": sweep.outcomes[1]: unknown indicator 'gpd' (did you mean 'gdp'?)"},
        {"sweep " + variant("trade.theta: {uniform: [3, 7]}", "trade.theta: {uniform: [3, 70]}"),
         ":15:32: sweep.parameters.trade.theta.uniform[1]: value 70 is out of range [0.5, 20]"},
        {"sweep " + variant("design: mc", "design: latin"), ":13:11: sweep.design: unknown design 'latin', expected mc, lhs, grid or sobol"},
        {"sweep " + variant("  runs: 24", "  summary: [gdp, trsut]\n  runs: 24"),
         ":12:18: sweep.summary[1]: unknown indicator 'trsut' (did you mean 'trust'?)"},
        {"sweep " + variant("  runs: 24", "  summary: [gdp, alignment, gdp]\n  runs: 24"),
         ":12:29: sweep.summary[2]: indicator 'gdp' is listed twice"},
        {"sweep " + variant("  runs: 24", "  summary: every\n  runs: 24"),
         ":12:12: sweep.summary: expected `all` or a list of indicator names"},
    };
    for (const Case& c : cases) {
        // --resume names its own output folder.
        const bool resume = c.args.find("--resume") != std::string::npos;
        const Result r = run_geosim(c.args + (resume ? "" : out));
        INFO(c.args << "\n" << r.err);
        REQUIRE(r.code == 2);
        REQUIRE(r.err.find(c.message + "\n") != std::string::npos);
        REQUIRE(!fs::exists(tmp / "out"));
        REQUIRE(!fs::exists(tmp / "out.partial"));
    }
}

TEST_CASE("sweep: summary.csv covers the indicators sweep.summary names", "[cli][sweep][summary]") {
    TempDir tmp;
    const fs::path scenario = sweep_copy(tmp);
    const std::string base = slurp(scenario);
    auto sweep = [&](const std::string& name, const std::string& summary) {
        const fs::path file = tmp.write(name + ".yaml", summary.empty() ? base : base + "  summary: " + summary + "\n");
        const Result r = run_geosim("sweep '" + file.string() + "' --quiet --threads 2 --out '" + (tmp / name).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        return std::make_pair(slurp(tmp / name / "summary.csv"), slurp(tmp / name / "runs.csv"));
    };
    auto lines_of = [](const std::string& csv, const std::string& indicator) {
        std::size_t count = 0;
        for (std::size_t at = csv.find("," + indicator + ","); at != std::string::npos;
             at = csv.find("," + indicator + ",", at + 1))
            ++count;
        return count;
    };
    const auto [by_default, runs_default] = sweep("default", "");
    const auto [gdp_only, runs_gdp] = sweep("gdp", "[gdp, trust]");
    const auto [every, runs_every] = sweep("all", "all");

    // The tiny world: 5 agents, one zone (PHL-CHN), one bloc (PHL) with 4 partners; 9 steps.
    // Default per step: 10 agent indicators x 5 (stated_alignment the tenth) + credibility 1 +
    // tension 1 + 3 zone indicators + 2 bloc indicators + 3 bloc-partner indicators x 4 = 69 rows.
    REQUIRE(std::count(by_default.begin(), by_default.end(), '\n') == 1 + 69 * 9);
    REQUIRE(lines_of(by_default, "stated_alignment") == 5 * 9);
    REQUIRE(lines_of(by_default, "gdp") == 5 * 9);
    REQUIRE(lines_of(by_default, "tension") == 9);
    REQUIRE(lines_of(by_default, "bloc_fdi_share") == 4 * 9);
    for (const char* pair : {"trade", "trade_share", "fdi_flow", "fdi_stock", "official_finance", "tie_level", "trust", "threat",
                             "visitors", "tourism_receipts", "sector_trade", "sector_exports", "sector_imports",
                             "bloc_sector_trade_share", "supply_loss"})
        REQUIRE(lines_of(by_default, pair) == 0);
    // `all` adds the 10 agent-by-agent indicators, 5 x 4 ordered pairs each, supply_loss (5) and
    // those by goods group (the tiny world has one, `goods`): sector_exports and sector_imports
    // 5 each, sector_trade 20, bloc_sector_trade_share 4.
    REQUIRE(std::count(every.begin(), every.end(), '\n') == 1 + (69 + 10 * 20 + 5 + 2 * 5 + 20 + 4) * 9);
    REQUIRE(lines_of(every, "trust") == 20 * 9);
    // A list gives those rows only, in the usual order, with the same figures.
    REQUIRE(std::count(gdp_only.begin(), gdp_only.end(), '\n') == 1 + (5 + 20) * 9);
    std::string gdp_rows, every_gdp_rows;
    for (const auto* text : {&gdp_only, &every}) {
        std::istringstream in(*text);
        std::string line;
        while (std::getline(in, line))
            if (line.find(",gdp,") != std::string::npos || line.find(",trust,") != std::string::npos)
                (text == &gdp_only ? gdp_rows : every_gdp_rows) += line + "\n";
    }
    REQUIRE(gdp_rows.size() > 0);
    REQUIRE(gdp_rows == every_gdp_rows);
    // runs.csv reports every outcome whatever is summarised, trade(CHN, USA) included.
    REQUIRE(runs_default == runs_gdp);
    REQUIRE(runs_default == runs_every);
}

namespace {

// The text of a manifest's `"key": {...}` object, or of its `"key": value` line.
std::string json_field(const std::string& manifest, const std::string& key) {
    const auto at = manifest.find("\"" + key + "\": ");
    REQUIRE(at != std::string::npos);
    const auto start = at + key.size() + 4;
    const auto end = manifest[start] == '{' ? manifest.find('}', start) + 1 : manifest.find_first_of(",\n", start);
    return manifest.substr(start, end - start);
}

// A CSV's lines without their first field (`run`, which names the run id, not its streams).
std::string without_run(const std::string& csv) {
    std::istringstream in(csv);
    std::string line, out;
    while (std::getline(in, line)) out += line.substr(line.find(',') + 1) + "\n";
    return out;
}

}  // namespace

TEST_CASE("sweep --design sobol: the representative run replays with its base point's random numbers",
          "[cli][sweep][sobol]") {
    TempDir tmp;
    // One sampled parameter (3 runs per base point) and a shock argument drawn per run.
    std::string text = slurp(sweep_copy(tmp));
    const auto cut = text.find("shocks:");
    REQUIRE(cut != std::string::npos);
    text = text.substr(0, cut) +
           "shocks:\n"
           "  - {name: levy, kind: sanctions, at: 2025Q3, duration: 2, sender: CHN, target: KOR,\n"
           "     imports_blocked: {uniform: [0.1, 0.5]}}\n"
           "sweep:\n"
           "  design: sobol\n"
           "  parameters:\n"
           "    trade.theta: {uniform: [3, 7]}\n"
           "  outcomes: [\"alignment(PHL)\", \"asean_alignment(ASEAN)\"]\n";  // the second chooses the representative
    const fs::path scenario = tmp.write("draws.yaml", text);
    const Result sweep = run_geosim("sweep '" + scenario.string() + "' --runs 30 --quiet --out '" + (tmp / "s").string() + "'");
    INFO(sweep.err);
    REQUIRE(sweep.code == 0);
    const std::string rep = slurp(tmp / "s" / "representative-run" / "manifest.json");
    const long run = std::stol(json_field(rep, "run_id"));
    const long point = run / 3;  // k + 2 = 3 runs per base point
    REQUIRE(json_field(rep, "point") == std::to_string(point));
    // The representative is not a run of matrix A at point 0, so the check below can tell
    // the base point's draws from the run id's.
    REQUIRE(run != point);

    // `geosim run --run-id POINT` with the run's parameter value replays it exactly.
    const std::string theta = json_field(rep, "parameters");
    const auto t = theta.find("\"trade.theta\": ");
    REQUIRE(t != std::string::npos);
    const std::string value = theta.substr(t + 15, theta.find_first_of(",\n}", t + 15) - (t + 15));
    std::string replay = text;
    replay.replace(replay.find("seed: 11"), 8, "seed: 11\nparameters: {trade.theta: " + value + "}");
    const fs::path replay_file = tmp.write("replay.yaml", replay);
    for (const long id : {point, run}) {
        const Result r = run_geosim("run '" + replay_file.string() + "' --run-id " + std::to_string(id) + " --quiet --out '" +
                                    (tmp / ("r" + std::to_string(id))).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    const std::string by_point = slurp(tmp / ("r" + std::to_string(point)) / "manifest.json");
    const std::string by_run = slurp(tmp / ("r" + std::to_string(run)) / "manifest.json");
    REQUIRE(json_field(rep, "draws").find("\"levy.imports_blocked\": ") != std::string::npos);
    CHECK(json_field(rep, "draws") == json_field(by_point, "draws"));
    CHECK(json_field(rep, "draws") != json_field(by_run, "draws"));
    for (const char* file : {"events.csv", "series.csv"})
        CHECK(without_run(slurp(tmp / "s" / "representative-run" / file)) ==
              without_run(slurp(tmp / ("r" + std::to_string(point)) / file)));
}

namespace {

// The header of a runs.csv, as its fields.
std::vector<std::string> header_of(const fs::path& runs_csv) {
    return csv_fields(lines_of_text(slurp(runs_csv)).at(0));
}

// "run,seed", then `middle`, then "shocks,error".
std::vector<std::string> runs_header(const std::vector<std::string>& middle) {
    std::vector<std::string> h = {"run", "seed"};
    h.insert(h.end(), middle.begin(), middle.end());
    h.insert(h.end(), {"shocks", "error"});
    return h;
}

}  // namespace

TEST_CASE("sweep: a scenario without a sweep section reports the default outcomes, each its replay's last quarter",
          "[cli][sweep][outcomes]") {
    TempDir tmp;
    const std::string scenario = "scenarios/tariffs_coercion_incidents.yaml";
    REQUIRE(slurp(fs::path(GEOSIM_SOURCE_DIR) / scenario).find("\nsweep:") == std::string::npos);
    const Result sweep = run_geosim("sweep " + scenario + " --runs 4 --threads 2 --quiet --out '" + (tmp / "s").string() + "'");
    INFO(sweep.err);
    REQUIRE(sweep.code == 0);

    // The documented order: asean_alignment of each bloc, alignment of each agent, zone_tension
    // of each disputed zone, each in the default world's order.
    std::vector<std::string> outcomes = {"asean_alignment(ASEAN)"};
    for (const char* agent : {"BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS", "JPN",
                              "KOR", "TWN", "USA", "CHN", "EUR", "ROW"})
        outcomes.push_back(std::string("alignment(") + agent + ")");
    for (const char* zone : {"scarborough", "second_thomas", "paracels", "spratlys", "natunas", "luconia", "senkaku", "dokdo"})
        outcomes.push_back(std::string("zone_tension(") + zone + ")");
    // The scenario's sanctions draw two of their shares per run: their columns come first.
    const std::vector<std::string> drawn = {"banana_sanctions.imports_blocked", "banana_sanctions.tourism_cut"};
    std::vector<std::string> middle = drawn;
    middle.insert(middle.end(), outcomes.begin(), outcomes.end());
    const std::vector<std::string> header = header_of(tmp / "s" / "runs.csv");
    REQUIRE(header == runs_header(middle));
    REQUIRE(slurp(tmp / "s" / "manifest.json").find("\"zone_tension(dokdo)\"") != std::string::npos);

    // Run 2 replayed on its own (no sampled parameters: run --run-id 2 is the sweep's run 2):
    // every outcome cell is, as text, its row of series.csv at the last quarter (step 40).
    const Result replay = run_geosim("run " + scenario + " --run-id 2 --quiet --out '" + (tmp / "r2").string() + "'");
    INFO(replay.err);
    REQUIRE(replay.code == 0);
    const std::vector<std::string> row = csv_fields(lines_of_text(slurp(tmp / "s" / "runs.csv")).at(3));
    REQUIRE(row.at(0) == "2");
    REQUIRE(row.back().empty());
    const std::vector<std::string> series = lines_of_text(slurp(tmp / "r2" / "series.csv"));
    for (std::size_t c = 2 + drawn.size(); c < 2 + drawn.size() + outcomes.size(); ++c) {
        const std::string& label = header[c];
        const std::string indicator = label.substr(0, label.find('('));
        const std::string id = label.substr(label.find('(') + 1, label.size() - label.find('(') - 2);
        const std::string prefix = "2,40,2035Q1," + indicator + "," + id + ",,,";
        const auto at = std::find_if(series.begin(), series.end(),
                                     [&](const std::string& line) { return line.rfind(prefix, 0) == 0; });
        INFO(label);
        REQUIRE(at != series.end());
        CHECK(at->substr(prefix.size()) == row[c]);
    }
    // With the default outcomes the representative run is chosen by asean_alignment(ASEAN).
    CHECK(representative_run_of(tmp / "s") == median_run_of(slurp(tmp / "s" / "runs.csv"), "asean_alignment(ASEAN)"));
}

TEST_CASE("sweep: sweep.outcomes given gives exactly its columns, `outcomes: []` none, absent the default",
          "[cli][sweep][outcomes]") {
    TempDir tmp;
    const std::string base = slurp(sweep_copy(tmp));
    const std::string line = "  outcomes: [\"alignment(PHL)\", \"gdp(KOR)\", \"asean_alignment(ASEAN)\", \"trade(CHN, USA)\"]\n";
    const auto at = base.find(line);
    REQUIRE(at != std::string::npos);
    auto sweep = [&](const std::string& name, const std::string& outcomes) {
        std::string text = base;
        text.replace(at, line.size(), outcomes);
        const fs::path file = tmp.write(name + ".yaml", text);
        const Result r = run_geosim("sweep '" + file.string() + "' --quiet --threads 2 --out '" + (tmp / name).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        return tmp / name;
    };
    const std::vector<std::string> params = {"trade.theta", "alignment.adjustment", "ties.cooldown"};
    auto with_params = [&](const std::vector<std::string>& outcomes) {
        std::vector<std::string> middle = params;
        middle.insert(middle.end(), outcomes.begin(), outcomes.end());
        return runs_header(middle);
    };

    // Explicit: those columns in that order; the representative run follows the ASEAN column
    // wherever it stands.
    const fs::path some = sweep("some", "  outcomes: [\"zone_tension(scarborough)\", \"asean_alignment(ASEAN)\"]\n");
    REQUIRE(header_of(some / "runs.csv") == with_params({"zone_tension(scarborough)", "asean_alignment(ASEAN)"}));
    CHECK(representative_run_of(some) == median_run_of(slurp(some / "runs.csv"), "asean_alignment(ASEAN)"));

    // An empty list: no outcome columns, and nothing to choose the representative by: run 0.
    const fs::path none = sweep("none", "  outcomes: []\n");
    REQUIRE(header_of(none / "runs.csv") == with_params({}));
    REQUIRE(slurp(none / "manifest.json").find("\"outcomes\": [],") != std::string::npos);
    CHECK(representative_run_of(none) == 0);

    // A sweep section without `outcomes`: the default ones of the tiny world.
    const fs::path absent = sweep("absent", "");
    REQUIRE(header_of(absent / "runs.csv") ==
            with_params({"asean_alignment(ASEAN)", "alignment(USA)", "alignment(CHN)", "alignment(KOR)", "alignment(PHL)",
                         "alignment(ROW)", "zone_tension(scarborough)"}));
    const long expected = median_run_of(slurp(absent / "runs.csv"), "asean_alignment(ASEAN)");
    CHECK(representative_run_of(absent) == expected);
    // The same runs as with the explicit list: the same representative.
    CHECK(representative_run_of(some) == expected);
}

namespace {

// The value of "key": NUMBER in a manifest's text, as a double.
double manifest_number(const std::string& manifest, const std::string& key) {
    const auto at = manifest.find("\"" + key + "\": ");
    REQUIRE(at != std::string::npos);
    return std::stod(manifest.substr(at + key.size() + 4));
}

}  // namespace

TEST_CASE("sweep: each shock argument drawn per run is a runs.csv column, the value the run drew",
          "[cli][sweep][draws]") {
    TempDir tmp;
    std::string text = slurp(sweep_copy(tmp));
    const std::string standoff = "  - {name: standoff, kind: maritime_incident, hazard: 0.15, zone: scarborough, rung: 3}\n";
    const auto at = text.find(standoff);
    REQUIRE(at != std::string::npos);
    // A drawn hazard, a drawn share and a fixed one (which is not a column).
    text.replace(at, standoff.size(),
                 "  - {name: standoff, kind: maritime_incident, hazard: {uniform: [0.05, 0.25]}, zone: scarborough, rung: 3}\n"
                 "  - {name: levy, kind: sanctions, at: 2025Q3, duration: 2, sender: CHN, target: KOR,\n"
                 "     imports_blocked: {uniform: [0.1, 0.5]}, tourism_cut: 0.3}\n");
    const fs::path scenario = tmp.write("draws.yaml", text);
    const std::string sweep = "sweep '" + scenario.string() + "' --runs 40 --block-size 8 --quiet";
    for (const char* threads : {"1", "3"}) {
        const Result r = run_geosim(sweep + " --threads " + threads + " --out '" + (tmp / threads).string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    // The same bytes at any number of threads, and from shards merged.
    for (const char* shard : {"0/2", "1/2"}) {
        const Result r = run_geosim(sweep + " --threads 2 --shard " + shard + " --out '" + (tmp / "shards").string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
    }
    const Result merged = run_geosim("merge '" + (tmp / "shards").string() + "' --quiet --out '" + (tmp / "merged").string() + "'");
    INFO(merged.err);
    REQUIRE(merged.code == 0);
    require_same_outputs(tmp / "1", tmp / "3");
    require_same_outputs(tmp / "1", tmp / "merged");

    const std::string runs = slurp(tmp / "1" / "runs.csv");
    REQUIRE(header_of(tmp / "1" / "runs.csv") ==
            runs_header({"trade.theta", "alignment.adjustment", "ties.cooldown", "standoff.hazard", "levy.imports_blocked",
                         "alignment(PHL)", "gdp(KOR)", "asean_alignment(ASEAN)", "trade(CHN, USA)"}));
    const std::string manifest = slurp(tmp / "1" / "manifest.json");
    REQUIRE(manifest.find("\"drawn\": {\n    \"standoff.hazard\": \"uniform(0.05, 0.25)\",\n"
                          "    \"levy.imports_blocked\": \"uniform(0.1, 0.5)\"\n  },\n") != std::string::npos);

    // Each cell is the value the run drew: the draws its replay's manifest.json records
    // (geosim run --run-id R draws from run R's streams whatever the parameters), within the
    // distribution's bounds, and different from run to run.
    const std::vector<std::string> lines = lines_of_text(runs);
    REQUIRE(lines.size() == 41);
    std::vector<double> hazards;
    for (std::size_t r = 1; r < lines.size(); ++r) {
        const std::vector<std::string> row = csv_fields(lines[r]);
        const double hazard = std::stod(row.at(5)), blocked = std::stod(row.at(6));
        CHECK(hazard >= 0.05);
        CHECK(hazard <= 0.25);
        CHECK(blocked >= 0.1);
        CHECK(blocked <= 0.5);
        hazards.push_back(hazard);
    }
    std::sort(hazards.begin(), hazards.end());
    CHECK(std::adjacent_find(hazards.begin(), hazards.end()) == hazards.end());
    for (const int run : {0, 17, 39}) {
        const fs::path replay = tmp / ("r" + std::to_string(run));
        const Result r = run_geosim("run '" + scenario.string() + "' --run-id " + std::to_string(run) + " --quiet --out '" +
                                    replay.string() + "'");
        INFO(r.err);
        REQUIRE(r.code == 0);
        const std::string m = slurp(replay / "manifest.json");
        const std::vector<std::string> row = csv_fields(lines.at(static_cast<std::size_t>(run) + 1));
        REQUIRE(row.at(0) == std::to_string(run));
        CHECK(std::stod(row.at(5)) == manifest_number(m, "standoff.hazard"));
        CHECK(std::stod(row.at(6)) == manifest_number(m, "levy.imports_blocked"));
    }

    // A sobol design: the runs of one base point share their random numbers, so their draws.
    const Result sobol = run_geosim("sweep '" + scenario.string() + "' --design sobol --runs 30 --quiet --out '" +
                                    (tmp / "sobol").string() + "'");
    INFO(sobol.err);
    REQUIRE(sobol.code == 0);
    const std::vector<std::string> srows = lines_of_text(slurp(tmp / "sobol" / "runs.csv"));
    REQUIRE(csv_fields(srows.at(0)).at(7) == "standoff.hazard");
    REQUIRE(srows.size() == 31);
    for (std::size_t r = 1; r < srows.size(); ++r) {
        const std::vector<std::string> row = csv_fields(srows[r]), first = csv_fields(srows[(r - 1) / 5 * 5 + 1]);
        CHECK(row.at(7) == first.at(7));
        CHECK(row.at(8) == first.at(8));
    }
    CHECK(csv_fields(srows.at(1)).at(7) != csv_fields(srows.at(6)).at(7));
}

TEST_CASE("sweep: two drawn arguments of one name get columns of their own", "[cli][sweep][draws]") {
    TempDir tmp;
    std::string text = slurp(sweep_copy(tmp));
    const std::string standoff = "  - {name: standoff, kind: maritime_incident, hazard: 0.15, zone: scarborough, rung: 3}\n";
    const auto at = text.find(standoff);
    REQUIRE(at != std::string::npos);
    // A kind whose two tariffs are each drawn: both arguments are named `tariff`.
    text.replace(at, standoff.size(), "  - {name: spat, kind: two_tariffs, at: 2025Q3}\n");
    text.replace(text.find("shocks:"), 7,
                 "kinds:\n"
                 "  two_tariffs:\n"
                 "    args: []\n"
                 "    effects:\n"
                 "      - {relation: tariff, by: USA, on: CHN, add: {uniform: [0.1, 0.2]}}\n"
                 "      - {relation: tariff, by: CHN, on: USA, add: {uniform: [0.3, 0.4]}}\n"
                 "shocks:");
    const fs::path scenario = tmp.write("twice.yaml", text);
    const Result r = run_geosim("sweep '" + scenario.string() + "' --runs 4 --quiet --out '" + (tmp / "s").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    const std::vector<std::string> header = header_of(tmp / "s" / "runs.csv");
    REQUIRE(header.at(5) == "spat.tariff");
    REQUIRE(header.at(6) == "spat.tariff_2");
    // The second column holds the second draw: within its own distribution's bounds.
    for (const std::string& line : lines_of_text(slurp(tmp / "s" / "runs.csv"))) {
        if (line.rfind("run,", 0) == 0) continue;
        const std::vector<std::string> row = csv_fields(line);
        CHECK(std::stod(row.at(5)) <= 0.2);
        CHECK(std::stod(row.at(6)) >= 0.3);
    }
    CHECK(slurp(tmp / "s" / "manifest.json").find("\"spat.tariff_2\": \"uniform(0.3, 0.4)\"") != std::string::npos);
}
