// Runs one model call for a handler: streams text pieces to `on_text` as they arrive, records usage in the
// session ledger, and returns the whole answer. Shared by chat, compare, rewrite and completions.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/app/target.h"
#include "core/llm/types.h"
#include "protocol/server/session.h"

namespace byok::server {

struct Answer {
  std::string text;
  llm::StreamSummary summary;
  std::optional<double> cost_usd;
};

Result<Answer> stream_chat(Session& s, const app::Target& t, llm::ChatRequest req,
                           const std::function<void(const std::string&)>& on_text, const CancelToken& cancel,
                           std::string* partial = nullptr);
Result<Answer> stream_fim(Session& s, const app::Target& t, llm::FimRequest req,
                          const std::function<void(const std::string&)>& on_text, const CancelToken& cancel);

nlohmann::json usage_json(const Answer& a);

// Removes a Markdown code fence the model wrapped around code it was told to return bare.
std::string strip_code_fence(const std::string& text);

}  // namespace byok::server
