#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <set>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/http_server.hpp"
#include "cli/scenario_edit.hpp"

namespace geosim::cli {

struct WorkshopSession;

// Live workshop sessions of `geosim serve` (docs/workshop.md): delegations play their countries
// turn by turn, the facilitator injects and advances, every change is journaled, and each turn
// ends with a fan of futures forked from the session's present.
//
// A session is a scenario: the library scenario it started from plus one dated shock per move
// and inject. Its state after a turn is `geosim run` of that scenario (run 0 of its seed) after
// the quarters played, computed that way, so an export replays it to the bit.
class Workshop {
public:
    static constexpr std::size_t kMaxSessions = 8;
    static constexpr std::size_t kMaxDelegations = 8;
    static constexpr std::size_t kMaxMovesPerDelegation = 8;
    static constexpr std::size_t kMaxInjectsPerTurn = 16;
    static constexpr std::size_t kMaxStreams = 16;  // open event streams a session
    static constexpr std::size_t kMaxBody = 64 << 10;
    static constexpr long long kDefaultFanRuns = 200;
    static constexpr std::size_t kMaxStreamsPerToken = 2;  // a page that reconnects replaces its old stream
    static constexpr std::size_t kMaxStreamsInAll = 32;    // below the server's 64 connections
    static constexpr int kMaxSubmissions = 32;             // submissions of one delegation a turn
    static constexpr std::size_t kMaxWrongCodes = 20;      // wrong join codes a minute

    // `sessions` is the folder of the journals (created when needed); `admin_token` the
    // facilitator's token (at least 16 characters); `threads` the threads a fan runs on.
    Workshop(ScenarioLibrary& library, std::filesystem::path sessions, std::string admin_token, int threads);
    ~Workshop();

    // Whether a request's path is the workshop's (/api/sessions..., /api/join).
    static bool owns(const std::string& target);
    // Answers a request (on a worker thread: an advance runs the model). Input errors are 400
    // with their located message; a move's location is in the session's scenario, session.yaml.
    HttpResponse handle(const HttpRequest& req);

    // Replays the journal of session `id` from the sessions folder, so that it stands where it
    // stood when the server stopped. Throws UsageError when there is no such session, and an
    // InputError when its journal does not replay.
    void resume(const std::string& id);

    // Ends every open event stream (the server is stopping).
    void close_streams();

    // A new random token (32 hex digits, 128 bits) and join code ("XXXX-XXXX", 40 bits).
    static std::string new_token();
    static std::string new_code();

private:
    std::shared_ptr<WorkshopSession> find(const std::string& id) const;
    HttpResponse create(const std::string& body);
    HttpResponse join(const std::string& body);
    HttpResponse list() const;
    // Plays the turn of every session whose turn timer has run out, then waits for the next
    // deadline (or a change of them); runs on its own thread until the Workshop goes.
    void time_turns();
    // Wakes the timer thread: a deadline was set or moved.
    void deadlines_changed();

    ScenarioLibrary& library_;
    std::filesystem::path dir_;
    std::string admin_token_;
    int threads_;
    mutable std::mutex mutex_;  // guards sessions_
    std::map<std::string, std::shared_ptr<WorkshopSession>> sessions_;
    std::set<std::string> reserved_;  // ids of sessions being created; under mutex_
    std::deque<std::chrono::steady_clock::time_point> wrong_codes_;  // under mutex_
    std::mutex timer_mutex_;
    std::condition_variable timer_wake_;
    bool timer_stop_ = false;       // under timer_mutex_
    std::uint64_t timer_epoch_ = 0; // under timer_mutex_: counts deadline changes
    std::thread timer_;             // last: started once the rest is ready
};

}  // namespace geosim::cli
