#include "outputs/sweep_blocks.hpp"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

#include "analysis/quantile_sketch.hpp"
#include "engine/core/error.hpp"
#include "outputs/sha256.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

const char* const kBlockMagic = "geosim-sweep-block-3";

// The payload of an encoded block (identity, block, rows, aggregate), after checking the
// magic, the recorded size and the checksum.
std::string_view checked_payload(std::string_view in) { return unseal(in, kBlockMagic, "sweep block"); }

std::string get_text(std::string_view& in) {
    const std::uint64_t size = get_u64(in);
    if (size > in.size()) throw std::runtime_error("sweep block is truncated");
    std::string s(in.substr(0, size));
    in.remove_prefix(size);
    return s;
}

void put_text(std::string& out, std::string_view s) {
    put_u64(out, s.size());
    out.append(s);
}

// `key value` lines (the value is the rest of the line) into a map; false on a malformed line.
bool parse_lines(std::string_view text, std::map<std::string, std::string>& out) {
    std::istringstream in{std::string(text)};
    std::string line;
    while (std::getline(in, line)) {
        const auto space = line.find(' ');
        if (space == std::string::npos || space == 0) return false;
        out[line.substr(0, space)] = line.substr(space + 1);
    }
    return true;
}

// The identity fields of `lines`; false when one is missing or not a number.
bool identity_of(const std::map<std::string, std::string>& lines, SweepJournalHeader& h) {
    auto number = [&](const char* key, std::uint64_t& v) {
        const auto it = lines.find(key);
        if (it == lines.end() || it->second.empty() || it->second.find_first_not_of("0123456789") != std::string::npos)
            return false;
        // A number past 2^64 - 1 (a damaged shard.txt, say) is malformed too, not an exception
        // of another kind.
        const char* end = it->second.data() + it->second.size();
        const auto [at, ec] = std::from_chars(it->second.data(), end, v);
        return ec == std::errc() && at == end;
    };
    const auto sha = lines.find("scenario_sha256");
    const auto world = lines.find("world_sha256");
    const auto design = lines.find("design");
    if (sha == lines.end() || world == lines.end() || design == lines.end()) return false;
    h.scenario_sha256 = sha->second;
    h.world_sha256 = world->second;
    h.design = design->second;
    return number("seed", h.seed) && number("runs", h.runs) && number("block_size", h.block_size) &&
           number("rows", h.rows) && h.block_size > 0;
}

}  // namespace

std::string format_sweep_identity(const SweepJournalHeader& h) {
    std::ostringstream text;
    text << "scenario_sha256 " << h.scenario_sha256 << "\nworld_sha256 " << h.world_sha256 << "\nseed " << h.seed << "\nruns " << h.runs
         << "\ndesign " << h.design << "\nblock_size " << h.block_size << "\nrows " << h.rows << "\n";
    return text.str();
}

SweepJournalHeader parse_sweep_identity(std::string_view text) {
    std::map<std::string, std::string> lines;
    SweepJournalHeader h;
    if (!parse_lines(text, lines) || !identity_of(lines, h)) throw std::runtime_error("malformed sweep identity");
    return h;
}

std::string encode_block(const SweepJournalHeader& sweep, const SweepBlock& block) {
    std::string payload;
    put_text(payload, format_sweep_identity(sweep));
    put_u64(payload, block.block);
    put_text(payload, block.rows);
    std::ostringstream stats;
    block.stats.write(stats);
    payload += std::move(stats).str();
    return seal(kBlockMagic, payload);
}

namespace {

SweepJournalHeader decode_head(std::string_view& in, SweepBlock& block) {
    std::map<std::string, std::string> lines;
    SweepJournalHeader h;
    if (!parse_lines(get_text(in), lines) || !identity_of(lines, h))
        throw std::runtime_error("sweep block is malformed");
    block.block = get_u64(in);
    block.rows = get_text(in);
    return h;
}

}  // namespace

SweepJournalHeader decode_block(std::string_view bytes, SweepBlock& block) {
    std::string_view in = checked_payload(bytes);
    const SweepJournalHeader h = decode_head(in, block);
    // The aggregate's row count is checked against the identity before anything is allocated.
    std::string_view peek = in;
    if (get_u64(peek) != h.rows) throw std::runtime_error("sweep block is malformed");
    block.stats.read(in);
    return h;
}

SweepJournalHeader decode_block_rows(std::string_view bytes, SweepBlock& block) {
    std::string_view in = checked_payload(bytes);
    return decode_head(in, block);
}

fs::path shard_block_file(const fs::path& folder, std::uint64_t block) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "block-%06llu.bin", static_cast<unsigned long long>(block));
    return folder / buf;
}

bool create_shard_info(const fs::path& folder, const ShardInfo& info) {
    const fs::path file = folder / "shard.txt";
    const std::string text = format_sweep_identity(info.sweep) + "scenario " + info.scenario + "\n";
    const fs::path tmp = temporary_name(file);
    write_file_atomically(tmp, text);
    // link() fails rather than replace a shard.txt another shard wrote first, so the first one
    // stays and the others compare with it.
    const int linked = ::link(tmp.c_str(), file.c_str());
    const int error = errno;
    if (linked == 0 || error == EEXIST) {
        fs::remove(tmp);
        return linked == 0;
    }
    // A file system without hard links: every shard writes the same identity, so replacing
    // the file whole is harmless.
    fs::rename(tmp, file);
    return true;
}

ShardInfo read_shard_info(const fs::path& folder) {
    const fs::path file = folder / "shard.txt";
    if (!fs::exists(file))
        throw std::runtime_error("'" + folder.string() + "' holds no shard of a sweep (no shard.txt)");
    std::map<std::string, std::string> lines;
    ShardInfo info;
    const auto bad = [&] { return std::runtime_error("'" + file.string() + "' is malformed"); };
    if (!parse_lines(read_whole_file(file), lines) || !identity_of(lines, info.sweep)) throw bad();
    const auto scenario = lines.find("scenario");
    if (scenario == lines.end()) throw bad();
    info.scenario = scenario->second;
    return info;
}

std::vector<std::uint64_t> shard_blocks(const fs::path& folder) {
    std::vector<std::uint64_t> out;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string name = entry.path().filename().string();
        unsigned long long b = 0;
        int used = 0;
        // Exactly the names shard_block_file gives (not its temporaries, nor anything else).
        if (std::sscanf(name.c_str(), "block-%llu.bin%n", &b, &used) == 1 &&
            static_cast<std::size_t>(used) == name.size() && shard_block_file(folder, b).filename() == name)
            out.push_back(b);
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool is_shard_file_name(const std::string& name) {
    std::string base = name;
    const auto tmp = name.find(".tmp.");
    if (tmp != std::string::npos) base = name.substr(0, tmp);
    if (base == "shard.txt") return true;
    unsigned long long b = 0;
    int used = 0;
    return std::sscanf(base.c_str(), "block-%llu.bin%n", &b, &used) == 1 &&
           static_cast<std::size_t>(used) == base.size() && shard_block_file("", b).filename() == base;
}

fs::path temporary_name(const fs::path& file) {
    // Unique among the processes sharing the folder, even on several machines: host, pid and a
    // count within the process.
    static std::atomic<std::uint64_t> count{0};
    char host[256] = "";
    if (::gethostname(host, sizeof host - 1) != 0) host[0] = 0;
    std::string h(host);
    std::replace(h.begin(), h.end(), '/', '_');
    return file.string() + ".tmp." + h + "." + std::to_string(::getpid()) + "." + std::to_string(count++);
}

void write_atomically(const fs::path& file, const std::function<int(std::ofstream&)>& fill) {
    const fs::path tmp = temporary_name(file);
    try {
        errno = 0;
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        int error = out ? fill(out) : (errno != 0 ? errno : EIO);  // a read-only folder, say
        if (error == 0) {
            errno = 0;
            out.close();
            if (!out) error = errno != 0 ? errno : EIO;
        }
        if (error != 0) throw IoError("cannot write '" + tmp.string() + "': " + std::strerror(error));
    } catch (...) {
        // Whatever failed (a write, the producer, memory), no temporary is left behind.
        std::error_code ignored;
        fs::remove(tmp, ignored);
        throw;
    }
    fs::rename(tmp, file);
}

void write_file_atomically(const fs::path& file, std::string_view bytes) {
    write_atomically(file, [&](std::ofstream& out) {
        errno = 0;
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        return out ? 0 : (errno != 0 ? errno : EIO);  // ENOSPC on a full disk
    });
}

namespace {

// A stream buffer with no buffer of its own: every write goes to `out` and into `hash`. The
// first failed write keeps its errno (ENOSPC on a full disk), which later calls may overwrite.
class HashingWriter : public std::streambuf {
public:
    HashingWriter(std::ofstream& out, Sha256& hash) : out_(out), hash_(hash) {}
    std::uint64_t size() const { return size_; }
    int error() const { return error_; }

protected:
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        hash_.update(s, static_cast<std::size_t>(n));
        errno = 0;
        out_.write(s, n);
        size_ += static_cast<std::uint64_t>(n);
        if (!out_ && error_ == 0) error_ = errno != 0 ? errno : EIO;
        return out_ ? n : 0;
    }
    int_type overflow(int_type c) override {
        if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
        const char ch = traits_type::to_char_type(c);
        return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
    }

private:
    std::ofstream& out_;
    Sha256& hash_;
    std::uint64_t size_ = 0;
    int error_ = 0;
};

}  // namespace

void write_sealed_atomically(const fs::path& file, std::string_view magic,
                             const std::function<void(std::ostream&)>& produce) {
    write_atomically(file, [&](std::ofstream& out) {
        // The size and checksum are not known yet: a head of place-holders of their length,
        // written over at the end.
        const std::string blank = seal_head(magic, 0, std::string(kSealDigestSize, '0'));
        errno = 0;
        out.write(blank.data(), static_cast<std::streamsize>(blank.size()));
        if (!out) return errno != 0 ? errno : EIO;
        Sha256 hash;
        HashingWriter writer(out, hash);
        std::ostream payload(&writer);
        produce(payload);
        if (writer.error() != 0) return writer.error();
        if (!payload) throw std::runtime_error("the sealed payload's stream failed");
        const std::string head = seal_head(magic, writer.size(), hash.hex());
        errno = 0;
        out.seekp(0);
        out.write(head.data(), static_cast<std::streamsize>(head.size()));
        return out ? 0 : (errno != 0 ? errno : EIO);
    });
}

std::string read_whole_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + file.string() + "'");
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
}

}  // namespace geosim
