#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/heap_policy.hpp"
#include "engine/core/error.hpp"
#include "outputs/output_dir.hpp"

namespace geosim::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"run", "run one scenario and write its series, events, manifest and tie networks",
         "geosim run SCENARIO [--seed N] [--run-id N] [--out DIR] [--quiet]",
         "Runs SCENARIO (a YAML file, e.g. scenarios/baseline.yaml) once and writes into DIR\n"
         "(default results/<scenario>-<time>/): series.csv, events.csv, manifest.json,\n"
         "ties-<date>.graphml for the first and last quarter and report.html (the charts; see\n"
         "geosim report --help). The directory appears only when the run is complete.\n\n"
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
         "indicator, agent, partner, sector, base, alt, diff, diff_pct, diff_lo, diff_hi: means over the\n"
         "runs and the 90% t interval of the mean difference), summary.txt (the largest\n"
         "effects, each at its peak quarter, also printed), manifest.json, base-run/ and alt-run/\n"
         "(run 0 of each side, for the report) and report.html. The results are the same bits\n"
         "for any number of threads.\n\n"
         "  --runs N      runs per scenario, 1-100000 (default 1; intervals need 2 or more)\n"
         "  --seed N      seed of both scenarios (default BASE's)\n"
         "  --threads T   worker threads, 1-256 (default: every core)\n"
         "  --out DIR     output directory (must not exist or be empty)\n"
         "  --quiet       print only the results directory\n",
         compare_main},
        {"sweep", "run a scenario many times over sampled parameters and summarise its indicators",
         "geosim sweep SCENARIO [--runs N] [--threads T] [--seed S] [--design mc|lhs|grid|sobol]\n"
         "                    [--block-size B] [--out DIR] [--resume DIR] [--shard i/N]\n"
         "                    [--keep-series] [--quiet]",
         "Runs SCENARIO for run ids 0..N-1, each with parameter values drawn as the scenario's\n"
         "`sweep:` section says (docs/scenario-format.md), and writes into DIR (default\n"
         "results/<scenario>-sweep-<time>/): summary.csv (per indicator of sweep.summary, by\n"
         "default all but the agent-by-agent ones, those by goods group and supply_loss, per\n"
         "agent (partner, goods group) and quarter: n, mean, sd and the 5/25/50/75/95th\n"
         "percentiles over runs), runs.csv (per run: sampled values, the shock arguments\n"
         "drawn, outcomes at the last quarter, shocks fired, error; the outcomes are\n"
         "sweep.outcomes, by default each bloc's asean_alignment, each agent's alignment and\n"
         "each disputed zone's zone_tension), manifest.json, representative-run/ (the run\n"
         "whose final ASEAN alignment in runs.csv is closest to the median, replayed for\n"
         "the report) and report.html. The results are the same bits for any\n"
         "number of threads. Completed blocks of runs are journaled in DIR.partial/; an\n"
         "interrupted sweep finishes with --resume DIR, giving the same bytes as an\n"
         "uninterrupted one. With --shard i/N the process computes only the i-th of N shares\n"
         "of the blocks into the folder --out (run again, it computes what is missing);\n"
         "`geosim merge` combines the shards into the same outputs as one process.\n"
         "Exit code 3 if some runs failed (they are listed in runs.csv and left out of\n"
         "summary.csv).\n\n"
         "  --runs N      runs, 1-1000000 (default: the scenario's sweep.runs, else 100;\n"
         "                a grid has one run per point; sobol needs a multiple of k + 2 for\n"
         "                k sampled parameters, default 128 (k + 2))\n"
         "  --threads T   worker threads, 1-256 (default: every core)\n"
         "  --seed S      seed of every run (default the scenario's)\n"
         "  --design D    mc, lhs, grid or sobol (default: the scenario's sweep.design, else mc)\n"
         "  --block-size B  runs per block, 1-1000000 (default 1024): the unit of journaling,\n"
         "                of shards and of MPI chunks; part of the sweep's identity (the last\n"
         "                bits of the results depend on it)\n"
         "  --out DIR     output directory (must not exist or be empty)\n"
         "  --resume DIR  finish the interrupted sweep into DIR (or name DIR.partial); the\n"
         "                scenario must be unchanged; other options default to the journal's\n"
         "  --shard i/N   compute the i-th of N shares of the blocks (0 <= i < N) into the\n"
         "                folder --out, which shards may share; see `geosim merge`\n"
         "  --keep-series also write series.csv: the rows of summary.csv at every quarter of\n"
         "                every successful run (run,step,date,indicator,agent,partner,sector,value)\n"
         "  --quiet       print only the results directory, no progress\n",
         sweep_main},
        {"merge", "combine the blocks of a sweep computed as shards into its outputs",
         "geosim merge DIR... [--out OUT] [--quiet]",
         "Reads the block files that `geosim sweep SCENARIO --shard i/N --out DIR` wrote into each\n"
         "DIR, checks that they belong to one sweep (scenario SHA-256, seed, runs, design, block\n"
         "size) and that every block is there exactly once, and writes into OUT (default\n"
         "results/<scenario>-sweep-<time>/) summary.csv and runs.csv, the same bytes as one\n"
         "process would write, and manifest.json. The scenario must still be at the path the\n"
         "shards recorded, unchanged. The shard folders are left as they are.\n\n"
         "  --out OUT     output directory (must not exist or be empty)\n"
         "  --quiet       print only the results directory\n",
         merge_main},
        {"analyze", "Sobol or PAWN indices and PRIM boxes from a finished sweep",
         "geosim analyze DIR [--sobol] [--pawn] [--classes N] [--prim CONDITION] [--keep-restrictions]\n"
         "                   [--resamples R] [--seed S] [--threads T] [--alpha A] [--min-support S]\n"
         "                   [--min-coverage C] [--quiet]",
         "Reads a finished sweep's folder DIR (manifest.json and runs.csv) and writes into it:\n"
         "  sobol.csv, sobol.txt  first-order and total Sobol indices of every outcome for every\n"
         "                        sampled parameter with 95% bootstrap intervals (a sweep run\n"
         "                        with --design sobol; the default analysis of such a sweep)\n"
         "  pawn.csv, pawn.txt    PAWN indices of every outcome for every sampled parameter and\n"
         "                        drawn shock value, with 95% bootstrap intervals (any design;\n"
         "                        the default analysis of an mc, lhs or grid sweep)\n"
         "  prim.csv, prim.txt    PRIM's peeling trajectory and chosen box, widened again by\n"
         "                        pasting, with each restriction's quasi-p-value, for the runs\n"
         "                        that meet CONDITION (any design); restrictions whose\n"
         "                        quasi-p-value is above 0.05 are dropped\n"
         "and prints the tables. Each file is replaced whole. See docs/sensitivity.md.\n\n"
         "  --sobol           Sobol indices (also when --prim or --pawn is given)\n"
         "  --pawn            PAWN indices (also when --prim or --sobol is given)\n"
         "  --classes N       PAWN's intervals of each input, 2-100 (default 10)\n"
         "  --prim CONDITION  runs of interest, e.g. \"alignment(PHL) < 0 and trade.theta > 4\":\n"
         "                    runs.csv's parameter, drawn shock value and outcome columns,\n"
         "                    numbers, + - * /, < <= > >= == !=, and, or, not, parentheses\n"
         "  --keep-restrictions  keep PRIM's restrictions that are not significant\n"
         "  --resamples R     bootstrap resamples, 100-100000 (default 1000)\n"
         "  --seed S          seed of the bootstrap (default the sweep's)\n"
         "  --threads T       worker threads, 1-256 (default: every core; same results)\n"
         "  --alpha A         PRIM's peeling and pasting fraction, 0.01-0.5 (default 0.05)\n"
         "  --min-support S   PRIM stops before a box holds fewer than this share of the\n"
         "                    runs, 0-1 (default 0.05)\n"
         "  --min-coverage C  the chosen box is the densest that keeps at least this share of\n"
         "                    the runs of interest, 0-1 (default 0.5)\n"
         "  --quiet           print only the files written, no progress\n",
         analyze_main},
        {"report", "write report.html, the charts of a run, sweep or compare folder, into it",
         "geosim report DIR",
         "Writes DIR/report.html for DIR, a folder written by geosim run, sweep or compare\n"
         "(they write it themselves; this writes it again, e.g. after an upgrade). The report\n"
         "is one self-contained HTML file (data, charts and map inline) that opens offline in\n"
         "a browser from disk: the headline, fan charts per agent, ASEAN's trade and FDI by\n"
         "partner, trade flows, the security-tie network, a map coloured by alignment and the\n"
         "event timeline (docs/report.md). Prints the report's path.\n",
         report_main},
        {"validate", "parse and compile scenario or world files without running them",
         "geosim validate FILE...",
         "Checks each FILE (a scenario, or a world file with an `agents` section): parses it,\n"
         "resolves every name and calibrates the world. Runs nothing. Exit code 2 if any\n"
         "file is wrong; each problem is printed as file:line:column: path: message.\n",
         validate_main},
        {"list", "list agents, goods groups, disputed zones, indicators, shock kinds, parameters and scenarios",
         "geosim list [agents|sectors|zones|indicators|shocks|parameters|scenarios] [--world FILE] [--dir DIR]",
         "Prints one line of meaning for each item. Without a topic, prints them all. `sectors`\n"
         "lists the world's goods groups: the trade elasticity as published (theta) and as used\n"
         "(trade.theta x theta / the trade-weighted mean), the intermediate and critical input\n"
         "shares, the value added lost downstream per USD of critical input missing, and the\n"
         "group's share of world trade at the start.\n\n"
         "  --world FILE  world file for agents, sectors and parameters (default scenarios/world/default.yaml)\n"
         "  --dir DIR     folder of scenarios (default scenarios)\n",
         list_main},
        {"serve", "serve the workshop dashboard and its JSON API on this machine",
         "geosim serve [--host ADDR] [--port N] [--scenarios DIR] [--threads T] [--max-run-quarters Q]\n"
         "                    [--sessions DIR] [--admin-token-file FILE] [--resume SESSION]",
         "Serves a dashboard (open the printed address in a browser) where a facilitator picks a\n"
         "scenario of the library, switches shocks off or moves their numbers and dates, runs a\n"
         "sweep and sees the distributions against the baseline, steps through one run, and\n"
         "downloads the edited scenario as YAML for `geosim run`. The JSON API behind it is in\n"
         "docs/http-api.md. Sweeps run in this process, one at a time. Stops on Ctrl-C.\n\n"
         "  --host ADDR      IP address to listen on (default 127.0.0.1, this machine only; any\n"
         "                   other address is warned about: the dashboard has no login)\n"
         "  --port N         port, 0-65535 (default 8080; 0 lets the system choose one, printed)\n"
         "  --scenarios DIR  the scenario library: the *.yaml files directly in DIR (default\n"
         "                   scenarios, relative to the current folder)\n"
         "  --threads T      worker threads of a sweep, 1-256 (default: every core)\n"
         "  --max-run-quarters Q\n"
         "                   the most work of one sweep request, runs x horizon, 1-1000000000\n"
         "                   (default 80000: 2000 runs of 40 quarters); more is refused with 400\n"
         "  --sessions DIR   where workshop sessions keep their journals (default sessions,\n"
         "                   relative to the current folder; docs/workshop.md)\n"
         "  --admin-token-file FILE\n"
         "                   read the facilitator token from the first line of FILE (16\n"
         "                   characters or more) instead of making a new one, so that it stays\n"
         "                   the same across restarts\n"
         "  --resume SESSION continue the workshop session SESSION from its journal in --sessions\n",
         serve_main},
        {"bench", "measure sweep speed, scaling, memory and a large synthetic world",
         "geosim bench [--scenario FILE] [--runs N] [--repeat K] [--threads T] [--economies E[,E...]]\n"
         "                    [--quick] [--out DIR] [--quiet]",
         "Measures, on this machine: the sweep engine's runs per second on 1 and T threads and\n"
         "the parallel efficiency (runs of FILE folded into the summary statistics, no files\n"
         "written; median of K); the peak resident memory of `geosim sweep FILE` with 1,000,\n"
         "10,000 and 100,000 runs, each in its own process; and one run of a generated world of\n"
         "E economies (synthetic figures, loaded and calibrated like any world), or of each size\n"
         "listed, with the exponent of a power law fitted to the times. A timing whose repeats\n"
         "spread over 10% or an efficiency above 100% is measured again, then marked DISTURBED.\n"
         "Prints a table and writes DIR (default results/bench-<time>/): bench.json (every\n"
         "figure, the machine's thread count and CPU, the command line) and synthetic/ (or\n"
         "synthetic-E/ for each size: the generated world and a scenario for it).\n"
         "See docs/performance.md.\n\n"
         "  --scenario FILE  scenario to sweep (default scenarios/baseline.yaml)\n"
         "  --runs N         runs per throughput measurement (default 1000)\n"
         "  --repeat K       repeats of each timing, the median is reported (default 3)\n"
         "  --threads T      threads of the parallel measurements, 2-256 (default 2)\n"
         "  --economies E[,E...]  economies of the synthetic world, 8-2000 (default 200); up\n"
         "                   to 8 sizes separated by commas, e.g. 50,100,200,400\n"
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
    out << "\nexit codes: 0 success, 2 bad input or usage or a file that cannot be used, 3 a run failed (a\n"
           "value that is not finite) or some runs of a sweep did, 1 internal error\n";
}

// A command stopped by Ctrl-C or SIGTERM removes the temporary folder of its results before it
// ends as the signal would have ended it: the signals are blocked in every thread (the worker
// threads started later inherit the mask) and one thread waits for them. For the commands that
// write a results folder and handle no signal of their own (serve stops on them itself).
void clean_up_on_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        int sig = 0;
        if (::sigwait(&set, &sig) != 0) return;
        geosim::remove_output_temporaries();
        ::signal(sig, SIG_DFL);
        ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
        ::raise(sig);
    }).detach();
}

}  // namespace

}  // namespace geosim::cli

int main(int argc, char** argv) {
    using namespace geosim::cli;
    keep_freed_memory();
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
    const std::string name = cmd->name;
    if (name == "run" || name == "compare" || name == "sweep" || name == "merge") clean_up_on_signals();
    try {
        return cmd->main(rest);
    } catch (const UsageError& e) {
        std::cerr << "geosim " << cmd->name << ": " << e.what() << "\nusage: " << cmd->usage << "\n";
        return 2;
    } catch (const geosim::InputError& e) {
        std::cerr << e.what() << "\n";
        return 2;
    } catch (const geosim::IoError& e) {
        std::cerr << "geosim " << cmd->name << ": " << e.what() << "\n";
        return 2;
    } catch (const geosim::RunFailed& e) {
        std::cerr << "geosim " << cmd->name << ": " << e.what()
                  << "; the scenario takes the model outside its range (parameters or shocks too large); nothing was written\n";
        return 3;
    } catch (const std::exception& e) {
        std::cerr << "geosim " << cmd->name << ": internal error: " << e.what() << "\n";
        return 1;
    }
}
