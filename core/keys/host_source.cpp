#include "core/keys/host_source.h"

namespace byok::keys {

void HostKeys::install(HostKeyCallback cb) {
  std::lock_guard lock(mu_);
  cb_ = std::move(cb);
  answers_.clear();
}

void HostKeys::remove() {
  std::lock_guard lock(mu_);
  cb_ = nullptr;
  answers_.clear();
}

bool HostKeys::installed() const {
  std::lock_guard lock(mu_);
  return static_cast<bool>(cb_);
}

Result<std::optional<Secret>> HostKeys::ask(const std::string& provider, const std::string& key_name) const {
  HostKeyCallback cb;
  {
    std::lock_guard lock(mu_);
    if (auto it = answers_.find({provider, key_name}); it != answers_.end()) return it->second;
    cb = cb_;
  }
  // Called outside the lock: the host's answer may take a while and must not block install/remove.
  if (!cb) return std::optional<Secret>{};
  auto r = cb(provider, key_name);
  if (!r) return r;  // a failed ask is not an answer: ask again next time
  std::lock_guard lock(mu_);
  if (*r && (*r)->empty()) *r = std::nullopt;
  answers_[{provider, key_name}] = *r;
  return r;
}

std::vector<std::pair<std::pair<std::string, std::string>, Secret>> HostKeys::answered() const {
  std::lock_guard lock(mu_);
  std::vector<std::pair<Slot, Secret>> out;
  for (const auto& [slot, key] : answers_)
    if (key) out.emplace_back(slot, *key);
  return out;
}

Result<std::optional<FoundKey>> HostKeySource::find(const config::ProviderSpec& spec, const std::string& key_name) {
  auto r = slot_->ask(spec.name, key_name);
  if (!r) {
    Error e = r.error();
    if (e.provider.empty()) e.provider = spec.name;
    e.message = "the editor could not supply the key: " + e.message;
    return e;
  }
  if (!*r || (*r)->empty()) return std::optional<FoundKey>{};
  return std::optional<FoundKey>{FoundKey{std::move(**r), "host", ""}};
}

}  // namespace byok::keys
