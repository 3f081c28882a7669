#pragma once

// Shows ThreadSanitizer the order oneTBB puts between the tasks of one parallel algorithm.
//
// Debian's libtbb is not built with -fsanitize=thread, so ThreadSanitizer does not see the
// atomics by which oneTBB hands a pipeline's token from one stage to the next, runs a serial
// stage one call at a time, or lets the thread that started the work go on once it has ended.
// Every value one task writes and another reads then looks like a race. Suppressing those
// reports would hide real races in the tasks, and is slow besides: ThreadSanitizer looks each
// new racy address up, one by one, in the list of those it has met, before it checks the
// suppressions. compare's fold alone read over a million such addresses at 4 runs of the
// baseline (PairedStats' rows and two runs' values), and the lookups grew with their square
// (docs/testing.md, "ThreadSanitizer").
//
// A TaskOrder repeats the order where ThreadSanitizer sees it: each task starts with
// `acquire()` (a Step does that) and ends with `release()`, and the thread that runs the
// algorithm releases before and acquires after. It is coarser than oneTBB's own order: a task
// is taken to follow every task that ended before it started, whichever token or stage that
// was. Tasks that overlap in time remain unordered, so a race between them is still reported.
// A task reads its own captures before its Step acquires, so hand oneTBB bodies it copies
// (make_filter, a parallel_for over a range), not references to a lambda on the caller's stack.
//
// Without ThreadSanitizer the functions are empty and results do not change.

#if defined(__SANITIZE_THREAD__)
#define GEOSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GEOSIM_TSAN 1
#endif
#endif

#ifdef GEOSIM_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace geosim {

class TaskOrder {
public:
    // What this thread has done so far happens before whatever follows a later acquire().
    void release() {
#ifdef GEOSIM_TSAN
        __tsan_release(this);
#endif
    }
    // What follows happens after whatever preceded every earlier release().
    void acquire() {
#ifdef GEOSIM_TSAN
        __tsan_acquire(this);
#endif
    }

    // One task: acquires when made, releases when it goes out of scope (after the task's
    // return value has been made).
    class Step {
    public:
        explicit Step(TaskOrder& order) : order_(order) { order_.acquire(); }
        ~Step() { order_.release(); }
        Step(const Step&) = delete;
        Step& operator=(const Step&) = delete;

    private:
        TaskOrder& order_;
    };

private:
    // Never read: the object's address is what ThreadSanitizer synchronises on.
    [[maybe_unused]] char tag_ = 0;
};

}  // namespace geosim
