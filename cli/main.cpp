#include <iostream>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "engine/error.hpp"

namespace geosim::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"run", "run one scenario and write its series, events, manifest and tie networks",
         "geosim run SCENARIO [--seed N] [--run-id N] [--out DIR] [--quiet]",
         "Runs SCENARIO (a YAML file, e.g. scenarios/baseline.yaml) once and writes into DIR\n"
         "(default results/<scenario>-<time>/): series.csv, events.csv, manifest.json and\n"
         "ties-<date>.graphml for the first and last quarter. The directory appears only\n"
         "when the run is complete.\n\n"
         "  --seed N     seed instead of the scenario's\n"
         "  --run-id N   which run of a sweep to replay (default 0)\n"
         "  --out DIR    output directory (must not exist or be empty)\n"
         "  --quiet      print only the results directory\n",
         run_main},
        {"compare", "run two scenarios with common random numbers and tabulate what changes",
         "geosim compare BASE ALT [--runs N] [--seed N] [--threads T] [--out DIR] [--quiet]",
         "Runs BASE and ALT (scenario files on the same world) for run ids 0..N-1 with one seed,\n"
         "so that they share every random draw and differ only where the scenarios differ, and\n"
         "averages the paired difference ALT - BASE of every indicator at every quarter. Writes\n"
         "into DIR (default results/compare-<base>-vs-<alt>-<time>/): compare.csv (step, date,\n"
         "indicator, agent, partner, base, alt, diff, diff_pct, diff_lo, diff_hi: means over the\n"
         "runs and the 90% t interval of the mean difference), summary.txt (the largest\n"
         "differences at the last quarter, also printed) and manifest.json. The results are the\n"
         "same bits for any number of threads.\n\n"
         "  --runs N      runs per scenario, 1-100000 (default 1; intervals need 2 or more)\n"
         "  --seed N      seed of both scenarios (default BASE's)\n"
         "  --threads T   worker threads, 1-256 (default: every core)\n"
         "  --out DIR     output directory (must not exist or be empty)\n"
         "  --quiet       print only the results directory\n",
         compare_main},
        {"sweep", "run a scenario many times over sampled parameters and summarise its indicators",
         "geosim sweep SCENARIO [--runs N] [--threads T] [--seed S] [--design mc|lhs|grid]\n"
         "                    [--out DIR] [--resume DIR] [--quiet]",
         "Runs SCENARIO for run ids 0..N-1, each with parameter values drawn as the scenario's\n"
         "`sweep:` section says (docs/scenario-format.md), and writes into DIR (default\n"
         "results/<scenario>-sweep-<time>/): summary.csv (per indicator of sweep.summary, by\n"
         "default all but the agent-by-agent ones, per agent and quarter: n, mean, sd and the\n"
         "5/25/50/75/95th percentiles over runs), runs.csv (per run: sampled\n"
         "values, outcomes at the last quarter, shocks fired, error) and manifest.json. The\n"
         "results are the same bits for any number of threads. Completed blocks of runs are\n"
         "journaled in DIR.partial/; an interrupted sweep finishes with --resume DIR, giving the\n"
         "same bytes as an uninterrupted one. Exit code 3 if some runs failed (they are listed\n"
         "in runs.csv and left out of summary.csv).\n\n"
         "  --runs N      runs, 1-1000000 (default: the scenario's sweep.runs, else 100;\n"
         "                a grid has one run per point)\n"
         "  --threads T   worker threads, 1-256 (default: every core)\n"
         "  --seed S      seed of every run (default the scenario's)\n"
         "  --design D    mc, lhs or grid (default: the scenario's sweep.design, else mc)\n"
         "  --out DIR     output directory (must not exist or be empty)\n"
         "  --resume DIR  finish the interrupted sweep into DIR (or name DIR.partial); the\n"
         "                scenario must be unchanged; other options default to the journal's\n"
         "  --quiet       print only the results directory, no progress\n",
         sweep_main},
        {"validate", "parse and compile scenario or world files without running them",
         "geosim validate FILE...",
         "Checks each FILE (a scenario, or a world file with an `agents` section): parses it,\n"
         "resolves every name and calibrates the world. Runs nothing. Exit code 2 if any\n"
         "file is wrong; each problem is printed as file:line:column: path: message.\n",
         validate_main},
        {"list", "list agents, indicators, shock kinds, parameters and scenarios",
         "geosim list [agents|indicators|shocks|parameters|scenarios] [--world FILE] [--dir DIR]",
         "Prints one line of meaning for each item. Without a topic, prints them all.\n\n"
         "  --world FILE  world file for agents and parameters (default scenarios/world/default.yaml)\n"
         "  --dir DIR     folder of scenarios (default scenarios)\n",
         list_main},
        {"bench", "measure sweep speed, scaling, memory and a large synthetic world",
         "geosim bench [--scenario FILE] [--runs N] [--repeat K] [--threads T] [--economies E]\n"
         "                    [--quick] [--out DIR] [--quiet]",
         "Measures, on this machine: the sweep engine's runs per second on 1 and T threads and\n"
         "the parallel efficiency (runs of FILE folded into the summary statistics, no files\n"
         "written; median of K); the peak resident memory of `geosim sweep FILE` with 1,000,\n"
         "10,000 and 100,000 runs, each in its own process; and one run of a generated world of\n"
         "E economies (synthetic figures, loaded and calibrated like any world). Prints a table\n"
         "and writes DIR (default results/bench-<time>/): bench.json (every figure, the machine's\n"
         "thread count and CPU, the command line) and synthetic/ (the generated world and a\n"
         "scenario for it). See docs/performance.md.\n\n"
         "  --scenario FILE  scenario to sweep (default scenarios/baseline.yaml)\n"
         "  --runs N         runs per throughput measurement (default 1000)\n"
         "  --repeat K       repeats of each timing, the median is reported (default 3)\n"
         "  --threads T      threads of the parallel measurements, 2-256 (default 2)\n"
         "  --economies E    economies of the synthetic world, 8-2000 (default 200)\n"
         "  --quick          skip the 100,000-run sweep\n"
         "  --out DIR        output directory (must not exist or be empty)\n"
         "  --quiet          no progress messages\n",
         bench_main},
    };
    return table;
}

namespace {

void print_overview(std::ostream& out) {
    out << "geosim " << GEOSIM_VERSION
        << ": scenario simulation of the geopolitics and economics of Southeast Asia\n\n"
           "usage: geosim COMMAND [ARGS]   (geosim COMMAND --help for more)\n\ncommands:\n";
    for (const auto& c : commands()) {
        std::string name = c.name;
        name.resize(10, ' ');
        out << "  " << name << c.summary << "\n";
    }
    out << "\nexit codes: 0 success, 2 bad input or usage, 3 some runs of a sweep failed, 1 internal error\n";
}

}  // namespace

}  // namespace geosim::cli

int main(int argc, char** argv) {
    using namespace geosim::cli;
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        if (args.size() >= 2) args = {args[1], "--help"};
        else {
            print_overview(args.empty() ? std::cerr : std::cout);
            return args.empty() ? 2 : 0;
        }
    }
    if (args[0] == "--version") {
        std::cout << "geosim " << GEOSIM_VERSION << "\n";
        return 0;
    }
    const Command* cmd = nullptr;
    std::vector<std::string> names;
    for (const auto& c : commands()) {
        names.emplace_back(c.name);
        if (args[0] == c.name) cmd = &c;
    }
    if (!cmd) {
        std::cerr << "geosim: unknown command '" << args[0] << "'"
                  << geosim::did_you_mean(args[0], names) << "\n";
        print_overview(std::cerr);
        return 2;
    }
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: " << cmd->usage << "\n\n" << cmd->help;
            return 0;
        }
    try {
        return cmd->main(rest);
    } catch (const UsageError& e) {
        std::cerr << "geosim " << cmd->name << ": " << e.what() << "\nusage: " << cmd->usage << "\n";
        return 2;
    } catch (const geosim::InputError& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "geosim " << cmd->name << ": internal error: " << e.what() << "\n";
        return 1;
    }
}
