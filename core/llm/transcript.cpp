#include "core/llm/transcript.h"

namespace byok::llm {

std::string collect_system(const ChatRequest& req) {
  std::string out = req.system;
  for (const auto& m : req.messages) {
    if (m.role != Role::System || m.text.empty()) continue;
    if (!out.empty()) out += "\n\n";
    out += m.text;
  }
  return out;
}

std::vector<Message> conversation_turns(const ChatRequest& req) {
  std::vector<Message> out;
  for (const auto& m : req.messages) {
    if (m.role == Role::System) continue;
    if (m.text.find_first_not_of(" \t\r\n") == std::string::npos) continue;  // empty turns are rejected by Anthropic
    if (!out.empty() && out.back().role == m.role) {
      out.back().text += "\n\n" + m.text;
    } else {
      out.push_back(m);
    }
  }
  return out;
}

std::vector<Message> alternating_turns(const ChatRequest& req) {
  auto turns = conversation_turns(req);
  if (!turns.empty() && turns.front().role == Role::Assistant)
    turns.insert(turns.begin(), Message{Role::User, "(conversation continues)"});
  return turns;
}

}  // namespace byok::llm
