// A provider as byok uses it: a preset (built-in data) merged with the user's config. Everything needed to
// build a request except the key itself.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/http/url.h"

namespace byok::config {

enum class AuthStyle { None, Bearer, BearerOptional, XApiKey, GoogApiKey, AzureApiKey };
const char* to_string(AuthStyle a);

struct EndpointSpec {
  std::string wire;  // "openai-chat", "anthropic", "gemini", "ollama-chat", "openai-completions", …
  std::string path;  // appended to base_url; may contain {model} and {api_version}
  bool present() const { return !wire.empty(); }
};

struct ModelInfo {
  int64_t context = 0;                  // tokens; 0 = unknown
  std::optional<double> input_per_mtok;  // USD per million input tokens
  std::optional<double> output_per_mtok;
  bool fim = false;
  std::string max_tokens_field;  // "max_completion_tokens" for a model that needs it; empty = the provider's
};

// o1, o3, o4, gpt-5 and their variants (optionally behind a "vendor/" prefix): OpenAI reasoning models,
// which take `max_completion_tokens` instead of `max_tokens`.
bool is_openai_reasoning_model(const std::string& model);

struct ProviderSpec {
  std::string name;    // what the user calls it: "openai", "work-vllm"
  std::string preset;  // the preset it derives from
  http::Url base_url;
  AuthStyle auth = AuthStyle::Bearer;
  std::string key_env;
  std::vector<std::string> key_cmd;
  std::string key_name;  // which named key is this provider's default ("" = "default"); see docs/keys.md
  std::map<std::string, std::string> headers;
  EndpointSpec chat, fim, models_list;
  std::string api_version;
  std::string max_tokens_field = "max_tokens";
  int default_max_tokens = 0;  // sent when the request names none and the API requires one
  std::string default_model;
  bool local = false;       // a server on the user's machine: no key needed
  bool allow_http = false;  // plain http:// to a non-loopback host
  std::string ca_file;
  std::string proxy;
  std::map<std::string, ModelInfo> models;
  // Set when a project file (.byok.json) the user has not trusted changed where this provider's requests
  // go. The request builder then refuses to attach a key (host pinning, docs/keys.md).
  struct UntrustedOverride {
    std::string file;                 // the project file
    std::vector<std::string> fields;  // "base_url", "proxy", "ca_file"
  };
  std::optional<UntrustedOverride> untrusted_override;

  std::string default_key_name() const { return key_name.empty() ? "default" : key_name; }
  bool needs_key() const { return auth != AuthStyle::None && auth != AuthStyle::BearerOptional; }
  std::optional<ModelInfo> model_info(const std::string& model) const;
  // The body field for the answer's token limit: the model entry's choice, else "max_completion_tokens" for an
  // OpenAI reasoning model on Azure, else the provider's max_tokens_field (token_field.cpp).
  std::string max_tokens_field_for(const std::string& model) const;
};

}  // namespace byok::config
