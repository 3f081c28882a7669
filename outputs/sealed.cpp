#include "outputs/sealed.hpp"

#include "analysis/quantile_sketch.hpp"
#include "outputs/sha256.hpp"

namespace geosim {

namespace {

constexpr std::size_t kDigestSize = kSealDigestSize;  // SHA-256, lowercase hex

}  // namespace

std::string seal_head(std::string_view magic, std::uint64_t size, std::string_view digest) {
    std::string out(magic);
    put_u64(out, size);
    out += digest;
    return out;
}

std::string seal(std::string_view magic, std::string_view payload) {
    std::string out = seal_head(magic, payload.size(), sha256_hex(payload));
    out.reserve(out.size() + payload.size());
    out += payload;
    return out;
}

std::string_view unseal(std::string_view in, std::string_view magic, const std::string& what) {
    if (in.substr(0, magic.size()) != magic) {
        if (in.size() >= magic.size() && in.substr(0, magic.size() - 1) == magic.substr(0, magic.size() - 1))
            throw std::runtime_error(what + " of another version of geosim (" +
                                     std::string(in.substr(0, magic.size())) + ", not " + std::string(magic) + ")");
        throw std::runtime_error("not a " + what);
    }
    const std::size_t head = magic.size() + 8 + kDigestSize;
    if (in.size() < head)
        throw SealBroken("truncated: " + std::to_string(in.size()) + " bytes, less than its header");
    std::string_view rest = in.substr(magic.size());
    const std::uint64_t size = get_u64(rest);
    const std::string_view digest = rest.substr(0, kDigestSize);
    rest.remove_prefix(kDigestSize);
    if (rest.size() < size)
        throw SealBroken("truncated: " + std::to_string(in.size()) + " of " + std::to_string(head + size) + " bytes");
    if (rest.size() > size) throw SealBroken(std::to_string(in.size()) + " bytes, not " + std::to_string(head + size));
    if (sha256_hex(rest) != digest) throw SealBroken("checksum mismatch");
    return rest;
}

}  // namespace geosim
