#include "outputs/sha256.hpp"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace geosim {

// OpenSSL's EVP interface picks the fastest implementation for the CPU.
struct Sha256::Context {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
};

Sha256::Sha256() : ctx_(std::make_unique<Context>()) {
    if (!ctx_->md || EVP_DigestInit_ex(ctx_->md.get(), EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: OpenSSL could not start a digest");
}

Sha256::~Sha256() = default;

void Sha256::update(const char* data, std::size_t size) {
    if (EVP_DigestUpdate(ctx_->md.get(), data, size) != 1)
        throw std::runtime_error("SHA-256: OpenSSL digest update failed");
}

std::string Sha256::hex() {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(ctx_->md.get(), digest.data(), &size) != 1)
        throw std::runtime_error("SHA-256: OpenSSL digest final failed");
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * size);
    for (unsigned int i = 0; i < size; ++i) {
        out.push_back(kDigits[digest[i] >> 4]);
        out.push_back(kDigits[digest[i] & 0xf]);
    }
    return out;
}

std::string sha256_hex(std::string_view data) {
    Sha256 sha;
    sha.update(data.data(), data.size());
    return sha.hex();
}

namespace {

// Feeds the file's bytes to `sha` in blocks.
void hash_file(Sha256& sha, const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + file.string() + "' to hash it");
    std::array<char, 1 << 16> block;
    while (in.read(block.data(), block.size()) || in.gcount() > 0)
        sha.update(block.data(), static_cast<std::size_t>(in.gcount()));
    if (in.bad())
        throw std::runtime_error("error while reading '" + file.string() + "' to hash it");
}

}  // namespace

std::string sha256_file(const std::filesystem::path& file) {
    Sha256 sha;
    hash_file(sha, file);
    return sha.hex();
}

std::string sha256_files(const std::vector<std::string>& files) {
    Sha256 sha;
    for (const std::string& file : files) hash_file(sha, file);
    return sha.hex();
}

}  // namespace geosim
