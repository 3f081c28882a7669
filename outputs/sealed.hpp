#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace geosim {

// Bytes that fail the size or checksum check of a sealed file: damaged, or partly copied.
class SealBroken : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A payload sealed with its size and checksum, as the sweep's block files and journal files are:
//   `magic` (its last character is the format's version), u64 payload size, SHA-256 of the
//   payload (64 lowercase hex digits), then the payload.
std::string seal(std::string_view magic, std::string_view payload);
// What seal() puts before the payload: `magic`, the payload's size, its SHA-256 as hex.
std::string seal_head(std::string_view magic, std::uint64_t size, std::string_view digest);
// The length of that digest (and of seal_head's third argument).
inline constexpr std::size_t kSealDigestSize = 64;

// The payload of what seal(magic, ...) wrote. Throws SealBroken when the size or the checksum is
// wrong, std::runtime_error naming `what` ("sweep block", say) when the bytes start with another
// magic ("not a sweep block", or "... of another version of geosim" when only the version
// differs).
std::string_view unseal(std::string_view bytes, std::string_view magic, const std::string& what);

}  // namespace geosim
