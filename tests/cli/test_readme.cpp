// The README's examples are true: an excerpt it shows of a file in the repository says what
// the file says.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "cli_harness.hpp"

using namespace geosim::test;

namespace {

// The lines of `text` without their `# comments` and trailing spaces; lines left empty are
// dropped (a comment may continue on a line of its own).
std::vector<std::string> code_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (const auto hash = line.find(" #"); hash != std::string::npos) line.resize(hash);
        if (line.find_first_not_of(' ') != std::string::npos && line[line.find_first_not_of(' ')] == '#') line.clear();
        while (!line.empty() && line.back() == ' ') line.pop_back();
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

// The body of the first ```yaml block after `marker` in the README.
std::string yaml_block_after(const std::string& readme, const std::string& marker) {
    const std::size_t at = readme.find(marker);
    REQUIRE(at != std::string::npos);
    const std::size_t open = readme.find("```yaml\n", at);
    REQUIRE(open != std::string::npos);
    const std::size_t start = open + 8;
    const std::size_t close = readme.find("```", start);
    REQUIRE(close != std::string::npos);
    return readme.substr(start, close - start);
}

// Whether two YAML documents hold the same keys and values, whatever their style (a flow map
// in one, a block map in the other); `path` names the first difference in `why`.
bool same_yaml(const YAML::Node& a, const YAML::Node& b, const std::string& path, std::string& why) {
    if (a.Type() != b.Type()) {
        why = path + ": not the same kind of node";
        return false;
    }
    if (a.IsScalar()) {
        if (a.Scalar() == b.Scalar()) return true;
        why = path + ": '" + a.Scalar() + "' against '" + b.Scalar() + "'";
        return false;
    }
    if (a.IsSequence()) {
        if (a.size() != b.size()) {
            why = path + ": " + std::to_string(a.size()) + " against " + std::to_string(b.size()) + " elements";
            return false;
        }
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!same_yaml(a[i], b[i], path + "[" + std::to_string(i) + "]", why)) return false;
        return true;
    }
    if (a.IsMap()) {
        if (a.size() != b.size()) {
            why = path + ": " + std::to_string(a.size()) + " against " + std::to_string(b.size()) + " keys";
            return false;
        }
        for (const auto& kv : a) {
            const std::string key = kv.first.Scalar();
            if (!b[key]) {
                why = path + "." + key + ": missing from the file";
                return false;
            }
            if (!same_yaml(kv.second, b[key], path + "." + key, why)) return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("README: the scenario file example is scenarios/baseline.yaml, key for key", "[cli][readme]") {
    const std::string readme = slurp(fs::path(GEOSIM_SOURCE_DIR) / "README.md");
    const YAML::Node shown = YAML::Load(yaml_block_after(readme, "`scenarios/baseline.yaml`, the default scenario:"));
    const YAML::Node file = YAML::LoadFile((fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "baseline.yaml").string());
    std::string why;
    const bool same = same_yaml(shown, file, "baseline", why);
    INFO(why);
    CHECK(same);
}

TEST_CASE("README: the shocks example is the THAAD-style scenario's shocks, line for line", "[cli][readme]") {
    const std::string readme = slurp(fs::path(GEOSIM_SOURCE_DIR) / "README.md");
    const std::vector<std::string> shown =
        code_lines(yaml_block_after(readme, "`scenarios/thaad_style_sanctions.yaml`\nis a small example"));
    const std::vector<std::string> file =
        code_lines(slurp(fs::path(GEOSIM_SOURCE_DIR) / "scenarios" / "thaad_style_sanctions.yaml"));
    REQUIRE(shown.size() > 5);
    REQUIRE(shown.front() == "shocks:");
    // The excerpt is a run of consecutive lines of the file.
    std::size_t first = 0;
    while (first < file.size() && file[first] != shown.front()) ++first;
    REQUIRE(first + shown.size() <= file.size());
    for (std::size_t i = 0; i < shown.size(); ++i) {
        INFO("README line " << i << " of the example");
        CHECK(shown[i] == file[first + i]);
    }
}

TEST_CASE("README: the baseline's headline output is what geosim run prints", "[cli][readme]") {
    const std::string readme = slurp(fs::path(GEOSIM_SOURCE_DIR) / "README.md");
    const std::size_t at = readme.find("```\ngeosim run: baseline,");
    REQUIRE(at != std::string::npos);
    const std::size_t start = at + 4;
    const std::string shown = readme.substr(start, readme.find("```", start) - start);
    TempDir tmp;
    const Result r = run_geosim("run scenarios/baseline.yaml --out '" + (tmp / "run").string() + "'");
    INFO(r.err);
    REQUIRE(r.code == 0);
    // Line for line, but for the wall time and the results folder, which differ from run to run.
    auto lines = [](const std::string& text) {
        std::vector<std::string> out;
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line))
            if (line.rfind("wall time ", 0) != 0 && line.rfind("results: ", 0) != 0) out.push_back(line);
        return out;
    };
    const std::vector<std::string> printed = lines(r.out);
    const std::vector<std::string> example = lines(shown);
    REQUIRE(example.size() > 5);
    CHECK(example == printed);
}
