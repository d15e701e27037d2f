// Deterministic random piece sizes for feeding a recorded stream as a network would deliver it. splitmix64,
// so that bench/node/stream_decode.mjs cuts the same bytes at the same places.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace byok::bench {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

// Pieces of 1..64 KiB (1024 + next() % 64512 bytes), the last one shorter.
inline std::vector<std::string_view> random_pieces(std::string_view bytes, uint64_t seed = 42) {
  SplitMix64 rng(seed);
  std::vector<std::string_view> out;
  for (size_t pos = 0; pos < bytes.size();) {
    size_t len = std::min<size_t>(bytes.size() - pos, 1024 + rng.next() % 64512);
    out.push_back(bytes.substr(pos, len));
    pos += len;
  }
  return out;
}

}  // namespace byok::bench
