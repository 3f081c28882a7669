#pragma once

namespace geosim::cli {

// Tells the C library's allocator to keep the memory a finished run frees for the next run,
// instead of handing it back to the system and faulting it in again (docs/performance.md,
// "The allocator"). Called first thing by the geosim and geosim-mpi executables; a no-op where
// the C library has no such settings.
void keep_freed_memory();

}  // namespace geosim::cli
