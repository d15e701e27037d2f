#include "protocol/server/session.h"

namespace byok::server {

Session::Session(const config::Config& c, llm::Engine& e, rpc::Dispatcher& d) : cfg(c), engine(e), rpc(d) {
  auto host = std::make_unique<keys::HostKeySource>();
  host_keys = host.get();
  keys.add(std::move(host));
  keys.add(std::make_unique<keys::EnvKeySource>());
  notify_ = [this](std::string_view m, const nlohmann::json& p) { rpc.notify(m, p); };
}

Settings Session::settings() const {
  std::lock_guard lock(mu_);
  return settings_;
}

void Session::set_settings(Settings s) {
  std::lock_guard lock(mu_);
  settings_ = std::move(s);
}

Result<app::Target> Session::target(const std::string& feature, const std::string& model) const {
  Settings s = settings();
  app::Selection sel;
  sel.feature = feature;
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
    std::string where = spec.key_env.empty() ? "" : "set " + spec.key_env + ", ";
    return Error(ErrorKind::Key,
                 "no API key (" + where + "send byok/keys {action: \"set\"}, or let the host supply it via byok/secret)",
                 spec.name);
  }
  return t;
}

std::string model_label(const app::Target& t) { return t.endpoint.spec.name + ":" + t.model; }

}  // namespace byok::server
