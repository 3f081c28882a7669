#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <tbb/info.h>
#include <thread>
#include <vector>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/sweep_runs.hpp"
#include "analysis/sweep_stats.hpp"
#include "cli/args.hpp"
#include "cli/bench_check.hpp"
#include "cli/commands.hpp"
#include "cli/results_dir.hpp"
#include "engine/core/error.hpp"
#include "engine/core/world.hpp"
#include "engine/input/synthetic_world.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"
#include "outputs/json_writer.hpp"
#include "outputs/manifest.hpp"
#include "outputs/output_dir.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// A folder under the system's temporary folder, removed with everything in it at the end.
class TempFolder {
public:
    TempFolder() {
        std::string pattern = (fs::temp_directory_path() / "geosim-bench-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
        path_ = pattern;
    }
    ~TempFolder() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

struct RssFigure {
    std::uint64_t runs = 0;
    long peak_kib = 0;    // the child's own peak resident set (ru_maxrss)
    double seconds = 0;   // the child's wall time, start to exit
};

// Runs `geosim sweep` in a child process and reads its peak RSS from wait4. The parent must be
// small when it forks (its resident pages count toward the child's peak until the exec), so
// these figures are taken before the bench loads anything.
RssFigure measure_sweep_process(const std::string& scenario, std::uint64_t runs, int threads,
                                const fs::path& scratch) {
    const fs::path out = scratch / ("sweep-" + std::to_string(runs));
    const fs::path log = scratch / ("sweep-" + std::to_string(runs) + ".log");
    std::vector<std::string> args = {"geosim", "sweep", scenario, "--runs", std::to_string(runs),
                                     "--threads", std::to_string(threads), "--out", out.string(), "--quiet"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::cout.flush();
    const auto t0 = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("cannot start a sweep process");
    if (pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ::dup2(fd, STDOUT_FILENO);
            ::dup2(fd, STDERR_FILENO);
        }
        ::execv("/proc/self/exe", argv.data());
        ::_exit(127);
    }
    int status = 0;
    struct rusage usage {};
    if (::wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("lost the sweep process");
    RssFigure f{runs, usage.ru_maxrss, seconds_since(t0)};
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::ifstream in(log);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        throw std::runtime_error("the sweep of " + std::to_string(runs) + " runs failed: " + text);
    }
    std::error_code ignored;
    fs::remove_all(out, ignored);
    return f;
}

// Runs ids 0..runs-1 of the scenario's sweep in this process, folding every run into the
// summary statistics as geosim sweep does, and returns the wall time. No files are written.
double time_sweep(const World& world, const SweepSpec& sweep, std::uint64_t runs, int threads) {
    const SweepDesign design(parse_design(sweep.design), sweep.parameters, runs, world.seed);
    const std::vector<RowKey> keys = row_keys(world);
    const SweepRecording recording = sweep_recording(keys, sweep.summary, sweep_outcomes(sweep, keys));
    SweepStats stats(recording.rows.size() * static_cast<std::size_t>(world.horizon + 1));
    constexpr std::size_t kBatch = 16;
    std::vector<std::vector<double>> batch(kBatch);
    std::size_t batched = 0;
    const auto t0 = Clock::now();
    run_sweep(world, keys, recording, design, 0, design.runs(), threads, [&](const SweepRunResult& r) {
        if (!r.error.empty()) throw std::runtime_error("run " + std::to_string(r.plan.run_id) + " failed: " + r.error);
        batch[batched++] = r.values;
        if (batched == kBatch || r.plan.run_id + 1 == runs) {
            stats.add_runs(batch, batched);
            batched = 0;
        }
    });
    return seconds_since(t0);
}

// Takes a measurement until it comes out clean or kBenchAttempts are spent: `measure` takes it
// once and returns its doubts (bench_check.hpp), which `doubts` keeps. Returns the attempts.
template <class Measure>
int measure_until_clean(std::vector<std::string>& doubts, Measure measure) {
    int attempts = 0;
    do {
        ++attempts;
        doubts = measure();
    } while (!doubts.empty() && attempts < kBenchAttempts);
    return attempts;
}

// bench.json's account of a measurement's attempts and of what disturbed it.
void write_verdict(JsonWriter& json, int attempts, const std::vector<std::string>& doubts) {
    json.key("attempts").integer(attempts);
    json.key("disturbed").begin_array();
    for (const std::string& d : doubts) json.string(d);
    json.end_array();
}

// One synthetic world's figures.
struct SizeFigure {
    int economies = 0, legs = 0, zones = 0, quarters = 0, attempts = 0;
    double load_seconds = 0;
    std::vector<double> times;  // seconds a run, each repeat
    std::vector<std::string> doubts;
};

// `--economies E[,E...]`: the sizes of the synthetic worlds, each 8-2000 (default 200).
std::vector<int> economies_of(const Args& args) {
    const auto text = args.get("economies");
    if (!text) return {200};
    std::vector<int> sizes;
    std::size_t pos = 0;
    while (true) {
        const std::size_t comma = text->find(',', pos);
        const std::string item = text->substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        long long v = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || ec != std::errc{} || end != item.data() + item.size())
            throw UsageError("--economies expects whole numbers separated by commas, got '" + *text + "'");
        if (v < 8 || v > 2000) throw UsageError("--economies must be between 8 and 2000, got " + item);
        sizes.push_back(static_cast<int>(v));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    if (sizes.size() > 8) throw UsageError("--economies takes at most 8 sizes, got " + std::to_string(sizes.size()));
    return sizes;
}

class NoObserver : public Observer {
public:
    void observe(const World&, const State&) override {}
};

std::string cpu_model() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
            return line.substr(line.find(':') + 2);
    return "unknown";
}

}  // namespace

int bench_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"scenario", true}, {"runs", true}, {"repeat", true},
                                        {"threads", true}, {"economies", true}, {"quick", false},
                                        {"out", true}, {"quiet", false}});
    if (!args.positional.empty()) throw UsageError("bench takes no positional arguments");
    const std::string scenario = args.get("scenario").value_or("scenarios/baseline.yaml");
    const auto runs = static_cast<std::uint64_t>(args.get_int("runs", 1, kMaxSweepRuns).value_or(1000));
    const int repeat = static_cast<int>(args.get_int("repeat", 1, 99).value_or(3));
    const int threads = static_cast<int>(args.get_int("threads", 2, 256).value_or(2));
    const std::vector<int> sizes = economies_of(args);
    const bool quick = args.has("quick");
    const bool chatty = !args.has("quiet") && ::isatty(STDERR_FILENO);
    const fs::path out = destination(out_option(args), "bench");
    // Checked before anything is measured, so a typo fails at once.
    load_scenario(scenario);
    auto say = [&](const std::string& what) {
        if (chatty) std::cerr << "geosim bench: " << what << "\n";
    };

    TempFolder scratch;
    // 1. Peak memory of whole sweeps, each in its own process (first: see measure_sweep_process).
    std::vector<RssFigure> rss;
    for (const std::uint64_t n : {1000, 10000, 100000}) {
        if (quick && n > 10000) continue;
        say("sweep of " + std::to_string(n) + " runs in a child process, " + std::to_string(threads) + " threads");
        rss.push_back(measure_sweep_process(scenario, n, threads, scratch.path()));
    }

    // 2. Throughput of the sweep engine on 1 and `threads` threads, median of `repeat`.
    ScenarioSpec spec = load_scenario(scenario);
    const World world = compile(spec);
    const SweepSpec sweep = spec.sweep.value_or(SweepSpec{});
    // Repeats that disagree, or an efficiency above 100%, mean other work slowed a timing: the
    // measurement is taken again, up to kBenchAttempts times, and reported as disturbed if it
    // never comes out clean (docs/performance.md, "Reading geosim bench").
    std::vector<int> thread_counts = {1, threads};
    std::vector<std::vector<double>> times;
    std::vector<std::string> doubts;
    const int attempts = measure_until_clean(doubts, [&] {
        if (!doubts.empty()) say("disturbed (" + doubts.front() + "); measuring again");
        times.assign(thread_counts.size(), {});
        for (int k = 0; k < repeat; ++k)
            for (std::size_t t = 0; t < thread_counts.size(); ++t) {
                say("sweep of " + std::to_string(runs) + " runs in process, " + std::to_string(thread_counts[t]) +
                    " thread(s), repeat " + std::to_string(k + 1) + "/" + std::to_string(repeat));
                times[t].push_back(time_sweep(world, sweep, runs, thread_counts[t]));
            }
        return throughput_doubts(times[0], times[1], threads);
    });
    const double rate1 = static_cast<double>(runs) / median_of(times[0]);
    const double rateN = static_cast<double>(runs) / median_of(times[1]);

    // 3. One run of a generated world of each size, through the real loader: the cost of a run
    // as the world grows, and the exponent of a power law fitted to it.
    OutputDir dir(out);
    std::vector<SizeFigure> worlds;
    for (const int economies : sizes) {
        say("synthetic world of " + std::to_string(economies) + " economies");
        SyntheticSpec sspec;
        sspec.economies = economies;
        sspec.horizon = world.horizon;
        const fs::path folder = dir.path() / (sizes.size() == 1 ? std::string("synthetic") : "synthetic-" + std::to_string(economies));
        const SyntheticWorld synth = write_synthetic_world(folder, sspec, world.params);
        SizeFigure w;
        w.economies = economies;
        w.legs = synth.legs;
        w.zones = synth.zones;
        const auto tl = Clock::now();
        const World big = compile(load_scenario(synth.scenario_file.string()));
        w.load_seconds = seconds_since(tl);
        w.quarters = big.horizon;
        w.attempts = measure_until_clean(w.doubts, [&] {
            w.times.clear();
            for (int k = 0; k < repeat; ++k) {
                NoObserver none;
                const auto t0 = Clock::now();
                run(big, RunPlan{0, big.seed}, none);
                w.times.push_back(seconds_since(t0));
            }
            return spread_doubts(std::to_string(economies) + "-economy run", w.times);
        });
        worlds.push_back(std::move(w));
    }
    std::vector<double> ns, ts;
    for (const SizeFigure& w : worlds) {
        ns.push_back(w.economies);
        ts.push_back(median_of(w.times));
    }

    // Report.
    const unsigned hw = std::thread::hardware_concurrency();
    std::printf("geosim bench: %s (%u hardware threads, %s)\n", scenario.c_str(), hw, cpu_model().c_str());
    std::printf("\n  sweep engine, %llu runs of %d quarters (median of %d)\n",
                static_cast<unsigned long long>(runs), world.horizon, repeat);
    std::printf("  %-10s %12s %12s %10s\n", "threads", "seconds", "runs/s", "spread");
    for (std::size_t t = 0; t < thread_counts.size(); ++t)
        std::printf("  %-10d %12.3f %12.1f %9.1f%%\n", thread_counts[t], median_of(times[t]),
                    static_cast<double>(runs) / median_of(times[t]), 100 * spread_of(times[t]));
    if (doubts.empty()) {
        std::printf("  speed-up %.2fx, parallel efficiency %.0f%% (repeats within %.0f%% of their median, attempt %d)\n",
                    rateN / rate1, 100.0 * rateN / rate1 / threads, 100 * kBenchSpreadBound, attempts);
    } else {
        std::printf("  DISTURBED after %d attempts, not a result: another load on the machine moved the timings\n",
                    attempts);
        for (const std::string& d : doubts) std::printf("    - %s\n", d.c_str());
    }
    std::printf("\n  geosim sweep --threads %d, one process each\n", threads);
    std::printf("  %-10s %12s %12s\n", "runs", "peak RSS MiB", "seconds");
    for (const RssFigure& f : rss)
        std::printf("  %-10llu %12.1f %12.2f\n", static_cast<unsigned long long>(f.runs), f.peak_kib / 1024.0, f.seconds);
    std::printf("  peak RSS %llu runs / 1000 runs: %.2fx\n", static_cast<unsigned long long>(rss.back().runs),
                static_cast<double>(rss.back().peak_kib) / static_cast<double>(rss.front().peak_kib));
    std::printf("\n  synthetic worlds, one %d-quarter run each (median of %d)\n", world.horizon, repeat);
    std::printf("  %-10s %10s %8s %12s %12s %10s\n", "economies", "sea legs", "zones", "load s", "run ms", "spread");
    for (const SizeFigure& w : worlds) {
        std::printf("  %-10d %10d %8d %12.3f %12.1f %9.1f%%\n", w.economies, w.legs, w.zones, w.load_seconds,
                    1000 * median_of(w.times), 100 * spread_of(w.times));
        if (!w.doubts.empty())
            std::printf("  DISTURBED after %d attempts, not a result: %s\n", w.attempts, w.doubts.front().c_str());
    }
    if (worlds.size() >= 2)
        std::printf("  run time ~ n^%.2f (least squares on the logarithms, %zu sizes)\n", fitted_exponent(ns, ts),
                    worlds.size());

    {
        std::ofstream f(dir.path() / "bench.json", std::ios::binary);
        JsonWriter json(f);
        json.begin_object();
        json.key("command_line").string(command_text("bench", argv));
        json.key("created_utc").string(format_utc_iso8601(std::chrono::system_clock::now()));
        json.key("version").string(GEOSIM_VERSION);
        json.key("hardware_threads").integer(hw);
        json.key("cpu").string(cpu_model());
        json.key("scenario").string(scenario);
        json.key("sweep_engine").begin_object();
        json.key("runs").integer(runs);
        json.key("quarters").integer(world.horizon);
        json.key("repeat").integer(repeat);
        for (std::size_t t = 0; t < thread_counts.size(); ++t) {
            json.key("threads_" + std::to_string(thread_counts[t])).begin_object();
            json.key("seconds").begin_array();
            for (double s : times[t]) json.number(s);
            json.end_array();
            json.key("runs_per_second").number(static_cast<double>(runs) / median_of(times[t]));
            json.end_object();
        }
        json.key("speedup").number(rateN / rate1);
        json.key("parallel_efficiency").number(rateN / rate1 / threads);
        json.key("spread_bound").number(kBenchSpreadBound);
        write_verdict(json, attempts, doubts);
        json.end_object();
        json.key("sweep_processes").begin_array();
        for (const RssFigure& r : rss) {
            json.begin_object();
            json.key("runs").integer(r.runs);
            json.key("threads").integer(threads);
            json.key("peak_rss_kib").integer(r.peak_kib);
            json.key("seconds").number(r.seconds);
            json.end_object();
        }
        json.end_array();
        json.key("synthetic_worlds").begin_array();
        for (const SizeFigure& w : worlds) {
            json.begin_object();
            json.key("economies").integer(w.economies);
            json.key("sea_legs").integer(w.legs);
            json.key("zones").integer(w.zones);
            json.key("quarters").integer(w.quarters);
            json.key("load_compile_seconds").number(w.load_seconds);
            json.key("run_seconds").begin_array();
            for (double x : w.times) json.number(x);
            json.end_array();
            json.key("run_seconds_median").number(median_of(w.times));
            write_verdict(json, w.attempts, w.doubts);
            json.end_object();
        }
        json.end_array();
        if (worlds.size() >= 2) json.key("fitted_exponent").number(fitted_exponent(ns, ts));
        json.end_object();
        f.close();
        if (!f) throw write_error((dir.path() / "bench.json").string());
    }
    dir.commit();
    std::printf("\nfigures: %s/bench.json\n", out.string().c_str());
    return 0;
}

}  // namespace geosim::cli
