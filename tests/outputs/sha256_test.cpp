#include "outputs/sha256.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "tests/outputs/files.hpp"

using geosim::sha256_file;
using geosim::sha256_hex;

// Expected digests: the examples of FIPS 180-2, appendix B.
TEST_CASE("SHA-256 of strings matches FIPS 180-2", "[outputs][sha256]") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("SHA-256 of files matches FIPS 180-2", "[outputs][sha256]") {
    geosim::test::TempDir dir;
    geosim::test::write_text(dir.path() / "abc", "abc");
    CHECK(sha256_file(dir.path() / "abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // One million 'a': larger than the read block, so the digest spans several reads.
    geosim::test::write_text(dir.path() / "million", std::string(1000000, 'a'));
    CHECK(sha256_file(dir.path() / "million") ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 of a missing file names it", "[outputs][sha256]") {
    geosim::test::TempDir dir;
    const auto missing = dir.path() / "missing.yaml";
    CHECK_THROWS_WITH(sha256_file(missing), "cannot read '" + missing.string() + "' to hash it");
}

TEST_CASE("SHA-256 fed piece by piece equals the digest of the whole", "[outputs][sha256]") {
    geosim::Sha256 sha;
    const std::string a(1000000, 'a');
    // Uneven pieces that straddle SHA-256's 64-byte blocks.
    for (std::size_t at = 0, piece = 1; at < a.size(); at += piece, piece = piece * 3 % 997 + 1)
        sha.update(a.data() + at, std::min(piece, a.size() - at));
    CHECK(sha.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
