#pragma once
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <yaml-cpp/yaml.h>

#include "engine/input/yaml_number.hpp"

// Starts the real `geosim serve` on a loopback port the system chooses and talks HTTP to it
// with a small Beast client.
namespace geosim::test {

// `geosim serve --port 0 ARGS` from the source tree; stopped with SIGTERM at the end.
class ServeProcess {
public:
    explicit ServeProcess(const std::vector<std::string>& args = {}) {
        int fds[2];
        if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            if (::chdir(GEOSIM_SOURCE_DIR) != 0) ::_exit(127);
            ::dup2(fds[1], 1);
            ::close(fds[0]);
            std::vector<std::string> all = {GEOSIM_BINARY, "serve", "--port", "0"};
            all.insert(all.end(), args.begin(), args.end());
            std::vector<char*> argv;
            for (auto& a : all) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execv(GEOSIM_BINARY, argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        // The first line says where it listens: "... dashboard at http://ADDRESS:PORT/ ...".
        std::string line;
        char c;
        while (::read(fds[0], &c, 1) == 1 && c != '\n') line += c;
        ::close(fds[0]);
        first_line_ = line;
        const auto at = line.find("http://");
        const auto slash = at == std::string::npos ? at : line.find('/', at + 7);
        if (slash == std::string::npos) throw std::runtime_error("geosim serve did not start: '" + line + "'");
        port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':', slash) + 1)));
    }
    ~ServeProcess() {
        if (exited_) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    // SIGINT (Ctrl-C), SIGTERM or another signal.
    void signal(int sig) const { ::kill(pid_, sig); }
    // The exit code once it has exited, or -1 if it has not within `seconds` (then it is killed).
    int wait_exit(int seconds) {
        int status = 0;
        for (int i = 0; i < seconds * 100; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return -1;
    }
    unsigned short port() const { return port_; }
    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
    const std::string& first_line() const { return first_line_; }

private:
    pid_t pid_ = -1;
    bool exited_ = false;
    unsigned short port_ = 0;
    std::string first_line_;
};

struct HttpReply {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
};

// One request on a fresh connection. `headers` may override Host and Content-Type; an empty
// value leaves the header out.
inline HttpReply http_request(unsigned short port, const std::string& method, const std::string& target,
                              const std::string& body = "",
                              const std::map<std::string, std::string>& headers = {}) {
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    std::map<std::string, std::string> all = {{"Host", "127.0.0.1:" + std::to_string(port)}};
    if (method == "POST") all["Content-Type"] = "application/json";
    for (const auto& [k, v] : headers) all[k] = v;
    for (const auto& [k, v] : all)
        if (!v.empty()) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    http::read(socket, buffer, parser);
    HttpReply r;
    r.status = static_cast<int>(parser.get().result_int());
    r.body = parser.get().body();
    for (const auto& field : parser.get()) r.headers[std::string(field.name_string())] = std::string(field.value());
    return r;
}

// Sends `text` as it is (a request a client library would not write) on a fresh connection and
// reads the response.
inline HttpReply raw_request(unsigned short port, const std::string& text) {
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer(text));
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    http::read(socket, buffer, parser);
    HttpReply r;
    r.status = static_cast<int>(parser.get().result_int());
    r.body = parser.get().body();
    return r;
}

// JSON is YAML's flow style: yaml-cpp reads the responses; numbers are read exactly.
inline YAML::Node parse_json(const std::string& text) { return YAML::Load(text); }
inline double number(const YAML::Node& n) {
    if (n.IsNull()) return std::nan("");
    const auto v = geosim::parse_yaml_number(n.Scalar());
    if (!v) throw std::runtime_error("not a number: " + n.Scalar());
    return *v;
}

// A JSON string literal of `text`.
inline std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\', out += c;
        else if (c == '\n') out += "\\n";
        else out += c;
    }
    return out + "\"";
}

// One CSV line split into cells (quoted cells may hold commas and doubled quotes).
inline std::vector<std::string> csv_cells(const std::string& line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cells.back() += '"', ++i;
            else if (c == '"') quoted = false;
            else cells.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    return cells;
}

}  // namespace geosim::test
