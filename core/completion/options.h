// Every knob of the completion engine with its default and why. Read from config
// `features.completion` (see docs/completion.md); unknown or mistyped fields are errors naming their path.
#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/util/result.h"

namespace byok::completion {

enum class BackendKind {
  Auto,         // native FIM when the provider has an endpoint and the model supports it, else chat
  NativeFim,    // Engine::fim: the server applies the model's FIM template (prompt + suffix)
  RawTemplate,  // we apply the template (fim_template) and send one raw prompt to a completions endpoint
  Chat,         // a chat model with a strict "insert only the missing code" instruction
};
const char* to_string(BackendKind k);

enum class MultilinePolicy {
  Auto,    // by context: middle of a line → one line; empty line after an opener → a block
  Never,   // always one line
  Always,  // a block whenever the rest of the line is empty
};

struct Options {
  BackendKind backend = BackendKind::Auto;
  std::string fim_template;  // "codellama", "starcoder2", "deepseek-coder", "qwen2.5-coder", "codestral"

  // Prompt size in approximate tokens (token_estimate.h), split prefix:suffix by prefix_share; a window
  // that hits the start/end of the document hands its unused budget to the other, and whatever is left
  // after both goes to neighbour snippets.
  int token_budget = 1536;
  double prefix_share = 0.75;

  // Debounce for automatic triggers: starts at initial_ms and adapts to the typing rhythm, the provider's
  // latency and how often suggestions are accepted, within [min_ms, max_ms].
  int debounce_min_ms = 0;  // reached where this user pauses more often than not (see debounce.h)
  int debounce_max_ms = 450;
  int debounce_initial_ms = 150;

  MultilinePolicy multiline = MultilinePolicy::Auto;
  int max_tokens_single = 48;  // one line rarely needs more; a runaway line is cut here
  int max_tokens_multi = 192;
  double temperature = 0.1;   // FIM wants near-determinism (providers.md §12: 0–0.2)

  size_t cache_entries = 256;   // 0 disables the cache
  size_t cache_prefix_bytes = 512;  // how much of the prefix tail / suffix head keys an entry
  size_t cache_suffix_bytes = 128;
  bool typed_ahead = true;       // keep showing the rest of a suggestion the user is typing through
  bool cancel_superseded = true; // a newer request cancels the older one upstream (socket closed)
  bool preconnect = true;        // warm the TLS connection on document open / focus

  // Reads features.completion (the provider/model keys are handled by target resolution). `path` prefixes
  // error messages ("features.completion").
  static Result<Options> from_json(const nlohmann::json& j, const std::string& path = "features.completion");
  Status validate(const std::string& path = "features.completion") const;
};

}  // namespace byok::completion
