#include "outputs/report_runs.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "outputs/csv_reader.hpp"

namespace geosim::report {

namespace fs = std::filesystem;

namespace {

// At most this many events go into the page (a long run's incidents can number thousands).
constexpr std::size_t kMaxEvents = 3000;

std::string xml_text(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out += s[i];
            continue;
        }
        static const std::pair<std::string_view, char> entities[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
        bool done = false;
        for (const auto& [name, c] : entities)
            if (s.substr(i, name.size()) == name) {
                out += c;
                i += name.size() - 1;
                done = true;
                break;
            }
        if (!done) out += '&';
    }
    return out;
}

// The value of attribute `name` in the tag text `tag`.
std::string attribute(std::string_view tag, std::string_view name) {
    std::string needle = " ";
    needle.append(name).append("=\"");
    const std::size_t at = tag.find(needle);
    if (at == std::string_view::npos) return "";
    const std::size_t from = at + needle.size();
    return xml_text(tag.substr(from, tag.find('"', from) - from));
}

// {date, nodes: [{id, name, kind, gdp, alignment}], edges: [{source, target, level}]} of a
// ties-<date>.graphml file as outputs/graphml.cpp writes it.
void write_ties(ReportJson& j, const fs::path& file) {
    const std::string text = read_file(file);
    std::string date = file.stem().string();
    date = date.substr(date.find('-') + 1);
    j.open('{').key("date").str(date);
    ReportJson n, e;
    n.open('[');
    e.open('[');
    std::size_t at = 0;
    while ((at = text.find('<', at)) != std::string::npos) {
        const std::size_t tag_end = text.find('>', at);
        if (tag_end == std::string::npos) break;
        const std::string_view tag(text.data() + at, tag_end - at);
        const bool node = tag.starts_with("<node ");
        const bool edge = tag.starts_with("<edge ");
        if (node || edge) {
            const std::size_t close = text.find(node ? "</node>" : "</edge>", tag_end);
            if (close == std::string::npos) fail(file, "unterminated element");
            const std::string_view body(text.data() + tag_end, close - tag_end);
            std::map<std::string, std::string> data;
            std::size_t d = 0;
            while ((d = body.find("<data key=\"", d)) != std::string_view::npos) {
                const std::size_t key_end = body.find('"', d + 11);
                const std::size_t value_end = body.find("</data>", key_end);
                if (key_end == std::string_view::npos || value_end == std::string_view::npos) break;
                data[std::string(body.substr(d + 11, key_end - d - 11))] =
                    xml_text(body.substr(key_end + 2, value_end - key_end - 2));
                d = value_end;
            }
            if (node) {
                n.open('{').key("id").str(attribute(tag, "id")).key("name").str(data["name"]);
                n.key("kind").str(data["kind"]).key("gdp").raw(json_number(data["gdp"]));
                n.key("alignment").raw(json_number(data["alignment"])).close('}');
            } else {
                e.open('{').key("source").str(attribute(tag, "source")).key("target").str(attribute(tag, "target"));
                e.key("level").raw(json_number(data["level"])).close('}');
            }
            at = close;
        } else {
            at = tag_end;
        }
    }
    n.close(']');
    e.close(']');
    j.key("nodes").raw(n.take()).key("edges").raw(e.take()).close('}');
}

}  // namespace

void write_run_files(ReportJson& j, const fs::path& dir, std::vector<std::string>& shocks) {
    std::vector<fs::path> graphs;
    if (fs::is_directory(dir))
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string name = entry.path().filename().string();
            if (name.starts_with("ties-") && name.ends_with(".graphml")) graphs.push_back(entry.path());
        }
    std::sort(graphs.begin(), graphs.end());
    j.key("ties");
    if (graphs.empty()) {
        j.raw("null");
    } else {
        j.open('{').key("start");
        write_ties(j, graphs.front());
        j.key("end");
        write_ties(j, graphs.back());
        j.close('}');
    }

    const fs::path events = dir / "events.csv";
    const std::optional<JsonFile> manifest =
        fs::is_regular_file(dir / "manifest.json") ? std::optional(read_manifest(dir / "manifest.json")) : std::nullopt;
    j.key("events");
    if (!fs::is_regular_file(events)) {
        j.raw("null");
        return;
    }
    const std::vector<std::string> names = {"step", "date", "kind", "agent", "partner", "detail"};
    std::vector<int> cols;
    std::size_t width = 0;
    std::size_t total = 0;
    ReportJson rows;
    rows.open('[');
    read_csv(
        events,
        [&](const std::vector<std::string>& h, std::size_t) {
            for (const auto& c : names) {
                cols.push_back(column_of(h, c));
                if (cols.back() < 0) fail(events, "not a geosim events table: its header lacks " + c);
            }
            width = h.size();
        },
        [&](const std::vector<std::string>& f, std::size_t line) {
            require_fields(events, line, f, width);
            if (f[cols[2]] == "shock") shocks.push_back(f[cols[5]]);
            if (++total > kMaxEvents) return;
            rows.open('[');
            rows.raw(json_number(f[cols[0]]));
            for (std::size_t c = 1; c < cols.size(); ++c) rows.str(f[cols[c]]);
            rows.close(']');
        });
    rows.close(']');
    j.open('{').key("run").raw(json_number(manifest ? manifest_value(*manifest, "run_id") : ""));
    j.key("total").num(static_cast<double>(total)).key("rows").raw(rows.take()).close('}');
}

}  // namespace geosim::report
