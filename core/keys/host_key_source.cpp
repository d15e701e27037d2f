#include "core/keys/host_key_source.h"

namespace byok::keys {

Result<std::optional<FoundKey>> HostKeySource::find(const config::ProviderSpec& spec, const std::string& key_name) {
  const auto slot = std::make_pair(spec.name, key_name);
  Ask ask;
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(slot); it != cache_.end()) return std::optional<FoundKey>{it->second};
    if (!ask_ || host_said_none_.count(slot)) return std::optional<FoundKey>{};
    ask = ask_;
  }
  auto answer = ask(spec.name, key_name);
  if (!answer) {
    auto e = answer.error();
    if (e.provider.empty()) e.provider = spec.name;
    return e;
  }
  std::lock_guard lock(mu_);
  if (!*answer || (*answer)->empty()) {
    host_said_none_[slot] = true;
    return std::optional<FoundKey>{};
  }
  FoundKey found{std::move(**answer), "host"};
  cache_[slot] = found;
  return std::optional<FoundKey>{std::move(found)};
}

void HostKeySource::set_ask(Ask ask) {
  std::lock_guard lock(mu_);
  ask_ = std::move(ask);
  host_said_none_.clear();
}

void HostKeySource::put(const std::string& provider, const std::string& key_name, Secret key, std::string source) {
  std::lock_guard lock(mu_);
  cache_[{provider, key_name}] = FoundKey{std::move(key), std::move(source)};
  host_said_none_.erase({provider, key_name});
}

bool HostKeySource::remove(const std::string& provider, const std::string& key_name) {
  std::lock_guard lock(mu_);
  return cache_.erase({provider, key_name}) > 0;
}

std::vector<std::pair<std::pair<std::string, std::string>, FoundKey>> HostKeySource::cached() const {
  std::lock_guard lock(mu_);
  return {cache_.begin(), cache_.end()};
}

}  // namespace byok::keys
