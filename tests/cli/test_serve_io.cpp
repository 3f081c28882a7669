// geosim serve under load: the I/O thread never reads or compiles a scenario, the library is
// read again only when a file changes, and slow or idle clients cannot keep others out
// (docs/http-api.md, "Limits and errors").
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/read.hpp>

#include "cli/scenario_edit.hpp"
#include "cli/serve_api.hpp"
#include "cli_harness.hpp"
#include "serve_harness.hpp"

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

namespace {

// A connection from `source` (a loopback address such as 127.0.0.2) that sends the start of a
// request head and then nothing more, as a slow client does.
std::unique_ptr<asio::ip::tcp::socket> slow_client(asio::io_context& ioc, unsigned short port, const std::string& source) {
    auto socket = std::make_unique<asio::ip::tcp::socket>(ioc);
    socket->open(asio::ip::tcp::v4());
    socket->bind({asio::ip::make_address(source), 0});
    socket->connect({asio::ip::make_address("127.0.0.1"), port});
    const std::string start = "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n";
    asio::write(*socket, asio::buffer(start));
    return socket;
}

// Everything the server sends on `socket` until it closes it.
std::string read_to_end(asio::ip::tcp::socket& socket) {
    std::string text;
    boost::system::error_code ec;
    asio::read(socket, asio::dynamic_buffer(text), ec);
    return text;
}

// A connection whose head was cut off at the deadline was answered 408 with the message.
bool answered_408(const std::string& reply) {
    const auto body = reply.find("\r\n\r\n");
    return reply.rfind("HTTP/1.1 408 Request Timeout\r\n", 0) == 0 && body != std::string::npos &&
           parse_json(reply.substr(body + 4))["error"].as<std::string>() ==
               "the request's headers did not arrive within 5 s";
}

}  // namespace

// These tests assume only that the server accepts a few dozen loopback connections within 5 s
// (the header deadline): the connections are made one after another in a few milliseconds.
TEST_CASE("serve: a full house of slow clients does not keep a new connection out", "[cli][serve][security]") {
    ServeProcess server;
    asio::io_context ioc;
    // 64 connections, the most the server keeps, 16 from each of four addresses (the most one
    // address may hold), each stuck in the middle of its request head.
    std::vector<std::unique_ptr<asio::ip::tcp::socket>> slow;
    for (int i = 0; i < 64; ++i) slow.push_back(slow_client(ioc, server.port(), "127.0.0." + std::to_string(2 + i / 16)));
    // A new connection is served at once: it takes the place of the one that has waited
    // longest for its head. (Before, it was closed unanswered until the slow ones timed out.)
    HttpReply r;
    REQUIRE_NOTHROW(r = http_request(server.port(), "GET", "/api/status"));
    CHECK(r.status == 200);
    // The oldest slow connection was closed without an answer; the others are answered 408 when
    // their 5 s are up.
    CHECK(read_to_end(*slow[0]).empty());
    for (std::size_t i = 1; i < slow.size(); ++i) {
        const std::string reply = read_to_end(*slow[i]);
        INFO("connection " << i << ": " << reply.substr(0, 200));
        CHECK(answered_408(reply));
    }
}

TEST_CASE("serve: one address holds at most 16 connections, and a newer one takes the place of its oldest slow one",
          "[cli][serve][security]") {
    ServeProcess server;
    asio::io_context ioc;
    std::vector<std::unique_ptr<asio::ip::tcp::socket>> slow;
    for (int i = 0; i < 40; ++i) slow.push_back(slow_client(ioc, server.port(), "127.0.0.2"));
    // Another address is served as usual (and, being accepted after the 40, shows that the
    // server has dealt with them).
    CHECK(http_request(server.port(), "GET", "/api/status").status == 200);
    // The 24 oldest were closed without an answer as newer ones from the same address came; the
    // 16 newest were kept and are answered 408 at their deadline.
    for (std::size_t i = 0; i < slow.size(); ++i) {
        const std::string reply = read_to_end(*slow[i]);
        INFO("connection " << i << ": " << reply.substr(0, 200));
        if (i < 24) CHECK(reply.empty());
        else CHECK(answered_408(reply));
    }
}

TEST_CASE("serve: the request head must arrive whole within 5 s, however it trickles in", "[cli][serve][security]") {
    ServeProcess server;
    asio::io_context ioc;
    const auto t0 = std::chrono::steady_clock::now();
    auto socket = slow_client(ioc, server.port(), "127.0.0.1");
    // A header line a second, for up to 12 s, until the server answers.
    int lines = 0;
    std::string reply;
    for (; lines < 12; ++lines) {
        socket->non_blocking(true);
        boost::system::error_code ec;
        char buffer[4096];
        const std::size_t n = socket->read_some(asio::buffer(buffer), ec);
        socket->non_blocking(false);
        if (!ec && n > 0) {
            reply.assign(buffer, n);
            break;
        }
        if (ec && ec != asio::error::would_block) break;
        std::this_thread::sleep_for(std::chrono::seconds(1));
        asio::write(*socket, asio::buffer("X-Trickle-" + std::to_string(lines) + ": 1\r\n"), ec);
    }
    reply += read_to_end(*socket);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    INFO(reply << " after " << seconds << " s and " << lines << " lines");
    CHECK(answered_408(reply));
    CHECK(seconds >= 5.0);  // never before the deadline
    CHECK(lines < 12);      // the head was cut off before it ended

    // A connection that sends nothing is closed without a word at the deadline.
    asio::ip::tcp::socket idle(ioc);
    idle.connect({asio::ip::make_address("127.0.0.1"), server.port()});
    CHECK(read_to_end(idle).empty());
}
