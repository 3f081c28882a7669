#pragma once
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "engine/run/runner.hpp"
#include "engine/run/scenario.hpp"

namespace geosim::cli {

// The few numbers `geosim run` prints when it finishes: the first bloc's alignment, GDP and
// trade shares with the poles at the start and the end, incidents at sea and events by kind.
class Headline : public Observer {
public:
    void observe(const World& world, const State& state) override;
    void print(std::ostream& out, const World& world, const ScenarioSpec& spec,
               const RunPlan& plan) const;

private:
    struct Snapshot {
        double alignment = 0, gdp = 0, share_east = 0, share_west = 0;
    };
    Snapshot first_, last_;
    int incidents_ = 0;
    int top_rung_ = 0;
    std::map<std::string, int> events_;
};

// A note for each shock dated to first fire after the scenario's last quarter, which never fires:
// "note: shock 'late' is dated 2030Q1, after the last quarter 2027Q1: it never fires". Such a
// file is valid (shortening a horizon should not break it), but the shock does nothing.
std::vector<std::string> idle_shock_notes(const World& world);

}  // namespace geosim::cli
