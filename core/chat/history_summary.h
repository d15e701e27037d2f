// When a conversation no longer fits the model's context window, the oldest turns are left out of the
// request. With `features.chat.history = "summarize"` they are replaced by a short summary the same model
// writes (a metered request of kind "summary", refused by budgets like any other), so a long conversation
// keeps its facts and decisions; "drop" (the default) leaves them out. Either way the user is told how many.
#pragma once

#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/llm/types.h"
#include "core/util/result.h"

namespace byok::chat {

enum class HistoryPolicy { Drop, Summarize };

// features.chat.history; an unknown value is an error naming the path.
Result<HistoryPolicy> history_policy(const config::Config& cfg);

// The request that asks for a summary of `dropped` (oldest first), its transcript cut from the front to
// about `max_tokens` so it fits the model that writes it.
llm::ChatRequest summary_request(const std::vector<llm::Message>& dropped, int64_t max_tokens);

// `kept` with the summary of `count` left-out messages added to its system prompt.
llm::ChatRequest with_summary(llm::ChatRequest kept, const std::string& summary, int count);

}  // namespace byok::chat
