// Compare: one prompt to N models at once. Each model streams on its own thread with its own CancelToken
// (all chained to the caller's), events are tagged with the model's index and label, and every answer
// carries its latency, TTFT, tokens and cost. Any answer can then be kept in a conversation.
// Used for chat ("ask 3 models") and rewrite ("rewrite with 3 models, pick one"): the request is a neutral
// ChatRequest, optionally on top of a stored conversation's history.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/app/target.h"
#include "core/chat/chat_service.h"

namespace byok::compare {

struct CompareRequest {
  std::vector<app::Selection> models;   // each may name "provider:model"
  std::vector<app::Target> targets;     // already resolved; used when `models` is empty
  llm::ChatRequest request;             // system + messages (the prompt last); model ignored
  std::optional<int64_t> conversation;  // prepend this conversation's history
  std::string kind = "compare";         // usage kind: compare, rewrite
};

struct CompareAnswer {
  size_t index = 0;
  std::string label;  // "provider:model"
  std::string provider, model;
  std::string text;
  std::optional<llm::StreamSummary> summary;  // when the stream completed
  std::optional<Error> error;                 // failed, cancelled or refused (budget)
  int64_t latency_ms = 0;                     // start to last byte
  store::UsageRecord usage;                   // the ledger row (id 0 when refused before sending)
  int dropped_messages = 0;
};

// Callbacks never run concurrently (the service serialises them), but they run on the models' threads.
struct CompareObserver {
  std::function<void(size_t index, const std::string& label)> on_start;
  std::function<void(size_t index, const std::string& label, const llm::Event&)> on_event;
  std::function<void(const CompareAnswer&)> on_done;
};

enum class KeepMode {
  Append,  // the prompt and the answer become the next turns of `conversation` (a new one if none)
  Branch,  // a new conversation: a copy of `conversation` plus the prompt and the answer
};

class CompareService {
 public:
  explicit CompareService(chat::ChatService& chat) : chat_(chat) {}

  // Error only for bad input (unresolvable model, fewer than one model, unknown conversation); provider
  // failures are per answer.
  Result<std::vector<CompareAnswer>> run(const CompareRequest& req, const CompareObserver& obs,
                                         const CancelToken& cancel);
  // Stores the request's new messages and `answer`; returns the conversation they went into.
  Result<int64_t> keep(const CompareRequest& req, const CompareAnswer& answer, KeepMode mode);

 private:
  chat::ChatService& chat_;
};

}  // namespace byok::compare
