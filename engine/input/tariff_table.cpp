#include "engine/input/tariff_table.hpp"

#include <optional>
#include <string>

namespace geosim {

namespace {

// The groups a row names under `sectors` (every group when it names none).
std::vector<int> row_groups(const InputNode& row, const World& w) {
    std::vector<int> out;
    const std::optional<InputNode> sec = row.get("sectors");
    if (!sec) {
        for (int s = 0; s < w.sector_count(); ++s) out.push_back(s);
        return out;
    }
    std::vector<std::string> ids;
    for (const Sector& s : w.sectors) ids.push_back(s.id);
    auto one = [&](const InputNode& e) {
        const std::string id = e.as_string();
        const int k = w.sector_index(id);
        if (k < 0) e.fail("unknown sector '" + id + "'" + did_you_mean(id, ids));
        for (int have : out)
            if (have == k) e.fail("sector '" + id + "' is named twice");
        out.push_back(k);
    };
    if (sec->is_sequence()) {
        for (const InputNode& e : sec->elements()) one(e);
        if (out.empty()) sec->fail("the list of sectors is empty (omit it to cover every group)");
    } else {
        one(*sec);
    }
    return out;
}

}  // namespace

std::vector<Matrix> load_tariffs(const InputNode* section, const World& w, const Names& names) {
    if (!section) return {};
    const int n = w.n();
    const int groups = w.sector_count();
    section->allow_keys({"unit", "year", "source", "mfn", "preferences"});
    section->at("unit").as_string();
    section->at("year").as_int(1990, 2100);
    source_of(*section);

    // MFN: rows of all goods first, then rows of named groups over them; the same importer and
    // group twice at the same level is an error.
    std::vector<double> mfn(static_cast<std::size_t>(groups) * n, -1.0);  // [s * n + j]
    std::vector<std::optional<Location>> whole(n), part(static_cast<std::size_t>(groups) * n);
    const InputNode rows = section->at("mfn");
    for (int pass = 0; pass < 2; ++pass) {
        for (const InputNode& e : rows.elements()) {
            if (!e.is_map()) e.fail("expected {importer, value, source} (and optionally sectors)");
            e.allow_keys({"importer", "sectors", "value", "source"});
            const bool by_group = e.has("sectors");
            if (by_group != (pass == 1)) continue;
            const int j = names.agent(e.at("importer"));
            source_of(e);
            const double rate = e.at("value").as_number(0, 5);
            for (int s : row_groups(e, w)) {
                std::optional<Location>& first = by_group ? part[static_cast<std::size_t>(s) * n + j] : whole[j];
                if (first && (by_group || s == 0))
                    e.fail("the MFN rate of " + w.agents[j].id + (by_group ? " on " + w.sectors[s].id : "") +
                           " is already given at " + format_location(*first));
                if (by_group || s == 0) first = e.location();
                mfn[static_cast<std::size_t>(s) * n + j] = rate;
            }
        }
    }
    for (int j = 0; j < n; ++j)
        for (int s = 0; s < groups; ++s)
            if (mfn[static_cast<std::size_t>(s) * n + j] < 0)
                rows.fail("no MFN rate for importer " + w.agents[j].id +
                          (whole[j] ? " on " + w.sectors[s].id : "") + " (every importer needs one)");

    std::vector<Matrix> out(groups, Matrix(n));
    for (int s = 0; s < groups; ++s)
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i)
                if (i != j) out[s](j, i) = mfn[static_cast<std::size_t>(s) * n + j];

    if (auto prefs = section->get("preferences")) {
        for (const InputNode& e : prefs->elements()) {
            if (!e.is_map()) e.fail("expected {importers, exporters, rate or share_of_mfn, source}");
            e.allow_keys({"importers", "exporters", "sectors", "rate", "share_of_mfn", "source"});
            source_of(e);
            const bool has_rate = e.has("rate"), has_share = e.has("share_of_mfn");
            if (has_rate == has_share) e.fail("give exactly one of 'rate' and 'share_of_mfn'");
            const double v = e.at(has_rate ? "rate" : "share_of_mfn").as_number(0, has_rate ? 5 : 1);
            const std::vector<int> importers = names.agents(e.at("importers"));
            const std::vector<int> exporters = names.agents(e.at("exporters"));
            const std::vector<int> gs = row_groups(e, w);
            bool any = false;
            for (int j : importers)
                for (int i : exporters) {
                    if (i == j) continue;
                    any = true;
                    for (int s : gs) out[s](j, i) = has_rate ? v : v * mfn[static_cast<std::size_t>(s) * n + j];
                }
            if (!any) e.fail("the row covers no pair of different economies");
        }
    }
    return out;
}

}  // namespace geosim
