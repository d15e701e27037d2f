// The fallback for chat-only models (Anthropic, Gemini, GPT): the code around the cursor with a marker and
// a strict instruction to answer with nothing but the inserted text. Chat models still wrap code in fences
// and add chatter now and then, so their answers go through strip_chat_reply before post-processing.
#pragma once

#include <string>
#include <string_view>

#include "core/completion/prompt_window.h"
#include "core/completion/types.h"
#include "core/llm/types.h"

namespace byok::completion {

inline constexpr std::string_view kCursorMarker = "<CURSOR>";

struct ChatPromptInput {
  const PromptWindows* windows = nullptr;
  std::string_view language_id, path;
  Mode mode = Mode::SingleLine;
};

llm::ChatRequest build_chat_prompt(const ChatPromptInput& in);

// The code inside the first fenced block when there is one (an unclosed fence counts to the end); leading
// chatter lines ("Here is the completion:") otherwise; an echoed cursor marker is removed.
std::string strip_chat_reply(std::string_view reply);

}  // namespace byok::completion
