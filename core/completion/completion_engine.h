// The inline completion engine ("ghost text"), shared by every host. Built to be the fastest to show a
// useful suggestion and the cheapest per accepted one, because with BYOK every wasted token is the user's:
//   - automatic requests wait out an adaptive debounce; a newer request cancels the older one at once,
//     closing its socket so the provider stops generating (and billing);
//   - an LRU cache and typed-ahead reuse answer without any request when they can;
//   - one line or a block by context, with stop sequences and max tokens to match;
//   - the connection is warmed on document open so the first suggestion pays no TLS handshake.
// It knows nothing of LSP or msgpack: hosts hand it a CompletionInput and get a Completion back.
//
// Threading: request() returns at once. The callback runs exactly once per request, on an engine thread,
// or before request() returns when the answer is free (cache, typed-ahead). It is never called with an
// engine lock held, so it may call back into the engine. A superseded or cancelled request completes with
// ErrorKind::Cancelled.
#pragma once

#include <functional>
#include <memory>

#include "core/completion/options.h"
#include "core/completion/types.h"
#include "core/llm/engine.h"

namespace byok::completion {

struct EngineStats {
  int requests = 0;            // request() calls
  int sent = 0;                // provider calls made
  int cancelled_upstream = 0;  // provider calls cut off by a newer request or a cancel
  int debounced = 0;           // requests superseded while still waiting out the debounce (nothing sent)
  int cache_hits = 0;
  int typed_ahead_hits = 0;    // answered from an earlier suggestion the user is typing through
  int adopted = 0;             // joined a stream already in flight whose text the user is typing
  int stopped_early = 0;       // streams we closed at a stop sequence the server did not honour
  int errors = 0;
  int debounce_ms = 0;         // current adaptive debounce
};

class CompletionEngine {
 public:
  using Callback = std::function<void(Result<Completion>)>;
  using UsageHook = std::function<void(const CompletionUsage&)>;
  using FeedbackHook = std::function<void(const FeedbackRecord&)>;

  // `model` is the model to ask; `llm` must outlive the engine.
  CompletionEngine(llm::Engine& llm, llm::Endpoint endpoint, std::string model, Options options,
                   llm::CallOptions call_options = {});
  ~CompletionEngine();  // cancels whatever is in flight and joins its threads
  CompletionEngine(const CompletionEngine&) = delete;
  CompletionEngine& operator=(const CompletionEngine&) = delete;

  RequestId request(CompletionInput input, Callback done);
  // A host's cancel ($/cancelRequest, msgpack cancel): closes the request's connection if it has one.
  void cancel(RequestId id);
  // Shown / accepted (fully or N chars) / rejected.
  void feedback(const Feedback& f);
  // Document opened or editor focused: open (and handshake) the connection ahead of the first request.
  void warm_up();
  // Every provider call, cancelled or not, for the usage ledger. Set before the first request.
  void set_usage_hook(UsageHook hook);
  // Every feedback event with the request it belongs to (acceptance rate per model for the ledger).
  void set_feedback_hook(FeedbackHook hook);

  EngineStats stats() const;
  BackendKind backend() const;  // the backend Auto resolved to

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace byok::completion
