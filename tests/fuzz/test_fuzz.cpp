// A seeded mutation fuzzer over the readers of untrusted input: the YAML layer (scenarios and
// world files, through load and compile), the condition language (a shock's `when:` and
// `analyze --prim`'s conditions on columns) and the sweep's binary and text files (block files,
// the journal, the sweep identity). Each target starts from a corpus of valid inputs
// (tests/fuzz/corpus/; the binary seeds are encoded by the test itself, so that they always
// follow the current format), mutates them deterministically from a fixed seed (bit flips,
// truncations, deletions, duplications, splices of two inputs, inserted tokens, numbers
// replaced by edge values) and requires every input to end in success or in the error the
// reader documents: a located InputError for YAML and conditions, condition::SyntaxError for
// column conditions, std::runtime_error (SealBroken, IoError, a malformed block) for the binary
// and journal files. Anything else (another exception, a crash, a hang) fails the test, which
// prints the input and how to replay it.
//
// The iteration counts keep the whole set to 15-30 s in CI. For a longer run:
//   GEOSIM_FUZZ_SECONDS=600 build/release/tests/geosim_tests "[fuzz]"
// runs each target for that many seconds; GEOSIM_FUZZ_SEED=N changes the seed (default 1).
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "analysis/sweep_stats.hpp"
#include "engine/core/error.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/input/input.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "engine/shocks/column_condition.hpp"
#include "engine/shocks/condition.hpp"
#include "outputs/sealed.hpp"
#include "outputs/sweep_blocks.hpp"
#include "outputs/sweep_journal.hpp"
#include "tests/cli/cli_harness.hpp"

using namespace geosim;
using geosim::test::slurp;
using geosim::test::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = GEOSIM_SOURCE_DIR;
const fs::path kCorpus = kSource / "tests" / "fuzz" / "corpus";

std::uint64_t fuzz_seed() {
    const char* s = std::getenv("GEOSIM_FUZZ_SEED");
    return s ? std::strtoull(s, nullptr, 10) : 1;
}

// Seconds per target when GEOSIM_FUZZ_SECONDS is set, else 0 (run the fixed count).
double fuzz_seconds() {
    const char* s = std::getenv("GEOSIM_FUZZ_SECONDS");
    return s ? std::strtod(s, nullptr) : 0;
}

// Tokens that mean something to the readers, inserted whole.
const std::vector<std::string> kTokens = {
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!!binary ", "\"", "'", "\n", "\n  ", "\t",
    "#", "? ", "|", ">", "---\n", "...\n", "%YAML 1.2\n", "<<: *a", "~", "null", "true", "1e309", "-0", ".nan",
    ".inf", "-.inf", "0x10", "0o7", "1_000", "18446744073709551616", "-9223372036854775809", "2025Q1", "9999Q9",
    "2025Q0", "0Q1", "USA", "CHN", "PHL", "KOR", "ROW", "ASEAN", "scarborough", "luzon_strait", "$donor",
    "uniform: [", "normal: [0, -1]", "choice: []", "hazard: ", "when: ", "after: ", "every: 0", "kind: ",
    "name: ", "shocks", "(", ")", "((((((((((", "))))))))))", " and ", " or ", "not ", "<", "<=", ">", ">=", "==",
    "!=", "+", "*", "/", "1/0", "tension(", "alignment(", "quarter()", "incidents(all)", "\xff", "\xc3\x28",
    std::string(1, '\0'), "\r\n", "\xef\xbb\xbf"};

const std::vector<std::string> kNumbers = {"0", "-1", "1e308", "-1e308", "1e-320", "nan", "inf", "4294967296",
                                           "18446744073709551615", "9007199254740993", "0.5", "400", "401"};

// Deterministic mutations: the same (seed, input) always gives the same output.
class Mutator {
public:
    explicit Mutator(std::uint64_t seed) : rng_(seed) {}

    std::uint64_t below(std::uint64_t n) { return n == 0 ? 0 : rng_() % n; }

    std::string mutate(std::string text, const std::vector<std::string>& corpus) {
        const std::uint64_t rounds = 1 + below(4);
        for (std::uint64_t r = 0; r < rounds; ++r) {
            const std::size_t at = below(text.size() + 1);
            switch (below(9)) {
            case 0:  // flip a bit
                if (!text.empty()) text[below(text.size())] ^= static_cast<char>(1u << below(8));
                break;
            case 1:  // truncate
                text.resize(at);
                break;
            case 2: {  // delete a range
                const std::size_t n = std::min<std::size_t>(below(64) + 1, text.size() - std::min(at, text.size()));
                text.erase(std::min(at, text.size()), n);
                break;
            }
            case 3: {  // duplicate a range
                const std::size_t n = std::min<std::size_t>(below(128) + 1, text.size() - std::min(at, text.size()));
                text.insert(at, text.substr(std::min(at, text.size()), n));
                break;
            }
            case 4: {  // splice: this input's head, another's tail
                const std::string& other = corpus[below(corpus.size())];
                text = text.substr(0, at) + other.substr(below(other.size() + 1));
                break;
            }
            case 5:
            case 6:  // insert a token
                text.insert(at, kTokens[below(kTokens.size())]);
                break;
            case 7: {  // replace a number by an edge value
                const std::size_t digit = text.find_first_of("0123456789", at);
                if (digit == std::string::npos) break;
                const std::size_t end = text.find_first_not_of("0123456789.eE+-", digit);
                text.replace(digit, (end == std::string::npos ? text.size() : end) - digit,
                             kNumbers[below(kNumbers.size())]);
                break;
            }
            default:  // overwrite a byte
                if (!text.empty()) text[below(text.size())] = static_cast<char>(below(256));
                break;
            }
        }
        return text;
    }

private:
    std::mt19937_64 rng_;
};

std::vector<std::string> files_in(const fs::path& folder) {
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(folder)) paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> out;
    for (const auto& p : paths) out.push_back(slurp(p));
    return out;
}

std::vector<std::string> lines_of(const fs::path& file) {
    std::vector<std::string> out;
    std::istringstream in(slurp(file));
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

// An input as a C string literal, to replay it.
std::string escaped(const std::string& bytes) {
    std::string out = "\"";
    for (unsigned char c : bytes) {
        char buf[8];
        if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
        else if (c == '\n') out += "\\n";
        else if (c >= 32 && c < 127) out += static_cast<char>(c);
        else std::snprintf(buf, sizeof buf, "\\x%02x\"\"", c), out += buf;
    }
    return out + "\"";
}

enum class Verdict { Accepted, Refused };

struct Tally {
    std::uint64_t inputs = 0, accepted = 0, refused = 0;
    double slowest = 0;
};

// Runs `target` on the corpus and its mutations: the fixed `iterations`, or for
// GEOSIM_FUZZ_SECONDS. `target` returns Accepted or Refused (the documented error) and lets any
// other exception out, which fails the test with the input.
Tally fuzz(const char* name, const std::vector<std::string>& corpus, std::uint64_t iterations,
           const std::function<Verdict(const std::string&)>& target) {
    REQUIRE_FALSE(corpus.empty());
    Tally tally;
    const std::uint64_t seed = fuzz_seed();
    Mutator mutator(seed);
    const double seconds = fuzz_seconds();
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    // The corpus itself must be accepted, so that the mutations start from valid inputs.
    for (std::size_t i = 0; i < corpus.size(); ++i) {
        INFO(name << ": corpus input " << i << " is not accepted: " << escaped(corpus[i]));
        REQUIRE(target(corpus[i]) == Verdict::Accepted);
    }
    for (std::uint64_t i = 0; seconds > 0 ? elapsed() < seconds : i < iterations; ++i) {
        const std::string input = mutator.mutate(corpus[mutator.below(corpus.size())], corpus);
        const auto t0 = std::chrono::steady_clock::now();
        Verdict outcome = Verdict::Refused;
        try {
            INFO(name << ": input " << i << " (GEOSIM_FUZZ_SEED=" << seed << "): " << escaped(input));
            outcome = target(input);
        } catch (const Catch::TestFailureException&) {
            throw;  // a check inside the target failed; Catch has the input
        } catch (const std::exception& e) {
            FAIL(name << ": input " << i << " (GEOSIM_FUZZ_SEED=" << seed << ") threw " << typeid(e).name() << ": "
                      << e.what() << "\ninput: " << escaped(input));
        } catch (...) {
            FAIL(name << ": input " << i << " (GEOSIM_FUZZ_SEED=" << seed << ") threw a non-standard exception\ninput: "
                      << escaped(input));
        }
        const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        tally.slowest = std::max(tally.slowest, took);
        // A hang or a blow-up: each input takes milliseconds; 30 s is far beyond any load.
        INFO(name << ": input " << i << " took " << took << " s: " << escaped(input));
        REQUIRE(took < 30);
        ++tally.inputs;
        (outcome == Verdict::Accepted ? tally.accepted : tally.refused) += 1;
    }
    std::printf("fuzz %s: %llu inputs in %.1f s (seed %llu): %llu accepted, %llu refused with the documented error; "
                "slowest %.3f s\n",
                name, static_cast<unsigned long long>(tally.inputs), elapsed(), static_cast<unsigned long long>(seed),
                static_cast<unsigned long long>(tally.accepted), static_cast<unsigned long long>(tally.refused),
                tally.slowest);
    std::fflush(stdout);
    return tally;
}

// An InputError must say where: its what() starts with the file it names (and, but for
// problems of a whole file, the line and column).
Verdict located(const InputError& e) {
    INFO(e.what());
    REQUIRE(!e.where().file.empty());
    REQUIRE(std::string(e.what()).rfind(e.where().file, 0) == 0);
    REQUIRE(!e.message().empty());
    return Verdict::Refused;
}

}  // namespace

TEST_CASE("fuzz: the guarded YAML reader gives a tree or a located error", "[fuzz]") {
    std::vector<std::string> corpus = files_in(kCorpus / "scenario");
    for (const char* f : {"tests/data/tiny_world.yaml", "scenarios/world/ties.yaml", "scenarios/world/zones.yaml",
                          "scenarios/scs_incidents.yaml", "scenarios/us_tariffs_2025.yaml"})
        corpus.push_back(slurp(kSource / f));
    fuzz("yaml", corpus, 6000, [](const std::string& text) {
        try {
            load_yaml_text(text, "fuzz.yaml");
            return Verdict::Accepted;
        } catch (const InputError& e) {
            return located(e);
        }
    });
}

TEST_CASE("fuzz: scenarios load and compile or give a located error", "[fuzz]") {
    const std::vector<std::string> corpus = files_in(kCorpus / "scenario");
    fuzz("scenario", corpus, 900, [](const std::string& text) {
        try {
            const ScenarioSpec spec = load_scenario_text(text, "fuzz.yaml", kSource.string());
            compile(spec);
            return Verdict::Accepted;
        } catch (const InputError& e) {
            return located(e);
        }
    });
}

TEST_CASE("fuzz: a damaged world file compiles or gives a located error", "[fuzz]") {
    // The four-economy world in a folder of its own, with the parameter files it includes, so
    // that the world file itself can be mutated.
    TempDir dir;
    fs::create_directories(dir / "tests/data");
    fs::create_directories(dir / "scenarios/world");
    for (const auto& e : fs::directory_iterator(kSource / "scenarios/world"))
        if (e.path().filename().string().rfind("params_", 0) == 0)
            fs::copy_file(e.path(), dir.path() / "scenarios/world" / e.path().filename());
    const fs::path world = dir / "tests/data/tiny_world.yaml";
    const fs::path scenario = dir.write("tests/data/s.yaml", slurp(kSource / "tests/data/tiny.yaml"));
    fuzz("world", {slurp(kSource / "tests/data/tiny_world.yaml")}, 500, [&](const std::string& text) {
        std::ofstream(world, std::ios::binary | std::ios::trunc) << text;
        try {
            compile(load_scenario(scenario.string()));
            return Verdict::Accepted;
        } catch (const InputError& e) {
            return located(e);
        }
    });
}

namespace {

// Every state of a run of the four-economy world, for evaluating the conditions that parse.
struct States : Observer {
    std::vector<State> all;
    void observe(const World&, const State& s) override { all.push_back(s); }
};

}  // namespace

TEST_CASE("fuzz: a shock's condition parses and evaluates, or gives a located error", "[fuzz]") {
    const World world = compile(load_scenario((kSource / "tests/data/tiny.yaml").string()));
    States states;
    run(world, RunPlan{0, 7}, states);
    REQUIRE(states.all.size() > 2);
    fuzz("condition", lines_of(kCorpus / "condition.txt"), 40000, [&](const std::string& text) {
        // As a scenario's `when:` holds it: a scalar at line 3, column 11 of fuzz.yaml.
        YAML::Node node(text);
        const InputNode in(node, std::make_shared<const std::string>("fuzz.yaml"), "shocks[0].when");
        try {
            const Condition c = Condition::parse(in, world);
            for (const State& s : states.all) c.holds(world, s);
            return Verdict::Accepted;
        } catch (const InputError& e) {
            return located(e);
        }
    });
}

TEST_CASE("fuzz: a condition on runs.csv columns parses and evaluates, or gives a syntax error", "[fuzz]") {
    const std::vector<std::string> columns = {"alignment(PHL)", "trade.theta", "gdp(KOR)", "standoff.rung"};
    const std::vector<std::vector<double>> rows = {
        {0.1, 4.5, 1800, 3}, {-0.3, 3, 0, 0}, {NAN, INFINITY, -INFINITY, 1e308}, {0, 0, 0, 0}};
    fuzz("column condition", lines_of(kCorpus / "column_condition.txt"), 40000, [&](const std::string& text) {
        try {
            const ColumnCondition c = ColumnCondition::parse(text, columns);
            for (const auto& row : rows) c.holds(row);
            return Verdict::Accepted;
        } catch (const condition::SyntaxError& e) {
            INFO(e.message);
            REQUIRE(!e.message.empty());
            REQUIRE(e.offset <= text.size());
            return Verdict::Refused;
        }
    });
}

namespace {

// A block of a real sweep's aggregate: the stats of a few rows over a few runs.
std::string sample_block(const SweepJournalHeader& identity, std::uint64_t number) {
    SweepBlock block;
    block.block = number;
    block.rows = "0,7,0.25,1.5,,\n1,8,0.5,2.5,standoff@2025Q3,\n";
    block.stats = SweepStats(3);
    for (int run = 0; run < 5; ++run) {
        const std::vector<double> values{0.1 * run, run * 2.0, -1.0 / (run + 1)};
        block.stats.add(values);
    }
    return encode_block(identity, block);
}

SweepJournalHeader sample_identity() {
    return parse_sweep_identity(slurp(kCorpus / "sweep_identity.txt"));
}

}  // namespace

TEST_CASE("fuzz: the sweep identity and block files are read or refused as damaged", "[fuzz]") {
    const SweepJournalHeader identity = sample_identity();
    fuzz("sweep identity", {slurp(kCorpus / "sweep_identity.txt")}, 20000, [](const std::string& text) {
        try {
            parse_sweep_identity(text);
            return Verdict::Accepted;
        } catch (const std::runtime_error& e) {
            REQUIRE(std::string(e.what()) == "malformed sweep identity");
            return Verdict::Refused;
        }
    });
    const std::string magic = "geosim-sweep-block-3";
    const std::vector<std::string> blocks = {sample_block(identity, 0), sample_block(identity, 7)};
    // The bytes as a damaged file holds them: the seal catches nearly everything.
    fuzz("block file", blocks, 5000, [](const std::string& bytes) {
        try {
            SweepBlock b;
            decode_block(bytes, b);
            return Verdict::Accepted;
        } catch (const std::runtime_error& e) {
            REQUIRE(std::string(e.what()).size() > 0);
            return Verdict::Refused;
        }
    });
    // Behind the seal: a mutated payload sealed again, as a writer with a bug would write it, so
    // that the decoder's own checks (counts before allocating, lengths, the aggregate) are reached.
    std::vector<std::string> payloads;
    for (const std::string& b : blocks) payloads.emplace_back(unseal(b, magic, "sweep block"));
    fuzz("block payload", payloads, 20000, [&](const std::string& payload) {
        try {
            SweepBlock b;
            decode_block(seal(magic, payload), b);
            decode_block_rows(seal(magic, payload), b);
            return Verdict::Accepted;
        } catch (const std::runtime_error& e) {
            REQUIRE(std::string(e.what()).size() > 0);
            return Verdict::Refused;
        }
    });
}

TEST_CASE("fuzz: a damaged sweep journal is read or refused naming the file", "[fuzz]") {
    const SweepJournalHeader identity = sample_identity();
    TempDir dir;
    // A journal of two committed blocks, whose files are then replaced by mutations one at a
    // time: header.txt, state.bin and a rows file.
    const fs::path valid = dir / "valid";
    {
        SweepJournal j = SweepJournal::create(valid, identity);
        SweepStats stats(3);
        const std::vector<double> first{1, 2, 3}, second{4, 5, 6};
        stats.add(first);
        j.commit_block(0, "0,7,1,2,3,\n", stats);
        stats.add(second);
        j.commit_block(1, "1,8,4,5,6,\n", stats);
    }
    for (const char* file : {"header.txt", "state.bin", "runs-000001.csv"}) {
        INFO(file);
        REQUIRE(fs::exists(valid / "journal" / file));
        const std::string original = slurp(valid / "journal" / file);
        const fs::path copy = dir / (std::string("mutated-") + file);
        fs::copy(valid, copy, fs::copy_options::recursive);
        fuzz((std::string("journal ") + file).c_str(), {original}, 150, [&](const std::string& bytes) {
            std::ofstream(copy / "journal" / file, std::ios::binary | std::ios::trunc) << bytes;
            try {
                const SweepJournal j = SweepJournal::open(copy);
                SweepStats stats(3);
                const std::uint64_t blocks = j.load(stats);
                // A damaged rows file is named and recomputed, not an error.
                const auto damaged = j.damaged_rows(blocks);
                std::ostringstream rows;
                if (damaged.empty()) j.copy_rows(rows, blocks);
                return damaged.empty() ? Verdict::Accepted : Verdict::Refused;
            } catch (const std::runtime_error& e) {
                INFO(e.what());
                // Header and state errors name the file.
                REQUIRE(std::string(e.what()).find(file) != std::string::npos);
                return Verdict::Refused;
            }
        });
    }
}
