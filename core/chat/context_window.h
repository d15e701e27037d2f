// Fitting a conversation into a model's context window. When the history plus the new prompt (plus room
// for the answer) would not fit, the oldest turns are left out — never the system prompt, never the
// newest message — and the caller is told how many. A newest message that cannot fit on its own is an
// error, not a silent truncation.
#pragma once

#include <cstdint>

#include "core/llm/types.h"
#include "core/util/result.h"

namespace byok::chat {

struct Fitted {
  llm::ChatRequest request;   // what will be sent
  int dropped_messages = 0;   // oldest messages left out
  int64_t prompt_tokens = 0;  // estimate for what is sent
};

// `window` 0 means unknown: nothing is dropped. `reserve` is the room kept for the answer.
// Messages are dropped from the front; a leading assistant turn left behind is dropped too, so the
// transcript still starts with the user.
Result<Fitted> fit_to_window(const llm::ChatRequest& req, int64_t window, int64_t reserve, const std::string& model_label);

}  // namespace byok::chat
