#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace geosim {

// SHA-256 digests as 64 lowercase hex digits, so that a manifest pins the exact inputs of a run.
std::string sha256_hex(std::string_view data);

// The same digest fed piece by piece (OpenSSL's EVP interface), for bytes never held whole.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const char* data, std::size_t size);
    // The digest of everything fed so far, as 64 lowercase hex digits; call once.
    std::string hex();

private:
    struct Context;
    std::unique_ptr<Context> ctx_;
};

// Reads the file in blocks; throws std::runtime_error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

// One digest over the files' bytes, concatenated in the given order (a world file and its
// includes in load order). Throws std::runtime_error naming a file that cannot be read.
std::string sha256_files(const std::vector<std::string>& files);

}  // namespace geosim
