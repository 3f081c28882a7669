#pragma once
#include <cstdint>
#include <functional>

namespace geosim {

// Told how far a long computation has got, `done` of `total` steps, so that a command can show
// progress; the engine does not know whether anyone is watching. An empty function is not
// called. Where a computation runs on several threads it says so.
using ProgressFn = std::function<void(std::uint64_t done, std::uint64_t total)>;

}  // namespace geosim
