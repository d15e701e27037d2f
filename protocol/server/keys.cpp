// byok/keys: list / set / remove / test over the same encrypted vault as `byok keys`. `set` takes the key in
// the request (never argv, never logged) and stores it in the vault at once. Listing shows where each key
// comes from, its last four characters and the date it was stored, never the key.
#include "core/keys/key_input.h"
#include "protocol/server/handlers.h"

namespace byok::server {

void register_keys(rpc::Dispatcher& d, Session& s) {
  d.on_request("byok/keys", rpc::Dispatcher::Run::Worker,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string action = p.one_of("action", {"list", "set", "remove", "test"});
    std::string provider = action == "list" ? "" : p.string("provider");
    auto given_name = p.opt_string("name");
    if (p.ok() && !provider.empty() && !s.cfg.knows_provider(provider))
      p.fail("provider", "unknown provider \"" + provider + "\"");
    if (!p.ok()) return reply.error(p.error());
    // Without a name: the provider's configured key_name (docs/keys.md), else "default".
    std::string name = given_name.value_or("default");
    if (!given_name && !provider.empty())
      if (auto spec = s.cfg.provider(provider)) name = spec->default_key_name();
    if (given_name && !keys::is_valid_key_name(name))
      return reply.error(rpc::param_error("name", "\"" + name + "\" is not a key name: " + std::string(keys::kKeyNameRule)));

    if (action == "list") {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& [slot, key] : s.host_keys->answered())
        list.push_back({{"provider", slot.first}, {"name", slot.second}, {"source", "host"}, {"last4", key.last4()}});
      {
        auto held = s.vault->hold();
        if (s.vault->file_exists()) {
          auto v = s.vault->get();
          if (!v) return reply.error(rpc::to_rpc_error(v.error()));
          for (const auto& e : (*v)->entries())
            list.push_back({{"provider", e.provider}, {"name", e.name}, {"source", "vault"},
                            {"last4", e.key.last4()}, {"added", e.added}});
        }
      }
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
      std::string raw = key->get<std::string>();
      auto cleaned = keys::clean_key_input(raw);
      secure_wipe(raw);
      if (!cleaned) return reply.error(rpc::param_error("key", cleaned.error().message));
      Secret secret = std::move(cleaned->key);
      std::string last4 = secret.last4();
      auto held = s.vault->hold();
      auto v = s.vault->get();
      if (!v) return reply.error(rpc::to_rpc_error(v.error()));
      (*v)->put(provider, name, std::move(secret));
      if (auto saved = s.vault->save(); !saved) {
        (*v)->remove(provider, name);  // what is in memory matches what is on disk
        return reply.error(rpc::to_rpc_error(saved.error()));
      }
      return reply(nlohmann::json{{"provider", provider}, {"name", name}, {"source", "vault"}, {"last4", last4},
                                  {"persisted", true}, {"trimmed", cleaned->trimmed}});
    }
    if (action == "remove") {
      auto held = s.vault->hold();
      if (!s.vault->file_exists()) return reply(nlohmann::json{{"removed", false}});
      auto v = s.vault->get();
      if (!v) return reply.error(rpc::to_rpc_error(v.error()));
      if (!(*v)->remove(provider, name)) return reply(nlohmann::json{{"removed", false}});
      if (auto saved = s.vault->save(); !saved) return reply.error(rpc::to_rpc_error(saved.error()));
      return reply(nlohmann::json{{"removed", true}});
    }
    // test: list the provider's models with the key byok would use.
    auto t = s.target("chat", provider + ":", name);
    if (!t) return reply(nlohmann::json{{"ok", false}, {"error", rpc::error_to_json(rpc::to_rpc_error(t.error()))}});
    auto models = s.engine.models(t->endpoint, cancel, s.call_options());
    if (!models)
      return reply(nlohmann::json{{"ok", false}, {"source", t->key_source},
                                  {"error", rpc::error_to_json(rpc::to_rpc_error(models.error()))}});
    reply(nlohmann::json{{"ok", true}, {"source", t->key_source}, {"models", models->size()}});
  });
}

}  // namespace byok::server
