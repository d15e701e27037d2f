// Inline completion for a connection, through core/completion's CompletionEngine: one engine per target
// (provider, base URL, model, key), made on first use and kept, so its cache, typed-ahead, adaptive
// debounce and warm connection survive from keystroke to keystroke. Every provider call it makes is booked
// in the shared usage ledger (host "lsp"/"nvim", kind "completion"), budgets are checked before each
// request, and shown/accepted/rejected feedback reaches the engine that made the suggestion.
//
// Hosts see suggestion ids from this service (unique per connection), never the engines' own.
#pragma once

#include <cstdint>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/completion/completion_engine.h"
#include "core/util/cancel.h"
#include "core/util/result.h"

namespace byok::server {

class Session;

// The LSP command each inline completion item carries ({command, arguments: [suggestionId]}): an editor runs
// it after inserting the item, i.e. on acceptance (workspace/executeCommand back to us).
inline constexpr const char* kCompletionAcceptedCommand = "byok.completionAccepted";

// A document window with absolute offsets (docs::Document::window, or a Neovim buffer's lines): the
// completion engine reads only around the cursor, and the offsets let it recognise the same place later.
struct CompletionRequest {
  std::string uri, language_id;
  std::string window;         // text around the cursor
  size_t window_begin = 0;    // absolute byte offset of window[0]
  size_t cursor_byte = 0;     // absolute
  size_t document_size = 0;   // bytes
  completion::TextPosition cursor;  // the same point as the host counts it (line, UTF-16 column)
  completion::Trigger trigger = completion::Trigger::Automatic;
  std::string model;          // optional override ("provider:model")
  std::vector<completion::Snippet> neighbours;  // other open files' code, used if the token budget has room
};

struct CompletionAnswer {
  struct Item {
    uint64_t id = 0;  // for byok/completionFeedback
    std::string text;
    completion::TextRange range;  // what it replaces (usually empty: insert at the cursor)
  };
  std::vector<Item> items;
  std::string model;   // "provider:model"
  std::string source;  // "network", "cache", "typed-ahead"
};

class CompletionService {
 public:
  using Done = std::function<void(Result<CompletionAnswer>)>;
  explicit CompletionService(Session& s) : s_(s) {}
  ~CompletionService();  // engines cancel what is in flight and join their threads
  CompletionService(const CompletionService&) = delete;
  CompletionService& operator=(const CompletionService&) = delete;

  // Returns at once; `done` runs exactly once (maybe before this returns). Cancelling `cancel` closes the
  // request's connection; a newer request to the same engine supersedes it (done gets Cancelled).
  void request(CompletionRequest req, const CancelToken& cancel, Done done);
  // The blocking form, for handlers already on a worker thread.
  Result<CompletionAnswer> request_sync(CompletionRequest req, const CancelToken& cancel);
  // Opens (and handshakes) the connection for the default completion target ahead of the first request.
  void warm_up();
  // Whether a warm-up is worth a thread now: none is running and none ran in the last 30 s (the engine
  // keeps its connection alive meanwhile). A host opening a hundred files at once starts one, not a hundred
  // (each would resolve the key, maybe running key_cmd). Claims the warm-up; warm_up() releases it.
  bool claim_warm_up();
  // Shown / accepted / partially accepted / rejected, by the id a reply carried. Unknown ids are an error
  // (the host's bug), old ones forgotten after a while are not.
  Status feedback(uint64_t suggestion, completion::Feedback::Kind kind, size_t accepted_chars = 0);

  completion::EngineStats stats(const std::string& model = {});

 private:
  struct Slot;
  Result<std::shared_ptr<Slot>> slot_for(const std::string& model);
  uint64_t remember(const std::shared_ptr<Slot>& slot, completion::SuggestionId id);

  Session& s_;
  std::mutex mu_;
  bool warming_ = false;                                   // under mu_
  std::chrono::steady_clock::time_point last_warm_{};      // under mu_; when the last warm-up finished
  std::map<std::string, std::shared_ptr<Slot>> slots_;  // by provider|base_url|model
  uint64_t next_id_ = 1;
  // host-visible id → (engine, its suggestion id); the last kRemembered only.
  std::map<uint64_t, std::pair<std::weak_ptr<Slot>, completion::SuggestionId>> suggestions_;
};

}  // namespace byok::server
