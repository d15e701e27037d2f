// Rewriting a range of an open document by instruction: one model, or several side by side (compare).
// Used by byok/rewrite (streaming byok/rewriteDelta) and by the "byok.rewrite" command (code action), which
// applies the result with workspace/applyEdit.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/documents/position.h"
#include "protocol/server/session.h"

namespace byok::server {

struct RewriteJob {
  std::string uri;
  docs::Range range;
  std::string instruction;
  std::vector<std::string> models;  // empty: the rewrite feature's model; 2+: compare
  std::string key_name;             // which named key (empty: the settings', then the provider's default)
};

struct RewriteCandidate {
  std::string model;  // "provider:model"
  std::string new_text;
  nlohmann::json usage;
  std::optional<Error> error;
};

// Reads the selection and its surroundings from the document store, then runs one stream per model
// concurrently. `on_delta(model, text)` is called from the streaming threads. Fails only when the document
// or range is bad; per-model failures are in the candidates.
Result<std::vector<RewriteCandidate>> run_rewrite(Session& s, const RewriteJob& job,
                                                  const std::function<void(const std::string&, const std::string&)>& on_delta,
                                                  const CancelToken& cancel);

}  // namespace byok::server
