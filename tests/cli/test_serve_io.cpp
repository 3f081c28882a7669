// geosim serve under load: the I/O thread never reads or compiles a scenario, and the library is
// read again only when a file changes (docs/http-api.md, "Limits and errors").
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "cli_harness.hpp"
#include "serve_harness.hpp"
#include "cli/scenario_edit.hpp"
#include "cli/serve_api.hpp"

using namespace geosim::test;
using geosim::cli::DashboardApi;
using geosim::cli::HttpRequest;
using geosim::cli::HttpResponse;

namespace {

namespace asio = boost::asio;

// Collects the replies of DashboardApi::handle with the thread each came on. A reply that comes
// on another thread than the caller's is held there until `release`, as a slow compile would
// hold it.
class Replies {
public:
    std::function<void(HttpResponse)> held() {
        return [this](HttpResponse r) {
            const bool off = std::this_thread::get_id() != caller_;
            {
                std::lock_guard lock(mutex_);
                got_.push_back({off, r.status, r.body});
            }
            changed_.notify_all();
            if (off) release_.wait();
        };
    }
    // Waits (up to two minutes, for a loaded machine) until `n` replies have come.
    std::size_t wait_for(std::size_t n) {
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::minutes(2), [&] { return got_.size() >= n; });
        return got_.size();
    }
    void release() { release_promise_.set_value(); }

    struct Reply {
        bool off_caller;
        int status;
        std::string body;
    };
    std::vector<Reply> got() {
        std::lock_guard lock(mutex_);
        return got_;
    }

private:
    std::thread::id caller_ = std::this_thread::get_id();
    std::promise<void> release_promise_;
    std::shared_future<void> release_ = release_promise_.get_future().share();
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Reply> got_;
};

}  // namespace

TEST_CASE("serve: listing the library and compiling a scenario run off the I/O thread, which answers status meanwhile",
          "[cli][serve][io]") {
    DashboardApi api(fs::path(GEOSIM_SOURCE_DIR) / "scenarios", 1);
    Replies replies;
    // The calling thread plays the server's I/O thread. Both requests go to the pool, whose two
    // threads then stay held in the replies.
    api.handle({"POST", "/api/scenario-yaml",
                R"({"scenario": "taiwan_strait_blockade", "shocks": {"war_risk": {"enabled": false}}})"},
               replies.held());
    api.handle({"GET", "/api/scenarios", ""}, replies.held());
    REQUIRE(replies.wait_for(2) == 2);
    for (const auto& r : replies.got()) {
        INFO(r.body.substr(0, 200));
        CHECK(r.off_caller);
        CHECK(r.status == 200);
    }
    // With both threads of the pool busy, a status request is answered at once, on the caller's
    // thread.
    std::optional<HttpResponse> status;
    api.handle({"GET", "/api/status", ""}, [&](HttpResponse r) { status = std::move(r); });
    REQUIRE(status.has_value());
    CHECK(status->status == 200);
    CHECK(parse_json(status->body)["busy"].as<bool>() == false);
    // The pool's queue is bounded: 16 requests wait for a thread, the 17th is refused 429.
    for (std::size_t i = 0; i < DashboardApi::kPoolWaiting; ++i)
        api.handle({"GET", "/api/scenarios", ""}, replies.held());
    std::optional<HttpResponse> refused;
    api.handle({"GET", "/api/scenarios", ""}, [&](HttpResponse r) { refused = std::move(r); });
    REQUIRE(refused.has_value());
    CHECK(refused->status == 429);
    CHECK(parse_json(refused->body)["error"].as<std::string>() ==
          "busy: 16 requests are already waiting to read or compile scenarios; try again in a moment");
    // Once the held threads go on, every queued request is answered.
    replies.release();
    REQUIRE(replies.wait_for(2 + DashboardApi::kPoolWaiting) == 2 + DashboardApi::kPoolWaiting);
    api.wait();
    for (const auto& r : replies.got()) CHECK(r.status == 200);
}

TEST_CASE("serve: a bad edit compiled on the pool is still a located 400", "[cli][serve][io]") {
    DashboardApi api(fs::path(GEOSIM_SOURCE_DIR) / "scenarios", 1);
    std::promise<HttpResponse> answer;
    api.handle({"POST", "/api/scenario-yaml", R"({"scenario": "taiwan_strait_blockade", "shocks": {"war_risc": {}}})"},
               [&](HttpResponse r) { answer.set_value(std::move(r)); });
    const HttpResponse r = answer.get_future().get();
    CHECK(r.status == 400);
    CHECK(parse_json(r.body)["error"].as<std::string>() ==
          "request:1:63: shocks.war_risc: unknown shock 'war_risc' in scenario 'taiwan_strait_blockade' (did you mean 'war_risk'?)");
}

namespace {

std::string scenario_file(const std::string& name, const std::string& description) {
    return "name: " + name + "\nworld: world/default.yaml\ndescription: " + description + "\n";
}

// The library's descriptions by scenario name, as /api/scenarios lists them.
std::map<std::string, std::string> listed(unsigned short port) {
    const HttpReply r = http_request(port, "GET", "/api/scenarios");
    REQUIRE(r.status == 200);
    std::map<std::string, std::string> out;
    for (const auto& s : parse_json(r.body)["scenarios"])
        out[s["name"].as<std::string>()] = s["description"].as<std::string>();
    return out;
}

}  // namespace

TEST_CASE("serve: the library is read again only when a file's time or size changes", "[cli][serve][io]") {
    TempDir library;
    const fs::path a = library.write("a.yaml", scenario_file("alpha", "first"));
    library.write("b.yaml", scenario_file("beta", "other"));
    ServeProcess server({"--scenarios", library.path().string()});
    using Listing = std::map<std::string, std::string>;
    CHECK(listed(server.port()) == Listing{{"alpha", "first"}, {"beta", "other"}});
    // Same size and the same modification time: the file is not read again, so the listing
    // still has what was read first. (Without the cache it would show "FIRST".)
    const auto stamp = fs::last_write_time(a);
    library.write("a.yaml", scenario_file("alpha", "FIRST"));
    fs::last_write_time(a, stamp);
    CHECK(listed(server.port()) == Listing{{"alpha", "first"}, {"beta", "other"}});
    // A new modification time: read again.
    fs::last_write_time(a, stamp + std::chrono::seconds(1));
    CHECK(listed(server.port()) == Listing{{"alpha", "FIRST"}, {"beta", "other"}});
    // A new size, even with the time put back: read again.
    library.write("a.yaml", scenario_file("alpha", "first, longer"));
    fs::last_write_time(a, stamp + std::chrono::seconds(1));
    CHECK(listed(server.port()) == Listing{{"alpha", "first, longer"}, {"beta", "other"}});
    // Files that appear and go are seen at once.
    library.write("c.yaml", scenario_file("gamma", "new"));
    fs::remove(library / "b.yaml");
    CHECK(listed(server.port()) == Listing{{"alpha", "first, longer"}, {"gamma", "new"}});
}

TEST_CASE("serve: the scenario library reads each file once while it does not change", "[cli][serve][io]") {
    TempDir library;
    const fs::path a = library.write("a.yaml", scenario_file("alpha", "first"));
    library.write("b.yaml", scenario_file("beta", "other"));
    library.write("broken.yaml", "name: [\n");
    geosim::cli::ScenarioLibrary lib(library.path());
    CHECK(lib.scenarios().size() == 2);
    CHECK(lib.files_read() == 3);
    for (int i = 0; i < 5; ++i) CHECK(lib.scenarios().size() == 2);
    CHECK(lib.files_read() == 3);  // the broken file is remembered as broken too
    fs::last_write_time(a, fs::last_write_time(a) + std::chrono::seconds(1));
    CHECK(lib.scenarios().size() == 2);
    CHECK(lib.files_read() == 4);
    library.write("broken.yaml", scenario_file("mended", "now a scenario"));
    CHECK(lib.scenarios().size() == 3);
    CHECK(lib.files_read() == 5);
    fs::remove(a);
    CHECK(lib.scenarios().size() == 2);
    CHECK(lib.files_read() == 5);
}
