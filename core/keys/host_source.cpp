#include "core/keys/host_source.h"

namespace byok::keys {

void HostKeys::install(HostKeyCallback cb) {
  std::lock_guard lock(mu_);
  cb_ = std::move(cb);
}

void HostKeys::remove() {
  std::lock_guard lock(mu_);
  cb_ = nullptr;
}

bool HostKeys::installed() const {
  std::lock_guard lock(mu_);
  return static_cast<bool>(cb_);
}

Result<std::optional<Secret>> HostKeys::ask(const std::string& provider, const std::string& key_name) const {
  HostKeyCallback cb;
  {
    std::lock_guard lock(mu_);
    cb = cb_;
  }
  // Called outside the lock: the host's answer may take a while and must not block install/remove.
  if (!cb) return std::optional<Secret>{};
  return cb(provider, key_name);
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
