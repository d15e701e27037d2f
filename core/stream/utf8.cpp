#include "core/stream/utf8.h"

#include <cstdint>
#include <cstring>

namespace byok::utf8 {
namespace {
// Returns the length of the valid sequence starting at s[i], or 0 if invalid/truncated.
size_t valid_sequence_length(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) len = 2;
  else if (b == 0xE0) { len = 3; lo = 0xA0; }
  else if (b >= 0xE1 && b <= 0xEC) len = 3;
  else if (b == 0xED) { len = 3; hi = 0x9F; }
  else if (b >= 0xEE && b <= 0xEF) len = 3;
  else if (b == 0xF0) { len = 4; lo = 0x90; }
  else if (b >= 0xF1 && b <= 0xF3) len = 4;
  else if (b == 0xF4) { len = 4; hi = 0x8F; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    unsigned l = (k == 1) ? lo : 0x80, h = (k == 1) ? hi : 0xBF;
    if (c < l || c > h) return 0;
  }
  return len;
}
}  // namespace

bool is_valid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // Streams are mostly ASCII: skip 8 bytes at a time while none has its high bit set.
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    size_t n = valid_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string sanitize(std::string_view s) {
  if (is_valid(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t n = valid_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      // Skip continuation bytes belonging to the same broken sequence (maximal subpart rule, simplified).
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

size_t complete_prefix_length(std::string_view s) {
  // Look back at most 3 bytes for a lead byte whose sequence is incomplete.
  size_t n = s.size();
  for (size_t back = 1; back <= 3 && back <= n; ++back) {
    auto b = static_cast<unsigned char>(s[n - back]);
    if ((b & 0xC0) == 0x80) continue;  // continuation byte: keep looking for the lead
    size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

size_t utf16_length(std::string_view s) {
  size_t units = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) units += (c >= 0xF0) ? 2 : 1;
  }
  return units;
}

}  // namespace byok::utf8
