// Provider text is untrusted: a careless proxy or a hostile server may quote the Authorization header it
// received in its error message ("Invalid key: Bearer sk-…"). Every provider-originated text the engine
// turns into an Error (HTTP error bodies, error types, mid-stream error events, model-list errors) passes
// through a CredentialScrub built from the request, which replaces the key and every sensitive header value
// with its redacted form before the text can reach a terminal, a log or the conversation history.
#pragma once

#include <string>
#include <vector>

#include "core/http/http.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::llm {

class CredentialScrub {
 public:
  // `key` is the request's key (may be empty); the request's sensitive headers are added to it.
  CredentialScrub(const Secret& key, const http::Request& request);

  void apply(std::string& text) const;
  Error apply(Error e) const;

 private:
  void add(std::string_view value);
  std::vector<Secret> needles_;  // longest first, so a whole header value goes before the key inside it
};

}  // namespace byok::llm
