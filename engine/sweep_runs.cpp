#include "engine/sweep_runs.hpp"

#include <cmath>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "engine/date.hpp"
#include "engine/indicators.hpp"
#include "engine/paired_runs.hpp"
#include "engine/state.hpp"
#include "engine/sweep_design.hpp"
#include "engine/world.hpp"

namespace geosim {

namespace {

// Collects a run's values and shock firings; a value that is not finite stops the run, since
// it would poison every aggregate it entered.
class SweepRecorder : public Observer {
public:
    SweepRecorder(const std::vector<RowKey>& keys, SweepRunResult& out) : keys_(keys), out_(out) {}

    void observe(const World& world, const State& state) override {
        for (const Event& e : state.events)
            if (e.kind == "shock") out_.shocks.emplace_back(e.detail.substr(0, e.detail.find(':')), state.step);
        const std::size_t first = out_.values.size();
        emit_indicators(world, state, [&](std::string_view, std::string_view, std::string_view,
                                          double value) { out_.values.push_back(value); });
        for (std::size_t k = first; k < out_.values.size(); ++k)
            if (!std::isfinite(out_.values[k])) {
                const RowKey& key = keys_[(k - first) % keys_.size()];
                throw std::runtime_error("value " + std::to_string(out_.values[k]) + " of " +
                                         key.indicator + "(" + key.agent +
                                         (key.partner.empty() ? "" : ", " + key.partner) +
                                         ") at step " + std::to_string(state.step));
            }
    }

private:
    const std::vector<RowKey>& keys_;
    SweepRunResult& out_;
};

}  // namespace

void run_sweep(const World& world, const std::vector<RowKey>& keys, const SweepDesign& design,
               std::uint64_t first, std::uint64_t last, int threads, const std::function<void(const SweepRunResult&)>& fold) {
    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    // As in compare_worlds: two runs in flight per thread, buffers reused by slot run % tokens,
    // runs issued and folded by serial in-order stages.
    const std::size_t tokens = 2 * static_cast<std::size_t>(arena.max_concurrency());
    std::vector<SweepRunResult> slots(tokens);
    arena.execute([&] {
        std::uint64_t next = first;
        tbb::parallel_pipeline(
            tokens,
            tbb::make_filter<void, SweepRunResult*>(
                tbb::filter_mode::serial_in_order,
                [&](tbb::flow_control& control) -> SweepRunResult* {
                    if (next >= last) {
                        control.stop();
                        return nullptr;
                    }
                    SweepRunResult* slot = &slots[next % tokens];
                    slot->plan = design.plan(next++);
                    return slot;
                }) &
                tbb::make_filter<SweepRunResult*, SweepRunResult*>(
                    tbb::filter_mode::parallel,
                    [&](SweepRunResult* r) {
                        r->values.clear();
                        r->shocks.clear();
                        r->error.clear();
                        try {
                            SweepRecorder recorder(keys, *r);
                            run(world, r->plan, recorder);
                        } catch (const std::exception& e) {
                            r->error = e.what();
                            if (r->error.empty()) r->error = "unknown error";
                        }
                        return r;
                    }) &
                tbb::make_filter<SweepRunResult*, void>(tbb::filter_mode::serial_in_order,
                                                        [&](SweepRunResult* r) { fold(*r); }));
    });
}

}  // namespace geosim
