// `byok nvim`: the engine as a Neovim RPC job, msgpack-rpc on stdin/stdout
// (`vim.fn.jobstart({"byok", "nvim"}, {rpc = true})`). stdout carries only msgpack; logs go to stderr.
#include <iostream>

#include "cli/context.h"
#include "core/util/log.h"
#include "protocol/nvim/nvim_server.h"

namespace byok::cli {
namespace {

struct NvimOptions {
  bool list_methods = false;
  std::string log_file;
};

int run_nvim(Context& ctx, const NvimOptions& o) {
  if (o.list_methods) {
    for (const auto& [name, kind] : nvim::nvim_methods()) std::cout << name << "\t" << kind << "\n";
    return kOk;
  }
  if (!o.log_file.empty()) log::set_file(o.log_file);
  if (!ctx.init()) return kUsage;
  nvim::NvimServerOptions opts;
  opts.engine_version = BYOK_VERSION;
  return nvim::run_nvim_server(ctx.cfg, *ctx.engine, opts);
}

}  // namespace

void register_nvim(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<NvimOptions>();
  auto* cmd = app.add_subcommand("nvim", "Serve Neovim's msgpack-rpc on stdin/stdout (jobstart with rpc = true)");
  cmd->add_flag("--list-methods", o->list_methods, "Print every method served, one per line, and exit");
  cmd->add_option("--log-file", o->log_file, "Append logs to this file instead of stderr");
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_nvim(ctx, *o)); });
}

}  // namespace byok::cli
