#include "analysis/paired_runs.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "analysis/task_order.hpp"
#include "engine/core/error.hpp"
#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "engine/run/indicators.hpp"
#include "engine/run/initial_state.hpp"
#include "engine/run/runner.hpp"

namespace geosim {

namespace {

[[noreturn]] void different_worlds(const std::string& what) {
    throw InputError({}, "", "BASE and ALT use different worlds: " + what);
}

// The first position where two lists of named things (agents, blocs, zones) differ.
template <class T>
void same_ids(const std::vector<T>& base, const std::vector<T>& alt, const std::string& noun) {
    for (std::size_t k = 0; k < std::max(base.size(), alt.size()); ++k) {
        const std::string at = noun + " " + std::to_string(k + 1) + " is ";
        if (k >= base.size()) different_worlds(at + alt[k].id + " in ALT only");
        if (k >= alt.size()) different_worlds(at + base[k].id + " in BASE only");
        if (base[k].id != alt[k].id)
            different_worlds(at + base[k].id + " in BASE and " + alt[k].id + " in ALT");
    }
}

// RunFailed for the value of `key` at `step` that is not finite. A NaN's sign bit means
// nothing, so it is not printed ("nan", never "-nan").
[[noreturn]] void not_finite(const World& world, const RowKey& key, double value, int step) {
    throw RunFailed("value " + (std::isnan(value) ? std::string("nan") : std::to_string(value)) + " of " +
                    row_label(key) + " at step " + std::to_string(step) + " (" + format_quarter(world.start + step) + ")");
}

// Collects every indicator value of every state it is shown, stopping at one that is not finite.
class ValueRecorder : public Observer {
public:
    explicit ValueRecorder(std::vector<double>& values)
        : values_(values), every_(indicator_defs().size(), true) {}
    void observe(const World& world, const State& state) override {
        const std::size_t first = values_.size();
        emit_values(world, state, every_, values_);
        finite_.check(world, state.step, values_.data() + first, values_.size() - first);
    }

private:
    std::vector<double>& values_;
    std::vector<bool> every_;
    FiniteCheck finite_;
};

// One run id's values in both scenarios.
struct RunPair {
    std::uint64_t run = 0;
    std::vector<double> base;
    std::vector<double> alt;
    std::string failure;  // why a side's run failed ("" if neither did)
};

}  // namespace

std::string row_label(const RowKey& key) {
    std::string label = key.indicator + "(" + key.agent;
    if (!key.partner.empty()) label += ", " + key.partner;
    if (!key.sector.empty()) label += ", " + key.sector;
    return label + ")";
}

std::vector<RowKey> row_keys(const World& world) {
    std::vector<RowKey> keys;
    emit_indicators(world, initial_state(world),
                    [&](std::string_view indicator, std::string_view agent,
                        std::string_view partner, std::string_view sector, double) {
                        keys.push_back({std::string(indicator), std::string(agent), std::string(partner),
                                        std::string(sector)});
                    });
    return keys;
}

void check_comparable(const World& base, const World& alt) {
    same_ids(base.agents, alt.agents, "agent");
    same_ids(base.blocs, alt.blocs, "bloc");
    for (std::size_t b = 0; b < base.blocs.size(); ++b)
        if (base.blocs[b].members != alt.blocs[b].members)
            different_worlds("bloc " + base.blocs[b].id + " has other members in ALT");
    same_ids(base.zones, alt.zones, "zone");
    same_ids(base.sectors, alt.sectors, "goods group");
    for (std::size_t z = 0; z < base.zones.size(); ++z) {
        const Zone& a = base.zones[z];
        const Zone& b = alt.zones[z];
        if (a.claimant != b.claimant || a.rival != b.rival)
            different_worlds("zone " + a.id + " is disputed by " + base.agents[a.claimant].id +
                             " and " + base.agents[a.rival].id + " in BASE, by " +
                             alt.agents[b.claimant].id + " and " + alt.agents[b.rival].id + " in ALT");
    }
    if (base.start != alt.start || base.horizon != alt.horizon)
        throw InputError({}, "", "BASE and ALT cover different quarters: BASE runs " +
                                     std::to_string(base.horizon) + " quarters from " +
                                     format_quarter(base.start) + ", ALT " +
                                     std::to_string(alt.horizon) + " from " + format_quarter(alt.start));
    // The checks above cover what the indicators are indexed by; this one keeps them honest
    // should an indicator come to depend on something else.
    if (row_keys(base) != row_keys(alt)) different_worlds("they record different indicators");
}

void record_run(const World& world, const RunPlan& plan, std::vector<double>& values) {
    values.clear();
    ValueRecorder recorder(values);
    run(world, plan, recorder);
}

void FiniteCheck::check(const World& world, int step, const double* values, std::size_t count) {
    for (std::size_t k = 0; k < count; ++k)
        if (!std::isfinite(values[k])) {
            // The keys are needed only to name the value: found once, when one is not finite.
            if (keys_.empty()) keys_ = row_keys(world);
            not_finite(world, keys_[k], values[k], step);
        }
}

void FiniteCheck::observe(const World& world, const State& state) {
    if (every_.empty()) every_.assign(indicator_defs().size(), true);
    values_.clear();
    emit_values(world, state, every_, values_);
    check(world, state.step, values_.data(), values_.size());
}

Comparison compare_worlds(const World& base, const World& alt, const PairingSpec& spec) {
    if (spec.runs < 1) throw std::invalid_argument("compare_worlds: runs must be at least 1");
    check_comparable(base, alt);
    Comparison c;
    c.keys = row_keys(base);
    c.start = base.start;
    c.steps = base.horizon + 1;
    c.stats = PairedStats(c.keys.size() * static_cast<std::size_t>(c.steps));

    tbb::task_arena arena(spec.threads > 0 ? spec.threads : tbb::task_arena::automatic);
    // Two runs in flight per thread keep every thread busy while the fold waits for the
    // oldest run; the buffers are reused, slot run % tokens.
    const std::size_t tokens = 2 * static_cast<std::size_t>(arena.max_concurrency());
    std::vector<RunPair> slots(tokens);
    TaskOrder order;  // for ThreadSanitizer only (analysis/task_order.hpp)
    arena.execute([&] {
        std::uint64_t next = 0;
        order.release();
        // The first and last stages are serial and in order: runs start in id order and are
        // folded in id order, whichever thread computed them. Run r's slot is free again when
        // r is issued: at most `tokens` runs are in flight and they finish in order, so run
        // r - tokens has been folded.
        tbb::parallel_pipeline(
            tokens,
            tbb::make_filter<void, RunPair*>(
                tbb::filter_mode::serial_in_order,
                [&](tbb::flow_control& control) -> RunPair* {
                    const TaskOrder::Step step(order);
                    if (next == spec.runs) {
                        control.stop();
                        return nullptr;
                    }
                    RunPair* slot = &slots[next % tokens];
                    slot->run = next++;
                    return slot;
                }) &
                tbb::make_filter<RunPair*, RunPair*>(
                    tbb::filter_mode::parallel,
                    [&](RunPair* p) {
                        const TaskOrder::Step step(order);
                        // A failure is kept with its run and raised in the in-order stage, so that
                        // the run named is the lowest that failed whatever the threads' timing.
                        const auto side = [&](const World& w, std::vector<double>& values, const char* name) {
                            try {
                                record_run(w, RunPlan{.run_id = p->run, .seed = spec.seed}, values);
                            } catch (const RunFailed& e) {
                                p->failure = std::string(name) + " run " + std::to_string(p->run) + " (seed " +
                                             std::to_string(spec.seed) + ") failed: " + e.what();
                            }
                        };
                        p->failure.clear();
                        side(base, p->base, "BASE");
                        if (p->failure.empty()) side(alt, p->alt, "ALT");
                        return p;
                    }) &
                tbb::make_filter<RunPair*, void>(
                    tbb::filter_mode::serial_in_order,
                    [&](RunPair* p) {
                        const TaskOrder::Step step(order);
                        if (!p->failure.empty()) throw RunFailed(p->failure);
                        c.stats.add(p->base, p->alt);
                    }));
    });
    order.acquire();
    return c;
}

}  // namespace geosim
