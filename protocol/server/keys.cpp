// byok/keys: list / set / remove / test. `set` takes the key in the request (never argv, never logged) and
// keeps it in memory for this engine process; the encrypted vault (keys issue) will persist it. Listing shows
// where each key comes from and its last four characters, never the key.
#include "protocol/server/handlers.h"

namespace byok::server {

void register_keys(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/keys", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string action = p.one_of("action", {"list", "set", "remove", "test"});
    std::string provider = action == "list" ? "" : p.string("provider");
    std::string name = p.opt_string("name").value_or("default");
    if (p.ok() && !provider.empty() && !s.cfg.knows_provider(provider))
      p.fail("provider", "unknown provider \"" + provider + "\"");
    if (!p.ok()) return reply.error(p.error());

    if (action == "list") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& [slot, found] : s.host_keys->cached())
        list.push_back({{"provider", slot.first}, {"name", slot.second}, {"source", found.source},
                        {"last4", found.key.last4()}});
      keys::EnvKeySource env;
      for (const auto& pname : s.cfg.provider_names()) {
        auto spec = s.cfg.provider(pname);
        if (!spec) continue;
        auto f = env.find(*spec, "default");
        if (f && *f)
          list.push_back({{"provider", pname}, {"name", "default"}, {"source", (*f)->source}, {"last4", (*f)->key.last4()}});
      }
      return reply(nlohmann::json{{"keys", list}});
    }
    if (action == "set") {
      const nlohmann::json* key = p.raw("key");
      if (!key) return reply.error(rpc::param_error("key", "required"));
      if (!key->is_string() || key->get_ref<const std::string&>().empty())
        return reply.error(rpc::param_error("key", "expected a non-empty string"));
      Secret secret(key->get<std::string>());
      std::string last4 = secret.last4();
      s.host_keys->put(provider, name, std::move(secret), "session");
      return reply(nlohmann::json{{"provider", provider}, {"name", name}, {"source", "session"}, {"last4", last4},
                                  {"persisted", false}});
    }
    if (action == "remove") return reply(nlohmann::json{{"removed", s.host_keys->remove(provider, name)}});
    // test: list the provider's models with the key byok would use.
    auto t = s.target("chat", provider + ":");
    if (!t) return reply(nlohmann::json{{"ok", false}, {"error", rpc::error_to_json(rpc::to_rpc_error(t.error()))}});
    auto models = s.engine.models(t->endpoint, cancel, s.call_options());
    if (!models)
      return reply(nlohmann::json{{"ok", false}, {"source", t->key_source},
                                  {"error", rpc::error_to_json(rpc::to_rpc_error(models.error()))}});
    reply(nlohmann::json{{"ok", true}, {"source", t->key_source}, {"models", models->size()}});
  });
}

}  // namespace byok::server
