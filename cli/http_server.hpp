#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace geosim::cli {

// A request that passed the server's checks (Host, method, content type, origin, size).
struct HttpRequest {
    std::string method;  // GET or POST
    std::string target;  // as sent, e.g. "/api/sweep"
    std::string body;
    std::string authorization = {};  // the Authorization header, if any
};

// A response that stays open and sends server-sent events (text/event-stream) as they come:
// a handler answers with one (HttpResponse::events) and keeps it to send on. The connection
// sends a comment line every `heartbeat` so that a closed client is noticed and proxies keep
// it open; it ends when the client goes or `close` is called.
class EventStream {
public:
    // Queues one event ("event: NAME\ndata: DATA\n\n"); any thread. False once closed.
    bool send(const std::string& name, const std::string& data);
    bool closed() const;
    // Ends the stream after the events queued; any thread.
    void close();

    // For the server's connection: the text waiting to be written (emptied), and the callback
    // that wakes the connection when more comes (called without the lock held).
    std::string take();
    void on_more(std::function<void()> wake);
    void mark_closed();
    bool closing() const;

private:
    mutable std::mutex mutex_;
    std::string pending_;
    std::function<void()> wake_;
    bool closed_ = false;   // the connection has gone
    bool closing_ = false;  // close() was called
};

struct HttpResponse {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers = {};  // extra headers
    // Set: the answer is an event stream (status 200; content_type and body are ignored).
    std::shared_ptr<EventStream> events = nullptr;
};

// {"error": message} with the status.
HttpResponse json_error(int status, const std::string& message);

// Answers one request. It may call `reply` later and from another thread (a sweep runs on a
// worker), but exactly once.
using HttpHandler = std::function<void(const HttpRequest&, std::function<void(HttpResponse)> reply)>;

struct HttpLimits {
    std::size_t header_bytes = 8 << 10;      // request line and headers (431 beyond)
    std::size_t body_bytes = 1 << 20;        // body (413 beyond)
    int header_timeout_seconds = 5;          // the request line and headers must arrive within this (408)
    int read_timeout_seconds = 15;           // the whole request must arrive within this
    std::size_t max_connections = 64;        // open connections
    std::size_t max_connections_per_address = 16;  // open connections from one client address
};

// Whether a request's Host header names a server bound to `address` (an IP literal) and `port`
// (docs/http-api.md, "Security"). A Host without a port means 80, as browsers write it then.
bool host_names_server(const std::string& address, std::uint16_t port, const std::string& host_header);

// Whether a request's Origin is the page's own, served at `host_header` over http (the port
// may again be left out when it is 80).
bool same_origin(const std::string& origin, const std::string& host_header);

// A small HTTP/1.1 server on Boost.Beast: one I/O thread, keep-alive, and the checks every
// request passes before `handler` sees it (docs/http-api.md, "Security"):
//  - Host must name the bound address and port (refuses DNS rebinding), else 421;
//  - only GET and POST (405); a GET has no body (400);
//  - a POST has Content-Type application/json (415) and, when it sends Origin, the server's own
//    origin (403);
//  - header and body limits (431, 413), a deadline for the request head (408) and one for the
//    whole request;
//  - connection caps, overall and per client address. A connection beyond a cap takes the place
//    of the one that has waited longest for its request head (from that address, or from any
//    when the server is full), so slow or idle clients cannot keep a new one out; it is refused
//    only when every connection in the way has a request in progress.
// Responses never carry CORS headers and say nosniff, no-store and deny framing.
class HttpServer {
public:
    HttpServer(const std::string& host, std::uint16_t port, HttpLimits limits, HttpHandler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // The port bound (the one chosen by the system when asked for port 0).
    std::uint16_t port() const;
    // Serves until SIGINT or SIGTERM. Then it accepts no more connections, calls `on_stop` (which
    // should make work in progress end soon) and lets the requests in progress be answered,
    // waiting up to 10 s from the signal for them.
    void run(const std::function<void()>& on_stop = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace geosim::cli
