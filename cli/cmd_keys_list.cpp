// `byok keys list`: every key byok can find — provider, key name, source, last four characters, date
// added — and which one is in use where several sources have one. Never the key.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/keys_commands.h"

namespace byok::cli {
namespace {
struct Row {
  std::string provider, name, source, last4, added, state;
};
}  // namespace

int run_keys_list(Context& ctx, const KeyCommandOptions& o) {
  if (!ctx.init(false)) return kUsage;
  int rc = kOk;
  bool vault_ok = true;
  Result<keys::Vault*> vault = static_cast<keys::Vault*>(nullptr);
  if (ctx.vault->file_exists()) {
    vault = ctx.vault->get();
    if (!vault) {
      print_error(vault.error());
      vault_ok = false;
      rc = kNoKey;
    }
  }
  std::vector<Row> rows;
  for (const auto& provider : ctx.cfg.provider_names()) {
    auto spec = ctx.cfg.provider(provider);
    if (!spec) continue;
    std::set<std::string> names{spec->default_key_name()};
    if (vault_ok && vault && *vault)
      for (const auto& e : (*vault)->entries())
        if (e.provider == provider) names.insert(e.name);
    for (const auto& name : names) {
      bool in_use_found = false;
      for (const auto& source : ctx.keys.sources()) {
        if (source->name() == "vault" && !vault_ok) continue;
        auto found = source->find(*spec, name);
        if (!found) {
          rows.push_back({provider, name, source->name(), "", "", "error: " + found.error().message});
          rc = kNoKey;
          in_use_found = true;  // resolution stops at a failing source
          continue;
        }
        if (!*found) continue;
        std::string last4 = (*found)->key.last4();
        rows.push_back({provider, name, (*found)->source, last4.empty() ? "-" : last4,
                        (*found)->added.empty() ? "-" : (*found)->added, in_use_found ? "shadowed" : "in use"});
        in_use_found = true;
      }
    }
  }
  if (o.json) {
    auto arr = nlohmann::json::array();
    for (const auto& r : rows)
      arr.push_back({{"provider", r.provider}, {"name", r.name}, {"source", r.source}, {"last4", r.last4},
                     {"added", r.added}, {"state", r.state}});
    std::cout << arr.dump(2) << std::endl;
    return rc;
  }
  if (rows.empty()) {
    std::cout << "No keys found. Store one with `byok keys set PROVIDER` (see docs/keys.md)." << std::endl;
    return rc;
  }
  std::printf("%-14s %-10s %-24s %-6s %-21s %s\n", "PROVIDER", "NAME", "SOURCE", "LAST4", "ADDED", "STATE");
  for (const auto& r : rows)
    std::printf("%-14s %-10s %-24s %-6s %-21s %s\n", r.provider.c_str(), r.name.c_str(), r.source.c_str(), r.last4.c_str(),
                r.added.c_str(), r.state.c_str());
  std::fflush(stdout);
  return rc;
}

}  // namespace byok::cli
