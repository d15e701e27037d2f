// Turns what the user asked for (flags, feature settings, config defaults, "provider:model" strings) into
// a provider endpoint with its key. Shared by the CLI and the protocol servers so every host resolves the
// same way: flag > feature config > default config > preset default.
#pragma once

#include <string>

#include "core/config/config.h"
#include "core/keys/key_source.h"
#include "core/llm/wire.h"

namespace byok::app {

struct Selection {
  std::string provider;  // may be empty
  std::string model;     // may be "provider:model"
  std::string base_url;  // replaces the preset's base URL exactly (as the provider's SDK treats it)
  std::string ca_file;
  std::string key_name;   // which named key; empty = the provider's configured key_name, else "default"
  std::string feature;   // "chat", "completion", "rewrite" (for features.<name> config)
};

struct Target {
  llm::Endpoint endpoint;
  std::string model;
  std::string key_source;   // where the key came from (never the key)
  bool explicit_choice = false;  // the user named a provider (flag, config) rather than us defaulting
};

Result<Target> resolve_target(const config::Config& cfg, const Selection& sel, keys::KeyResolver& keys);

}  // namespace byok::app
