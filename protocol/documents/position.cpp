#include "protocol/documents/position.h"

namespace byok::docs {
namespace {

// Length in bytes of the UTF-8 sequence starting with `lead` (1 for stray continuation bytes, so invalid
// input still advances) and its UTF-16 width.
void measure(unsigned char lead, size_t& bytes, int& units) {
  if (lead < 0x80) bytes = 1, units = 1;
  else if ((lead & 0xE0) == 0xC0) bytes = 2, units = 1;
  else if ((lead & 0xF0) == 0xE0) bytes = 3, units = 1;
  else if ((lead & 0xF8) == 0xF0) bytes = 4, units = 2;
  else bytes = 1, units = 1;
}

}  // namespace

size_t utf16_to_byte(std::string_view line, int64_t units) {
  size_t i = 0;
  int64_t seen = 0;
  while (i < line.size()) {
    size_t n;
    int w;
    measure(static_cast<unsigned char>(line[i]), n, w);
    if (seen + w > units) return i;
    seen += w;
    i += n;
    if (i > line.size()) return line.size();
  }
  return line.size();
}

int64_t byte_to_utf16(std::string_view line, size_t bytes) {
  int64_t units = 0;
  size_t i = 0;
  while (i < bytes && i < line.size()) {
    size_t n;
    int w;
    measure(static_cast<unsigned char>(line[i]), n, w);
    units += w;
    i += n;
  }
  return units;
}

}  // namespace byok::docs
