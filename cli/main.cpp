// byok: the engine binary. CLI subcommands for people and scripts; `byok lsp` / `byok nvim` for editors.
#include <sys/prctl.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>

#include "cli/context.h"
#include "core/util/log.h"

namespace {
// Keys live in this process's memory: no core dumps, no ptrace by other users' tools. A failure is not
// fatal (a sandbox may forbid prctl), but the user is told that the protection is missing.
void harden_process() {
  if (::prctl(PR_SET_DUMPABLE, 0) != 0)
    byok::log::warn(std::string("could not make the process non-dumpable (prctl PR_SET_DUMPABLE): ") + std::strerror(errno) +
                    "; keys in memory are less protected");
  rlimit none{0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0)
    byok::log::warn(std::string("could not disable core dumps (setrlimit RLIMIT_CORE): ") + std::strerror(errno) +
                    "; a crash could write keys to disk");
  std::signal(SIGPIPE, SIG_IGN);
}
}  // namespace

int main(int argc, char** argv) {
  harden_process();
  byok::cli::Context ctx;
  CLI::App app{"byok — bring your own key AI assistant engine"};
  app.set_version_flag("--version", BYOK_VERSION);
  app.require_subcommand(1);
  app.add_option("--config", ctx.config_path, "Config file (default $XDG_CONFIG_HOME/byok/config.json)");
  app.add_option("--log-level", ctx.log_level, "debug, info, warn, error, off")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}));
  byok::cli::register_ask(app, ctx);
  byok::cli::register_models(app, ctx);
  byok::cli::register_providers(app, ctx);
  byok::cli::register_doctor(app, ctx);
  byok::cli::register_keys(app, ctx);
  byok::cli::register_trust(app, ctx);
  byok::cli::register_chat(app, ctx);
  byok::cli::register_compare(app, ctx);
  byok::cli::register_history(app, ctx);
  byok::cli::register_usage(app, ctx);
  byok::cli::register_lsp(app, ctx);
  byok::cli::register_nvim(app, ctx);
  byok::cli::register_actions(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);  // prints help/version, or the usage error
    return rc == 0 ? 0 : byok::cli::kUsage;
  }
  return 0;
}
