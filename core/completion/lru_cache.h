// A small least-recently-used map. Completion answers are cached by model + prefix tail + suffix head, so
// backspacing to where a suggestion was shown, or coming back to a line, costs no request.
#pragma once

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace byok::completion {

template <class V>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity) {}

  std::optional<V> get(const std::string& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);  // now the most recent
    return it->second->second;
  }

  void put(const std::string& key, V value) {
    if (capacity_ == 0) return;
    if (auto it = index_.find(key); it != index_.end()) {
      it->second->second = std::move(value);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(key, std::move(value));
    index_[key] = order_.begin();
    if (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  size_t size() const { return order_.size(); }

 private:
  using Entry = std::pair<std::string, V>;
  size_t capacity_;
  std::list<Entry> order_;
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
};

// The cache key: which model, the last `prefix_bytes` before the cursor and the first `suffix_bytes` after
// it, and the mode (one line and a block are different answers). Separated by bytes that text cannot hold
// ambiguously (lengths are part of the key).
std::string cache_key(std::string_view model, std::string_view prefix, std::string_view suffix, size_t prefix_bytes,
                      size_t suffix_bytes, int mode);

}  // namespace byok::completion
