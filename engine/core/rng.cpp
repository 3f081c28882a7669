#include "engine/core/rng.hpp"

namespace geosim {

Stream::Stream(std::uint64_t seed, std::uint64_t run, std::uint64_t purpose, std::uint64_t a,
               std::uint64_t b, std::uint64_t c) {
    key_ = {{seed, run}};
    // The last counter word holds c in its high half and numbers the blocks of four outputs in
    // its low half, so (purpose, a, b, c) maps one-to-one to streams for c < 2^32, each 2^32
    // blocks long.
    ctr_ = {{purpose, a, b, c << 32}};
    out_ = {{0, 0, 0, 0}};
}

Stream::result_type Stream::operator()() {
    if (next_ == 4) {
        out_ = gen_(ctr_, key_);
        ctr_.v[3] += 1;
        next_ = 0;
    }
    return out_.v[next_++];
}

double Stream::uniform() {
    return static_cast<double>((*this)() >> 11) * 0x1.0p-53;
}

}  // namespace geosim
