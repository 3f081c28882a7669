#include <cstdio>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <tbb/info.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/http_server.hpp"
#include "cli/serve_api.hpp"
#include "cli/workshop.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

int serve_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"host", true}, {"port", true}, {"scenarios", true}, {"threads", true},
                                                {"max-run-quarters", true}, {"sessions", true},
                                                {"admin-token-file", true}, {"resume", true}});
    if (!args.positional.empty()) throw UsageError("unexpected argument '" + args.positional[0] + "'");
    const std::string host = args.get("host").value_or("127.0.0.1");
    const auto port = static_cast<std::uint16_t>(args.get_int("port", 0, 65535).value_or(8080));
    const fs::path library = args.get("scenarios").value_or("scenarios");
    const int threads = static_cast<int>(args.get_int("threads", 1, 256).value_or(tbb::info::default_concurrency()));
    const auto max_run_quarters = static_cast<std::uint64_t>(
        args.get_int("max-run-quarters", 1, 1000000000).value_or(DashboardApi::kDefaultMaxRunQuarters));
    if (!fs::is_directory(library))
        throw UsageError("scenario library '" + library.string() + "' is not a folder; give one with --scenarios DIR");

    // Workshop sessions (docs/workshop.md): the facilitator's token from a file, or a new one.
    std::string token;
    bool token_given = false;
    if (auto file = args.get("admin-token-file")) {
        std::ifstream in(*file);
        if (!in) throw UsageError("cannot read the facilitator token file '" + *file + "'");
        std::getline(in, token);
        while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
        if (token.size() < 16)
            throw UsageError("the facilitator token in '" + *file + "' has " + std::to_string(token.size()) +
                             " characters; give at least 16 on its first line");
        token_given = true;
    } else {
        token = Workshop::new_token();
    }
    const fs::path sessions = fs::absolute(args.get("sessions").value_or("sessions")).lexically_normal();
    // Declared before the dashboard's API, whose threads answer its requests: it outlives them.
    ScenarioLibrary workshop_library(fs::absolute(library).lexically_normal());
    Workshop workshop(workshop_library, sessions, token, threads);
    DashboardApi api(fs::absolute(library).lexically_normal(), threads, max_run_quarters);
    if (auto id = args.get("resume")) workshop.resume(*id);
    api.attach(workshop);
    HttpServer server(host, port, HttpLimits{},
                      [&api](const HttpRequest& req, std::function<void(HttpResponse)> reply) {
                          api.handle(req, std::move(reply));
                      });
    if (host != "127.0.0.1" && host != "localhost" && host != "::1")
        std::cerr << "geosim serve: warning: listening on " << host
                  << ", so other machines may reach the dashboard (it has no authentication) and join workshop "
                     "sessions (with their codes)\n";
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::printf("geosim serve: dashboard at http://%s:%u/ (scenarios from %s, %d thread%s); Ctrl-C stops\n",
                shown.c_str(), static_cast<unsigned>(server.port()), library.string().c_str(), threads,
                threads == 1 ? "" : "s");
    std::printf("geosim serve: workshop at http://%s:%u/workshop, facilitator token %s\n", shown.c_str(),
                static_cast<unsigned>(server.port()), token_given ? "from the token file" : token.c_str());
    if (auto id = args.get("resume")) std::printf("geosim serve: session %s resumed\n", id->c_str());
    std::fflush(stdout);
    // Ctrl-C: a sweep in progress stops after the runs in flight and its request is answered
    // 503, so stopping does not wait for the rest of the sweep.
    server.run([&api, &workshop] {
        api.cancel();
        workshop.close_streams();
    });
    api.wait();
    return 0;
}

}  // namespace geosim::cli
