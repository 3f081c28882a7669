#pragma once
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace geosim::cli {

// A few threads that run short tasks in the order they came, with a bounded queue: `geosim
// serve` hands them the work that reads or compiles scenarios (listing the library, the YAML of
// an edited scenario), so that its I/O thread only parses requests and writes answers.
class TaskPool {
public:
    TaskPool(std::size_t threads, std::size_t max_waiting) : max_waiting_(max_waiting) {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
    }
    ~TaskPool() { stop(); }
    TaskPool(const TaskPool&) = delete;
    TaskPool& operator=(const TaskPool&) = delete;

    // Queues `task`; false (and `task` is not run) when `max_waiting` tasks are already waiting
    // for a thread or the pool has stopped.
    bool submit(std::function<void()> task) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || waiting_.size() >= max_waiting_) return false;
            waiting_.push_back(std::move(task));
        }
        wake_.notify_one();
        return true;
    }

    // Runs the tasks already queued, then joins the threads. Later submits are refused.
    void stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (std::thread& t : threads_)
            if (t.joinable()) t.join();
    }

private:
    void work() {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(mutex_);
                wake_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
                if (waiting_.empty()) return;
                task = std::move(waiting_.front());
                waiting_.pop_front();
            }
            task();
        }
    }

    std::size_t max_waiting_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> waiting_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace geosim::cli
