#include "cli/headline.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "models/alignment.hpp"

namespace geosim::cli {

void Headline::observe(const World& w, const State& s) {
    Snapshot snap;
    if (!w.blocs.empty()) {
        const Bloc& b = w.blocs[0];
        snap.alignment = alignment::bloc_alignment(w, s, 0);
        double total = 0, east = 0, west = 0;
        for (int m : b.members) {
            snap.gdp += s.gdp[m];
            total += s.trade.row_sum(m) + s.trade.col_sum(m);
            east += s.trade(m, w.east) + s.trade(w.east, m);
            west += s.trade(m, w.west) + s.trade(w.west, m);
        }
        snap.share_east = total > 0 ? east / total : 0;
        snap.share_west = total > 0 ? west / total : 0;
    }
    if (s.step == 0) first_ = snap;
    last_ = snap;
    for (std::size_t k = 0; k < s.incidents.size(); ++k) {
        incidents_ += s.incidents[k];
        top_rung_ = std::max(top_rung_, s.max_rung[k]);
    }
    for (const Event& e : s.events) ++events_[e.kind];
}

void Headline::print(std::ostream& out, const World& w, const ScenarioSpec& spec,
                     const RunPlan& plan) const {
    char line[160];
    std::snprintf(line, sizeof line, "geosim run: %s, %s to %s (%d quarters), seed %llu, run %llu\n",
                  spec.name.c_str(), format_quarter(w.start).c_str(),
                  format_quarter(w.start + w.horizon).c_str(), w.horizon,
                  static_cast<unsigned long long>(plan.seed),
                  static_cast<unsigned long long>(plan.run_id));
    out << line;
    if (!w.blocs.empty()) {
        const std::string b = w.blocs[0].id;
        const std::string east = w.agents[w.east].id, west = w.agents[w.west].id;
        auto row = [&](const std::string& label, const char* fmt, double a, double z) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "  %-34s", label.c_str());
            out << buf;
            std::snprintf(buf, sizeof buf, fmt, a, z);
            out << buf << "\n";
        };
        row(b + " alignment (-1 " + east + ", +1 " + west + ")", "%+.3f -> %+.3f", first_.alignment, last_.alignment);
        row(b + " GDP (USD bn a year)", "%.0f -> %.0f", first_.gdp, last_.gdp);
        row(east + " share of " + b + " trade", "%.1f%% -> %.1f%%", 100 * first_.share_east, 100 * last_.share_east);
        row(west + " share of " + b + " trade", "%.1f%% -> %.1f%%", 100 * first_.share_west, 100 * last_.share_west);
    }
    std::snprintf(line, sizeof line, "  %-34s%d (highest rung %d)\n", "incidents at sea", incidents_, top_rung_);
    out << line;
    for (const auto& [kind, count] : events_) {
        std::snprintf(line, sizeof line, "  %-34s%d\n", ("events: " + kind).c_str(), count);
        out << line;
    }
}

std::vector<std::string> idle_shock_notes(const World& world) {
    std::vector<std::string> notes;
    for (const Shock& s : world.shocks)
        if (s.trigger.kind == Trigger::Kind::At && s.trigger.at > world.horizon)
            notes.push_back("note: shock '" + s.name + "' is dated " + format_quarter(world.start + s.trigger.at) +
                            ", after the last quarter " + format_quarter(world.start + world.horizon) +
                            ": it never fires");
    return notes;
}

}  // namespace geosim::cli
