#pragma once
#include <cstdint>
#include <map>
#include <ostream>
#include <string>

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

}  // namespace geosim::cli
