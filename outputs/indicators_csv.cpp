#include "outputs/indicators_csv.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

#include "outputs/csv.hpp"

namespace geosim {

std::string_view scope_name(IndicatorScope scope) {
    switch (scope) {
        case IndicatorScope::Agent: return "agent";
        case IndicatorScope::Pair: return "pair";
        case IndicatorScope::Bloc: return "bloc";
        case IndicatorScope::BlocPair: return "bloc_partner";
        case IndicatorScope::Zone: return "zone";
        case IndicatorScope::AgentSector: return "agent_sector";
        case IndicatorScope::PairSector: return "pair_sector";
        case IndicatorScope::BlocPairSector: return "bloc_partner_sector";
    }
    return "";
}

void write_indicators_csv(std::ostream& out) {
    CsvWriter csv(out);
    csv.text("indicator").text("unit").text("per").text("meaning");
    csv.end_row();
    for (const IndicatorDef& d : indicator_defs()) {
        csv.text(d.name).text(d.unit).text(scope_name(d.scope)).text(d.meaning);
        csv.end_row();
    }
}

void write_indicators_csv(const std::filesystem::path& file) {
    std::ofstream out(file);
    write_indicators_csv(out);
    out.close();
    if (!out) throw std::runtime_error("cannot write '" + file.string() + "'");
}

}  // namespace geosim
