// The user's configuration ($XDG_CONFIG_HOME/byok/config.json). Every field is checked; an unknown key or
// a wrong type is an error naming its path, never silently ignored. See docs/config.md for the schema.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/config/provider_spec.h"
#include "core/util/result.h"

namespace byok::config {

struct ModelChoice {
  std::string provider;
  std::string model;
};

struct RetryConfig {
  int max_attempts = 3;         // total attempts, including the first
  int base_delay_ms = 500;      // backoff base; doubled per attempt, with full jitter
  int max_delay_ms = 8000;
  int max_retry_after_s = 60;   // a longer Retry-After is reported instead of waited for
};

struct TimeoutConfig {
  int connect_ms = 10'000;
  int read_ms = 120'000;        // longest silence in a stream
  int total_ms = 0;             // overall cap per request; 0 = none
};

struct Config {
  ModelChoice default_choice;
  std::map<std::string, nlohmann::json> providers;  // user overrides/extensions, validated
  std::map<std::string, ModelChoice> features;      // completion, chat, rewrite
  nlohmann::json features_raw = nlohmann::json::object();  // feature-specific extra settings
  nlohmann::json actions = nlohmann::json::object();
  nlohmann::json budgets = nlohmann::json::object();
  nlohmann::json prices = nlohmann::json::object();
  std::vector<std::string> trusted;  // folders whose project config may redirect user keys
  // Providers whose base_url/proxy/ca_file an untrusted project file changed (project_config.h); copied
  // into ProviderSpec::untrusted_override so no key is sent there.
  std::map<std::string, ProviderSpec::UntrustedOverride> untrusted_overrides;
  std::string ca_file;
  std::string proxy;
  RetryConfig retries;
  TimeoutConfig timeouts;
  size_t max_line_bytes = 8u << 20;
  std::string log_level;
  std::filesystem::path source;  // file it came from; empty when defaults

  // Resolves a provider by name: built-in preset overlaid with the user's settings, or a custom provider
  // whose "preset" names its base. Errors name the config path at fault.
  Result<ProviderSpec> provider(const std::string& name) const;
  std::vector<std::string> provider_names() const;  // presets plus custom ones
  bool knows_provider(const std::string& name) const;
};

class Schema;
// The fields of features.completion (read by completion::Options::from_json).
const Schema& completion_feature_schema();
// The fields of features.chat (provider, model, history) and features.rewrite (provider, model).
const Schema& chat_feature_schema();
const Schema& rewrite_feature_schema();
// One entry of a provider's "models": context window, prices, FIM support.
const Schema& model_info_schema();

// Parses and validates a config document; `origin` names it in messages.
Result<Config> parse_config(const nlohmann::json& doc, const std::string& origin);
// Loads the file; a missing file yields the defaults, a broken one an error naming file and problem.
Result<Config> load_config(const std::filesystem::path& file);

// $XDG_CONFIG_HOME/byok (or ~/.config/byok), $XDG_DATA_HOME/byok (or ~/.local/share/byok).
std::filesystem::path config_dir();
std::filesystem::path data_dir();
std::filesystem::path default_config_file();

// Splits "provider:model" when the prefix is a known provider (so "ollama:llama3:8b" works and
// "llama3:8b" alone stays a model name).
ModelChoice split_model(const std::string& text, const Config& cfg);

}  // namespace byok::config
