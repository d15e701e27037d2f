// Keys a host hands over on demand (VS Code SecretStorage, a Neovim plugin's own store) and keys a host sets
// for this session only (`byok/keys set` before the vault exists). The protocol layer supplies `ask`, which
// performs a server→client `byok/secret` request; core never knows how the host is reached.
// Keys live in memory only: Secret wipes them when they are replaced, removed or the process ends.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/keys/key_source.h"

namespace byok::keys {

class HostKeySource final : public KeySource {
 public:
  // Asks the host for a provider's key; nullopt when the host has none. Called without the lock held, on a
  // worker thread (it blocks until the host answers).
  using Ask = std::function<Result<std::optional<Secret>>(const std::string& provider, const std::string& key_name)>;

  std::string name() const override { return "host"; }
  Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) override;

  void set_ask(Ask ask);            // empty: never ask (the host did not offer secrets)
  void put(const std::string& provider, const std::string& key_name, Secret key, std::string source);
  bool remove(const std::string& provider, const std::string& key_name);
  // What is held now, without asking the host: (provider, key name) → found key.
  std::vector<std::pair<std::pair<std::string, std::string>, FoundKey>> cached() const;

 private:
  mutable std::mutex mu_;
  Ask ask_;
  std::map<std::pair<std::string, std::string>, FoundKey> cache_;
  std::map<std::pair<std::string, std::string>, bool> host_said_none_;  // don't ask again for a missing key
};

}  // namespace byok::keys
