// Keys kept by the host editor (VS Code's SecretStorage): the engine asks the host over the protocol
// (`byok/secret`) when it needs one. This file knows nothing of the protocol: the protocol layer installs
// a callback on the shared HostKeys slot when a host says it keeps secrets, and removes it on shutdown.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/keys/key_source.h"

namespace byok::keys {

// Answers "the key for (provider, key name)": nullopt when the host has none, an Error when asking failed.
using HostKeyCallback =
    std::function<Result<std::optional<Secret>>(const std::string& provider, const std::string& key_name)>;

// The slot the protocol layer fills. Thread-safe; shared by the HostKeySource and whoever installs.
// The host's answers (a key, or "I have none") are remembered until the next install/remove, so an editor
// is asked once per (provider, key name) and not on every request.
class HostKeys {
 public:
  void install(HostKeyCallback cb);
  void remove();
  bool installed() const;
  Result<std::optional<Secret>> ask(const std::string& provider, const std::string& key_name) const;
  // Keys the host has handed over so far: (provider, key name) → key. Never asks.
  std::vector<std::pair<std::pair<std::string, std::string>, Secret>> answered() const;

 private:
  using Slot = std::pair<std::string, std::string>;
  mutable std::mutex mu_;
  HostKeyCallback cb_;
  mutable std::map<Slot, std::optional<Secret>> answers_;  // nullopt: the host said it has none
};

class HostKeySource final : public KeySource {
 public:
  explicit HostKeySource(std::shared_ptr<HostKeys> slot) : slot_(std::move(slot)) {}
  std::string name() const override { return "host"; }
  Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) override;

 private:
  std::shared_ptr<HostKeys> slot_;
};

}  // namespace byok::keys
