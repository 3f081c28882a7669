#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli_harness.hpp"

// Where a command writes its results (--out) is checked before any work: a folder that exists
// with files in it, a file or a symbolic link is a usage error, a folder above that cannot be
// written an I/O fault; both exit 2 with a message that names the path.
using namespace geosim::test;

namespace {

// The commands that write a results folder, each with inputs that do not exist, so that any
// work done before checking --out would fail otherwise.
const std::vector<std::string> kMissingInputs = {
    "run missing.yaml", "compare missing.yaml missing.yaml", "sweep missing.yaml", "merge missing-shards",
    "bench --scenario missing.yaml --quick"};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& n : names) out += n + " ";
    return out;
}

}  // namespace

TEST_CASE("destination: --out naming a folder with files, a file or a symbolic link exits 2 before any work",
          "[cli][errors][destination]") {
    TempDir tmp;
    fs::create_directories(tmp / "full");
    tmp.write("full/keep.txt", "keep\n");
    tmp.write("file.txt", "a file\n");
    fs::create_directories(tmp / "empty");
    fs::create_directory_symlink(tmp / "empty", tmp / "link");
    const std::string before = names_in(tmp.path());
    struct Case {
        fs::path out;
        std::string problem;
    };
    const std::vector<Case> cases = {
        {tmp / "full", "exists and is not empty"},
        {tmp / "file.txt", "exists and is not a folder"},
        {tmp / "link", "is a symbolic link; give a folder that does not exist or is empty"}};
    for (const std::string& command : kMissingInputs)
        for (const Case& c : cases) {
            const Result r = run_geosim(command + " --out '" + c.out.string() + "'");
            const std::string name = command.substr(0, command.find(' '));
            INFO(command << " --out " << c.out << "\n" << r.err);
            REQUIRE(r.code == 2);
            REQUIRE(first_line(r.err) == "geosim " + name + ": '" + c.out.string() + "' " + c.problem);
            REQUIRE(r.err.find("\nusage: geosim " + name) != std::string::npos);
            REQUIRE(names_in(tmp.path()) == before);
            REQUIRE(names_in(tmp / "full") == "keep.txt ");
            REQUIRE(fs::is_empty(tmp / "empty"));
        }
}

TEST_CASE("destination: a folder above --out that cannot be written exits 2 naming it and the system's reason",
          "[cli][errors][destination]") {
    // Tests run as root, who may write anywhere: the commands run as the unprivileged user
    // nobody, for whom the test's folder (root's, mode 755) is read-only.
    const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups";
    if (std::system((as_nobody + " true >/dev/null 2>&1").c_str()) != 0) {
        WARN("skipped: setpriv cannot run a command as the user nobody here");
        return;
    }
    TempDir tmp;
    fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                    fs::perms::others_read | fs::perms::others_exec);
    const std::vector<std::string> commands = {"run tests/data/tiny.yaml", "compare tests/data/tiny.yaml tests/data/tiny.yaml",
                                               "sweep tests/data/tiny_sweep.yaml --runs 2"};
    for (const std::string& command : commands)
        for (const fs::path& out : {tmp / "out", tmp / "deeper" / "out"}) {
            const Result r = run_geosim(command + " --out '" + out.string() + "'", as_nobody);
            const std::string name = command.substr(0, command.find(' '));
            INFO(command << " --out " << out << "\n" << r.err);
            REQUIRE(r.code == 2);
            REQUIRE(r.err == "geosim " + name + ": cannot write results to '" + out.string() + "': '" +
                                 tmp.path().string() + "' is not writable (Permission denied)\n");
            REQUIRE(fs::is_empty(tmp.path()));
        }
}

TEST_CASE("destination: a full disk exits 2 naming the file and the system's reason, and leaves nothing",
          "[cli][errors][destination]") {
    // A 64 KiB file system, mounted for the command alone (a mount namespace of its own), fills
    // up with run's series.csv. Needs root, as the tests run; skipped where mounting is not allowed.
    TempDir tmp;
    const fs::path disk = tmp / "disk";
    fs::create_directories(disk);
    const std::string mount = "unshare -m sh -c 'mount -t tmpfs -o size=64k geosim-test \"" + disk.string() + "\"";
    if (std::system((mount + "' >/dev/null 2>&1").c_str()) != 0) {
        WARN("skipped: cannot mount a small file system here");
        return;
    }
    const fs::path out = disk / "out";
    // What is left on the small file system is listed on stderr after the command: nothing.
    const Result r = run_geosim("run tests/data/tiny.yaml --out '" + out.string() + "'",
                                mount + " && \"$@\"; rc=$?; ls -A \"" + disk.string() + "\" >&2; exit $rc' sh");
    INFO(r.err);
    REQUIRE(r.code == 2);
    const std::string head = "geosim run: cannot write '" + out.string() + ".tmp-";
    const std::string tail = "-0/series.csv': No space left on device\n";
    REQUIRE(r.err.rfind(head, 0) == 0);
    REQUIRE(r.err.size() > head.size() + tail.size());
    REQUIRE(r.err.substr(r.err.size() - tail.size()) == tail);
    REQUIRE(r.err.find_first_not_of("0123456789", head.size()) == r.err.size() - tail.size());
}

TEST_CASE("destination: missing folders above the results are made, the default results/ among them",
          "[cli][destination]") {
    // A first `geosim run` in a folder with no results/ yet, and --out naming a relative path of
    // which no folder exists: both write their results and exit 0.
    TempDir tmp;
    const std::string tiny = std::string(GEOSIM_SOURCE_DIR) + "/tests/data/tiny.yaml";
    const std::string in_tmp = "env -C '" + tmp.path().string() + "'";
    const Result first = run_geosim("run '" + tiny + "' --quiet", in_tmp);
    INFO(first.err);
    REQUIRE(first.code == 0);
    REQUIRE(first.out.rfind("results/tiny-", 0) == 0);
    REQUIRE(fs::is_regular_file(tmp / "results" / fs::path(first_line(first.out)).filename() / "series.csv"));
    const Result nested = run_geosim("run '" + tiny + "' --quiet --out a/b/out", in_tmp);
    INFO(nested.err);
    REQUIRE(nested.code == 0);
    REQUIRE(fs::is_regular_file(tmp / "a" / "b" / "out" / "series.csv"));
}
