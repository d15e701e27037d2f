#include "core/chat/history_summary.h"

#include "core/usage/estimate.h"

namespace byok::chat {

Result<HistoryPolicy> history_policy(const config::Config& cfg) {
  const auto& f = cfg.features_raw;
  if (!f.is_object() || !f.contains("chat") || !f["chat"].is_object() || !f["chat"].contains("history"))
    return HistoryPolicy::Drop;
  const auto& v = f["chat"]["history"];
  if (v == "drop") return HistoryPolicy::Drop;
  if (v == "summarize" || v == "summarise") return HistoryPolicy::Summarize;
  return Error::make(ErrorKind::Config, "features.chat.history: expected \"drop\" or \"summarize\", got " + v.dump());
}

llm::ChatRequest summary_request(const std::vector<llm::Message>& dropped, int64_t max_tokens) {
  std::string transcript;
  for (const auto& m : dropped) {
    if (m.role == llm::Role::System) continue;
    transcript += m.role == llm::Role::User ? "User: " : "Assistant: ";
    transcript += m.text;
    transcript += "\n\n";
  }
  // Keep the most recent part when even the left-out turns are too long for the summariser's window.
  while (max_tokens > 0 && usage::estimate_tokens(transcript) > max_tokens && transcript.size() > 64) {
    size_t cut = transcript.size() / 4;
    while (cut < transcript.size() && (static_cast<unsigned char>(transcript[cut]) & 0xC0) == 0x80) ++cut;
    transcript.erase(0, cut);
  }
  llm::ChatRequest req;
  req.system =
      "You summarise the earlier part of a conversation so that it can continue without it. Keep facts, names, "
      "numbers, decisions, code identifiers and open questions; drop pleasantries. At most 200 words. Reply with "
      "the summary only.";
  req.messages.push_back({llm::Role::User, "Summarise this conversation:\n\n" + transcript});
  req.max_tokens = 400;
  req.temperature = 0.2;
  return req;
}

llm::ChatRequest with_summary(llm::ChatRequest kept, const std::string& summary, int count) {
  std::string note = "Summary of the earlier part of this conversation (" + std::to_string(count) +
                     " messages left out to fit the context window):\n" + summary;
  kept.system = kept.system.empty() ? note : kept.system + "\n\n" + note;
  return kept;
}

}  // namespace byok::chat
