// Where keys come from. A KeyResolver asks its sources in precedence order for a provider's key (by key
// name: "default", "work", …); the first that has one wins. The engine's order (docs/keys.md): host-supplied
// → key command → vault → environment variable. A source that should have a key but fails (a command
// exits 1, the vault is damaged) stops the resolution with its error: never a silent fallback.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/config/provider_spec.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::keys {

struct FoundKey {
  Secret key;
  std::string source;  // "env:OPENAI_API_KEY", "cmd:pass", "vault", "host"
  std::string added;   // when it was stored (vault keys: "2026-05-01T10:00:00Z"); "" when unknown
};

class KeySource {
 public:
  virtual ~KeySource() = default;
  virtual std::string name() const = 0;
  // nullopt: this source has no key for it; Error: it should have one but failed (e.g. command exited 1).
  virtual Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) = 0;
};

// The provider's environment variable (its preset's, or the configured key_env). Only for the provider's
// default key name: other named keys live in the vault or come from the host.
class EnvKeySource final : public KeySource {
 public:
  std::string name() const override { return "env"; }
  Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) override;
};

class KeyResolver {
 public:
  void add(std::unique_ptr<KeySource> s) { sources_.push_back(std::move(s)); }
  // `key_name` empty: the provider's default key name (its configured key_name, else "default").
  Result<std::optional<FoundKey>> resolve(const config::ProviderSpec& spec, const std::string& key_name = "");
  const std::vector<std::unique_ptr<KeySource>>& sources() const { return sources_; }

 private:
  std::vector<std::unique_ptr<KeySource>> sources_;
};

// Every environment variable that may hold a key (preset key_env names); scrubbed from child processes.
std::vector<std::string> key_env_names();
// The same plus every key_env the user's config names (custom providers): the scrub list for children.
std::vector<std::string> key_env_names(const config::Config& cfg);

}  // namespace byok::keys
