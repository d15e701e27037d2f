#include "protocol/server/session.h"

#include "core/keys/command_source.h"
#include "protocol/server/completion_service.h"

namespace byok::server {

Session::Session(const config::Config& c, llm::Engine& e, rpc::Dispatcher& d, std::string host_name)
    : cfg(c), engine(e), rpc(d), host(std::move(host_name)) {
  const auto scrub = keys::key_env_names(cfg);
  keys::SystemVaultKeyOptions vault_keys;
  vault_keys.vault_file = keys::default_vault_file();
  vault_keys.allow_prompt = false;  // stdin is the protocol, never a terminal to ask on
  vault_keys.scrub_env = scrub;
  vault = std::make_shared<keys::VaultAccess>(vault_keys.vault_file, std::make_unique<keys::SystemVaultKeys>(vault_keys));
  keys.add(std::make_unique<keys::HostKeySource>(host_keys));
  keys.add(std::make_unique<keys::CommandKeySource>(keys::SecretCommandOptions{scrub}));
  keys.add(std::make_unique<keys::VaultKeySource>(vault));
  keys.add(std::make_unique<keys::EnvKeySource>());
  notify_ = [this](std::string_view m, const nlohmann::json& p) { rpc.notify(m, p); };
  completions_ = std::make_unique<CompletionService>(*this);
}

Session::~Session() = default;

Result<chat::ChatService*> Session::services() {
  std::lock_guard lock(services_mu_);
  if (chat_) return chat_.get();
  if (services_error_) return *services_error_;
  auto opened = store::Store::open(store::Store::default_path());
  if (!opened) {
    services_error_ = opened.error();
    return opened.error();
  }
  chat::ChatServiceOptions opts;
  opts.host = host;
  auto svc = chat::ChatService::create(cfg, keys, engine, **opened, opts);
  if (!svc) {
    services_error_ = svc.error();
    return svc.error();
  }
  store_ = std::move(*opened);
  chat_ = std::move(*svc);
  return chat_.get();
}

Settings Session::settings() const {
  std::lock_guard lock(mu_);
  return settings_;
}

void Session::set_settings(Settings s) {
  std::lock_guard lock(mu_);
  settings_ = std::move(s);
}

std::string Session::key_name_for(const std::string& feature, const std::string& requested) const {
  if (!requested.empty()) return requested;
  Settings s = settings();
  auto it = s.features.find(feature);
  return it != s.features.end() && !it->second.key_name.empty() ? it->second.key_name : s.general.key_name;
}

Result<app::Target> Session::target(const std::string& feature, const std::string& model,
                                    const std::string& key_name) const {
  Settings s = settings();
  app::Selection sel;
  sel.feature = feature;
  sel.key_name = key_name_for(feature, key_name);
  if (!model.empty()) {
    sel.model = model;
  } else {
    const FeatureSettings* f = nullptr;
    if (auto it = s.features.find(feature); it != s.features.end() &&
                                            (!it->second.provider.empty() || !it->second.model.empty()))
      f = &it->second;
    else if (!s.general.provider.empty() || !s.general.model.empty())
      f = &s.general;
    if (f) {
      sel.provider = f->provider;
      sel.model = f->model;
      sel.base_url = s.base_url;
    }
  }
  // Safe from any worker: the sources are fixed at construction and each guards its own state.
  auto t = app::resolve_target(cfg, sel, keys);
  if (!t) return t;
  const auto& spec = t->endpoint.spec;
  if (spec.needs_key() && t->endpoint.key.empty()) {
    if (!sel.key_name.empty() && sel.key_name != spec.default_key_name())
      return Error(ErrorKind::Key,
                   "no API key named \"" + sel.key_name + "\" (send byok/keys {action: \"set\", name: \"" + sel.key_name +
                       "\"}, or let the host supply it via byok/secret)",
                   spec.name);
    std::string where = spec.key_env.empty() ? "" : "set " + spec.key_env + ", ";
    return Error(ErrorKind::Key,
                 "no API key (" + where + "send byok/keys {action: \"set\"}, or let the host supply it via byok/secret)",
                 spec.name);
  }
  return t;
}

std::string model_label(const app::Target& t) { return t.endpoint.spec.name + ":" + t.model; }

}  // namespace byok::server
