#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/headline.hpp"
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

// What the file is, for the ok line; `notes` gets what is valid but does nothing.
std::string check(const std::string& file, std::vector<std::string>& notes) {
    if (looks_like_world(file)) {
        World w = load_world(file, file);
        calibrate(w);
        return "world '" + w.name + "', " + std::to_string(w.n()) + " agents, " +
               std::to_string(w.legs.size()) + " sea legs, " + std::to_string(w.zones.size()) +
               " disputed zones";
    }
    const ScenarioSpec spec = load_scenario(file);
    const World w = compile(spec);
    notes = idle_shock_notes(w);
    return "scenario '" + spec.name + "', " + std::to_string(w.n()) + " agents, " + format_quarter(w.start) +
           " + " + std::to_string(w.horizon) + " quarters";
}

}  // namespace

int validate_main(const std::vector<std::string>& argv) {
    const Args args = parse_args(argv, {});
    if (args.positional.empty()) throw UsageError("expected one or more files");
    int failed = 0;
    for (const std::string& file : args.positional) {
        try {
            std::vector<std::string> notes;
            const std::string summary = check(file, notes);
            std::cout << file << ": ok (" << summary << ")\n";
            for (const std::string& note : notes) std::cout << file << ": " << note << "\n";
        } catch (const InputError& e) {
            std::cerr << e.what() << "\n";
            ++failed;
        }
    }
    return failed ? 2 : 0;
}

}  // namespace geosim::cli
