#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "cli/http_server.hpp"
#include "cli/scenario_edit.hpp"
#include "cli/task_pool.hpp"
#include "cli/workshop.hpp"

namespace geosim::cli {

struct SweepCharts;
struct LibraryScenario;

// What `geosim serve` answers (docs/http-api.md): the dashboard's assets and the JSON API.
// One sweep or run at a time runs on a worker thread; a request for another while it runs is
// refused with 429 and the progress so far, unless it asks to replace it (?replace=true): the
// sweep in progress then stops after its runs in flight and is answered 409. Listing the library
// and the YAML of an edited scenario (which compiles it) run on a small pool of threads with a
// bounded queue (429 beyond it), so that `handle`, called on the server's I/O thread, never
// reads or compiles a scenario there.
class DashboardApi {
public:
    static constexpr std::size_t kPoolThreads = 2;     // threads listing and compiling scenarios
    static constexpr std::size_t kPoolWaiting = 16;    // requests waiting for them (429 beyond)
    static constexpr long long kMaxRuns = 2000;        // runs per sweep request
    static constexpr long long kDefaultRuns = 200;
    // The work and the answer of one request are bounded, so that one request cannot hold the
    // single worker for minutes or send tens of MB (docs/http-api.md): shocks in the scenario,
    // runs x horizon of a sweep (by default the library's largest, 2000 runs of 40 quarters;
    // serve's --max-run-quarters), and the bytes of an answer.
    static constexpr std::size_t kMaxShocks = 100;
    static constexpr std::uint64_t kDefaultMaxRunQuarters = 80000;
    static constexpr std::size_t kMaxAnswerBytes = 4 << 20;
    // A sweep's answer carries the series of the economies its shocks target and of their
    // trade with the senders (the "focus"): at most this many economies and senders (and the
    // two poles, for an economy no sender acts on).
    static constexpr std::size_t kMaxFocusEconomies = 12;
    static constexpr std::size_t kMaxFocusPartners = 4;

    DashboardApi(std::filesystem::path library, int threads, std::uint64_t max_run_quarters = kDefaultMaxRunQuarters);
    ~DashboardApi();  // waits for the work in progress

    // Waits for the work in progress, whose answer goes nowhere once the server has stopped;
    // call it before the server is destroyed.
    void wait();

    // Asks the work in progress to stop (the server is stopping): a sweep starts no further run,
    // and its request is answered 503; later work is refused the same way. Returns at once.
    void cancel();

    void handle(const HttpRequest& req, std::function<void(HttpResponse)> reply);

    // Serves workshop sessions too (docs/workshop.md); without it their paths are 404.
    void attach(Workshop& workshop) { workshop_ = &workshop; }

private:
    HttpResponse get(const std::string& target) const;
    // Runs `work` on the pool and sends its answer (a located InputError as 400) to `reply`.
    void offload(std::function<HttpResponse()> work, std::function<void(HttpResponse)> reply);
    // The same on `pool`, which holds at most `waiting` requests waiting for `what`.
    void offload(TaskPool& pool, std::size_t waiting, const char* what, std::function<HttpResponse()> work,
                 std::function<void(HttpResponse)> reply);
    HttpResponse library_json();
    // Starts `work` on the worker unless work is running (or, with `replace`, once the work
    // running has stopped, answered 409); its response goes to `reply`.
    void start(const char* what, bool replace, std::function<HttpResponse()> work,
               std::function<void(HttpResponse)> reply);

    HttpResponse sweep(const std::string& body);
    HttpResponse single_run(const std::string& body);
    HttpResponse scenario_yaml(const std::string& body);
    HttpResponse status() const;
    // The senders and targets of a library scenario's shocks (focus_cache_, else compiled).
    std::pair<std::vector<std::string>, std::vector<std::string>> parties(const LibraryScenario& s) const;
    // The baseline's statistics for a key (its text, seed and runs), or null; worker only.
    std::shared_ptr<const SweepCharts> remembered(const std::string& key) const;
    void remember(const std::string& key, std::shared_ptr<const SweepCharts> charts);

    std::filesystem::path library_;
    Workshop* workshop_ = nullptr;
    ScenarioLibrary scenarios_;  // the library's files, read again only when they change
    int threads_;
    std::uint64_t max_run_quarters_;
    std::mutex mutex_;
    std::thread worker_;
    std::atomic<bool> busy_{false};
    std::atomic<bool> cancel_{false};  // the server is stopping
    std::atomic<bool> stop_{false};    // the work in progress is to stop (the server stops, or it is replaced)
    std::uint64_t generation_ = 0;     // of the last work started; under mutex_
    std::atomic<std::uint64_t> done_{0};
    std::atomic<std::uint64_t> total_{0};
    std::string busy_what_;
    // The baseline's charted statistics by (its text, seed, runs); used by the worker only.
    std::map<std::string, std::shared_ptr<const SweepCharts>> baseline_cache_;
    // The senders and targets of each library scenario's shocks, by the scenario's text (the
    // listing compiles a scenario once, not at every GET /api/scenarios).
    mutable std::mutex focus_mutex_;
    mutable std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> focus_cache_;
    // Last, so that it stops (running what is queued) before the members its tasks use go.
    TaskPool pool_{kPoolThreads, kPoolWaiting};
    // Workshop sessions' requests have threads of their own: a turn being played (a second or
    // two) holds one, and must not hold up the dashboard or the other sessions.
    static constexpr std::size_t kWorkshopThreads = 4;
    static constexpr std::size_t kWorkshopWaiting = 64;
    TaskPool workshop_pool_{kWorkshopThreads, kWorkshopWaiting};
};

}  // namespace geosim::cli
