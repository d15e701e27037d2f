// Reads the conversation history back out of a request body the emulator recorded, in each wire
// format's own terms (so a test can check both the content and the provider's rules).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace byok::test {

struct WireTurn {
  std::string role;  // as the wire spells it: "user", "assistant", "model"
  std::string text;
  bool operator==(const WireTurn& o) const { return role == o.role && text == o.text; }
};

struct WireHistory {
  std::string system;  // where the format puts it; "" when absent
  bool system_in_messages = false;  // sent as a leading role:"system" message (OpenAI, Ollama)
  std::vector<WireTurn> turns;      // without that system message
};

inline WireHistory wire_history(const std::string& wire, const std::string& body_text) {
  auto body = nlohmann::json::parse(body_text);
  WireHistory h;
  if (wire == "anthropic") {
    if (body.contains("system")) h.system = body["system"].get<std::string>();
    for (auto& m : body["messages"]) h.turns.push_back({m["role"], m["content"].get<std::string>()});
  } else if (wire == "gemini") {
    if (body.contains("systemInstruction")) h.system = body["systemInstruction"]["parts"][0]["text"];
    for (auto& c : body["contents"]) h.turns.push_back({c["role"], c["parts"][0]["text"].get<std::string>()});
  } else {  // openai-chat, ollama-chat
    for (auto& m : body["messages"]) {
      if (m["role"] == "system") {
        h.system = m["content"];
        h.system_in_messages = h.turns.empty();
        continue;
      }
      h.turns.push_back({m["role"], m["content"].get<std::string>()});
    }
  }
  return h;
}

}  // namespace byok::test
