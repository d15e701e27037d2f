// What one editor connection shares, whichever protocol it speaks (LSP or Neovim msgpack-rpc): config,
// keys, the engine, open documents, settings, conversations and usage. Handlers get a Session and the
// Dispatcher; they never see which transport is underneath.
#pragma once

#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/app/target.h"
#include "core/chat/chat_service.h"
#include "core/config/config.h"
#include "core/keys/host_source.h"
#include "core/keys/vault.h"
#include "core/llm/engine.h"
#include "core/store/store.h"
#include "protocol/documents/document_store.h"
#include "protocol/server/neighbours.h"
#include "protocol/rpc/dispatcher.h"
#include "protocol/server/settings.h"

namespace byok::server {

inline constexpr const char* kProtocolVersion = "1.0";

class CompletionService;

// The engine's working directory (the project root for context rules); empty if it is gone.
inline std::filesystem::path working_directory() {
  std::error_code ec;
  auto p = std::filesystem::current_path(ec);
  return ec ? std::filesystem::path() : p;
}

class Session {
 public:
  // `host` is what usage rows record as the sender: "lsp" or "nvim".
  Session(const config::Config& cfg, llm::Engine& engine, rpc::Dispatcher& dispatcher, std::string host = "lsp");
  ~Session();

  const config::Config& cfg;
  llm::Engine& engine;
  rpc::Dispatcher& rpc;
  // The same sources, in the same order, as the CLI (cli/context.cpp, docs/keys.md):
  // host (byok/secret) → key_cmd → vault ($XDG_DATA_HOME/byok/keys.vault) → environment.
  std::shared_ptr<keys::HostKeys> host_keys = std::make_shared<keys::HostKeys>();
  std::shared_ptr<keys::VaultAccess> vault;
  mutable keys::KeyResolver keys;
  docs::DocumentStore documents;
  // Which open documents may lend neighbour snippets to completions (vetted once each, after didOpen).
  NeighbourIndex neighbours{working_directory()};

  const std::string host;

  // The shared database (config::data_dir()/byok.db, the same as the CLI's) and the chat service over it,
  // opened on first use; the error (bad budgets in config, unreadable database) is remembered and returned
  // to every request that needs them. Every provider request goes through its MeteredEngine.
  Result<chat::ChatService*> services();

  Settings settings() const;
  void set_settings(Settings s);

  // Sends a notification to the host. LSP sends it as is; Neovim wraps it into a Lua call (see nvim/).
  void notify(std::string_view method, const nlohmann::json& params) const { notify_(method, params); }
  void set_notifier(std::function<void(std::string_view, const nlohmann::json&)> fn) { notify_ = std::move(fn); }

  // Provider, model and key for a feature: `model` from the request ("provider:model" or a model name),
  // else the feature's settings, else the top-level settings, else config.json. A provider that needs a
  // key and has none is an error saying where a key can come from.
  // `key_name`: which of the provider's named keys (a request's keyName); empty: the feature's keyName
  // setting, then the top-level one, then the provider's configured key_name, then "default".
  Result<app::Target> target(const std::string& feature, const std::string& model = {},
                             const std::string& key_name = {}) const;
  // The key name a request for `feature` uses: `requested`, else the settings' (feature, then top level);
  // empty means the provider's own default.
  std::string key_name_for(const std::string& feature, const std::string& requested = {}) const;
  llm::CallOptions call_options() const { return llm::CallOptions::from(cfg); }

  // Inline completion through core/completion's engine (one per target, kept for the connection).
  CompletionService& completions() { return *completions_; }

 private:
  mutable std::mutex mu_;
  Settings settings_;
  std::mutex services_mu_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<chat::ChatService> chat_;
  std::optional<Error> services_error_;
  std::function<void(std::string_view, const nlohmann::json&)> notify_;
  // Last: destroyed first, so engines stop (and their callbacks end) while everything above still stands.
  std::unique_ptr<CompletionService> completions_;
};

// "provider:model" as shown to users.
std::string model_label(const app::Target& t);

}  // namespace byok::server
