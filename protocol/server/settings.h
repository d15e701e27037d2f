// Host settings: `initializationOptions` at initialize and `settings` (or `settings.byok`) in
// workspace/didChangeConfiguration; also `byok/setup` in Neovim. Checked field by field — a wrong type is an
// error naming its path ("initializationOptions.completion.maxTokens: expected integer, got string").
#pragma once

#include <map>
#include <optional>
#include <string>

#include "core/util/result.h"
#include "protocol/rpc/params.h"

namespace byok::server {

struct FeatureSettings {
  std::string provider, model;       // empty: fall back (top level, then config.json)
  std::string key_name;              // which of the provider's named keys ("work"); empty: fall back
  std::optional<int> max_tokens;
  std::optional<double> temperature;
};

struct Settings {
  FeatureSettings general;            // top-level provider / model
  std::string base_url;               // replaces the base URL of the provider the settings choose
  std::map<std::string, FeatureSettings> features;  // "completion", "chat", "rewrite"
  size_t prefix_bytes = 8000;         // text before the cursor sent for a completion
  size_t suffix_bytes = 2000;         // text after it
  int completion_max_tokens = 128;
  std::string rewrite_instruction = "Improve this code: fix mistakes, make it clearer, keep its behaviour.";
  bool secret_provider = false;       // the host answers byok/secret requests
};

// Reads settings from `p` over `base` (fields not given keep their value). Unknown fields are errors, so a
// misspelt setting is reported instead of silently ignored.
Result<Settings> parse_settings(rpc::Params p, Settings base);

}  // namespace byok::server
