#include "outputs/graphml.hpp"

#include <string_view>

#include "engine/core/state.hpp"
#include "engine/core/world.hpp"
#include "outputs/csv.hpp"

namespace geosim {

namespace {

// Escapes text for XML content and double-quoted attributes. XML 1.0 forbids control
// characters other than tab, LF and CR even as references, so those become U+FFFD.
void write_escaped(std::ostream& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '&': out << "&amp;"; break;
            case '<': out << "&lt;"; break;
            case '>': out << "&gt;"; break;
            case '"': out << "&quot;"; break;
            case '\'': out << "&apos;"; break;
            case '\t': case '\n': case '\r': out.put(c); break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) out << "\xEF\xBF\xBD";
                else out.put(c);
        }
    }
}

void write_data(std::ostream& out, std::string_view key, std::string_view value) {
    out << "      <data key=\"" << key << "\">";
    write_escaped(out, value);
    out << "</data>\n";
}

void write_edge(std::ostream& out, std::string_view source, std::string_view target, int level) {
    out << "    <edge source=\"";
    write_escaped(out, source);
    out << "\" target=\"";
    write_escaped(out, target);
    out << "\">\n";
    write_data(out, "level", std::to_string(level));
    out << "    </edge>\n";
}

void write_node_start(std::ostream& out, std::string_view id) {
    out << "    <node id=\"";
    write_escaped(out, id);
    out << "\">\n";
}

}  // namespace

void write_ties_graphml(std::ostream& out, const World& world, const State& state) {
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
           // Each attribute says what it is and its unit (GraphML's <desc>), as indicators.csv does.
           "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"><desc>full name</desc></key>\n"
           "  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"><desc>agent or bloc</desc></key>\n"
           "  <key id=\"strategic\" for=\"node\" attr.name=\"strategic\" attr.type=\"boolean\"><desc>true: takes security "
           "decisions; false: a passive economy (trades only)</desc></key>\n"
           "  <key id=\"gdp\" for=\"node\" attr.name=\"gdp\" attr.type=\"double\"><desc>GDP at an annual rate, "
           "USD bn a year (agents only)</desc></key>\n"
           "  <key id=\"alignment\" for=\"node\" attr.name=\"alignment\" attr.type=\"double\"><desc>position "
           "between China (-1) and the US (+1), in [-1, 1] (agents only)</desc></key>\n"
           "  <key id=\"level\" for=\"edge\" attr.name=\"level\" attr.type=\"int\"><desc>security tie, 0-5: 0 "
           "none, 1 dialogue partner, 2 comprehensive partnership, 3 strategic partnership, 4 comprehensive "
           "strategic partnership, 5 treaty alliance</desc></key>\n"
           "  <graph id=\"ties\" edgedefault=\"undirected\">\n";
    const int n = world.n();
    for (int i = 0; i < n; ++i) {
        const Agent& a = world.agents[i];
        write_node_start(out, a.id);
        write_data(out, "name", a.name);
        write_data(out, "kind", "agent");
        write_data(out, "strategic", a.strategic ? "true" : "false");
        write_data(out, "gdp", format_number(state.gdp[i]));
        write_data(out, "alignment", format_number(state.alignment[i]));
        out << "    </node>\n";
    }
    for (const Bloc& b : world.blocs) {
        write_node_start(out, b.id);
        write_data(out, "name", b.name);
        write_data(out, "kind", "bloc");
        out << "    </node>\n";
    }
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            if (state.ties(i, j) >= 1)
                write_edge(out, world.agents[i].id, world.agents[j].id, state.ties(i, j));
    for (int b = 0; b < static_cast<int>(world.blocs.size()); ++b)
        for (int p = 0; p < n; ++p)
            if (state.bloc_ties(b, p) >= 1)
                write_edge(out, world.blocs[b].id, world.agents[p].id, state.bloc_ties(b, p));
    out << "  </graph>\n"
           "</graphml>\n";
}

}  // namespace geosim
