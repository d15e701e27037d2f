#include "tests/emulator/reply_text.h"

#include <algorithm>

namespace byok::emu {
namespace {

// Length of the UTF-8 sequence that starts with `lead`; 1 for a stray continuation or invalid byte.
size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::string_view default_chat_reply() {
  // Escaped so that no editor or tool can normalise the bytes: — ü ï ø é ✓ 👋
  return "Hello from the byok emulator \xE2\x80\x94 \xC3\xBCn\xC3\xAF" "c\xC3\xB8" "d\xC3\xA9 \xE2\x9C\x93 "
         "\xF0\x9F\x91\x8B.";
}

std::string_view default_fim_reply() { return "return a + b;"; }

std::vector<std::string> split_reply(std::string_view text) {
  static constexpr size_t kPieceCodePoints[] = {3, 4, 5};
  std::vector<std::string> pieces;
  size_t pos = 0;
  for (size_t n = 0; pos < text.size(); ++n) {
    const size_t want = kPieceCodePoints[n % 3];
    const size_t start = pos;
    for (size_t cp = 0; cp < want && pos < text.size(); ++cp) {
      const size_t len = sequence_length(static_cast<unsigned char>(text[pos]));
      pos = std::min(text.size(), pos + len);
    }
    pieces.emplace_back(text.substr(start, pos - start));
  }
  return pieces;
}

int estimate_tokens(size_t bytes) { return std::max(1, static_cast<int>((bytes + 3) / 4)); }

}  // namespace byok::emu
