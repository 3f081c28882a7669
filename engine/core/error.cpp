#include "engine/core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace geosim {

namespace {

std::string compose(const Location& where, const std::string& path, const std::string& message) {
    std::string out = format_location(where);
    if (!out.empty()) out += ": ";
    if (!path.empty()) out += path + ": ";
    return out + message;
}

// Edits needed to turn a into b: insertions, deletions, substitutions and swaps of two
// neighbouring letters each count one (so "gpd" is one edit from "gdp").
std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                                d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

}  // namespace

InputError::InputError(Location where, std::string path, std::string message)
    : std::runtime_error(compose(where, path, message)),
      where_(std::move(where)),
      path_(std::move(path)),
      message_(std::move(message)) {}

IoError write_error(const std::string& file) {
    const int error = errno;
    return IoError("cannot write '" + file + "': " + (error != 0 ? std::strerror(error) : "an I/O error"));
}

std::string format_location(const Location& where) {
    std::string out = where.file;
    if (where.line > 0) {
        out.append(":").append(std::to_string(where.line));
        if (where.column > 0) out.append(":").append(std::to_string(where.column));
    }
    return out;
}

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
    // Accept at most one edit per three characters (and at least one), so "KRR" finds "KOR"
    // but "X" does not find every one-letter key. On a tie, a candidate the word begins (a
    // truncated name: "rat" for "rate") wins over one it merely resembles.
    const std::size_t budget = std::max<std::size_t>(1, word.size() / 3);
    std::string best;
    std::size_t best_distance = budget + 1;
    bool best_prefix = false;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        const bool prefix = c.rfind(word, 0) == 0;
        if (d < best_distance || (d == best_distance && prefix && !best_prefix)) {
            best_distance = d;
            best = c;
            best_prefix = prefix;
        }
    }
    if (!best.empty() || word.size() < 3) return best;
    // A longer truncation ("scarboro" for "scarborough") is suggested when it names one candidate.
    for (const auto& c : candidates) {
        if (c.rfind(word, 0) != 0) continue;
        if (!best.empty()) return {};
        best = c;
    }
    return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    const std::string best = closest_match(word, candidates);
    return best.empty() ? std::string{} : " (did you mean '" + best + "'?)";
}

}  // namespace geosim
