#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "engine/core/error.hpp"

namespace geosim {

// Where byte `offset` of `text` lies: lines and columns from 1, columns in bytes after any
// UTF-8 byte-order mark, which is how yaml-cpp counts them too.
Location location_at(std::string_view text, std::size_t offset, const std::string& file);

// Checks that an input file is text worth parsing: at most `max_bytes` long ("file is larger
// than the 4194304-byte limit"), free of NUL bytes and valid UTF-8 ("file is not text: ..."),
// and holding more than blank lines and comments ("file is empty"). Throws InputError.
void check_input_text(std::string_view text, const std::string& file, std::size_t max_bytes);

}  // namespace geosim
