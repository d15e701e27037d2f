// Provider-neutral transcripts translated to each provider's rules: where the system prompt goes,
// Anthropic's alternation and non-empty content, Gemini's user/model roles. Consecutive same-role turns
// are merged (joined by a blank line) so switching providers mid-conversation never loses context.
#pragma once

#include <string>
#include <vector>

#include "core/llm/types.h"

namespace byok::llm {

// The system prompt: ChatRequest::system plus any Role::System messages, in order, joined by blank lines.
std::string collect_system(const ChatRequest& req);
// Non-system messages with consecutive same-role turns merged and empty turns dropped.
std::vector<Message> conversation_turns(const ChatRequest& req);
// As above, and additionally starting with a user turn (Anthropic and Gemini require it).
std::vector<Message> alternating_turns(const ChatRequest& req);

}  // namespace byok::llm
