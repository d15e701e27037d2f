// byok/models: with a provider, its live model list (merged with what the presets know: context window,
// prices, FIM); without one, the models every configured provider's preset knows (no network).
#include "protocol/server/handlers.h"

namespace byok::server {
namespace {

nlohmann::json model_json(const std::string& provider, const std::string& id, const config::ProviderSpec& spec,
                          int64_t live_context) {
  nlohmann::json m = {{"id", id}, {"provider", provider}, {"label", provider + ":" + id}};
  auto info = spec.model_info(id);
  int64_t context = live_context ? live_context : info ? info->context : 0;
  m["context"] = context ? nlohmann::json(context) : nlohmann::json();
  m["inputPerMtok"] = info && info->input_per_mtok ? nlohmann::json(*info->input_per_mtok) : nlohmann::json();
  m["outputPerMtok"] = info && info->output_per_mtok ? nlohmann::json(*info->output_per_mtok) : nlohmann::json();
  m["fim"] = info ? info->fim : false;
  return m;
}

}  // namespace

void register_models(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/models", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    auto provider = p.opt_string("provider");
    if (p.ok() && provider && !s.cfg.knows_provider(*provider)) p.fail("provider", "unknown provider \"" + *provider + "\"");
    if (!p.ok()) return reply.error(p.error());
    nlohmann::json list = nlohmann::json::array();
    if (!provider) {
      for (const auto& name : s.cfg.provider_names()) {
        auto spec = s.cfg.provider(name);
        if (!spec) continue;
        for (const auto& [id, _] : spec->models) list.push_back(model_json(name, id, *spec, 0));
      }
      return reply(nlohmann::json{{"models", list}, {"source", "presets"}});
    }
    auto t = s.target("chat", *provider + ":");
    if (!t) return reply.error(t.error());
    auto live = s.engine.models(t->endpoint, cancel, s.call_options());
    if (!live) return reply.error(live.error());
    for (const auto& m : *live) list.push_back(model_json(*provider, m.id, t->endpoint.spec, m.context));
    reply(nlohmann::json{{"models", list}, {"source", "live"}});
  });
}

}  // namespace byok::server
