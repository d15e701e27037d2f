// Resident-set readings from /proc/self/status, and a series of them that tells whether memory kept
// growing: the mean of the last quarter of samples against the mean of the first quarter (single samples
// are noisy: allocator arenas breathe with the number of streams in flight).
#pragma once

#include <algorithm>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

namespace byok::test {

inline long status_field_kb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(status, line))
    if (line.rfind(prefix, 0) == 0) return std::stol(line.substr(prefix.size()));
  return 0;
}
inline long current_rss_kb() { return status_field_kb("VmRSS"); }
inline long peak_rss_kb() { return status_field_kb("VmHWM"); }

class RssSeries {
 public:
  void add(long kb) { samples_.push_back(kb); }
  long first_kb() const { return samples_.empty() ? 0 : samples_.front(); }
  long last_kb() const { return samples_.empty() ? 0 : samples_.back(); }
  long growth_kb() const {
    if (samples_.size() < 4) return 0;
    const size_t q = samples_.size() / 4;
    auto mean = [](auto b, auto e) { return std::accumulate(b, e, 0L) / std::max<long>(1, e - b); };
    return mean(samples_.end() - q, samples_.end()) - mean(samples_.begin(), samples_.begin() + q);
  }

 private:
  std::vector<long> samples_;
};

}  // namespace byok::test
