// The provider-neutral request and event shapes. Hosts, the CLI and the conversation store only ever see
// these; each wire adapter translates them to and from one provider's format.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace byok::llm {

enum class Role { System, User, Assistant };
const char* to_string(Role r);

struct Message {
  Role role = Role::User;
  std::string text;
};

struct ChatRequest {
  std::string model;
  std::string system;              // empty: none
  std::vector<Message> messages;   // may include Role::System entries; adapters place them per provider rules
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::vector<std::string> stop;
};

// Fill-in-the-middle: the text before and after the cursor.
struct FimRequest {
  std::string model;
  std::string prefix;
  std::string suffix;
  // `prefix` is a whole prompt already in the model's FIM template (raw code models): servers must not
  // apply a template of their own (Ollama "raw": true); `suffix` is then empty.
  bool raw = false;
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::vector<std::string> stop;
};

struct TextDelta {
  std::string text;
};

struct Usage {
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  std::optional<double> cost_usd;  // when the provider reports it (OpenRouter)
};

struct Finish {
  std::string reason;      // normalized: stop, length, content_filter, tool_calls, error, other
  std::string raw_reason;  // what the provider said ("end_turn", "STOP", …)
};

using Event = std::variant<TextDelta, Usage, Finish>;
using EventCallback = std::function<void(const Event&)>;

// What a finished stream amounted to; the text itself went out as TextDelta events.
struct StreamSummary {
  std::optional<Usage> usage;
  std::optional<Finish> finish;
  int64_t ttft_ms = -1;      // time to first text delta, -1 if none
  int64_t duration_ms = 0;
  int attempts = 1;
};

}  // namespace byok::llm
