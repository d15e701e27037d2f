// Shared helpers for the fuzz targets: how one fuzz input is turned into a chunked byte stream.
//
// Why chunking matters: every decoder in core/stream promises identical results however the network split
// the bytes. The targets therefore feed each input twice, whole and in pieces whose sizes come from the
// input itself, and treat any difference as a bug (a differential oracle, so a target can fail on wrong
// output, not only on crashes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <vector>

namespace byok::fuzz {

// The first byte of the input chooses the piece sizes (1..16 bytes, cycling through a small pattern);
// the rest is the payload.
struct ChunkedInput {
  std::string_view payload;
  std::vector<std::string_view> pieces;
};

inline ChunkedInput split_input(const uint8_t* data, size_t size) {
  ChunkedInput in;
  if (size == 0) return in;
  const uint8_t seed = data[0];
  in.payload = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1);
  size_t pos = 0;
  for (size_t i = 0; pos < in.payload.size(); ++i) {
    size_t len = 1 + ((seed >> (i % 4)) + i * 7) % 16;
    if (len > in.payload.size() - pos) len = in.payload.size() - pos;
    in.pieces.push_back(in.payload.substr(pos, len));
    pos += len;
  }
  return in;
}

// A check that survives NDEBUG: libFuzzer reports the abort as a crash and saves the input.
#define BYOK_FUZZ_CHECK(cond)                                                                  \
  do {                                                                                         \
    if (!(cond)) {                                                                             \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);      \
      __builtin_abort();                                                                       \
    }                                                                                          \
  } while (0)

}  // namespace byok::fuzz
