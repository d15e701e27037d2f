#include "core/completion/document.h"

#include <algorithm>

namespace byok::completion {
namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes, so that
// broken text still advances).
size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

}  // namespace

std::string StringDocument::slice(size_t begin, size_t end) const {
  end = std::min(end, text_->size());
  if (begin >= end) return {};
  return text_->substr(begin, end - begin);
}

TextPosition advance(TextPosition pos, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead == '\n') {
      ++pos.line;
      pos.utf16_col = 0;
      ++i;
      continue;
    }
    const size_t n = sequence_length(lead);
    pos.utf16_col += n == 4 ? 2 : 1;
    i += std::min(n, text.size() - i);
  }
  return pos;
}

size_t byte_offset_of(std::string_view text, TextPosition pos) {
  size_t i = 0;
  for (int64_t line = 0; line < pos.line; ++line) {
    const size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) return text.size();
    i = nl + 1;
  }
  int64_t col = 0;
  while (i < text.size() && text[i] != '\n') {
    const size_t n = sequence_length(static_cast<unsigned char>(text[i]));
    const int64_t units = n == 4 ? 2 : 1;
    if (col + units > pos.utf16_col) break;
    col += units;
    i += std::min(n, text.size() - i);
  }
  return i;
}

TextPosition position_of(std::string_view text, size_t byte_offset) {
  return advance(TextPosition{}, text.substr(0, std::min(byte_offset, text.size())));
}

}  // namespace byok::completion
