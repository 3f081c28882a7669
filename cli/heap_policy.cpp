#include "cli/heap_policy.hpp"

#include <cstdlib>  // defines __GLIBC__ on a GNU system

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace geosim::cli {

void keep_freed_memory() {
#if defined(__GLIBC__)
    // glibc returns the free memory at the top of a heap to the system once it exceeds the trim
    // threshold (128 KiB at first), and serves requests of 128 KiB or more by mmap. A sweep
    // allocates each run's states and recording (about 0.3 MiB a run in the default world,
    // 0.3 MiB a matrix at 200 economies) and frees them when the run ends, so both rules made
    // every run fault its memory in afresh. Setting the thresholds fixes them (glibc then stops
    // adapting them): requests up to 32 MiB (the largest threshold glibc accepts on 64-bit) come
    // from the heap, and up to 256 MiB of free memory stays with the process to be reused. Peak
    // memory still follows the largest working set; only the returning of it is given up.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

}  // namespace geosim::cli
