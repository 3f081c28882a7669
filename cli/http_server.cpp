#include "cli/http_server.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "cli/args.hpp"
#include "outputs/json_writer.hpp"

namespace geosim::cli {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

HttpResponse json_error(int status, const std::string& message) {
    std::ostringstream out;
    JsonWriter json(out, true);
    json.begin_object().key("error").string(message).end_object();
    return {status, "application/json", out.str()};
}

bool EventStream::send(const std::string& name, const std::string& data) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        if (closed_ || closing_) return false;
        pending_ += "event: " + name + "\ndata: " + data + "\n\n";
        wake = wake_;
    }
    if (wake) wake();
    return true;
}

bool EventStream::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

void EventStream::close() {
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        wake = wake_;
    }
    if (wake) wake();
}

std::string EventStream::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(pending_, std::string());
}

void EventStream::on_more(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

void EventStream::mark_closed() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    wake_ = nullptr;
}

bool EventStream::closing() const {
    std::lock_guard lock(mutex_);
    return closing_;
}

namespace {

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// "host:port" as a browser writes it in Host and Origin ("[::1]:8080" for IPv6).
std::string host_port(const asio::ip::address& a, std::uint16_t port) {
    const std::string h = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
    return h + ":" + std::to_string(port);
}

// A Host header (or an origin's host) with its port; browsers leave out the scheme's default,
// so "127.0.0.1" is "127.0.0.1:80" and "[::1]" is "[::1]:80".
std::string with_port(const std::string& host) {
    const auto colon = host.rfind(':');
    const auto bracket = host.rfind(']');
    const bool has_port = colon != std::string::npos && (bracket == std::string::npos || colon > bracket);
    return has_port || host.empty() ? host : host + ":80";
}

// Which Host headers name this server. Loopback binds also answer to localhost; a wildcard
// bind (0.0.0.0, ::) answers to any IP literal with the port, never to a DNS name, since a name
// is what a rebinding attack controls.
class HostCheck {
public:
    HostCheck(const asio::ip::address& bound, std::uint16_t port) : port_(port) {
        wildcard_ = bound.is_unspecified();
        allowed_.insert(host_port(bound, port));
        if (bound.is_loopback()) {
            allowed_.insert("localhost:" + std::to_string(port));
            allowed_.insert("127.0.0.1:" + std::to_string(port));
            allowed_.insert("[::1]:" + std::to_string(port));
        }
    }

    bool accepts(const std::string& host_header) const {
        const std::string h = with_port(lower(host_header));
        if (allowed_.count(h)) return true;
        if (!wildcard_) return false;
        const auto colon = h.rfind(':');
        if (colon == std::string::npos || h.substr(colon + 1) != std::to_string(port_)) return false;
        std::string name = h.substr(0, colon);
        if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
        boost::system::error_code ec;
        asio::ip::make_address(name, ec);
        return !ec;
    }

private:
    std::uint16_t port_;
    bool wildcard_ = false;
    std::set<std::string> allowed_;
};

}  // namespace

bool host_names_server(const std::string& address, std::uint16_t port, const std::string& host_header) {
    return HostCheck(asio::ip::make_address(address), port).accepts(host_header);
}

bool same_origin(const std::string& origin, const std::string& host_header) {
    const std::string o = lower(origin), scheme = "http://";
    return o.rfind(scheme, 0) == 0 && with_port(o.substr(scheme.size())) == with_port(lower(host_header));
}

namespace {

class Session;

struct Shared {
    HttpLimits limits;
    HttpHandler handler;
    std::unique_ptr<HostCheck> hosts;
    std::atomic<std::size_t> unanswered{0};  // requests handed to `handler` and not yet answered

    // The open connections, overall and by client address, and the order in which they started
    // waiting for a request head. Guarded by `mutex`: a session may end on a worker thread (the
    // last reference to it can be the reply of a sweep).
    std::mutex mutex;
    std::size_t connections = 0;
    std::map<std::string, std::size_t> per_address;
    std::set<Session*> sessions;
    std::uint64_t waits = 0;

    // Whether a connection from `address` may be served, making room when a cap is reached (the
    // HttpServer comment); I/O thread.
    bool admit(const std::string& address);

private:
    bool evict_locked(const std::string* address, std::vector<std::shared_ptr<Session>>& evicted);
};

// The checks of the HttpServer comment, in order; nullopt when the request may go on.
std::optional<HttpResponse> refuse(const http::request<http::string_body>& req, const Shared& shared) {
    // RFC 9112 3.2: a request with more than one Host field is answered 400 (which one names the
    // server would be ambiguous).
    if (req.count(http::field::host) > 1) return json_error(400, "more than one Host header");
    const std::string host(req[http::field::host]);
    if (!shared.hosts->accepts(host))
        return json_error(421, "unexpected Host '" + host + "': open the dashboard at the address geosim serve printed");
    if (req.method() != http::verb::get && req.method() != http::verb::post)
        return json_error(405, "method " + std::string(req.method_string()) + " is not allowed; use GET or POST");
    if (req.method() == http::verb::get) {
        if (!req.body().empty()) return json_error(400, "a GET request has no body");
        return std::nullopt;
    }
    std::string type = lower(std::string(req[http::field::content_type]));
    type = type.substr(0, type.find(';'));
    type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
    if (type != "application/json")
        return json_error(415, "a POST request must have Content-Type application/json");
    if (req.find(http::field::origin) != req.end()) {
        const std::string origin(req[http::field::origin]);
        if (!same_origin(origin, host))
            return json_error(403, "cross-origin request from '" + origin + "' refused");
    }
    return std::nullopt;
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Shared& shared, std::string address)
        : stream_(std::move(socket)), head_timer_(stream_.get_executor()), shared_(shared),
          address_(std::move(address)) {
        std::lock_guard lock(shared_.mutex);
        ++shared_.connections;
        ++shared_.per_address[address_];
        shared_.sessions.insert(this);
    }
    ~Session() {
        {
            std::lock_guard lock(shared_.mutex);
            release_locked();
            shared_.sessions.erase(this);
        }
        answered();
    }

    // Reads a request: its head within the header deadline, the whole of it within the read
    // timeout.
    void read() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(shared_.limits.header_bytes));
        parser_->body_limit(shared_.limits.body_bytes);
        const auto now = std::chrono::steady_clock::now();
        deadline_ = now + std::chrono::seconds(shared_.limits.read_timeout_seconds);
        {
            std::lock_guard lock(shared_.mutex);
            if (released_) return close();
            waiting_ = ++shared_.waits;
        }
        // A timer of our own rather than the stream's expiry, which closes the socket: a client
        // that sent part of a head is told why (408).
        head_late_ = false;
        stream_.expires_never();
        head_timer_.expires_after(std::chrono::seconds(shared_.limits.header_timeout_seconds));
        head_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec) return;
            self->head_late_ = true;
            beast::error_code ignored;
            self->stream_.socket().cancel(ignored);
        });
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
    }

    // Waiting for a request head since the `waits`-th wait, or 0 (a request is in progress);
    // under the mutex.
    std::uint64_t waiting_locked() const { return released_ ? 0 : waiting_; }
    const std::string& address() const { return address_; }

    // Gives this connection's place to a newer one: it no longer counts against the caps and is
    // closed soon; under the mutex.
    void evict_locked() {
        release_locked();
        asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
    }

private:
    void release_locked() {
        if (released_) return;
        released_ = true;
        waiting_ = 0;
        --shared_.connections;
        if (--shared_.per_address[address_] == 0) shared_.per_address.erase(address_);
    }

    void on_header(beast::error_code ec) {
        head_timer_.cancel();
        {
            std::lock_guard lock(shared_.mutex);
            waiting_ = 0;
        }
        if (ec == asio::error::operation_aborted && head_late_) {
            // Nothing of a request yet: an idle keep-alive connection, closed without a word.
            if (!parser_->got_some() && buffer_.size() == 0) return close();
            return write(json_error(408, "the request's headers did not arrive within " +
                                             std::to_string(shared_.limits.header_timeout_seconds) + " s"),
                         false);
        }
        if (ec) return on_read(ec);
        stream_.expires_at(deadline_);
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
    }

    void on_read(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::operation_aborted)
            return close();
        if (ec == http::error::body_limit)
            return write(json_error(413, "request body over the limit of " +
                                             std::to_string(shared_.limits.body_bytes) + " bytes"), false);
        if (ec == http::error::header_limit)
            return write(json_error(431, "request headers over the limit of " +
                                             std::to_string(shared_.limits.header_bytes) + " bytes"), false);
        if (ec) return write(json_error(400, "malformed HTTP request: " + ec.message()), false);

        request_ = parser_->release();
        keep_alive_ = request_.keep_alive();
        if (auto refused = refuse(request_, shared_)) return write(*refused, keep_alive_);
        HttpRequest req{std::string(request_.method_string()), std::string(request_.target()), request_.body(),
                        std::string(request_[http::field::authorization])};
        stream_.expires_never();
        unanswered_ = true;
        ++shared_.unanswered;
        auto self = shared_from_this();
        try {
            shared_.handler(req, [self](HttpResponse res) {
                asio::post(self->stream_.get_executor(),
                           [self, res = std::move(res)]() mutable { self->write(std::move(res), self->keep_alive_); });
            });
        } catch (const std::exception& e) {
            write(json_error(500, std::string("internal error: ") + e.what()), false);
        }
    }

    void write(HttpResponse r, bool keep_alive) {
        if (r.events) return start_events(std::move(r.events));
        auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), 11);
        res->set(http::field::content_type, r.content_type);
        res->set(http::field::cache_control, "no-store");
        res->set("X-Content-Type-Options", "nosniff");
        res->set("X-Frame-Options", "DENY");
        res->set("Referrer-Policy", "no-referrer");
        for (const auto& [name, value] : r.headers) res->set(name, value);
        res->keep_alive(keep_alive);
        res->body() = std::move(r.body);
        res->prepare_payload();
        stream_.expires_after(std::chrono::seconds(30));
        http::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
            self->answered();
            if (ec) return self->close();
            if (keep_alive) return self->read();
            self->drain();
        });
    }

    // An event stream: the head, then the events as they are queued, until the client goes or the
    // stream is closed. The body ends with the connection (no length, no chunking).
    void start_events(std::shared_ptr<EventStream> events) {
        events_ = std::move(events);
        std::string head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n"
            "Connection: close\r\n\r\n";
        answered();  // a stream does not hold the server's stop
        heartbeat_.emplace(stream_.get_executor());
        std::weak_ptr<Session> weak = shared_from_this();
        events_->on_more([weak] {
            if (auto self = weak.lock()) asio::post(self->stream_.get_executor(), [self] { self->pump(); });
        });
        // The client sends nothing more; a read that ends means it has gone.
        stream_.expires_never();
        stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code, std::size_t) {
            self->end_events();
        });
        out_ = std::move(head) + events_->take();
        flush();
        beat();
    }

    void beat() {
        heartbeat_->expires_after(std::chrono::seconds(kHeartbeatSeconds));
        heartbeat_->async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec || !self->events_) return;
            self->out_ += ": keep-alive\n\n";
            self->pump();
            self->beat();
        });
    }

    void pump() {
        if (!events_) return;
        out_ += events_->take();
        if (events_->closing() && out_.empty() && !writing_) return end_events();
        flush();
    }

    void flush() {
        if (writing_ || out_.empty()) return;
        writing_ = true;
        auto text = std::make_shared<std::string>(std::exchange(out_, std::string()));
        asio::async_write(stream_.socket(), asio::buffer(*text), [self = shared_from_this(), text](beast::error_code ec, std::size_t) {
            self->writing_ = false;
            if (ec) return self->end_events();
            self->pump();
        });
    }

    void end_events() {
        if (!events_) return;
        events_->mark_closed();
        events_.reset();
        if (heartbeat_) heartbeat_->cancel();
        close();
    }

    // After an error the rest of the request may still be arriving; closing with unread data
    // would reset the connection before the client reads the response, so read and drop it
    // (up to a bound) after saying that no more is coming.
    void drain() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream_.expires_after(std::chrono::seconds(2));
        drain_more();
    }

    void drain_more() {
        stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ > (16u << 20)) return self->close();
            self->drain_more();
        });
    }

    void answered() {
        if (unanswered_) --shared_.unanswered;
        unanswered_ = false;
    }

    void close() {
        head_timer_.cancel();
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.close();
    }

    beast::tcp_stream stream_;
    asio::steady_timer head_timer_;
    Shared& shared_;
    std::string address_;
    std::uint64_t waiting_ = 0;  // under shared_.mutex
    bool released_ = false;      // under shared_.mutex
    bool head_late_ = false;
    std::chrono::steady_clock::time_point deadline_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::request<http::string_body> request_;
    bool keep_alive_ = false;
    bool unanswered_ = false;
    std::array<char, 16384> scratch_{};
    std::size_t drained_ = 0;
    // An event stream's state (start_events).
    static constexpr int kHeartbeatSeconds = 15;
    std::shared_ptr<EventStream> events_;
    std::optional<asio::steady_timer> heartbeat_;
    std::string out_;
    bool writing_ = false;
};

bool Shared::admit(const std::string& address) {
    std::vector<std::shared_ptr<Session>> evicted;  // let go after the lock (a destructor takes it)
    std::lock_guard lock(mutex);
    const auto from = per_address.find(address);
    if (from != per_address.end() && from->second >= limits.max_connections_per_address &&
        !evict_locked(&address, evicted))
        return false;
    return connections < limits.max_connections || evict_locked(nullptr, evicted);
}

// Evicts the connection (from `address`, or from any when null) that has waited longest for a
// request head; false when every one has a request in progress.
bool Shared::evict_locked(const std::string* address, std::vector<std::shared_ptr<Session>>& evicted) {
    Session* oldest = nullptr;
    for (Session* s : sessions) {
        const std::uint64_t since = s->waiting_locked();
        if (since == 0 || (address && s->address() != *address)) continue;
        if (!oldest || since < oldest->waiting_locked()) oldest = s;
    }
    if (!oldest) return false;
    // A waiting session's pending read holds it, so it is alive; a destructor waiting for the
    // mutex would mean otherwise, and then it is on its way out already.
    auto keep = oldest->weak_from_this().lock();
    if (!keep) return true;
    oldest->evict_locked();
    evicted.push_back(std::move(keep));
    return true;
}

}  // namespace

struct HttpServer::Impl {
    // Declared first, destroyed last: sessions still queued in the I/O context use it.
    Shared shared;
    asio::io_context ioc{1};
    tcp::acceptor acceptor{ioc};

    void accept() {
        acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
            if (!ec) {
                beast::error_code peer_ec;
                const auto peer = socket.remote_endpoint(peer_ec);
                const std::string address = peer_ec ? std::string() : peer.address().to_string();
                if (peer_ec || !shared.admit(address)) {
                    beast::error_code ignored;
                    socket.close(ignored);
                } else {
                    std::make_shared<Session>(std::move(socket), shared, address)->read();
                }
            }
            if (acceptor.is_open()) accept();
        });
    }
};

HttpServer::HttpServer(const std::string& host, std::uint16_t port, HttpLimits limits, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
    boost::system::error_code ec;
    const asio::ip::address address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
    if (ec) throw UsageError("--host expects an IP address such as 127.0.0.1, got '" + host + "'");
    const tcp::endpoint endpoint(address, port);
    auto& a = impl_->acceptor;
    a.open(endpoint.protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(endpoint, ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw UsageError("cannot listen on " + host_port(address, port) + ": " + ec.message());
    impl_->shared.limits = limits;
    impl_->shared.handler = std::move(handler);
    impl_->shared.hosts = std::make_unique<HostCheck>(address, a.local_endpoint().port());
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

void HttpServer::run(const std::function<void()>& on_stop) {
    asio::signal_set signals(impl_->ioc, SIGINT, SIGTERM);
    asio::steady_timer timer(impl_->ioc);
    // The grace period starts when the signal arrives, however long the server has been up.
    std::chrono::steady_clock::time_point give_up;
    // Stops once every request handed on has been answered (a cancelled sweep answers 503).
    std::function<void()> finish = [&] {
        if (impl_->shared.unanswered == 0 || std::chrono::steady_clock::now() > give_up) return impl_->ioc.stop();
        timer.expires_after(std::chrono::milliseconds(10));
        timer.async_wait([&](beast::error_code) { finish(); });
    };
    signals.async_wait([&](beast::error_code ec, int) {
        if (ec) return;
        beast::error_code ignored;
        impl_->acceptor.close(ignored);
        give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        if (on_stop) on_stop();
        finish();
    });
    impl_->accept();
    impl_->ioc.run();
}

}  // namespace geosim::cli
