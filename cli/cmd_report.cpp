#include <filesystem>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "engine/core/error.hpp"
#include "outputs/report.hpp"

namespace geosim::cli {

int report_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {});
    if (args.positional.size() != 1) throw UsageError("expected one output folder");
    const std::filesystem::path dir = args.positional[0];
    try {
        write_report(dir);
    } catch (const InputError&) {
        throw;
    } catch (const std::runtime_error& e) {
        // A folder that cannot be written (full disk, no permission): the report is left as it was.
        std::cerr << "geosim report: " << e.what() << "\n";
        return 1;
    }
    std::cout << (dir / "report.html").string() << "\n";
    return 0;
}

}  // namespace geosim::cli
