#pragma once
#include <string>
#include <utility>
#include <vector>

#include "engine/core/params.hpp"
#include "engine/core/rng.hpp"
#include "engine/core/shocks.hpp"

namespace geosim {

struct World;
struct State;
struct Event;

// The shocks of one run: their drawn values, which are active, and when each fired.
// The arguments of the world's shocks that are drawn from distributions, in the order of
// ShockRun::drawn, with its names: ("shock.argument", the distribution as written, e.g.
// "uniform(0.1, 0.5)").
std::vector<std::pair<std::string, std::string>> drawn_arguments(const World& world);

class ShockRun {
public:
    // Draws every shock's values from the run's streams (purpose "draw:<shock>.<argument>").
    ShockRun(const World& world, const Streams& streams);

    // The quarter `now.step + 1` begins: fires the shocks due (reading `now`), applies their
    // impulses to `now`, ends those whose time is up, rebuilds every lever of `now` and the
    // parameters from the start values plus the active shocks' effects, and appends one event
    // per firing or ending to `events`. From the second call on, `now` must be the state the
    // previous call left, as the mechanisms stepped it (levers unchanged).
    void begin_quarter(const World& world, State& now, Params& params, std::vector<Event>& events);

    // This run's shocks as they stand, continuing with `future`'s streams: the status of every
    // shock and the values of those that have fired are kept; the others draw from `future`.
    ShockRun fork(const World& world, const Streams& future) const;

    // Whether any shock can change a model parameter (then the runner needs its own parameters).
    bool touches_parameters() const { return touches_parameters_; }

    // The values drawn from distributions, as ("shock.argument", value), for the manifest; a
    // name that repeats within the list gets "_2", "_3", ... appended.
    std::vector<std::pair<std::string, double>> drawn(const World& world) const;
    // The same values without their names, in the same order (a sweep's runs.csv columns).
    std::vector<double> drawn_values(const World& world) const;

private:
    // Moments are counted in quarters since the start: step + the share of it passed.
    struct Status {
        bool active = false;
        double begin_at = 0;   // the last firing's window: from its day
        double end_at = 0;     // to the first moment without it (infinity: to the end of the run)
        double carried = 0;    // the share of the last firing's quarter that the window before it
                               // held, before its day (a repeat while the shock is active)
        int outcome = -1;      // drawn outcome of the last firing
        int carried_outcome = -1;  // the outcome that holds the carried days (the firing's before)
        std::vector<int> firings;  // steps it fired at
        bool rearm = false;    // lifted while its condition held: waits for the condition to fail
        bool lifted = false;   // ended by a reward's lift, which its event told
    };
    bool due(const World& world, int k, int step, const State& now) const;
    void fire(const World& world, int k, int step, std::vector<Event>& events);
    // The value an effect of shock k applies: its slot's draw, times its scale slot's if any.
    double value_of(int k, const Effect& f) const;
    // The share of quarter `step` that lasting effect f of active shock k holds: 1 or 0 but in a
    // quarter that a date (`at:`, `until:`, a lift) or a duration from a date cuts. The carried
    // days: those of a repeat's quarter before its day that the firing before it held, as far as
    // f's own window from that firing reaches them.
    enum class Part { Whole, Own, Carried };  // Own: without the carried days; Carried: them only
    double share(int k, const Effect& f, int step, Part part) const;
    // The same days as moments: the carried ones [step, step + carried) and the window's own
    // [from, to) (empty when to <= from). share() is carried + (to - from), as it sums them.
    struct Days {
        double carried = 0, from = 0, to = 0;
    };
    Days days(int k, const Effect& f, int step, Part part) const;

    Streams streams_;  // two words: kept by value
    ShockDraws draws_;
    std::vector<Status> status_;
    std::vector<int> order_;  // evaluation order: a shock after the one it follows
    std::vector<double> elapsed_;  // per shock, the share of a firing's quarter before its day:
                                   // its `at:` date's, or for a follower its leader's
    bool touches_parameters_ = false;
    // The levers (bits of Lever) that the last begin_quarter set: the others are all zeros in the
    // state it left, since no mechanism writes a lever. All of them before the first quarter.
    unsigned set_last_ = ~0u;
};

}  // namespace geosim
