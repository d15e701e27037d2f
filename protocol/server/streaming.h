// Runs one model call for a handler through the session's MeteredEngine: budgets are checked before sending,
// a usage row (host "lsp"/"nvim", `kind`) is written to the shared ledger, text pieces go to `on_text` as
// they arrive, and the whole answer is returned. Shared by chat, compare, rewrite and completions.
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
                           std::string* partial = nullptr, const std::string& kind = "chat");
Result<Answer> stream_fim(Session& s, const app::Target& t, llm::FimRequest req,
                          const std::function<void(const std::string&)>& on_text, const CancelToken& cancel,
                          const std::string& kind = "completion");

nlohmann::json usage_json(const Answer& a);

// Removes a Markdown code fence the model wrapped around code it was told to return bare.
std::string strip_code_fence(const std::string& text);

}  // namespace byok::server
