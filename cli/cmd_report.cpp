#include <filesystem>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "outputs/report.hpp"

namespace geosim::cli {

int report_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {{"quiet", false}});
    if (args.positional.size() != 1) throw UsageError("expected one output folder");
    const std::filesystem::path dir = args.positional[0];
    write_report(dir);
    std::cout << (dir / "report.html").string() << "\n";
    return 0;
}

}  // namespace geosim::cli
