// `byok keys test PROVIDER`: one cheap authenticated call (the model list) tells a valid key from one the
// provider rejects, and both from a provider that cannot be reached.
#include <iostream>

#include "cli/keys_commands.h"
#include "core/app/target.h"

namespace byok::cli {

int run_keys_test(Context& ctx, const KeyCommandOptions& o) {
  if (!ctx.init()) return kUsage;
  app::Selection sel;
  sel.provider = o.provider;
  sel.base_url = o.base_url;
  sel.ca_file = o.ca_file;
  sel.key_name = o.name;
  auto target = app::resolve_target(ctx.cfg, sel, ctx.keys);
  if (!target) {
    print_error(target.error());
    return target.error().kind == ErrorKind::Config ? kUsage : kNoKey;
  }
  const auto& spec = target->endpoint.spec;
  const std::string name = o.name.empty() ? spec.default_key_name() : o.name;
  if (target->endpoint.key.empty()) {
    if (spec.needs_key()) {
      print_error(Error(ErrorKind::Key, "no key \"" + name + "\" (run `byok keys set " + spec.name +
                                            (o.name.empty() ? "" : " --name " + o.name) + "`)",
                        spec.name));
      return kNoKey;
    }
  }
  const std::string which = target->endpoint.key.empty()
                                ? "no key needed"
                                : "key \"" + name + "\" from " + target->key_source + ", " + target->endpoint.key.redacted();
  auto opts = llm::CallOptions::from(ctx.cfg);
  opts.retries.max_attempts = 1;
  opts.timeouts.connect_ms = std::min(opts.timeouts.connect_ms, 5000);
  opts.timeouts.read_ms = std::min(opts.timeouts.read_ms, 15000);
  CancelSource cancel;
  auto models = ctx.engine->models(target->endpoint, cancel.token(), opts);
  if (models) {
    std::cout << spec.name << ": valid (" << which << "; " << spec.base_url.origin() << " listed " << models->size()
              << " models)" << std::endl;
    return kOk;
  }
  const Error& e = models.error();
  switch (e.kind) {
    case ErrorKind::Provider:
      if (e.status == 401 || e.status == 403) {
        std::cout << spec.name << ": rejected by provider (" << e.status << " " << e.message << "; " << which << ")" << std::endl;
      } else {
        std::cout << spec.name << ": the provider answered with an error (" << e.describe() << "; " << which << ")" << std::endl;
      }
      return kProviderError;
    case ErrorKind::Network:
    case ErrorKind::Tls:
    case ErrorKind::Timeout:
      std::cout << spec.name << ": unreachable (" << e.message << ")" << std::endl;
      return kProviderError;
    case ErrorKind::Config:
      print_error(Error(ErrorKind::Config, "cannot test this provider: " + e.message, spec.name));
      return kUsage;
    default:
      print_error(e);
      return e.kind == ErrorKind::Key ? kNoKey : kProviderError;
  }
}

}  // namespace byok::cli
