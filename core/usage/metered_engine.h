// Every request byok sends to a provider goes through here: the budget is checked before the first byte
// (a refusal sends nothing), and a usage row is written afterwards whatever the outcome — chat, rewrite,
// compare and inline completion alike. ChatService and CompareService use it; the protocol server's
// rewrite and completion handlers should too (or call UsageLedger::record themselves).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/llm/engine.h"
#include "core/store/usage_ledger.h"
#include "core/usage/budget.h"

namespace byok::usage {

// What the ledger needs to know beyond the request itself.
struct Meter {
  std::string host = "cli";
  std::string kind = "chat";  // chat, rewrite, compare, completion, title, summary
  std::string key_name = "default";
  std::optional<int64_t> conversation_id;
  // Told about budgets past their warn_at fraction, before sending.
  std::function<void(const BudgetWarning&)> on_budget_warning;
};

// The outcome of one metered request: the engine's result plus the ledger row written for it.
struct MeteredResult {
  Result<llm::StreamSummary> result = Error(ErrorKind::Internal, "not run");
  std::string text;          // the answer text that streamed (also on failure/cancel)
  store::UsageRecord usage;  // as recorded (id set); id 0 when the request was refused before sending
};

class MeteredEngine {
 public:
  MeteredEngine(llm::Engine& engine, store::UsageLedger& ledger, const BudgetGuard& budgets)
      : engine_(engine), ledger_(ledger), budgets_(budgets) {}

  // Budget refusal: result holds the Budget error and nothing was sent or recorded.
  MeteredResult chat(const llm::Endpoint& ep, const llm::ChatRequest& req, const Meter& meter,
                     const llm::EventCallback& emit, const CancelToken& cancel, const llm::CallOptions& opts);
  MeteredResult fim(const llm::Endpoint& ep, const llm::FimRequest& req, const Meter& meter,
                    const llm::EventCallback& emit, const CancelToken& cancel, const llm::CallOptions& opts);

  store::UsageLedger& ledger() { return ledger_; }
  const BudgetGuard& budgets() const { return budgets_; }

 private:
  using Send = std::function<Result<llm::StreamSummary>(const llm::EventCallback&)>;
  MeteredResult run(const llm::Endpoint& ep, const std::string& model, int64_t prompt_tokens, const Meter& meter,
                    const llm::EventCallback& emit, const Send& send);
  llm::Engine& engine_;
  store::UsageLedger& ledger_;
  const BudgetGuard& budgets_;
};

// What was observed of one request while it ran.
struct Observed {
  int64_t start_ms = 0;      // wall clock when sent
  int64_t ttft_ms = -1;      // first text, -1 when none
  int64_t duration_ms = 0;
  std::string text;          // answer text that arrived
  std::optional<llm::Usage> usage;  // the provider's usage event, if any
};

// Builds the ledger row for a finished request: the provider's usage when it gave one, else estimates
// flagged `estimated` (prompt from `prompt_tokens_estimate`, answer from its text; a request that failed
// before any text counts 0 tokens); a provider-reported cost wins over the price table; local servers
// (Ollama, llama.cpp, …) without configured prices cost 0.
store::UsageRecord usage_record(const llm::Endpoint& ep, const std::string& model, const Meter& meter,
                                int64_t prompt_tokens_estimate, const Observed& seen,
                                const Result<llm::StreamSummary>& result);

}  // namespace byok::usage
