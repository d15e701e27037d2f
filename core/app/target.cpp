#include "core/app/target.h"

namespace byok::app {

Result<Target> resolve_target(const config::Config& cfg, const Selection& sel, keys::KeyResolver& keys) {
  Target t;
  std::string provider = sel.provider, model = sel.model;
  if (!model.empty()) {
    auto mc = config::split_model(model, cfg);
    if (!mc.provider.empty()) {
      if (!provider.empty() && provider != mc.provider)
        return Error(ErrorKind::Config, "--provider " + provider + " conflicts with --model " + model);
      provider = mc.provider;
    }
    model = mc.model;
  }
  t.explicit_choice = !provider.empty();
  if (provider.empty() && !sel.feature.empty()) {
    if (auto it = cfg.features.find(sel.feature); it != cfg.features.end() && !it->second.provider.empty()) {
      provider = it->second.provider;
      if (model.empty()) model = it->second.model;
      t.explicit_choice = true;
    }
  }
  if (provider.empty() && !cfg.default_choice.provider.empty()) {
    provider = cfg.default_choice.provider;
    if (model.empty()) model = cfg.default_choice.model;
    t.explicit_choice = true;
  }
  if (provider.empty()) provider = "openai";
  auto spec = cfg.provider(provider);
  if (!spec) return spec.error();
  if (!sel.base_url.empty()) {
    auto url = http::Url::parse(sel.base_url);
    if (!url) return Error(ErrorKind::Config, "--base-url: " + url.error().message);
    spec->base_url = *url;
    // The user named this URL on the command line: a project file's base_url no longer applies to it.
    if (auto& o = spec->untrusted_override) {
      std::erase(o->fields, std::string("base_url"));
      if (o->fields.empty()) o.reset();
    }
  }
  if (!sel.ca_file.empty()) {
    spec->ca_file = sel.ca_file;
    if (auto& o = spec->untrusted_override) {
      std::erase(o->fields, std::string("ca_file"));
      if (o->fields.empty()) o.reset();
    }
  }
  if (model.empty()) model = spec->default_model;
  auto found = keys.resolve(*spec, sel.key_name);
  if (!found) {
    auto e = found.error();
    if (e.provider.empty()) e.provider = provider;
    return e;
  }
  if (*found) {
    t.endpoint.key = std::move((*found)->key);
    t.key_source = (*found)->source;
  }
  t.endpoint.spec = std::move(*spec);
  t.model = model;
  return t;
}

}  // namespace byok::app
