#include "protocol/server/lsp_server.h"

#include "core/keys/key_input.h"

#include <atomic>

#include "core/util/log.h"
#include "protocol/rpc/dispatcher.h"
#include "protocol/rpc/lsp_transport.h"
#include "protocol/server/handlers.h"
#include "protocol/server/session.h"

namespace byok::server {
namespace {

// The server's lifecycle (LSP "Lifecycle Messages"): requests before initialize get ServerNotInitialized,
// requests after shutdown get InvalidRequest, and exit's code says whether shutdown came first.
struct Lifecycle {
  std::atomic<bool> initialized{false}, shut_down{false}, exited{false};
};

nlohmann::json server_capabilities() {
  return {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", false}}},
      // true rather than {}: Lisp clients (eglot) read an empty object as nil, i.e. "not supported".
      {"inlineCompletionProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"refactor.rewrite", "quickfix"}}}},
      {"executeCommandProvider", {{"commands", {"byok.rewrite", "byok.applyAction", "byok.completionAccepted"}}}},
      {"experimental", {{"byok", {{"protocolVersion", kProtocolVersion},
                                   {"methods", {"byok/chat", "byok/rewrite", "byok/compare", "byok/conversations",
                                                "byok/models", "byok/usage", "byok/keys", "byok/estimate", "byok/actions",
                                                "byok/runAction", "byok/completionFeedback", "byok/compareKeep"}}}}}},
  };
}

void register_lifecycle(rpc::Dispatcher& d, Session& s, Lifecycle& life, const std::string& version) {
  d.set_gate([&life](const std::string& method) -> std::optional<rpc::RpcError> {
    if (method == "exit") return std::nullopt;
    if (!life.initialized && method != "initialize")
      return rpc::RpcError{rpc::code::kServerNotInitialized, method + ": the server is not initialized yet", nullptr};
    if (life.shut_down)
      return rpc::RpcError{rpc::code::kInvalidRequest, method + ": the server is shut down", nullptr};
    return std::nullopt;
  });
  d.ignore_unknown_notifications_with_prefix("$/");

  d.on_request("initialize", rpc::Dispatcher::Run::Inline,
               [&s, &d, &life, version](const nlohmann::json& params, rpc::Reply reply, const CancelToken&) {
    if (life.initialized)
      return reply.error(rpc::RpcError{rpc::code::kInvalidRequest, "initialize: already initialized", nullptr});
    rpc::Params p(params);
    Settings settings;
    if (auto opts = p.opt_object("initializationOptions")) {
      auto parsed = parse_settings(*opts, settings);
      if (!parsed) return reply.error(parsed.error());
      settings = *parsed;
    }
    if (!p.ok()) return reply.error(p.error());
    if (settings.secret_provider) {
      s.host_keys->install([&d](const std::string& provider, const std::string& key_name) -> Result<std::optional<Secret>> {
        auto r = d.call("byok/secret", {{"provider", provider}, {"keyName", key_name}}, std::chrono::seconds(60));
        if (!r) return r.error();
        if (!r->is_object() || !r->contains("key") || (*r)["key"].is_null()) return std::optional<Secret>{};
        if (!(*r)["key"].is_string())
          return Error(ErrorKind::Key, "byok/secret: the host's answer has a key that is not a string", provider);
        // The same checks as `byok keys set`: a pasted key's stray newline or spaces are trimmed, control
        // characters refused (naming where, never the key).
        std::string raw = (*r)["key"].get<std::string>();
        (*r)["key"] = nullptr;
        auto cleaned = keys::clean_key_input(raw);
        secure_wipe(raw);
        if (!cleaned) return Error(ErrorKind::Key, "byok/secret: the host's key: " + cleaned.error().message, provider);
        return std::optional<Secret>{std::move(cleaned->key)};
      });
    }
    s.set_settings(std::move(settings));
    life.initialized = true;
    reply(nlohmann::json{{"capabilities", server_capabilities()},
                         {"serverInfo", {{"name", "byok"}, {"version", version}}},
                         {"byok", {{"engineVersion", version}, {"protocolVersion", kProtocolVersion}}}});
  });
  d.on_notification("initialized", [](const nlohmann::json&) {});
  d.on_request("shutdown", rpc::Dispatcher::Run::Inline,
               [&d, &life](const nlohmann::json&, rpc::Reply reply, const CancelToken&) {
    life.shut_down = true;
    d.cancel_all();
    reply(nlohmann::json(nullptr));
  });
  d.on_notification("exit", [&d, &life](const nlohmann::json&) {
    life.exited = true;
    d.stop();
  });
  d.on_notification("$/cancelRequest", [&d](const nlohmann::json& params) {
    if (params.is_object() && params.contains("id")) d.cancel_request(params["id"]);
  });
  d.on_notification("workspace/didChangeConfiguration", [&s](const nlohmann::json& params) {
    rpc::Params p(params);
    const nlohmann::json* settings = p.raw("settings");
    if (!settings) return;
    // Clients send either our settings object or their whole configuration with ours under "byok".
    std::string path = "settings";
    const nlohmann::json* ours = settings;
    if (settings->is_object() && settings->contains("byok")) {
      ours = &(*settings)["byok"];
      path = "settings.byok";
    }
    if (ours->is_object() && ours->empty()) return;
    auto parsed = parse_settings(rpc::Params(*ours, path), s.settings());
    if (!parsed) {
      log::warn("workspace/didChangeConfiguration: " + parsed.error().message);
      s.notify("window/showMessage", {{"type", 1}, {"message", "byok: " + parsed.error().message}});
      return;
    }
    s.set_settings(*parsed);
  });
}

void register_all(rpc::Dispatcher& d, Session& s, Lifecycle& life, const std::string& version) {
  register_lifecycle(d, s, life, version);
  register_text_sync(d, s);
  register_inline_completion(d, s);
  register_completion_feedback(d, s);
  register_code_actions(d, s);
  register_byok_methods(d, s);
}

// Never read or written: method enumeration registers into a transport that goes nowhere.
class NullTransport final : public rpc::Transport {
 public:
  void notify(std::string_view, const rpc::json&) override {}
  void call(std::string_view, const rpc::json&, const rpc::json&) override {}
  void reply(const rpc::json&, const rpc::Outcome&) override {}
  Status loop(rpc::MessageHandler&) override { return ok_status(); }
  void flush_and_close() override {}
};

}  // namespace

int run_lsp_server(const config::Config& cfg, llm::Engine& engine, const LspServerOptions& opts) {
  rpc::LspTransport transport(opts.in_fd, opts.out_fd, opts.limits);
  Lifecycle life;
  int code = 0;
  {
    rpc::Dispatcher dispatcher(transport);
    Session session(cfg, engine, dispatcher);
    register_all(dispatcher, session, life, opts.engine_version);
    auto st = transport.loop(dispatcher);
    if (!st) {
      log::error("lsp: " + st.error().message);
      code = 2;
    }
    dispatcher.cancel_all();
    dispatcher.join_workers();
  }
  transport.flush_and_close();
  if (code == 0 && life.exited && !life.shut_down) code = 1;
  return code;
}

std::vector<std::pair<std::string, std::string>> lsp_methods() {
  NullTransport t;
  rpc::Dispatcher d(t);
  config::Config cfg;
  http::Pool pool;
  llm::Engine engine(pool);
  Session s(cfg, engine, d);
  Lifecycle life;
  register_all(d, s, life, "");
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& m : d.request_methods()) out.emplace_back(m, "request");
  for (auto& m : d.notification_methods()) out.emplace_back(m, "notification");
  return out;
}

}  // namespace byok::server
