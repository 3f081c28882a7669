#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_harness.hpp"
#include "tests/cli/spawn.hpp"
#include "tests/cli/sweep_outputs.hpp"

// geosim-mpi under the real mpirun on this machine, ranks oversubscribing its cores.
using namespace geosim::test;

namespace {

const char* const kScenario = "tests/data/tiny_sweep.yaml";
// mpirun refuses to start as root (CI runs as root) unless told twice. When a rank dies, mpirun
// sends the others SIGTERM and SIGKILL one second later by default; on a loaded machine rank 0
// may need longer to print what it held (docs/cluster.md), so the tests give it 30 s.
const std::vector<std::pair<std::string, std::string>> kEnv = {{"OMPI_ALLOW_RUN_AS_ROOT", "1"},
                                                              {"OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"},
                                                              {"OMPI_MCA_odls_base_sigkill_timeout", "30"}};
// A job whose ranks all exit by themselves (bad usage: rank 0 says why, every rank exits 2) needs
// no grace for rank 0, and Debian's Open MPI 4.1 mpirun waits the grace out twice after a
// non-zero exit even when every rank has ended (59 s with 30, 1.4 s with the default 1):
// those tests set the default explicitly (the environment may hold another value).
const std::vector<std::pair<std::string, std::string>> kEnvNoGrace = {kEnv[0], kEnv[1],
                                                                     {"OMPI_MCA_odls_base_sigkill_timeout", "1"}};

std::string q(const fs::path& p) {
    std::string s = "'";
    s += p.string();
    s += "'";
    return s;
}

std::vector<std::string> mpirun(int ranks, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {GEOSIM_MPIEXEC, "-np", std::to_string(ranks), "--oversubscribe",
                                     GEOSIM_MPI_BINARY, "sweep"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// Runs `mpirun -np RANKS geosim-mpi sweep ARGS` to the end (at most ten minutes).
Result run_mpi(int ranks, const std::vector<std::string>& args,
               const std::vector<std::pair<std::string, std::string>>& env = kEnv) {
    TempDir io;
    const pid_t pid = spawn(mpirun(ranks, args), (io / "out").string(), (io / "err").string(), env);
    const int status = wait_for(pid, std::chrono::seconds(600));
    Result r;
    r.code = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = slurp(io / "out");
    r.err = slurp(io / "err");
    return r;
}

void require_ok(const Result& r) {
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
}

// Whether process `job` (a child) has ended, leaving it to be reaped.
bool ended(pid_t job) {
    siginfo_t info{};
    return job > 0 && ::waitid(P_PID, static_cast<id_t>(job), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == job;
}

// A rank's line of ranks.txt (`rank R pid P host H block B runs X-Y`, or `block -`), once its
// pid is known and (with `holding`) it holds a block; "" when it did not within the limit, or
// the job `job` (if given) ended first.
std::string rank_line(const fs::path& ranks_txt, int rank, bool holding, std::chrono::seconds limit, pid_t job = 0) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    const std::string prefix = "rank " + std::to_string(rank) + " pid ";
    while (std::chrono::steady_clock::now() < deadline && !ended(job)) {
        std::istringstream in(slurp(ranks_txt));
        std::string line;
        while (std::getline(in, line))
            if (line.rfind(prefix, 0) == 0 && (!holding || line.find(" block -") == std::string::npos) &&
                line.find(" pid 0 ") == std::string::npos)
                return line;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return "";
}

std::string host_of(const std::string& line) {
    std::istringstream in(line);
    std::string word;
    for (int i = 0; i < 6; ++i) in >> word;
    return word;
}

pid_t pid_of(const std::string& line) {
    std::istringstream in(line);
    std::string word;
    long pid = 0;
    in >> word >> word >> word >> pid;
    return static_cast<pid_t>(pid);
}

}  // namespace

TEST_CASE("mpi sweep: 1, 2 and 3 ranks at 1 and 2 threads give the bytes of one process", "[mpi][sweep]") {
    TempDir tmp;
    const std::vector<std::string> sweep = {kScenario, "--runs", "300", "--block-size", "16", "--quiet"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> a = sweep;
        a.insert(a.end(), extra.begin(), extra.end());
        return a;
    };
    require_ok(run_geosim(std::string("sweep ") + kScenario + " --runs 300 --block-size 16 --quiet --out " + q(tmp / "one")));
    struct Case {
        int ranks;
        const char* threads;
        const char* out;
    };
    for (const Case& c : {Case{2, "1", "np2t1"}, Case{3, "2", "np3t2"}, Case{3, "1", "np3t1"}, Case{1, "2", "np1t2"}}) {
        const Result r = run_mpi(c.ranks, with({"--threads", c.threads, "--out", (tmp / c.out).string()}));
        INFO(c.out);
        require_ok(r);
        REQUIRE(r.out == (tmp / c.out).string() + "\n");
        require_same_outputs(tmp / "one", tmp / c.out);
        REQUIRE(!fs::exists(tmp / (std::string(c.out) + ".partial")));
    }
    // More ranks than blocks: the idle ranks are told to stop.
    const Result few = run_mpi(3, {kScenario, "--runs", "20", "--block-size", "16", "--threads", "1", "--out",
                                   (tmp / "few").string()});
    require_ok(few);
    REQUIRE(few.out.find("geosim sweep: tiny_sweep, 20 runs (mc), seed 11, 0 failed\nwall time ") == 0);
    REQUIRE(few.out.find(" (3 ranks x 1 thread, ") != std::string::npos);
    // What rank 0 spent per block (received from other ranks, if any did one, then merged).
    REQUIRE(std::regex_search(few.out, std::regex("\nrank 0 per block: (.* received and decoded in [0-9.]+ s, )?"
                                                  "merged and journaled in [0-9.]+ s \\(2 blocks of 16 runs\\)\n"
                                                  "results: ")));
    require_ok(run_geosim(std::string("sweep ") + kScenario + " --runs 20 --block-size 16 --quiet --out " + q(tmp / "few1")));
    require_same_outputs(tmp / "few1", tmp / "few");
}

TEST_CASE("mpi sweep: a job killed part-way, resumed with another number of ranks, gives the same bytes",
          "[mpi][sweep][resume]") {
    TempDir tmp;
    const std::string runs = "10000";  // several seconds of work left when rank 0 is killed
    require_ok(run_geosim(std::string("sweep ") + kScenario + " --runs " + runs + " --block-size 32 --quiet --out " +
                          q(tmp / "one")));
    const fs::path out = tmp / "cut";
    const pid_t job = spawn(mpirun(3, {kScenario, "--runs", runs, "--block-size", "32", "--threads", "1", "--quiet",
                                       "--out", out.string()}),
                            (tmp / "job.out").string(), (tmp / "job.err").string(), kEnv);
    REQUIRE(job > 0);
    // Rank 0 killed (a node lost, out of memory) once some blocks are journaled, whether or not
    // it holds a block at that moment (it holds none while it catches up on merging).
    const fs::path state = tmp / "cut.partial" / "journal" / "state.bin";
    wait_until_exists(state, std::chrono::seconds(300));
    const std::string rank0 = rank_line(tmp / "cut.partial" / "ranks.txt", 0, false, std::chrono::seconds(60));
    REQUIRE(!rank0.empty());
    ::kill(pid_of(rank0), SIGKILL);
    const int status = wait_for(job, std::chrono::seconds(300));
    INFO(slurp(tmp / "job.err"));
    REQUIRE(status != -1);  // mpirun ended the job, no hang
    REQUIRE(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
    REQUIRE(fs::exists(state));
    REQUIRE(!fs::exists(out));

    const Result resumed = run_mpi(2, {kScenario, "--threads", "2", "--quiet", "--resume", out.string()});
    require_ok(resumed);
    require_same_outputs(tmp / "one", out);
    REQUIRE(slurp(out / "manifest.json").find("\"resumed\": true,") != std::string::npos);
    REQUIRE(!fs::exists(tmp / "cut.partial"));
}

TEST_CASE("mpi sweep: a rank killed by a signal fails the job, naming the rank and its runs, without outputs",
          "[mpi][sweep][errors]") {
    TempDir tmp;
    const fs::path out = tmp / "out";
    const fs::path ranks_txt = tmp / "out.partial" / "ranks.txt";
    // Blocks of 1,024 runs (about a second each here), many more than the ranks can finish.
    const pid_t job = spawn(mpirun(3, {kScenario, "--runs", "100000", "--block-size", "1024", "--threads", "1",
                                       "--quiet", "--out", out.string()}),
                            (tmp / "job.out").string(), (tmp / "job.err").string(), kEnv);
    REQUIRE(job > 0);
    // The job is ended if the test stops early, rather than left to run its 100,000 runs.
    struct Guard {
        pid_t job;
        ~Guard() {
            if (job > 0) wait_for(job, std::chrono::seconds(0));
        }
    } guard{job};
    const pid_t pid = pid_of(rank_line(ranks_txt, 1, false, std::chrono::seconds(300), job));
    INFO("mpirun's stderr before the kill: " << slurp(tmp / "job.err"));
    REQUIRE(pid > 0);
    // Rank 1 is frozen, then killed once rank 0 records it holding a block: frozen, it cannot hand
    // the block in, so what rank 0 records it holding no longer changes (but for a block it had
    // handed in just before, which rank 0 then replaces with the next one).
    ::kill(pid, SIGSTOP);
    REQUIRE(!rank_line(ranks_txt, 1, true, std::chrono::seconds(300), job).empty());
    ::kill(pid, SIGKILL);
    const int status = wait_for(job, std::chrono::seconds(300));
    guard.job = 0;
    const std::string err = slurp(tmp / "job.err");
    INFO(err);
    REQUIRE(status != -1);  // no hang
    REQUIRE(!(WIFEXITED(status) && WEXITSTATUS(status) == 0));
    REQUIRE(!fs::exists(out));
    REQUIRE(fs::exists(tmp / "out.partial" / "journal" / "header.txt"));

    // Rank 0 keeps its report in the journal folder, whether or not mpirun forwards its stderr
    // while it ends the job: the dead rank, its pid and the runs of the block rank 0 last recorded
    // it holding in ranks.txt.
    const std::string report = slurp(tmp / "out.partial" / "stopped.txt");
    INFO(report);
    const std::string last = rank_line(ranks_txt, 1, false, std::chrono::seconds(1));
    REQUIRE(pid_of(last) == pid);
    std::smatch held;
    REQUIRE(std::regex_search(last, held, std::regex(" block ([0-9]+) runs ([0-9]+)-([0-9]+)$")));
    const long block = std::stol(held[1]);
    REQUIRE(std::stol(held[2]) == block * 1024);
    REQUIRE(std::stol(held[3]) == block * 1024 + 1023);
    REQUIRE(report.rfind("geosim sweep: the MPI job is being stopped (a rank died or the job was cancelled) before "
                         "the sweep finished; no outputs were written.\n", 0) == 0);
    REQUIRE(report.find("  rank 1 (pid " + std::to_string(pid) + " on " + host_of(last) +
                        ", no longer running) held block " + held[1].str() + ": runs " + held[2].str() + "-" +
                        held[3].str() + "\n") != std::string::npos);
    std::smatch kept;
    REQUIRE(std::regex_search(report, kept, std::regex("\nThe journal keeps ([0-9]+) of 98 blocks; ")));
    REQUIRE(std::stol(kept[1]) <= block);
    REQUIRE(report.find("; finish the sweep with mpirun geosim-mpi sweep tests/data/tiny_sweep.yaml --resume " +
                        out.string() + " (any number of ranks) or geosim sweep tests/data/tiny_sweep.yaml --resume " +
                        out.string() + " (one process)\n") != std::string::npos);
    REQUIRE(report.back() == '\n');
    REQUIRE(report.find("This report is kept in") == std::string::npos);
    // mpirun may drop it while it ends the job; when it forwards it, it is whole.
    if (err.find("geosim sweep: the MPI job is being stopped") != std::string::npos)
        REQUIRE(err.find(report + "This report is kept in " + (tmp / "out.partial" / "stopped.txt").string() + "\n") !=
                std::string::npos);
}

TEST_CASE("mpi sweep: bad usage exits 2 with the exact message and starts nothing", "[mpi][sweep][errors]") {
    TempDir tmp;
    const Result shard = run_mpi(2, {kScenario, "--shard", "0/2", "--out", (tmp / "out").string()}, kEnvNoGrace);
    INFO(shard.err);
    REQUIRE(shard.code == 2);
    REQUIRE(shard.err.find("geosim sweep: --shard is for separate processes; under mpirun the ranks share the "
                           "blocks\nusage: mpirun -np N geosim-mpi sweep SCENARIO") != std::string::npos);
    const Result series = run_mpi(2, {kScenario, "--keep-series", "--out", (tmp / "out").string()}, kEnvNoGrace);
    REQUIRE(series.code == 2);
    REQUIRE(series.err.find("geosim sweep: --keep-series is for a sweep in one process; drop it under mpirun\n") !=
            std::string::npos);
    REQUIRE_FALSE(fs::exists(tmp / "out"));
    const Result runs = run_mpi(2, {kScenario, "--runs", "0", "--out", (tmp / "out").string()}, kEnvNoGrace);
    REQUIRE(runs.code == 2);
    REQUIRE(runs.err.find("geosim sweep: --runs must be between 1 and 1000000, got 0\n") != std::string::npos);
    REQUIRE(!fs::exists(tmp / "out"));
    REQUIRE(!fs::exists(tmp / "out.partial"));
}
