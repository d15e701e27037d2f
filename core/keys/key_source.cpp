#include "core/keys/key_source.h"

#include <cstdlib>

#include "core/config/presets.h"

namespace byok::keys {

Result<std::optional<FoundKey>> EnvKeySource::find(const config::ProviderSpec& spec, const std::string& key_name) {
  if (key_name != spec.default_key_name() || spec.key_env.empty()) return std::optional<FoundKey>{};
  const char* v = std::getenv(spec.key_env.c_str());
  if (!v || !*v) return std::optional<FoundKey>{};
  return std::optional<FoundKey>{FoundKey{Secret(v), "env:" + spec.key_env, ""}};
}

Result<std::optional<FoundKey>> KeyResolver::resolve(const config::ProviderSpec& spec, const std::string& key_name) {
  const std::string name = key_name.empty() ? spec.default_key_name() : key_name;
  for (auto& s : sources_) {
    auto r = s->find(spec, name);
    if (!r) return r.error();
    if (*r) return r;
  }
  return std::optional<FoundKey>{};
}

std::vector<std::string> key_env_names() {
  std::vector<std::string> out;
  for (auto& [name, p] : config::builtin_presets().items())
    if (p.contains("key_env")) out.push_back(p["key_env"]);
  out.push_back("BYOK_PASSPHRASE");
  out.push_back("BYOK_PASSPHRASE_CMD");
  return out;
}

std::vector<std::string> key_env_names(const config::Config& cfg) {
  auto out = key_env_names();
  for (const auto& name : cfg.provider_names())
    if (auto spec = cfg.provider(name); spec && !spec->key_env.empty()) out.push_back(spec->key_env);
  return out;
}

}  // namespace byok::keys
