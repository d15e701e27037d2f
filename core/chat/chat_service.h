// ChatService: conversations as every host sees them (CLI `ask`/`chat`, and the protocol's byok/chat,
// byok/estimate, byok/conversations). Host-neutral and callback based: no JSON-RPC here.
//
// One turn (send):
//   1. resolve the provider/model (flags, "provider:model", or the conversation's last model),
//   2. build the neutral history from the store and fit it to the model's context window (oldest turns
//      dropped, the count reported in TurnStart),
//   3. check budgets (a refusal stores and sends nothing),
//   4. commit the user's message, create the answer row ("streaming"),
//   5. stream, flushing the partial answer to the database every flush_interval or flush_bytes,
//   6. finish the answer as complete / cancelled / failed (with the error), record a usage row.
// The wire adapters apply each provider's transcript rules, so a conversation continues with any
// provider's model without losing context.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/app/target.h"
#include "core/config/config.h"
#include "core/keys/key_source.h"
#include "core/llm/engine.h"
#include "core/store/store.h"
#include "core/usage/budget.h"
#include "core/usage/estimate.h"
#include "core/usage/metered_engine.h"

namespace byok::chat {

struct ChatServiceOptions {
  std::string host = "cli";  // recorded in the usage ledger
  std::chrono::milliseconds flush_interval{250};  // crash safety: longest partial answer lost on SIGKILL
  size_t flush_bytes = 4096;                      // …or this many bytes, whichever comes first
};

struct TurnRequest {
  std::optional<int64_t> conversation;  // continue this one; nullopt starts a new conversation
  app::Selection selection;             // provider/model/key name…; empty model on a continued
                                        // conversation = the model of its latest answer
  std::optional<app::Target> target;    // already resolved (e.g. the CLI's demo provider); wins over selection
  std::string prompt;                   // the new user message; must not be blank
  std::string system;                   // new conversation: its system prompt; continuing: replaces it if set
  std::optional<int> max_tokens;
  std::optional<double> temperature;
  std::string kind = "chat";            // usage kind: chat, rewrite…
};

// Told once, before the request is sent.
struct TurnStart {
  int64_t conversation_id = 0, user_message_id = 0, answer_message_id = 0;
  bool new_conversation = false;
  std::string provider, model;
  usage::Estimate estimate;
  int dropped_messages = 0;     // oldest messages left out to fit the context window
  int summarized_messages = 0;  // of those, how many a summary stands in for (features.chat.history)
  std::vector<usage::BudgetWarning> budget_warnings;
};

struct TurnObserver {
  std::function<void(const TurnStart&)> on_start;
  llm::EventCallback on_event;  // TextDelta / Usage / Finish as they arrive
  std::function<void(const Error& why, std::chrono::milliseconds delay, int next_attempt)> on_retry;
};

struct TurnResult {
  int64_t conversation_id = 0, user_message_id = 0, answer_message_id = 0;
  std::string provider, model;
  std::string text;                            // the answer (partial when cancelled/failed)
  store::MessageStatus status = store::MessageStatus::Complete;
  std::optional<Error> error;                  // why it was cancelled or failed
  std::optional<llm::StreamSummary> summary;   // when the stream completed
  store::UsageRecord usage;                    // the ledger row written
  int dropped_messages = 0;
  int summarized_messages = 0;
};

// What a turn would send, without sending it ("token budget shown before sending").
struct TurnPreview {
  usage::Estimate estimate;
  int dropped_messages = 0;
  std::vector<usage::BudgetWarning> budget_warnings;
  std::optional<Error> refusal;  // the budget or context-window error send() would return
};

class ChatService {
 public:
  // Validates the config's budgets.
  static Result<std::unique_ptr<ChatService>> create(const config::Config& cfg, keys::KeyResolver& keys,
                                                     llm::Engine& engine, store::Store& store,
                                                     ChatServiceOptions opts = {});

  // Errors (nothing stored or sent): bad selection, missing key, unknown conversation, blank prompt,
  // newest message too big for the window, budget reached. Provider failures and cancellation are not
  // errors here: the turn is stored and TurnResult says how it ended.
  Result<TurnResult> send(const TurnRequest& req, const TurnObserver& obs, const CancelToken& cancel);
  Result<TurnPreview> preview(const TurnRequest& req);
  // Asks the model for a short title (≤ 8 words) for the conversation and stores it.
  Result<std::string> make_title(int64_t conversation, const app::Selection& selection, const CancelToken& cancel);

  struct Validated {  // only create() can make one: budgets are checked first
   private:
    friend class ChatService;
    Validated() = default;
  };
  ChatService(Validated, const config::Config& cfg, keys::KeyResolver& keys, llm::Engine& engine, store::Store& store,
              std::vector<usage::Budget> budgets, ChatServiceOptions opts);

  // The target a request would use (also for hosts that want to show it).
  Result<app::Target> resolve(const TurnRequest& req);

  store::Store& store() { return store_; }
  usage::MeteredEngine& metered() { return metered_; }
  const usage::BudgetGuard& budgets() const { return budgets_; }
  const config::Config& config() const { return cfg_; }
  const ChatServiceOptions& options() const { return opts_; }

 private:
  const config::Config& cfg_;
  keys::KeyResolver& keys_;
  store::Store& store_;
  usage::BudgetGuard budgets_;
  usage::MeteredEngine metered_;
  ChatServiceOptions opts_;
  bool summarize_history_ = false;  // features.chat.history = "summarize"
  // Summaries of left-out turns by (conversation, how many were left out): a retry or a model switch at the
  // same point does not pay for the same summary twice.
  std::mutex summaries_mu_;
  std::map<std::pair<int64_t, int>, std::string> summaries_;

 public:
  // Replaces the turns `fitted` left out by a summary; nullopt (with a log line) when it cannot be made.
  struct Summarized;
  std::optional<Summarized> summarize_left_out(const app::Target& target, const std::string& key_name,
                                               int64_t conversation, const llm::ChatRequest& full, int dropped,
                                               const CancelToken& cancel);
};

struct ChatService::Summarized {
  llm::ChatRequest request;
  int summarized = 0, dropped = 0;
};

// "no API key for openai (set OPENAI_API_KEY or run `byok keys set openai`)" when the target needs one.
Status require_key(const app::Target& t);

}  // namespace byok::chat
