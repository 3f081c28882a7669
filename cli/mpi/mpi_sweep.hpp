#pragma once
#include <string>
#include <vector>

namespace geosim::cli {

// `geosim sweep` over the ranks of an MPI job (`mpirun -np N geosim-mpi sweep SCENARIO ...`):
// the same options but --shard, the same outputs, byte for byte, for any N and --threads. Every
// rank calls it between MPI_Init and MPI_Finalize; rank 0 prints what `geosim sweep` prints.
// Returns the exit code.
int mpi_sweep_main(const std::vector<std::string>& argv, int rank, int ranks, const std::string& usage);

}  // namespace geosim::cli
