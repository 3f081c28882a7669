#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace geosim {

// Reads a YAML 1.2 core-schema number: decimal integers ("-3", "+7"), "0x1F", "0o17", floats
// (".5", "2.", "1e3", "-2.5E-3") and the special ".inf", "-.inf", ".nan" in their three
// spellings. Returns nullopt for anything else, including YAML 1.1 forms like "1_000".
// Overflow gives an infinity, underflow zero, so callers decide what finite means.
std::optional<double> parse_yaml_number(std::string_view text);

}  // namespace geosim
