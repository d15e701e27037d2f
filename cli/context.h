// What every subcommand shares: the loaded config, the key resolver, one HTTP pool (so connections are
// reused within a process) and the engine on top of it.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "core/config/config.h"
#include "core/http/http.h"
#include "core/keys/key_source.h"
#include "core/llm/engine.h"

namespace byok::cli {

// Exit codes: documented in README ("Exit status").
enum Exit : int { kOk = 0, kProviderError = 1, kUsage = 2, kNoKey = 3, kCancelled = 130 };

struct Context {
  std::string config_path;  // --config; default $XDG_CONFIG_HOME/byok/config.json
  std::string log_level;
  config::Config cfg;
  keys::KeyResolver keys;
  http::Pool pool;
  std::unique_ptr<llm::Engine> engine;

  // Loads config and sets up keys; prints the error and returns false on failure.
  bool init();
};

void print_error(const Error& e);  // "byok: <provider>: <status> <message>" on stderr
std::string read_all_stdin();

void register_ask(CLI::App& app, Context& ctx);
void register_models(CLI::App& app, Context& ctx);
void register_providers(CLI::App& app, Context& ctx);
void register_doctor(CLI::App& app, Context& ctx);
void register_lsp(CLI::App& app, Context& ctx);
void register_nvim(CLI::App& app, Context& ctx);

}  // namespace byok::cli
