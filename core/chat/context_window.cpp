#include "core/chat/context_window.h"

#include <deque>

#include "core/usage/estimate.h"

namespace byok::chat {

Result<Fitted> fit_to_window(const llm::ChatRequest& req, int64_t window, int64_t reserve, const std::string& model_label) {
  Fitted out;
  out.request = req;
  out.prompt_tokens = usage::estimate_prompt_tokens(req);
  if (window <= 0 || out.prompt_tokens + reserve <= window) return out;

  // System text always stays; conversation turns go oldest first, the newest never.
  llm::ChatRequest fixed = req;
  fixed.messages.clear();
  std::deque<llm::Message> turns;
  for (const auto& m : req.messages) {
    if (m.role == llm::Role::System) fixed.messages.push_back(m);
    else turns.push_back(m);
  }
  int64_t total = usage::estimate_prompt_tokens(fixed);
  for (const auto& m : turns) total += usage::estimate_tokens(m.text) + usage::kTokensPerMessage;

  auto cost = [](const llm::Message& m) { return usage::estimate_tokens(m.text) + usage::kTokensPerMessage; };
  int dropped = 0;
  while (turns.size() > 1 && total + reserve > window) {
    total -= cost(turns.front());
    turns.pop_front();
    ++dropped;
  }
  // Providers want the transcript to open with the user: leave no orphaned answer at the front.
  while (turns.size() > 1 && turns.front().role == llm::Role::Assistant) {
    total -= cost(turns.front());
    turns.pop_front();
    ++dropped;
  }
  if (total + reserve > window) {
    return Error(ErrorKind::Config,
                 "the message is about " + std::to_string(total) + " tokens (system prompt included) and " +
                     std::to_string(reserve) + " are kept for the answer, which exceeds " + model_label +
                     "'s context window of " + std::to_string(window) +
                     " tokens; shorten it, lower --max-tokens, or use a model with a larger window");
  }
  out.request.messages = fixed.messages;
  out.request.messages.insert(out.request.messages.end(), turns.begin(), turns.end());
  out.dropped_messages = dropped;
  out.prompt_tokens = total;
  return out;
}

}  // namespace byok::chat
