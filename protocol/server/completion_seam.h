// THE SEAM for the completion engine (core/completion, a separate issue). Until it lands, a completion is one
// direct request: the provider's FIM endpoint when it has one, else a chat prompt with a strict
// instruction. The completion engine replaces complete_at()'s body (debounce, cache, context ranking,
// post-processing); inline_completion.cpp only calls this function and will not change.
#pragma once

#include <optional>
#include <string>

#include "core/util/cancel.h"
#include "protocol/server/session.h"

namespace byok::server {

struct CompletionInput {
  std::string uri, language_id;
  std::string prefix, suffix;  // text before / after the cursor
  bool explicit_request = false;  // the user asked (explicit invocations are never debounced)
  std::string model;           // optional override ("provider:model")
};

struct CompletionOutput {
  std::string text;   // to insert at the cursor; empty: nothing to offer
  std::string model;  // "provider:model" that produced it
};

Result<CompletionOutput> complete_at(Session& s, const CompletionInput& in, const CancelToken& cancel);

}  // namespace byok::server
