#include "outputs/output_dir.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <stdexcept>
#include <string>

#include "tests/outputs/files.hpp"

namespace fs = std::filesystem;
using geosim::OutputDir;
using geosim::test::read_text;
using geosim::test::TempDir;
using geosim::test::write_text;

namespace {

int entries(const fs::path& dir) {
    int count = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++count;
    return count;
}

}  // namespace

TEST_CASE("OutputDir writes into a temporary sibling and renames it on commit", "[outputs][output_dir]") {
    TempDir root;
    const fs::path final_path = root.path() / "results" / "baseline";
    OutputDir out(final_path);

    const std::string prefix = "baseline.tmp-" + std::to_string(::getpid()) + "-";
    CHECK(out.path().parent_path() == root.path() / "results");
    CHECK(out.path().filename().string().rfind(prefix, 0) == 0);
    CHECK(fs::is_directory(out.path()));
    CHECK_FALSE(fs::exists(final_path));

    write_text(out.path() / "series.csv", "run\n");
    const fs::path temp = out.path();
    out.commit();

    CHECK(out.path() == final_path);
    CHECK(read_text(final_path / "series.csv") == "run\n");
    CHECK_FALSE(fs::exists(temp));
    CHECK(entries(root.path() / "results") == 1);
}

TEST_CASE("OutputDir leaves nothing behind when not committed", "[outputs][output_dir]") {
    TempDir root;
    const fs::path final_path = root.path() / "run";
    {
        OutputDir out(final_path);
        write_text(out.path() / "series.csv", "half a file");
        fs::create_directory(out.path() / "nested");
        write_text(out.path() / "nested" / "x", "x");
    }
    CHECK(entries(root.path()) == 0);
}

TEST_CASE("OutputDir replaces an empty final directory", "[outputs][output_dir]") {
    TempDir root;
    const fs::path final_path = root.path() / "run";
    fs::create_directory(final_path);
    OutputDir out(final_path);
    write_text(out.path() / "manifest.json", "{}\n");
    out.commit();
    CHECK(read_text(final_path / "manifest.json") == "{}\n");
    CHECK(entries(root.path()) == 1);
}

TEST_CASE("OutputDir refuses to replace a directory with files", "[outputs][output_dir]") {
    TempDir root;
    const fs::path final_path = root.path() / "run";
    fs::create_directory(final_path);
    write_text(final_path / "old.csv", "keep me");
    {
        OutputDir out(final_path);
        write_text(out.path() / "new.csv", "new");
        CHECK_THROWS_WITH(out.commit(), "cannot write results to '" + final_path.string() +
                                            "': the directory exists and is not empty");
    }
    CHECK(read_text(final_path / "old.csv") == "keep me");
    CHECK(entries(final_path) == 1);
    CHECK(entries(root.path()) == 1);
}

TEST_CASE("OutputDir refuses to replace a file", "[outputs][output_dir]") {
    TempDir root;
    const fs::path final_path = root.path() / "run";
    write_text(final_path, "");
    OutputDir out(final_path);
    CHECK_THROWS_WITH(out.commit(), "cannot write results to '" + final_path.string() +
                                        "': it exists and is not a directory");
}

TEST_CASE("OutputDir treats a trailing separator as the same directory", "[outputs][output_dir]") {
    TempDir root;
    OutputDir out(root.path() / "run" / "");
    CHECK(out.final_path() == root.path() / "run");
    CHECK(out.path().parent_path() == root.path());
    out.commit();
    CHECK(fs::is_directory(root.path() / "run"));
}

TEST_CASE("OutputDirs for one path get separate temporary directories", "[outputs][output_dir]") {
    TempDir root;
    OutputDir first(root.path() / "run");
    OutputDir second(root.path() / "run");
    CHECK(first.path() != second.path());
    first.commit();
    write_text(root.path() / "run" / "a", "a");
    CHECK_THROWS_AS(second.commit(), std::runtime_error);
}
