// What the replay drives: anything that turns document changes into ghost text. Today the completion
// engine in-process (in_process_client.h); a `byok lsp` client speaking textDocument/inlineCompletion plugs
// in here once the protocol server lands, so the same traces measure the whole path.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace byok::bench {

struct ClientCounters {
  int64_t sent = 0;                // provider calls made
  int64_t cancelled_upstream = 0;  // calls cut off by a newer request
  int64_t prompt_tokens = 0, completion_tokens = 0;  // billed (the provider's counts, estimates when cut off)
};

class CompletionClient {
 public:
  using OnGhost = std::function<void(std::vector<std::string> suggestions)>;
  virtual ~CompletionClient() = default;
  virtual void open(const std::string& uri, const std::string& language, const std::string& text) = 0;
  // The document now reads `text` with the cursor at byte `cursor` (the user typed): ask for ghost text.
  // `on_ghost` gets this request's suggestions (possibly none), on any thread, at most once.
  virtual void changed(std::shared_ptr<const std::string> text, size_t cursor, OnGhost on_ghost) = 0;
  virtual ClientCounters counters() const = 0;
};

}  // namespace byok::bench
