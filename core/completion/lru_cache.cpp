#include "core/completion/lru_cache.h"

#include <algorithm>

namespace byok::completion {

std::string cache_key(std::string_view model, std::string_view prefix, std::string_view suffix, size_t prefix_bytes,
                      size_t suffix_bytes, int mode) {
  const auto tail = prefix.substr(prefix.size() - std::min(prefix.size(), prefix_bytes));
  const auto head = suffix.substr(0, std::min(suffix.size(), suffix_bytes));
  std::string key;
  key.reserve(model.size() + tail.size() + head.size() + 32);
  key.append(std::to_string(model.size())).append(":").append(model);
  key.append(std::to_string(tail.size())).append(":").append(tail);
  key.append(std::to_string(head.size())).append(":").append(head);
  key.append(std::to_string(mode));
  return key;
}

}  // namespace byok::completion
