#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>

#include "engine/input/input.hpp"

namespace fs = std::filesystem;
using geosim::InputError;
using geosim::InputLimits;
using geosim::InputNode;
using geosim::load_yaml_file;
using geosim::load_yaml_text;

namespace {

// A directory of its own under the system's temporary directory, removed with its files.
class TempDir {
public:
    TempDir() {
        std::random_device seed;
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = fs::temp_directory_path() /
                ("geosim-test-input-" + std::to_string(stamp) + "-" + std::to_string(seed()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    fs::path write(const std::string& name, const std::string& content) const {
        const fs::path file = path_ / name;
        std::ofstream(file, std::ios::binary) << content;
        return file;
    }
    fs::path path() const { return path_; }

private:
    fs::path path_;
};

// The full what() of the InputError the action throws, or a note that it threw none.
std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const InputError& error) {
        return error.what();
    }
    return "(no error)";
}

// Writes `content` to a file, loads it under the display name "x.yaml" and returns the error.
std::string load_error(const std::string& content, const InputLimits& limits = {}) {
    const TempDir dir;
    const fs::path file = dir.write("x.yaml", content);
    return error_of([&] { load_yaml_file(file.string(), "x.yaml", limits); });
}

// The error `check` raises on the root of `content`, which must load.
std::string node_error(const std::string& content, const std::function<void(const InputNode&)>& check) {
    const InputNode root = load_yaml_text(content, "x.yaml");
    return error_of([&] { check(root); });
}

std::string repeat(const std::string& piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += piece;
    return out;
}

}  // namespace

TEST_CASE("a file that cannot be read is named with the system's reason", "[input]") {
    const TempDir dir;
    CHECK(error_of([&] { load_yaml_file((dir.path() / "missing.yaml").string(), "missing.yaml"); }) ==
          "missing.yaml: cannot open file (No such file or directory)");
    CHECK(error_of([&] { load_yaml_file(dir.path().string(), "scenarios/"); }) == "scenarios/: a folder, not a file");
}

TEST_CASE("files too large, empty or binary are refused before parsing", "[input]") {
    CHECK(load_error(std::string(4194305, ' ')) == "x.yaml: file is larger than the 4194304-byte limit");
    CHECK(load_error("a: 12345", InputLimits{.max_bytes = 4}) == "x.yaml: file is larger than the 4-byte limit");
    CHECK(load_error("") == "x.yaml: file is empty");
    CHECK(load_error("  \n\t\r\n\n") == "x.yaml: file is empty");
    CHECK(load_error("# nothing here\n   # nor here\n") == "x.yaml: file is empty");
    CHECK(load_error(std::string("a: 1\nb: x\0y\n", 12)) == "x.yaml:2:5: file is not text: NUL byte at byte offset 9");
    CHECK(load_error("a: 1\nname: caf\xE9\n") == "x.yaml:2:10: file is not text: invalid UTF-8 at byte offset 14");
    CHECK(load_error("a: \xED\xA0\x80\n") == "x.yaml:1:4: file is not text: invalid UTF-8 at byte offset 3");
}

TEST_CASE("syntax errors carry yaml-cpp's message at its position", "[input]") {
    CHECK(load_error("a: 1\nb: [1, 2\nc: 3\n") == "x.yaml:3:2: end of sequence flow not found");
    CHECK(load_error("a: 1\nb: *nowhere\n") == "x.yaml:2:4: the referenced anchor is not defined");
    CHECK(load_error("a:\n  b: 1\n c: 2\n") == "x.yaml:3:2: end of map not found");
}

TEST_CASE("a tab in indentation is named as such", "[input]") {
    CHECK(load_error("a:\n\tb: 1\n") == "x.yaml:2:1: tab in indentation; YAML indents with spaces");
    CHECK(load_error("a:\n  b: 1\n  \tc: 2\n") == "x.yaml:3:3: tab in indentation; YAML indents with spaces");
}

TEST_CASE("duplicate keys and keys that are not text are refused", "[input]") {
    CHECK(load_error("agents:\n  IDN: 1\n  VNM: 2\n  IDN: 3\n") ==
          "x.yaml:4:3: agents: duplicate key 'IDN' (first defined at line 2)");
    CHECK(load_error("a: {x: 1, 'x': 2}\n") == "x.yaml:1:11: a: duplicate key 'x' (first defined at line 1)");
    CHECK(load_error("k: &k b\nm:\n  b: 1\n  *k : 2\n") == "x.yaml:4:3: m: duplicate key 'b' (first defined at line 3)");
    CHECK(load_error("[a, b]: 1\n") == "x.yaml:1:1: a key must be text, got a list");
    CHECK(load_error("a: 1\n: 2\n") == "x.yaml:2:1: a key must be text, got nothing");
}

TEST_CASE("nesting past the depth limit is refused quickly", "[input]") {
    // yaml-cpp alone would buffer all 4 MB of brackets (about 1 GB) before failing with "bad file".
    CHECK(load_error(std::string(100000, '[')) == "x.yaml:1:65: nested more than 64 levels deep");
    CHECK(load_error(std::string(4194304, '{')) == "x.yaml:1:65: nested more than 64 levels deep");
    CHECK(load_error("a: " + std::string(100000, '[') + "'") == "x.yaml:1:68: nested more than 64 levels deep");
    const std::string path64 = repeat("[0]", 64);
    CHECK(load_error(repeat("- ", 100000) + "x\n") == "x.yaml:1:129: " + path64 + ": nested more than 64 levels deep");
    std::string block;
    for (int i = 0; i < 100; ++i) block += std::string(i, ' ') + "k:\n";
    CHECK(load_error(block) == "x.yaml:65:65: " + repeat("k.", 63) + "k: nested more than 64 levels deep");
    // An alias is as deep as what it names.
    CHECK(load_error("a: &a [[[[[[[[[x]]]]]]]]]\nb: [[*a]]\n", InputLimits{.max_depth = 10}) ==
          "x.yaml:2:6: b[0][0]: nested more than 10 levels deep");
}

TEST_CASE("brackets that are text do not count as nesting", "[input]") {
    const std::string brackets(200, '[');
    const std::string braces(200, '{');
    const std::string text = "q: '" + brackets + "'\n"
                             "d: \"" + braces + "\"\n"
                             "p: a" + brackets + "\n"
                             "c: more\n  " + brackets + "\n"
                             "# " + brackets + "\n"
                             "b: |\n  " + brackets + "\n"
                             "f: [x, '[[[[', \"{{\", y # [[[[\n   ]\n";
    const InputNode root = load_yaml_text(text, "x.yaml");
    CHECK(root.at("q").as_string() == brackets);
    CHECK(root.at("d").as_string() == braces);
    CHECK(root.at("p").as_string() == "a" + brackets);
    CHECK(root.at("c").as_string() == "more " + brackets);
    CHECK(root.at("b").as_string() == brackets + "\n");
    CHECK(root.at("f").elements().size() == 4);
}

TEST_CASE("aliases cannot loop or fan out", "[input]") {
    CHECK(load_error("a: &a [*a]\n") == "x.yaml:1:8: a[0]: alias '*a' refers to a node that contains it");
    CHECK(load_error("a: &a {b: *a}\n") == "x.yaml:1:11: a.b: alias '*a' refers to a node that contains it");
    // "Billion laughs": ten aliases to ten aliases to ... ten strings, 10^9 nodes in all.
    std::string laughs = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (int i = 1; i < 10; ++i) {
        const std::string name = std::to_string(i);
        const std::string prev = "*l" + std::to_string(i - 1);
        laughs += "l" + name + ": &l" + name + " [" + prev + repeat(", " + prev, 9) + "]\n";
    }
    CHECK(load_error(laughs) == "x.yaml:6:10: l5[0]: alias '*l4' expands the document to more than 200000 nodes");
    CHECK(load_error("a: &a 1\nb: [" + repeat("*a, ", 1000) + "*a]\n") == "x.yaml:2:4005: b[1000]: more than 1000 aliases");
}

TEST_CASE("node budgets apply to flow and block collections", "[input]") {
    CHECK(load_error("[1, 2, 3, 4, 5]", InputLimits{.max_nodes = 4}) == "x.yaml:1:12: more than 4 nodes");
    CHECK(load_error("- 1\n- 2\n- 3\n- 4\n- 5\n", InputLimits{.max_nodes = 4}) == "x.yaml:4:3: [3]: more than 4 nodes");
}

TEST_CASE("a file holds one document", "[input]") {
    CHECK(load_error("a: 1\n---\nb: 2\n") == "x.yaml:2:1: a second document starts here; a file holds one document");
    CHECK(load_error("a: 1\n...\nb: 2\n") == "x.yaml:3:1: unexpected 'b'");
    // yaml-cpp's LoadAll loops forever on this one.
    CHECK(load_error(",a\n") == "x.yaml:1:1: unexpected ','");
}

TEST_CASE("scalars of the wrong kind or out of range are located at the value", "[input]") {
    const std::string text =
        "run:\n"
        "  gdp: abc\n"
        "  share: 12\n"
        "  steps: -3\n"
        "  half: 2.5\n"
        "  big: 1e999\n"
        "  nan: .nan\n"
        "  inf: -.Inf\n"
        "  start: 2025-1\n"
        "  flag: yes please\n"
        "  list: [1, 2]\n"
        "  map: {a: 1}\n"
        "  empty:\n";
    const auto error = [&](const std::function<void(const InputNode&)>& check) {
        return node_error(text, [&](const InputNode& root) { check(root.at("run")); });
    };
    CHECK(error([](auto& run) { run.at("gdp").as_number(); }) == "x.yaml:2:8: run.gdp: expected a number, got 'abc'");
    CHECK(error([](auto& run) { run.at("share").as_number(0, 1); }) == "x.yaml:3:10: run.share: value 12 is out of range [0, 1]");
    CHECK(error([](auto& run) { run.at("share").as_number(0.5, 2.25); }) == "x.yaml:3:10: run.share: value 12 is out of range [0.5, 2.25]");
    CHECK(error([](auto& run) { run.at("steps").as_int(1, 400); }) == "x.yaml:4:10: run.steps: value -3 is out of range [1, 400]");
    CHECK(error([](auto& run) { run.at("half").as_int(0, 10); }) == "x.yaml:5:9: run.half: expected a whole number, got '2.5'");
    CHECK(error([](auto& run) { run.at("big").as_number(); }) == "x.yaml:6:8: run.big: expected a finite number, got '1e999'");
    CHECK(error([](auto& run) { run.at("nan").as_number(); }) == "x.yaml:7:8: run.nan: expected a finite number, got '.nan'");
    CHECK(error([](auto& run) { run.at("inf").as_number(0, 1); }) == "x.yaml:8:8: run.inf: expected a finite number, got '-.Inf'");
    CHECK(error([](auto& run) { run.at("start").as_quarter(); }) == "x.yaml:9:10: run.start: expected a quarter like 2025Q1, got '2025-1'");
    CHECK(error([](auto& run) { run.at("flag").as_bool(); }) == "x.yaml:10:9: run.flag: expected true or false, got 'yes please'");
    CHECK(error([](auto& run) { run.at("list").as_number(); }) == "x.yaml:11:9: run.list: expected a number, got a list");
    CHECK(error([](auto& run) { run.at("map").as_string(); }) == "x.yaml:12:8: run.map: expected text, got a map");
    // yaml-cpp places an empty value where the next token starts.
    CHECK(error([](auto& run) { run.at("empty").as_string(); }) == "x.yaml:14:1: run.empty: expected text, got nothing");
    CHECK(error([](auto& run) { run.at("list").at("x"); }) == "x.yaml:11:9: run.list: expected a map, got a list");
    CHECK(error([](auto& run) { run.at("map").elements(); }) == "x.yaml:12:8: run.map: expected a list, got a map");
    CHECK(error([](auto& run) { run.at("gdp").items(); }) == "x.yaml:2:8: run.gdp: expected a map, got 'abc'");
}

TEST_CASE("long text in a message is cut short", "[input]") {
    const std::string text = "a: " + std::string(100, 'x') + "\n";
    CHECK(node_error(text, [](const InputNode& root) { root.at("a").as_number(); }) ==
          "x.yaml:1:4: a: expected a number, got '" + std::string(60, 'x') + "...'");
}

TEST_CASE("missing and unknown keys are located at the map and at the key", "[input]") {
    const std::string text =
        "agents:\n"
        "  IDN:\n"
        "    gdp: 1\n"
        "    population: 2\n"
        "    populaton: 3\n";
    CHECK(node_error(text, [](const InputNode& root) { root.at("agents").at("IDN").at("name"); }) ==
          "x.yaml:3:5: agents.IDN: missing key 'name'");
    CHECK(node_error(text, [](const InputNode& root) { root.at("world"); }) == "x.yaml:1:1: missing key 'world'");
    CHECK(node_error(text, [](const InputNode& root) {
              root.at("agents").at("IDN").allow_keys({"gdp", "population"});
          }) == "x.yaml:5:5: agents.IDN: unknown key 'populaton' (did you mean 'population'?)");
    CHECK(node_error(text, [](const InputNode& root) { root.at("agents").allow_keys({"VNM"}); }) ==
          "x.yaml:2:3: agents: unknown key 'IDN'");
}

TEST_CASE("good input reads back exactly", "[input]") {
    const std::string text =
        "# a scenario\n"
        "name: Strait closure\n"
        "start: 2025Q1\n"
        "record: true\n"
        "quiet: false\n"
        "numbers: [3, -2.5, 1e3, 0.1, .5, +7, 0x1F, 0o17, 2.0, -0, 1e-400]\n"
        "agents:\n"
        "  IDN:\n"
        "    gdp: {value: 1371.2, source: IMF WEO 2024}\n"
        "shocks:\n"
        "  - {quarter: 2025Q3, target: KOR}\n"
        "  - quarter: 2026Q1\n"
        "    target: JPN\n"
        "  - quarter: 2027Q2\n"
        "    target: &t VNM\n"
        "  - target: *t\n";
    const TempDir dir;
    const InputNode root = load_yaml_file(dir.write("s.yaml", text).string(), "scenarios/s.yaml");
    CHECK(root.path().empty());
    CHECK(root.file() == "scenarios/s.yaml");
    CHECK(root.is_map());
    CHECK(root.at("name").as_string() == "Strait closure");
    CHECK(root.at("start").as_quarter() == 2025 * 4);
    CHECK(root.at("record").as_bool());
    CHECK_FALSE(root.at("quiet").as_bool());

    const std::vector<InputNode> numbers = root.at("numbers").elements();
    REQUIRE(numbers.size() == 11);
    const std::vector<double> expected = {3, -2.5, 1000, 0.1, 0.5, 7, 31, 15, 2, 0, 0};
    for (std::size_t i = 0; i < expected.size(); ++i) CHECK(numbers[i].as_number() == expected[i]);
    CHECK(numbers[0].as_int(0, 3) == 3);
    CHECK(numbers[2].as_int(-1000, 1000) == 1000);
    CHECK(numbers[8].as_int(2, 2) == 2);
    CHECK(numbers[3].path() == "numbers[3]");
    CHECK(std::signbit(numbers[9].as_number()));

    const InputNode value = root.at("agents").at("IDN").at("gdp").at("value");
    CHECK(value.path() == "agents.IDN.gdp.value");
    CHECK(value.as_number(0, 1e6) == 1371.2);
    CHECK(geosim::format_location(value.location()) == "scenarios/s.yaml:9:18");

    const std::vector<InputNode> shocks = root.at("shocks").elements();
    REQUIRE(shocks.size() == 4);
    CHECK(shocks[0].at("target").as_string() == "KOR");
    CHECK(shocks[0].at("quarter").as_quarter() == 2025 * 4 + 2);
    CHECK(shocks[2].at("target").path() == "shocks[2].target");
    CHECK(geosim::format_location(shocks[2].at("target").location()) == "scenarios/s.yaml:15:13");
    CHECK(geosim::format_location(shocks[1].location()) == "scenarios/s.yaml:12:5");
    CHECK(shocks[3].at("target").as_string() == "VNM");
    CHECK(shocks[1].has("target"));
    CHECK_FALSE(shocks[1].has("source"));
    CHECK_FALSE(shocks[1].get("source").has_value());
    CHECK(shocks[1].get("quarter")->as_quarter() == 2026 * 4);

    std::vector<std::string> keys;
    for (const auto& [key, node] : root.items()) {
        keys.push_back(key);
        CHECK(node.path() == key);
    }
    CHECK(keys == std::vector<std::string>{"name", "start", "record", "quiet", "numbers", "agents", "shocks"});
    root.at("agents").at("IDN").at("gdp").allow_keys({"value", "source"});
}

TEST_CASE("text in memory and files with a byte-order mark load alike", "[input]") {
    const InputNode root = load_yaml_text("\xEF\xBB\xBF" "a: [1, x]\n", "http-body");
    CHECK(root.at("a").elements()[1].as_string() == "x");
    CHECK(geosim::format_location(root.at("a").location()) == "http-body:1:4");
    CHECK(load_error(std::string("\xEF\xBB\xBF" "a: [1,\0]", 10)) == "x.yaml:1:7: file is not text: NUL byte at byte offset 9");
}

TEST_CASE("assigning one node to another rebinds it and leaves the document as it was", "[input]") {
    const InputNode root = load_yaml_text("base: {scenario: a}\nalt: {scenario: b}\nseed: 7\n", "m.json");
    std::optional<InputNode> where = root;
    where = root.get("base");  // yaml-cpp's own assignment would write `base` over the document
    REQUIRE(where->at("scenario").as_string() == "a");
    REQUIRE(where->path() == "base");
    REQUIRE(root.has("alt"));
    REQUIRE(root.at("alt").at("scenario").as_string() == "b");
    REQUIRE(root.at("seed").as_string() == "7");
    InputNode other = root.at("alt");
    other = root.at("seed");
    REQUIRE(other.as_string() == "7");
    REQUIRE(root.at("alt").at("scenario").as_string() == "b");
    other = std::move(where.value());
    REQUIRE(other.at("scenario").as_string() == "a");
    REQUIRE(root.at("seed").as_string() == "7");
}
