// `byok models`: the live model list from a provider, plus what the presets know about each model.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "core/app/target.h"

namespace byok::cli {
namespace {
struct ModelsOptions {
  std::string provider, base_url, ca_file;
  bool json = false;
};

int run_models(Context& ctx, const ModelsOptions& o) {
  if (!ctx.init()) return kUsage;
  app::Selection sel;
  sel.provider = o.provider;
  sel.base_url = o.base_url;
  sel.ca_file = o.ca_file;
  auto target = app::resolve_target(ctx.cfg, sel, ctx.keys);
  if (!target) {
    print_error(target.error());
    return kUsage;
  }
  CancelSource cancel;
  auto list = ctx.engine->models(target->endpoint, cancel.token(), llm::CallOptions::from(ctx.cfg));
  if (!list) {
    print_error(list.error());
    return list.error().kind == ErrorKind::Key ? kNoKey : kProviderError;
  }
  if (o.json) {
    auto arr = nlohmann::json::array();
    for (const auto& m : *list) {
      nlohmann::json j{{"id", m.id}};
      auto info = target->endpoint.spec.model_info(m.id);
      int64_t ctxw = m.context ? m.context : info ? info->context : 0;
      if (ctxw) j["context"] = ctxw;
      if (info && info->input_per_mtok) j["input_per_mtok"] = *info->input_per_mtok;
      if (info && info->output_per_mtok) j["output_per_mtok"] = *info->output_per_mtok;
      arr.push_back(j);
    }
    std::cout << arr.dump(2) << std::endl;
  } else {
    for (const auto& m : *list) std::cout << target->endpoint.spec.name << ":" << m.id << "\n";
  }
  return kOk;
}
}  // namespace

void register_models(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ModelsOptions>();
  auto* cmd = app.add_subcommand("models", "List the models a provider offers (asks the provider)");
  cmd->add_option("--provider,-p", o->provider, "Provider name");
  cmd->add_option("--base-url", o->base_url, "Replace the provider's base URL");
  cmd->add_option("--ca-file", o->ca_file, "PEM bundle of CAs to trust");
  cmd->add_flag("--json", o->json, "JSON output");
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_models(ctx, *o)); });
}

}  // namespace byok::cli
