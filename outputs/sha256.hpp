#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace geosim {

// SHA-256 digests as 64 lowercase hex digits, so that a manifest pins the exact inputs of a run.
std::string sha256_hex(std::string_view data);

// Reads the file in blocks; throws std::runtime_error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace geosim
