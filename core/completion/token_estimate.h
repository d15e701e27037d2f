// An approximate tokenizer, good enough to size prompt windows and to estimate what a cancelled request
// cost. Real BPE vocabularies average 3–4.5 bytes of ASCII source code per token; we count 4 bytes of ASCII
// as one token (rounded up per text) and every non-ASCII code point as one token of its own, because BPE
// vocabularies split such characters into at least one token each. Deliberately simple and stable: window
// sizes must not change between requests for the same place (that would defeat the cache).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace byok::completion {

inline constexpr size_t kAsciiBytesPerToken = 4;
// A token never covers more than this many bytes under the estimate (ASCII: 4; non-ASCII: ≤4 per code point).
inline constexpr size_t kMaxBytesPerToken = 4;

int64_t estimate_tokens(std::string_view text);

// Running count for texts grown one code point at a time (from either end).
class TokenCounter {
 public:
  void add(std::string_view code_point);
  int64_t tokens() const { return static_cast<int64_t>((ascii_ + kAsciiBytesPerToken - 1) / kAsciiBytesPerToken) + other_; }

 private:
  size_t ascii_ = 0;
  int64_t other_ = 0;
};

}  // namespace byok::completion
