#include "outputs/report.hpp"

#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

#include "engine/core/error.hpp"
#include "outputs/report_data.hpp"
#include "outputs/web_assets.hpp"

namespace geosim {

namespace fs = std::filesystem;

namespace {

std::string_view asset(std::string_view name) {
    const auto a = web_asset(name);
    if (!a) throw std::logic_error("web asset '" + std::string(name) + "' is not built in");
    return a->bytes;
}

// An asset as the content of an HTML <script> or <style> element: the text that would end the
// element early, "</script" or "</style" in any case, gets a backslash after "<", which means
// the same in JavaScript strings, regular expressions and comments, and in CSS strings (where
// alone it can occur). The assets hold none today; this keeps a future version from breaking
// the page.
std::string element_text(std::string_view text) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    auto ends_element = [&](std::size_t i) {
        for (std::string_view tag : {"</script", "</style"}) {
            if (i + tag.size() > text.size()) continue;
            bool same = true;
            for (std::size_t k = 0; k < tag.size() && same; ++k) same = lower(text[i + k]) == tag[k];
            if (same) return true;
        }
        return false;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '<' && ends_element(i)) out += '\\';
    }
    return out;
}

}  // namespace

std::string report_html(std::string_view data_json) {
    std::string html;
    html.reserve(data_json.size() + 1600000);
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"geosim " GEOSIM_VERSION "\">\n"
            "<title>geosim report</title>\n<style>\n";
    html += element_text(asset("report.css"));
    html += "</style>\n</head>\n<body>\n"
            "<noscript>This report draws its charts with JavaScript; please allow scripts for this file.</noscript>\n"
            "<main id=\"report\"></main>\n"
            "<script type=\"application/json\" id=\"geosim-data\">";
    // json_quote escapes '<' in every string, and numbers and punctuation hold none.
    html += data_json;
    html += "</script>\n<script type=\"application/json\" id=\"geosim-map\">";
    html += element_text(asset("region.geojson"));
    html += "</script>\n<script>\n";
    html += element_text(asset("echarts.min.js"));
    html += "\n</script>\n<script>\n";
    html += element_text(asset("charts.js"));
    html += "\n</script>\n<script>\n";
    html += element_text(asset("report.js"));
    html += "\n</script>\n</body>\n</html>\n";
    return html;
}

void write_report(const fs::path& dir) {
    const std::string html = report_html(report_data_json(dir));
    const fs::path final_path = dir / "report.html";
    const fs::path temp = dir / ("report.html.tmp-" + std::to_string(::getpid()));
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(html.data(), static_cast<std::streamsize>(html.size()));
        out.close();
        if (!out) {
            std::error_code ignored;
            fs::remove(temp, ignored);
            throw write_error(final_path.string());
        }
    }
    std::error_code error;
    fs::rename(temp, final_path, error);
    if (error) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw std::runtime_error("cannot write '" + final_path.string() + "': " + error.message());
    }
}

}  // namespace geosim
