// Conversations held for the life of the engine process. The persistent store (core/store, SQLite) is a
// separate issue; this class is the seam it replaces — byok/chat and byok/conversations only use these calls.
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/llm/types.h"

namespace byok::server {

struct Conversation {
  std::string id, title, model;  // model as "provider:model"
  std::vector<llm::Message> messages;
  int64_t created_ms = 0, updated_ms = 0;
};

class ConversationMemory {
 public:
  std::string create(const std::string& title);
  std::optional<Conversation> get(const std::string& id) const;
  bool append(const std::string& id, llm::Message m, const std::string& model);
  bool remove(const std::string& id);
  std::vector<Conversation> list() const;  // newest first

  static nlohmann::json summary(const Conversation& c);
  static nlohmann::json to_json(const Conversation& c);
  static std::string to_markdown(const Conversation& c);

 private:
  mutable std::mutex mu_;
  std::map<std::string, Conversation> items_;
  int64_t next_ = 1;
};

}  // namespace byok::server
