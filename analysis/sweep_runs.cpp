#include "analysis/sweep_runs.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>
#include <string_view>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "analysis/paired_runs.hpp"
#include "analysis/sweep_design.hpp"
#include "analysis/task_order.hpp"
#include "engine/core/date.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/indicators.hpp"
#include "engine/shocks/shock_run.hpp"

namespace geosim {

namespace {

// Collects a run's values and shock firings; a recorded value that is not finite stops the
// run, since it would poison every aggregate it entered.
class SweepRecorder : public Observer {
public:
    SweepRecorder(const std::vector<RowKey>& keys, const SweepRecording& recording, SweepRunResult& out)
        : keys_(keys), recording_(recording), out_(out) {}

    void observe(const World& world, const State& state) override {
        for (const Event& e : state.events)
            if (e.kind == "shock") out_.shocks.emplace_back(e.detail.substr(0, e.detail.find(':')), state.step);
        const std::size_t first = out_.values.size();
        emit_values(world, state, recording_.indicators, out_.values);
        for (std::size_t k = first; k < out_.values.size(); ++k)
            if (!std::isfinite(out_.values[k]))
                fail(keys_[recording_.rows[(k - first) % recording_.rows.size()]], out_.values[k], state.step);
        if (state.step != world.horizon || recording_.outcomes.empty()) return;
        // The outcomes may name rows that are not summarised: the last step is recorded whole.
        // Only the indicators the outcomes are rows of (sweep_recording placed them among their rows).
        last_.clear();
        emit_values(world, state, recording_.outcome_indicators, last_);
        for (std::size_t o = 0; o < recording_.outcomes.size(); ++o) {
            const double value = last_[recording_.outcome_at[o]];
            if (!std::isfinite(value)) fail(keys_[recording_.outcomes[o]], value, state.step);
            out_.outcomes.push_back(value);
        }
    }

private:
    // A NaN's sign bit means nothing, so it is not printed ("nan", never "-nan").
    [[noreturn]] static void fail(const RowKey& key, double value, int step) {
        throw std::runtime_error("value " + (std::isnan(value) ? std::string("nan") : std::to_string(value)) + " of " +
                                 row_label(key) + " at step " + std::to_string(step));
    }

    const std::vector<RowKey>& keys_;
    const SweepRecording& recording_;
    SweepRunResult& out_;
    std::vector<double> last_;
};

}  // namespace

SweepRecording sweep_recording(const std::vector<RowKey>& keys,
                               const std::optional<std::vector<std::string>>& summary,
                               const std::vector<SweepOutcome>& outcomes) {
    const auto& defs = indicator_defs();
    SweepRecording r;
    r.indicators.assign(defs.size(), false);
    for (std::size_t d = 0; d < defs.size(); ++d)
        r.indicators[d] = summary ? std::find(summary->begin(), summary->end(), defs[d].name) != summary->end()
                                  : summarised_by_default(defs[d]);
    for (std::size_t k = 0; k < keys.size(); ++k)
        for (std::size_t d = 0; d < defs.size(); ++d)
            if (r.indicators[d] && keys[k].indicator == defs[d].name) r.rows.push_back(k);
    for (const SweepOutcome& o : outcomes) r.outcomes.push_back(o.key);
    // The last step records only the indicators the outcomes are rows of; an outcome's place
    // among their rows is the number of their rows before it in row_keys order.
    r.outcome_indicators.assign(defs.size(), false);
    std::vector<std::size_t> def_of(keys.size(), defs.size());
    for (std::size_t k = 0; k < keys.size(); ++k)
        for (std::size_t d = 0; d < defs.size(); ++d)
            if (keys[k].indicator == defs[d].name) def_of[k] = d;
    for (const std::size_t key : r.outcomes)
        if (def_of[key] < defs.size()) r.outcome_indicators[def_of[key]] = true;
    std::vector<std::size_t> place(keys.size(), 0);
    for (std::size_t k = 0, at = 0; k < keys.size(); ++k) {
        place[k] = at;
        if (def_of[k] < defs.size() && r.outcome_indicators[def_of[k]]) ++at;
    }
    for (const std::size_t key : r.outcomes) r.outcome_at.push_back(place[key]);
    return r;
}

void run_sweep(const World& world, const std::vector<RowKey>& keys, const SweepRecording& recording,
               const SweepDesign& design, std::uint64_t first, std::uint64_t last, int threads,
               const std::function<void(const SweepRunResult&)>& fold, const std::atomic<bool>* stop) {
    tbb::task_arena arena(threads > 0 ? threads : tbb::task_arena::automatic);
    // As in compare_worlds: two runs in flight per thread, buffers reused by slot run % tokens,
    // runs issued and folded by serial in-order stages.
    const std::size_t tokens = 2 * static_cast<std::size_t>(arena.max_concurrency());
    std::vector<SweepRunResult> slots(tokens);
    TaskOrder order;  // for ThreadSanitizer only (analysis/task_order.hpp)
    arena.execute([&] {
        std::uint64_t next = first;
        order.release();
        tbb::parallel_pipeline(
            tokens,
            tbb::make_filter<void, SweepRunResult*>(
                tbb::filter_mode::serial_in_order,
                [&](tbb::flow_control& control) -> SweepRunResult* {
                    const TaskOrder::Step step(order);
                    if (next >= last || (stop && stop->load())) {
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
                        const TaskOrder::Step step(order);
                        r->values.clear();
                        r->outcomes.clear();
                        r->shocks.clear();
                        r->error.clear();
                        // Drawn from the run's own streams before it starts, as the run draws
                        // them, so they are known also for a run that fails.
                        r->draws = ShockRun(world, Streams(r->plan.seed, streams_run_of(r->plan))).drawn_values(world);
                        try {
                            SweepRecorder recorder(keys, recording, *r);
                            run(world, r->plan, recorder);
                        } catch (const std::exception& e) {
                            r->error = e.what();
                            if (r->error.empty()) r->error = "unknown error";
                        }
                        return r;
                    }) &
                tbb::make_filter<SweepRunResult*, void>(tbb::filter_mode::serial_in_order,
                                                        [&](SweepRunResult* r) {
                                                            const TaskOrder::Step step(order);
                                                            fold(*r);
                                                        }));
    });
    order.acquire();
}

}  // namespace geosim
