#include "outputs/sweep_journal.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "engine/quantile_sketch.hpp"
#include "engine/sweep_stats.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read '" + file.string() + "'");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Written whole under a temporary name by `fill`, then renamed over `file` in one step.
template <class Fill>
void write_atomically(const fs::path& file, const Fill& fill) {
    const fs::path tmp = file.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        fill(out);
        out.close();
        if (!out) throw std::runtime_error("cannot write '" + tmp.string() + "'");
    }
    fs::rename(tmp, file);
}

std::string block_name(std::uint64_t block) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "runs-%06llu.csv", static_cast<unsigned long long>(block));
    return buf;
}

const char* const kStateMagic = "geosim-sweep-state-1";

}  // namespace

SweepJournal SweepJournal::create(const fs::path& folder, const SweepJournalHeader& h) {
    if (fs::exists(folder)) throw std::runtime_error("'" + folder.string() + "' exists already");
    fs::create_directories(folder / "journal");
    std::ostringstream text;
    text << "scenario_sha256 " << h.scenario_sha256 << "\nseed " << h.seed << "\nruns " << h.runs
         << "\ndesign " << h.design << "\nblock_size " << h.block_size << "\nrows " << h.rows << "\n";
    SweepJournal j(folder, h);
    write_atomically(j.dir() / "header.txt", [&](std::ostream& out) { out << text.str(); });
    return j;
}

SweepJournal SweepJournal::open(const fs::path& folder) {
    const fs::path file = folder / "journal" / "header.txt";
    if (!fs::exists(file)) throw std::runtime_error("'" + folder.string() + "' holds no sweep journal");
    std::istringstream in(read_file(file));
    SweepJournalHeader h;
    std::string key;
    int seen = 0;
    while (in >> key) {
        ++seen;
        if (key == "scenario_sha256") in >> h.scenario_sha256;
        else if (key == "seed") in >> h.seed;
        else if (key == "runs") in >> h.runs;
        else if (key == "design") in >> h.design;
        else if (key == "block_size") in >> h.block_size;
        else if (key == "rows") in >> h.rows;
        else --seen;
    }
    if (seen != 6 || !in.eof() || h.block_size == 0)
        throw std::runtime_error("'" + file.string() + "' is not a sweep journal header");
    return SweepJournal(folder, h);
}

std::uint64_t SweepJournal::load(SweepStats& stats) const {
    const fs::path file = dir() / "state.bin";
    if (!fs::exists(file)) {
        stats = SweepStats(header_.rows);
        return 0;
    }
    const std::string bytes = read_file(file);
    std::string_view in(bytes);
    const std::string_view magic(kStateMagic);
    if (in.substr(0, magic.size()) != magic) throw std::runtime_error("'" + file.string() + "' is not a sweep state");
    in.remove_prefix(magic.size());
    const std::uint64_t blocks = get_u64(in);
    // Counts are checked against the journal's header before anything is allocated.
    std::string_view peek = in;
    if (blocks > (header_.runs + header_.block_size - 1) / header_.block_size || get_u64(peek) != header_.rows)
        throw std::runtime_error("'" + file.string() + "' is malformed");
    stats.read(in);
    if (stats.rows() != header_.rows) throw std::runtime_error("'" + file.string() + "' has the wrong number of rows");
    return blocks;
}

void SweepJournal::commit_block(std::uint64_t block, const std::string& rows, const SweepStats& stats,
                                bool aggregate) const {
    write_atomically(dir() / block_name(block), [&](std::ostream& out) { out << rows; });
    if (!aggregate) return;
    // The last block's aggregate is not kept: the outputs follow at once, and a kill before
    // they are committed only costs a resume that block again.
    if (block + 1 == (header_.runs + header_.block_size - 1) / header_.block_size) return;
    write_atomically(dir() / "state.bin", [&](std::ostream& out) {
        std::string head(kStateMagic);
        put_u64(head, block + 1);
        out << head;
        stats.write(out);
    });
}

void SweepJournal::copy_rows(std::ostream& out, std::uint64_t blocks) const {
    for (std::uint64_t b = 0; b < blocks; ++b) out << read_file(dir() / block_name(b));
}

}  // namespace geosim
