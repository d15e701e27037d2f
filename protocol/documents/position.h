// LSP positions: a zero-based line and a character offset in UTF-16 code units (the LSP default encoding;
// "😀" counts 2, "中" counts 1). Documents store UTF-8, so each lookup converts within one line only.
#pragma once

#include <cstdint>
#include <string_view>

namespace byok::docs {

struct Position {
  int64_t line = 0;
  int64_t character = 0;
  bool operator==(const Position&) const = default;
};

struct Range {
  Position start, end;
};

// Byte offset in `line` (UTF-8, no terminator) of the UTF-16 offset `units`. Past the end clamps to the end,
// as LSP asks; an offset inside a surrogate pair lands before that character.
size_t utf16_to_byte(std::string_view line, int64_t units);
// UTF-16 length of line[0, bytes).
int64_t byte_to_utf16(std::string_view line, size_t bytes);

}  // namespace byok::docs
