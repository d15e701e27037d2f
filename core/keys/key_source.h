// Where keys come from. A KeyResolver asks its sources in precedence order for a provider's key (by key
// name: "default", "work", …); the first that has one wins. Sources: environment, key command, vault,
// host-supplied (see the keys issue for the full list and precedence).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config/provider_spec.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::keys {

struct FoundKey {
  Secret key;
  std::string source;  // "env:OPENAI_API_KEY", "cmd:pass", "vault", "host"
};

class KeySource {
 public:
  virtual ~KeySource() = default;
  virtual std::string name() const = 0;
  // nullopt: this source has no key for it; Error: it should have one but failed (e.g. command exited 1).
  virtual Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) = 0;
};

// The provider's environment variable (its preset's, or the configured key_env). Only for the default key
// name: named keys live in the vault or come from commands.
class EnvKeySource final : public KeySource {
 public:
  std::string name() const override { return "env"; }
  Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) override;
};

class KeyResolver {
 public:
  void add(std::unique_ptr<KeySource> s) { sources_.push_back(std::move(s)); }
  Result<std::optional<FoundKey>> resolve(const config::ProviderSpec& spec, const std::string& key_name = "default");
  const std::vector<std::unique_ptr<KeySource>>& sources() const { return sources_; }

 private:
  std::vector<std::unique_ptr<KeySource>> sources_;
};

// Every environment variable that may hold a key (preset key_env names); scrubbed from child processes.
std::vector<std::string> key_env_names();

}  // namespace byok::keys
