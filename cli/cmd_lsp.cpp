// `byok lsp`: the engine as a Language Server over stdio (VS Code, Neovim's LSP client, Helix, Emacs eglot,
// Zed, Sublime LSP). stdout carries only protocol messages; logs go to stderr or --log-file.
#include <iostream>

#include "cli/context.h"
#include "core/util/log.h"
#include "protocol/server/lsp_server.h"

namespace byok::cli {
namespace {

struct LspOptions {
  bool list_methods = false;
  bool stdio = true;
  std::string log_file;
  size_t max_message_bytes = 64u << 20;
};

int run_lsp(Context& ctx, const LspOptions& o) {
  if (o.list_methods) {
    for (const auto& [name, kind] : server::lsp_methods()) std::cout << name << "\t" << kind << "\n";
    return kOk;
  }
  if (!o.log_file.empty()) log::set_file(o.log_file);
  if (!ctx.init()) return kUsage;
  server::LspServerOptions opts;
  opts.limits.max_body_bytes = o.max_message_bytes;
  opts.engine_version = BYOK_VERSION;
  return server::run_lsp_server(ctx.cfg, *ctx.engine, opts);
}

}  // namespace

void register_lsp(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<LspOptions>();
  auto* cmd = app.add_subcommand("lsp", "Serve the Language Server Protocol on stdin/stdout");
  cmd->add_flag("--stdio", o->stdio, "Accepted for editors that pass it; stdio is the only transport");
  cmd->add_flag("--list-methods", o->list_methods, "Print every method served, one per line, and exit");
  cmd->add_option("--log-file", o->log_file, "Append logs to this file instead of stderr");
  cmd->add_option("--max-message-bytes", o->max_message_bytes, "Largest message accepted")->check(CLI::PositiveNumber);
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_lsp(ctx, *o)); });
}

}  // namespace byok::cli
