#include "core/completion/token_estimate.h"

namespace byok::completion {

void TokenCounter::add(std::string_view code_point) {
  if (code_point.empty()) return;
  if (static_cast<unsigned char>(code_point[0]) < 0x80) ascii_ += code_point.size();
  else ++other_;
}

int64_t estimate_tokens(std::string_view text) {
  size_t ascii = 0;
  int64_t other = 0;
  for (unsigned char c : text) {
    if (c < 0x80) ++ascii;
    else if ((c & 0xC0) != 0x80) ++other;  // a lead byte starts one code point
  }
  return static_cast<int64_t>((ascii + kAsciiBytesPerToken - 1) / kAsciiBytesPerToken) + other;
}

}  // namespace byok::completion
