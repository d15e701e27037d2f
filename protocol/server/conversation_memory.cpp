#include "protocol/server/conversation_memory.h"

#include <chrono>
#include <algorithm>

namespace byok::server {
namespace {
int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

std::string ConversationMemory::create(const std::string& title) {
  std::lock_guard lock(mu_);
  std::string id = "c" + std::to_string(next_++);
  Conversation c;
  c.id = id;
  c.title = title.substr(0, 80);
  c.created_ms = c.updated_ms = now_ms();
  items_[id] = std::move(c);
  return id;
}

std::optional<Conversation> ConversationMemory::get(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = items_.find(id);
  if (it == items_.end()) return std::nullopt;
  return it->second;
}

bool ConversationMemory::append(const std::string& id, llm::Message m, const std::string& model) {
  std::lock_guard lock(mu_);
  auto it = items_.find(id);
  if (it == items_.end()) return false;
  it->second.messages.push_back(std::move(m));
  if (!model.empty()) it->second.model = model;
  it->second.updated_ms = now_ms();
  return true;
}

bool ConversationMemory::remove(const std::string& id) {
  std::lock_guard lock(mu_);
  return items_.erase(id) > 0;
}

std::vector<Conversation> ConversationMemory::list() const {
  std::lock_guard lock(mu_);
  std::vector<Conversation> out;
  for (auto& [_, c] : items_) out.push_back(c);
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.updated_ms > b.updated_ms; });
  return out;
}

nlohmann::json ConversationMemory::summary(const Conversation& c) {
  return {{"id", c.id}, {"title", c.title}, {"model", c.model}, {"messages", c.messages.size()},
          {"createdMs", c.created_ms}, {"updatedMs", c.updated_ms}};
}

nlohmann::json ConversationMemory::to_json(const Conversation& c) {
  auto j = summary(c);
  j["messages"] = nlohmann::json::array();
  for (auto& m : c.messages) j["messages"].push_back({{"role", llm::to_string(m.role)}, {"text", m.text}});
  return j;
}

std::string ConversationMemory::to_markdown(const Conversation& c) {
  std::string md = "# " + (c.title.empty() ? c.id : c.title) + "\n\n";
  if (!c.model.empty()) md += "_Model: " + c.model + "_\n\n";
  for (auto& m : c.messages) {
    md += m.role == llm::Role::User ? "## You\n\n" : m.role == llm::Role::Assistant ? "## Assistant\n\n" : "## System\n\n";
    md += m.text + "\n\n";
  }
  return md;
}

}  // namespace byok::server
