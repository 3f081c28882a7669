#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "engine/input/input.hpp"
#include "engine/input/world_loader.hpp"
#include "engine/run/compile.hpp"
#include "engine/run/scenario.hpp"

namespace geosim::cli {

namespace {

// A world file has an `agents` section, or includes the files that have one; a scenario names its
// world (and may include files of shock kinds). Anything else is read as a scenario.
bool looks_like_world(const std::string& file) {
    const InputNode root = load_yaml_file(file, file);
    return root.is_map() && !root.has("world") && (root.has("agents") || root.has("include"));
}

std::string check(const std::string& file) {
    if (looks_like_world(file)) {
        World w = load_world(file, file);
        calibrate(w);
        return "world '" + w.name + "', " + std::to_string(w.n()) + " agents, " +
               std::to_string(w.legs.size()) + " sea legs, " + std::to_string(w.zones.size()) +
               " disputed zones";
    }
    const ScenarioSpec spec = load_scenario(file);
    const World w = compile(spec);
    return "scenario '" + spec.name + "', " + std::to_string(w.n()) + " agents, " +
           format_quarter(w.start) + " + " + std::to_string(w.horizon) + " quarters";
}

}  // namespace

int validate_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {});
    if (args.positional.empty()) throw UsageError("expected one or more files");
    int failed = 0;
    for (const std::string& file : args.positional) {
        try {
            const std::string summary = check(file);
            std::cout << file << ": ok (" << summary << ")\n";
        } catch (const InputError& e) {
            std::cerr << e.what() << "\n";
            ++failed;
        }
    }
    return failed ? 2 : 0;
}

}  // namespace geosim::cli
