#include <mpi.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/heap_policy.hpp"
#include "cli/mpi/mpi_sweep.hpp"
#include "engine/core/error.hpp"

// geosim-mpi: `geosim sweep` across the ranks of an MPI job. Other commands are the plain
// geosim's.
int main(int argc, char** argv) {
    geosim::cli::keep_freed_memory();
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    // Errors come back as codes and become exceptions, with a message, instead of aborting.
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    std::vector<std::string> args(argv + 1, argv + argc);
    const char* const usage = "mpirun -np N geosim-mpi sweep SCENARIO [geosim sweep's options but --shard]";
    int code = 0;
    bool help = false;
    for (const auto& a : args) help = help || a == "--help" || a == "-h";
    if (help) {
        if (rank == 0)
            std::cout << "usage: " << usage << "\n\n"
                      << "Runs `geosim sweep` across the ranks of an MPI job: rank 0 hands out blocks of\n"
                         "--block-size runs to whichever rank is free (itself included), merges them in block\n"
                         "order and journals them, and writes the same summary.csv and runs.csv as\n"
                         "`geosim sweep` for any number of ranks and threads. --resume finishes an interrupted\n"
                         "job with any number of ranks. See `geosim sweep --help` for the options and\n"
                         "docs/cluster.md for running on a cluster.\n";
    } else if (args.empty() || args[0] != "sweep") {
        if (rank == 0)
            std::cerr << "geosim-mpi: expected the command sweep (geosim-mpi runs only sweeps)\nusage: " << usage
                      << "\n";
        code = 2;
    } else {
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        try {
            code = geosim::cli::mpi_sweep_main(rest, rank, ranks, usage);
        } catch (const std::exception& e) {
            // A failure in the middle of the sweep: the other ranks cannot go on without this one.
            std::cerr << "geosim sweep: rank " << rank << ": " << e.what() << "\n" << std::flush;
            // A damaged journal or an unwritable folder is the user's or the system's problem.
            MPI_Abort(MPI_COMM_WORLD, dynamic_cast<const geosim::IoError*>(&e) ? 2 : 1);
        }
    }
    MPI_Finalize();
    return code;
}
