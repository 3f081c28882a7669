#pragma once
#include <cstddef>
#include <string>

namespace geosim {

// Room for the text of any double in format_number's form.
inline constexpr std::size_t kNumberChars = 32;

// The shortest text that reads back as the same double (std::to_chars), with whole numbers
// below 2^53 as plain digits ("100000", not "1e+05"); "nan", "inf" and "-inf" otherwise.
// Used for CSV cells, JSON and numbers quoted in messages.
std::string format_number(double value);

// A share as a percentage with one decimal, for messages and events: 0.1934 -> "19.3%".
std::string format_percent(double share);

// The same text written into buf; returns its length. Costs no allocation.
std::size_t format_number_into(char (&buf)[kNumberChars], double value);

}  // namespace geosim
