// `byok providers`: every preset and custom provider, where it points, and whether a key is available.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.h"

namespace byok::cli {
namespace {
int run_providers(Context& ctx, bool json) {
  if (!ctx.init()) return kUsage;
  auto arr = nlohmann::json::array();
  if (!json) std::printf("%-18s %-44s %-20s %s\n", "PROVIDER", "BASE URL", "CHAT/FIM", "KEY");
  for (const auto& name : ctx.cfg.provider_names()) {
    auto spec = ctx.cfg.provider(name);
    if (!spec) {
      print_error(spec.error());
      continue;
    }
    std::string key_state;
    auto found = ctx.keys.resolve(*spec);
    if (!found) key_state = "error: " + found.error().message;
    else if (*found) key_state = "yes (" + (*found)->source + ")";
    else key_state = spec->needs_key() ? "no" : "not needed";
    std::string wires = spec->chat.wire + (spec->fim.present() ? " + fim" : "");
    if (json) {
      arr.push_back({{"name", name}, {"preset", spec->preset}, {"base_url", spec->base_url.str()},
                     {"chat", spec->chat.wire}, {"fim", spec->fim.wire}, {"key", key_state},
                     {"has_key", found && *found}, {"needs_key", spec->needs_key()}});
    } else {
      std::printf("%-18s %-44s %-20s %s\n", name.c_str(), spec->base_url.str().c_str(), wires.c_str(), key_state.c_str());
    }
  }
  if (json) std::cout << arr.dump(2) << std::endl;
  return kOk;
}
}  // namespace

void register_providers(CLI::App& app, Context& ctx) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("providers", "List provider presets and which have keys");
  cmd->add_flag("--json", *json, "JSON output");
  cmd->callback([&ctx, json] { throw CLI::RuntimeError(run_providers(ctx, *json)); });
}

}  // namespace byok::cli
