// Markdown and JSON exports of a stored conversation.
#include <ctime>

#include "core/store/conversation_store.h"

namespace byok::store {
namespace {

std::string iso_time(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::string export_markdown(const Conversation& c) {
  std::string out = "# " + c.info.title + "\n\n";
  out += "_Conversation " + std::to_string(c.info.id) + ", started " + iso_time(c.info.created_ms) + "_\n\n";
  if (!c.info.system.empty()) out += "**System:** " + c.info.system + "\n\n";
  for (const auto& m : c.messages) {
    if (m.role == llm::Role::User) {
      out += "## User\n\n";
    } else if (m.role == llm::Role::System) {
      out += "## System\n\n";
    } else {
      out += "## Assistant (" + m.provider + ":" + m.model + ")";
      if (m.status == MessageStatus::Cancelled) out += " — cancelled";
      if (m.status == MessageStatus::Failed) out += " — failed";
      if (m.status == MessageStatus::Streaming) out += " — interrupted";
      out += "\n\n";
    }
    out += m.text;
    if (!m.text.empty() && m.text.back() != '\n') out += "\n";
    if (!m.error.empty()) out += "\n> Error: " + m.error + "\n";
    out += "\n";
  }
  return out;
}

nlohmann::json export_json(const Conversation& c) {
  nlohmann::json msgs = nlohmann::json::array();
  for (const auto& m : c.messages) {
    nlohmann::json j{{"id", m.id},
                     {"seq", m.seq},
                     {"role", llm::to_string(m.role)},
                     {"text", m.text},
                     {"status", to_string(m.status)},
                     {"created", iso_time(m.created_ms)},
                     {"created_ms", m.created_ms},
                     {"updated_ms", m.updated_ms}};
    if (!m.provider.empty()) j["provider"] = m.provider;
    if (!m.model.empty()) j["model"] = m.model;
    if (!m.error.empty()) j["error"] = m.error;
    if (m.input_tokens) j["input_tokens"] = *m.input_tokens;
    if (m.output_tokens) j["output_tokens"] = *m.output_tokens;
    msgs.push_back(std::move(j));
  }
  nlohmann::json j{{"id", c.info.id},
                   {"title", c.info.title},
                   {"system", c.info.system},
                   {"created", iso_time(c.info.created_ms)},
                   {"created_ms", c.info.created_ms},
                   {"updated_ms", c.info.updated_ms},
                   {"messages", std::move(msgs)}};
  if (c.info.branch_of) j["branch_of"] = *c.info.branch_of;
  return j;
}

}  // namespace byok::store
