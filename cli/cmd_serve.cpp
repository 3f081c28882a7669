#include <cstdio>
#include <filesystem>
#include <iostream>
#include <tbb/info.h>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/http_server.hpp"
#include "cli/serve_api.hpp"

namespace geosim::cli {

namespace fs = std::filesystem;

int serve_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"host", true}, {"port", true}, {"scenarios", true}, {"threads", true},
                                                {"max-run-quarters", true}});
    if (!args.positional.empty()) throw UsageError("unexpected argument '" + args.positional[0] + "'");
    const std::string host = args.get("host").value_or("127.0.0.1");
    const auto port = static_cast<std::uint16_t>(args.get_int("port", 0, 65535).value_or(8080));
    const fs::path library = args.get("scenarios").value_or("scenarios");
    const int threads = static_cast<int>(args.get_int("threads", 1, 256).value_or(tbb::info::default_concurrency()));
    const auto max_run_quarters = static_cast<std::uint64_t>(
        args.get_int("max-run-quarters", 1, 1000000000).value_or(DashboardApi::kDefaultMaxRunQuarters));
    if (!fs::is_directory(library))
        throw UsageError("scenario library '" + library.string() + "' is not a folder; give one with --scenarios DIR");

    DashboardApi api(fs::absolute(library).lexically_normal(), threads, max_run_quarters);
    HttpServer server(host, port, HttpLimits{},
                      [&api](const HttpRequest& req, std::function<void(HttpResponse)> reply) {
                          api.handle(req, std::move(reply));
                      });
    if (host != "127.0.0.1" && host != "localhost" && host != "::1")
        std::cerr << "geosim serve: warning: listening on " << host
                  << ", so other machines may reach the dashboard; it has no authentication\n";
    const std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::printf("geosim serve: dashboard at http://%s:%u/ (scenarios from %s, %d thread%s); Ctrl-C stops\n",
                shown.c_str(), static_cast<unsigned>(server.port()), library.string().c_str(), threads,
                threads == 1 ? "" : "s");
    std::fflush(stdout);
    // Ctrl-C: a sweep in progress stops after the runs in flight and its request is answered
    // 503, so stopping does not wait for the rest of the sweep.
    server.run([&api] { api.cancel(); });
    api.wait();
    return 0;
}

}  // namespace geosim::cli
