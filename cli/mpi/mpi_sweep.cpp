#include "cli/mpi/mpi_sweep.hpp"

#include <mpi.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <tbb/info.h>
#include <thread>

#include "cli/args.hpp"
#include "cli/results_dir.hpp"
#include "cli/sweep_common.hpp"
#include "engine/core/error.hpp"
#include "outputs/sha256.hpp"
#include "outputs/sweep_blocks.hpp"

// The sweep over MPI ranks. Rank 0 coordinates: it hands out blocks one at a time to whichever
// rank asks (itself included, on a second thread), merges the block aggregates in block order
// and journals each, exactly as a one-process sweep does, so the outputs are the same bytes for
// any number of ranks and threads. Only rank 0's main thread calls MPI (MPI_THREAD_FUNNELED).
namespace geosim::cli {

namespace fs = std::filesystem;

namespace {

enum Tag : int {
    kReady = 1,   // worker -> 0: "pid host", once, before its first block
    kWork = 2,    // 0 -> worker: u64 block to compute
    kStop = 3,    // 0 -> worker: no more blocks
    kResult = 4,  // worker -> 0: encode_block of the block it computed (asks for the next)
};

std::atomic<bool> g_stop_requested{false};

void on_terminate(int) { g_stop_requested = true; }

// mpirun binds each rank to one core unless told otherwise (with two ranks or fewer, or with
// --map-by core): --threads beyond the cores a rank may use only take turns on them.
void warn_if_bound(int rank, int threads) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) != 0) return;
    const int cores = CPU_COUNT(&set);
    if (cores < threads)
        std::cerr << "geosim sweep: warning: rank " << rank << " may use " << count_of(cores, "core") << " for "
                  << count_of(threads, "thread") << "; start mpirun with --bind-to none (or --map-by slot:PE="
                  << threads << ")\n";
}

std::string host_name() {
    char buf[256] = "";
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

// An MPI call that failed (a peer gone, a connection lost): on rank 0, the job cannot go on.
class MpiFailure : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

void check(int rc, const char* what) {
    if (rc != MPI_SUCCESS) {
        char text[MPI_MAX_ERROR_STRING];
        int len = 0;
        MPI_Error_string(rc, text, &len);
        throw MpiFailure(std::string(what) + ": " + std::string(text, static_cast<std::size_t>(len)));
    }
}

// Whether process `pid` of this host has ended: gone, or a zombie its parent (mpirun) has not
// reaped yet. kill(pid, 0) alone says a zombie is running.
bool process_ended(long pid) {
    if (pid <= 0) return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0) return errno == ESRCH;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text)) return false;
    // "PID (COMMAND) STATE ...": the command may hold spaces and parentheses, the state follows the last ')'.
    const std::size_t paren = text.rfind(')');
    if (paren == std::string::npos || paren + 2 >= text.size()) return false;
    return text[paren + 2] == 'Z' || text[paren + 2] == 'X';
}

// Whether process `pid`, seen from here, runs this same program: a rank of this host whose
// process rank 0 can watch. A rank in another pid namespace (a container) that shares the host
// name has a pid that means nothing here, or names another program.
bool runs_this_program(long pid) {
    std::error_code e1, e2;
    const fs::path theirs = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", e1);
    const fs::path mine = fs::read_symlink("/proc/self/exe", e2);
    return pid > 0 && !e1 && !e2 && theirs == mine;
}

// mpirun forwards a rank's stderr through a pipe and, while it tears a job down, may drop what a
// rank wrote just before it exited: waits (at most `limit`) until the reader has taken every byte.
void wait_until_read(int fd, std::chrono::milliseconds limit) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int pending = 0;
    while (::ioctl(fd, FIONREAD, &pending) == 0 && pending > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void send_bytes(const std::string& bytes, int to, int tag) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error("a block's aggregate exceeds 2 GB; use a smaller --block-size");
    check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, MPI_COMM_WORLD), "MPI_Send");
}

std::string receive_bytes(const MPI_Status& probed) {
    int count = 0;
    check(MPI_Get_count(&probed, MPI_BYTE, &count), "MPI_Get_count");
    std::string bytes(static_cast<std::size_t>(count), '\0');
    check(MPI_Recv(bytes.data(), count, MPI_BYTE, probed.MPI_SOURCE, probed.MPI_TAG, MPI_COMM_WORLD,
                   MPI_STATUS_IGNORE),
          "MPI_Recv");
    return bytes;
}

void broadcast(std::string& text) {
    unsigned long long size = text.size();
    check(MPI_Bcast(&size, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
    text.resize(size);
    check(MPI_Bcast(text.data(), static_cast<int>(size), MPI_BYTE, 0, MPI_COMM_WORLD), "MPI_Bcast");
}

// Whether every rank says ok (a collective: every rank calls it at the same point).
bool all_ok(bool ok) {
    int mine = ok ? 1 : 0, all = 0;
    check(MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
    return all == 1;
}

// Rank 0's own share of the work: blocks computed on a second thread, handed over under a lock.
class LocalWorker {
public:
    LocalWorker(const SweepSetup& s, int threads) : thread_([this, &s, threads] { loop(s, threads); }) {}
    ~LocalWorker() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }
    void assign(std::uint64_t block) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            work_ = block;
        }
        wake_.notify_all();
    }
    // The block it finished, if any, and the error that stopped it, if any.
    std::optional<SweepBlock> take(std::string& error) {
        std::lock_guard<std::mutex> lock(mutex_);
        error = error_;
        std::optional<SweepBlock> out = std::move(done_);
        done_.reset();
        return out;
    }

private:
    void loop(const SweepSetup& s, int threads) {
        Progress silent(0, 0, false);
        for (;;) {
            std::uint64_t block = 0;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return stop_ || work_; });
                if (stop_) return;
                block = *work_;
                work_.reset();
            }
            try {
                run_blocks(s, block, block + 1, threads, [&](SweepBlock& b) {
                    std::lock_guard<std::mutex> lock(mutex_);
                    done_ = std::move(b);
                }, silent, 0);
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(mutex_);
                error_ = e.what();
                return;
            }
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<std::uint64_t> work_;
    std::optional<SweepBlock> done_;
    std::string error_;
    bool stop_ = false;
    std::thread thread_;
};

// What rank 0 spends per block, the serial part of the job (docs/cluster.md uses these figures
// to estimate parallel efficiency at a larger number of ranks).
struct BlockCosts {
    std::uint64_t received = 0;      // blocks received from other ranks
    double bytes = 0;                // their encoded size
    double receive_seconds = 0;      // receiving and decoding them
    std::uint64_t merged = 0;        // blocks merged into the aggregate and journaled
    double merge_seconds = 0;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

struct RankInfo {
    long pid = 0;
    std::string host;
    bool watched = false;   // on rank 0's host, its process visible to rank 0
    bool idle = false;      // waiting for a block
    bool stopped = false;   // told there are no more
    std::optional<std::uint64_t> block;  // the block it is computing
};

class Coordinator {
public:
    Coordinator(SweepCommand& c, int ranks) : c_(c), s_(*c.setup), ranks_(static_cast<std::size_t>(ranks)) {}

    // Runs the sweep to the end; returns the merged aggregate. Throws on a failure it sees.
    SweepStats run(std::uint64_t& blocks_done) {
        SweepStats stats;
        blocks_done = c_.journal->load(stats);
        repair_journal_rows(c_, blocks_done);
        stats.reserve_for(s_.runs());
        next_assign_ = next_merge_ = blocks_done;
        ranks_[0].pid = ::getpid();
        ranks_[0].host = here_;
        ranks_[0].idle = true;
        Progress progress(s_.first_run(next_merge_), s_.runs(), c_.interactive);
        LocalWorker local(s_, c_.threads);
        // A report of an earlier stop no longer holds.
        std::error_code ignored;
        fs::remove(c_.journal->folder() / "stopped.txt", ignored);
        // Blocks held for the merge are bounded: at most two per rank beyond the next to merge.
        const std::uint64_t window = 2 * ranks_.size();
        auto checked = std::chrono::steady_clock::now();
        while (next_merge_ < s_.blocks()) {
            if (g_stop_requested) stopped("");
            // A rank of this host that died is seen here without waiting for mpirun's SIGTERM,
            // which may come late, or together with its SIGKILL.
            if (std::chrono::steady_clock::now() - checked > std::chrono::milliseconds(50)) {
                checked = std::chrono::steady_clock::now();
                if (local_rank_ended()) stopped("");
            }
            bool busy = false;
            int flag = 0;
            MPI_Status status;
            try {
                check(MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &status), "MPI_Iprobe");
                if (flag) {
                    busy = true;
                    receive(status);
                }
            } catch (const MpiFailure& e) {
                stopped(std::string("rank 0: ") + e.what());
            }
            std::string error;
            if (std::optional<SweepBlock> b = local.take(error)) {
                busy = true;
                finished(0, std::move(*b));
            }
            if (!error.empty()) throw std::runtime_error("rank 0: " + error);
            // One block merged per round, so that ranks waiting to hand in a block or for the next
            // one are served between the merges of a backlog.
            if (!held_.empty() && held_.begin()->first == next_merge_) {
                const auto t = std::chrono::steady_clock::now();
                SweepBlock& b = held_.begin()->second;
                stats.merge(b.stats);
                // The aggregate (the whole sweep's, tens of MB with many rows) is journaled once
                // rank 0 has caught up, not after each of a backlog of blocks.
                const bool more = held_.size() > 1 && std::next(held_.begin())->first == next_merge_ + 1;
                c_.journal->commit_block(b.block, b.rows, stats, !more);
                held_.erase(held_.begin());
                costs_.merge_seconds += seconds_since(t);
                ++costs_.merged;
                ++next_merge_;
                progress.update(s_.first_run(next_merge_));
                busy = true;
            }
            for (std::size_t r = 0; r < ranks_.size(); ++r) {
                RankInfo& info = ranks_[r];
                if (!info.idle) continue;
                if (next_assign_ < s_.blocks() && next_assign_ < next_merge_ + window) {
                    info.idle = false;
                    info.block = next_assign_++;
                    record_assignments();
                    if (r == 0) local.assign(*info.block);
                    else {
                        const unsigned long long b = *info.block;
                        send_or_stop(MPI_Send(&b, 1, MPI_UNSIGNED_LONG_LONG, static_cast<int>(r), kWork, MPI_COMM_WORLD));
                    }
                    busy = true;
                } else if (next_assign_ >= s_.blocks() && r > 0 && !info.stopped) {
                    send_or_stop(MPI_Send(nullptr, 0, MPI_BYTE, static_cast<int>(r), kStop, MPI_COMM_WORLD));
                    info.stopped = true;
                }
            }
            if (!busy) std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        progress.finish();
        // Ranks that never asked for a block (more ranks than blocks) still wait to be stopped.
        for (std::size_t r = 1; r < ranks_.size(); ++r) {
            if (ranks_[r].stopped) continue;
            if (!ranks_[r].idle) {
                MPI_Status status;
                check(MPI_Probe(static_cast<int>(r), kReady, MPI_COMM_WORLD, &status), "MPI_Probe");
                receive_bytes(status);
            }
            check(MPI_Send(nullptr, 0, MPI_BYTE, static_cast<int>(r), kStop, MPI_COMM_WORLD), "MPI_Send");
            ranks_[r].stopped = true;
        }
        return stats;
    }

    const BlockCosts& costs() const { return costs_; }

private:
    void send_or_stop(int rc) const {
        try {
            check(rc, "MPI_Send");
        } catch (const MpiFailure& e) {
            stopped(std::string("rank 0: ") + e.what());
        }
    }

    // Whether a rank of this host that was still to compute or hand in blocks has ended.
    bool local_rank_ended() const {
        for (std::size_t r = 1; r < ranks_.size(); ++r) {
            const RankInfo& info = ranks_[r];
            if (!info.stopped && info.watched && process_ended(info.pid)) return true;
        }
        return false;
    }

    void receive(const MPI_Status& status) {
        const auto t = std::chrono::steady_clock::now();
        const int from = status.MPI_SOURCE;
        const std::string bytes = receive_bytes(status);
        RankInfo& info = ranks_.at(static_cast<std::size_t>(from));
        if (status.MPI_TAG == kReady) {
            std::istringstream in(bytes);
            in >> info.pid >> info.host;
            info.watched = info.host == here_ && runs_this_program(info.pid);
            info.idle = true;
            record_assignments();
            return;
        }
        if (status.MPI_TAG != kResult) throw std::runtime_error("unexpected message from rank " + std::to_string(from));
        SweepBlock b;
        const SweepJournalHeader h = decode_block(bytes, b);
        if (!(h == s_.identity()) || !info.block || b.block != *info.block)
            throw std::runtime_error("rank " + std::to_string(from) + " sent a block of another sweep");
        costs_.receive_seconds += seconds_since(t);
        costs_.bytes += static_cast<double>(bytes.size());
        ++costs_.received;
        finished(static_cast<std::size_t>(from), std::move(b));
    }

    // A rank that hands in its block holds none until it is given the next one (which waits when
    // rank 0 is behind on merging): ranks.txt says so, as the stop message would.
    void finished(std::size_t rank, SweepBlock b) {
        ranks_[rank].idle = true;
        ranks_[rank].block.reset();
        held_.emplace(b.block, std::move(b));
        record_assignments();
    }

    // The ranks and the blocks they hold, in the journal folder, so that they are known even if
    // rank 0 is killed: `rank R pid P host H block B runs X-Y` (block - when idle).
    void record_assignments() const {
        std::ostringstream text;
        for (std::size_t r = 0; r < ranks_.size(); ++r) {
            const RankInfo& info = ranks_[r];
            text << "rank " << r << " pid " << info.pid << " host " << info.host << " block ";
            if (info.block)
                text << *info.block << " runs " << s_.first_run(*info.block) << "-" << s_.end_run(*info.block) - 1;
            else
                text << "-";
            text << "\n";
        }
        write_file_atomically(c_.journal->folder() / "ranks.txt", text.str());
    }

    // A rank died, an MPI call failed (`error`) or the job is cancelled (mpirun stops every rank
    // with SIGTERM when one dies): say which blocks were in flight, and on which ranks, then leave
    // without writing any output. The report goes to OUT.partial/stopped.txt as well as to stderr,
    // which mpirun may drop while it ends the job.
    [[noreturn]] void stopped(const std::string& error) const {
        const fs::path report = c_.journal->folder() / "stopped.txt";
        std::ostringstream text;
        text << "geosim sweep: the MPI job is being stopped (a rank died or the job was cancelled) before the "
                "sweep finished; no outputs were written.\n";
        if (!error.empty()) text << "  " << error << "\n";
        // Which rank died is known here only for ranks on this host (mpirun's own message names it
        // in any case); every rank holding a block is listed, and a dead one holding none.
        for (std::size_t r = 0; r < ranks_.size(); ++r) {
            const RankInfo& info = ranks_[r];
            const bool gone = info.watched && process_ended(info.pid);
            if (!info.block && !gone) continue;
            text << "  rank " << r << " (pid " << info.pid << " on " << info.host << (gone ? ", no longer running" : "")
                 << ") ";
            if (info.block)
                text << "held block " << *info.block << ": runs " << s_.first_run(*info.block) << "-"
                     << s_.end_run(*info.block) - 1 << "\n";
            else
                text << "held no block\n";
        }
        const std::string resume = " sweep " + c_.file + " --resume " + c_.out.string();
        text << "The journal keeps " << next_merge_ << " of " << s_.blocks() << " blocks; finish the sweep with "
             << "mpirun geosim-mpi" << resume << " (any number of ranks) or geosim" << resume << " (one process)\n";
        std::string saved;
        try {
            write_file_atomically(report, text.str());
            saved = "This report is kept in " + report.string() + "\n";
        } catch (const std::exception& e) {
            saved = "The report could not be kept in " + report.string() + ": " + e.what() + "\n";
        }
        // One write, so that mpirun's own lines do not land inside it.
        const std::string all = text.str() + saved;
        std::size_t written = 0;
        while (written < all.size()) {
            const ssize_t n = ::write(STDERR_FILENO, all.data() + written, all.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            written += static_cast<std::size_t>(n);
        }
        wait_until_read(STDERR_FILENO, std::chrono::seconds(5));
        std::_Exit(1);
    }

    SweepCommand& c_;
    const SweepSetup& s_;
    const std::string here_ = host_name();
    std::vector<RankInfo> ranks_;
    std::map<std::uint64_t, SweepBlock> held_;  // computed, waiting for the blocks before them
    BlockCosts costs_;
    std::uint64_t next_assign_ = 0;
    std::uint64_t next_merge_ = 0;
};

void work(const SweepSetup& s, int threads) {
    const std::string hello = std::to_string(::getpid()) + " " + host_name();
    send_bytes(hello, 0, kReady);
    Progress silent(0, 0, false);
    for (;;) {
        unsigned long long block = 0;
        MPI_Status status;
        check(MPI_Recv(&block, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &status), "MPI_Recv");
        if (status.MPI_TAG == kStop) return;
        std::string result;
        run_blocks(s, block, block + 1, threads,
                   [&](SweepBlock& b) { result = encode_block(s.identity(), b); }, silent, 0);
        send_bytes(result, 0, kResult);
    }
}

// Prints what main.cpp prints for the exception in flight; returns the exit code.
int describe(const std::exception_ptr& e, const std::string& usage) {
    try {
        std::rethrow_exception(e);
    } catch (const UsageError& u) {
        std::cerr << "geosim sweep: " << u.what() << "\nusage: " << usage << "\n";
        return 2;
    } catch (const InputError& i) {
        std::cerr << i.what() << "\n";
        return 2;
    } catch (const IoError& i) {
        std::cerr << "geosim sweep: " << i.what() << "\n";
        return 2;
    } catch (const std::exception& x) {
        std::cerr << "geosim sweep: internal error: " << x.what() << "\n";
        return 1;
    }
}

}  // namespace

int mpi_sweep_main(const std::vector<std::string>& argv, int rank, int ranks, const std::string& usage) {
    // Rank 0 reads the command line (and journal) and tells the others the sweep's identity.
    std::optional<SweepCommand> c;
    std::string identity;
    int code = 0;
    if (rank == 0) {
        try {
            Args args = parse_args(argv, sweep_options());
            if (args.has("shard"))
                throw UsageError("--shard is for separate processes; under mpirun the ranks share the blocks");
            if (args.has("keep-series"))
                throw UsageError("--keep-series is for a sweep in one process; drop it under mpirun");
            c.emplace(prepare_sweep(argv));
            identity = format_sweep_identity(c->setup->identity());
        } catch (...) {
            code = describe(std::current_exception(), usage);
        }
    }
    broadcast(identity);
    if (identity.empty()) return rank == 0 ? code : 2;

    // The others compile the same scenario (they need it on their file system) with that identity.
    std::unique_ptr<SweepSetup> setup;
    int threads = 1;
    if (rank != 0) {
        try {
            const SweepJournalHeader id = parse_sweep_identity(identity);
            const Args args = parse_args(argv, sweep_options());
            const std::string file = args.positional.at(0);
            threads = static_cast<int>(args.get_int("threads", 1, 256).value_or(tbb::info::default_concurrency()));
            const std::string sha = sha256_file(file);
            if (sha != id.scenario_sha256)
                throw InputError({file}, "", "rank " + std::to_string(rank) + " reads another scenario than rank 0 "
                                                 "(SHA-256 " + sha + ", rank 0's " + id.scenario_sha256 + ")");
            setup = make_sweep_setup(file, load_scenario(file), sha, id.seed, id.runs, id.design, id.block_size);
            if (setup->world_sha != id.world_sha256)
                throw InputError({file}, "", "rank " + std::to_string(rank) + " reads other world files than rank 0 "
                                                 "(SHA-256 " + setup->world_sha + ", rank 0's " + id.world_sha256 + ")");
            if (!(setup->identity() == id))
                throw std::runtime_error("rank " + std::to_string(rank) + " compiles another sweep");
        } catch (...) {
            code = describe(std::current_exception(), usage);
        }
    }
    if (!all_ok(code == 0)) {
        if (rank == 0) {
            std::cerr << "geosim sweep: a rank could not prepare the sweep (see above); nothing was computed\n";
            // A journal this command started, with nothing in it, goes; a resumed one stays.
            if (!c->args.has("resume")) fs::remove_all(c->journal->folder());
        }
        return 2;
    }

    if (rank != 0) {
        warn_if_bound(rank, threads);
        work(*setup, threads);
        return 0;
    }
    warn_if_bound(0, c->threads);

    struct sigaction sa {};
    sa.sa_handler = on_terminate;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    const SweepSetup& s = *c->setup;
    if (c->interactive)
        std::cerr << "geosim sweep: journal in " << c->journal->folder().string() << "/ (if interrupted: geosim sweep "
                  << c->file << " --resume " << c->out.string() << ")\n";
    Coordinator coordinator(*c, ranks);
    std::uint64_t blocks_done = 0;
    const SweepStats stats = coordinator.run(blocks_done);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - c->start).count();
    write_sweep_outputs(s, c->out, stats, [&](std::ostream& out) { c->journal->copy_rows(out, s.blocks()); },
                        {c->threads, blocks_done > 0, wall, command_text("sweep", argv)});
    fs::remove_all(c->journal->folder());
    const BlockCosts& k = coordinator.costs();
    char detail[256] = "";
    if (k.merged > 0) {
        int n = 0;
        if (k.received > 0)
            n = std::snprintf(detail, sizeof detail, "rank 0 per block: %.1f MB received and decoded in %.3f s, ",
                              k.bytes / static_cast<double>(k.received) / 1e6,
                              k.receive_seconds / static_cast<double>(k.received));
        else
            n = std::snprintf(detail, sizeof detail, "rank 0 per block: ");
        std::snprintf(detail + n, sizeof detail - static_cast<std::size_t>(n),
                      "merged and journaled in %.3f s (%s of %s)\n", k.merge_seconds / static_cast<double>(k.merged),
                      count_of(static_cast<long long>(k.merged), "block").c_str(),
                      count_of(static_cast<long long>(s.block), "run").c_str());
    }
    return report_sweep(s, stats, c->out, c->quiet, wall, s.runs() - s.first_run(blocks_done),
                        count_of(ranks, "rank") + " x " + count_of(c->threads, "thread"), detail);
}

}  // namespace geosim::cli
