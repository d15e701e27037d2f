// Conversation ids on the wire are strings (the contract predates the database); the store's are integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace byok::server {

// "42" → 42; anything else names no stored conversation.
inline std::optional<int64_t> parse_conversation_id(const std::string& id) {
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(id);
}

}  // namespace byok::server
