// What every subcommand shares: the loaded config, the key resolver, one HTTP pool (so connections are
// reused within a process) and the engine on top of it.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/config/config.h"
#include "core/config/project_config.h"
#include "core/http/http.h"
#include "core/keys/host_source.h"
#include "core/keys/key_source.h"
#include "core/keys/vault.h"
#include "core/llm/engine.h"

namespace byok::cli {

// Exit codes: documented in README ("Exit status").
enum Exit : int { kOk = 0, kProviderError = 1, kUsage = 2, kNoKey = 3, kCancelled = 130 };

struct Context {
  std::string config_path;  // --config; default $XDG_CONFIG_HOME/byok/config.json
  std::string log_level;
  config::Config cfg;
  std::optional<config::ProjectConfig> project;  // .byok.json above the working directory, if any
  keys::KeyResolver keys;  // host → key_cmd → vault → environment (docs/keys.md)
  std::shared_ptr<keys::HostKeys> host_keys = std::make_shared<keys::HostKeys>();  // filled by `byok lsp`
  std::shared_ptr<keys::VaultAccess> vault;
  http::Pool pool;
  std::unique_ptr<llm::Engine> engine;

  // Loads config (plus the project config unless `with_project` is false) and sets up keys; prints the
  // error and returns false on failure. Runs once; later calls return the first answer.
  bool init(bool with_project = true);
  // Why init failed (already printed on stderr), for commands that also report errors as JSON.
  const std::optional<Error>& init_error() const { return init_error_; }

 private:
  std::optional<bool> initialized_;
  std::optional<Error> init_error_;
};

void print_error(const Error& e);  // "byok: <provider>: <status> <message>" on stderr
std::string read_all_stdin();

void register_ask(CLI::App& app, Context& ctx);
void register_models(CLI::App& app, Context& ctx);
void register_providers(CLI::App& app, Context& ctx);
void register_doctor(CLI::App& app, Context& ctx);
void register_keys(CLI::App& app, Context& ctx);
void register_trust(CLI::App& app, Context& ctx);
void register_chat(CLI::App& app, Context& ctx);
void register_compare(CLI::App& app, Context& ctx);
void register_history(CLI::App& app, Context& ctx);
void register_usage(CLI::App& app, Context& ctx);
void register_lsp(CLI::App& app, Context& ctx);
void register_nvim(CLI::App& app, Context& ctx);
void register_actions(CLI::App& app, Context& ctx);  // `actions list` and `run`

}  // namespace byok::cli
