// `byok doctor`: what byok sees — config, keys per provider (never the key), CA store, proxy, and whether
// each configured provider answers.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/context.h"
#include "cli/demo_provider.h"
#include "core/keys/vault_key.h"
#include "core/util/files.h"

namespace byok::cli {
namespace {
void line(bool ok, const std::string& what) { std::cout << (ok ? "  ok    " : "  FAIL  ") << what << "\n"; }
void info(const std::string& what) { std::cout << "  info  " << what << "\n"; }

void warn(const std::string& what) { std::cout << "  warn  " << what << "\n"; }

// A proxy URL may carry "user:password@"; the password is a credential and is never shown.
std::string without_password(std::string url) {
  const auto scheme = url.find("://");
  const auto start = scheme == std::string::npos ? 0 : scheme + 3;
  const auto at = url.find('@', start);
  if (at == std::string::npos) return url;
  const auto colon = url.find(':', start);
  if (colon != std::string::npos && colon < at) url.replace(colon + 1, at - colon - 1, "***");
  return url;
}

// The vault and how its key is protected; false when something is broken.
bool report_keys(Context& ctx) {
  std::cout << "\nKeys\n";
  if (ctx.project)
    info(std::string("project config ") + ctx.project->file.string() + (ctx.project->trusted ? " (trusted)" : " (not trusted)"));
  if (!ctx.vault->file_exists()) {
    keys::SystemVaultKeyOptions o;
    o.vault_file = ctx.vault->file();
    auto outlook = keys::protection_outlook(o);
    info("no key vault yet; `byok keys set` would create " + o.vault_file.string() + " protected by " +
         keys::vault_format::to_string(outlook.protection) + " (" + outlook.reason + ")");
    return true;
  }
  auto vault = ctx.vault->get();
  if (!vault) {
    line(false, vault.error().message);
    return false;
  }
  auto protection = (*vault)->protection();
  line(true, "key vault " + ctx.vault->file().string() + ": " + std::to_string((*vault)->entries().size()) +
                 " keys, vault key from the " + (protection ? keys::vault_format::to_string(*protection) : "?"));
  if (protection == keys::vault_format::Protection::KeyFile) {
    auto key_file = keys::key_file_for(ctx.vault->file());
    warn("no OS keyring or passphrase: the vault key is in " + key_file.string() +
         ", so the vault's protection equals that file's permissions");
    auto mode = files::mode_of(key_file);
    if (!mode || (*mode & 077) != 0) {
      line(false, key_file.string() + " is readable by other users; run: chmod 600 " + key_file.string());
      return false;
    }
  }
  return true;
}

int run_doctor(Context& ctx) {
  bool healthy = true;
  std::cout << "byok " << BYOK_VERSION << "\n\nConfiguration\n";
  auto path = ctx.config_path.empty() ? config::default_config_file() : std::filesystem::path(ctx.config_path);
  if (!ctx.init()) {
    line(false, "config " + path.string() + " is invalid (see above)");
    return kUsage;
  }
  line(true, std::filesystem::exists(path) ? "config " + path.string() + " is valid" : "no config file (" + path.string() + "); using defaults");

  std::cout << "\nTLS and network\n";
  const char* cert_file = std::getenv("SSL_CERT_FILE");
  if (cert_file) line(std::filesystem::exists(cert_file), std::string("SSL_CERT_FILE=") + cert_file);
  else line(std::filesystem::exists("/etc/ssl/certs/ca-certificates.crt"), "system CA store /etc/ssl/certs/ca-certificates.crt");
  if (!ctx.cfg.ca_file.empty()) line(std::filesystem::exists(ctx.cfg.ca_file), "ca_file " + ctx.cfg.ca_file);
  for (const char* v : {"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"})
    if (const char* p = std::getenv(v)) info(std::string(v) + "=" + without_password(p));
  if (!ctx.cfg.proxy.empty()) info("proxy (config) " + without_password(ctx.cfg.proxy));
  std::string emu = find_emulator_binary();
  info(emu.empty() ? "offline demo provider: not installed" : "offline demo provider: " + emu);

  healthy &= report_keys(ctx);

  std::cout << "\nProviders\n";
  auto opts = llm::CallOptions::from(ctx.cfg);
  opts.retries.max_attempts = 1;
  opts.timeouts.connect_ms = 3000;
  opts.timeouts.read_ms = 5000;
  for (const auto& name : ctx.cfg.provider_names()) {
    auto spec = ctx.cfg.provider(name);
    if (!spec) {
      line(false, name + ": " + spec.error().message);
      healthy = false;
      continue;
    }
    auto found = ctx.keys.resolve(*spec);
    bool configured = ctx.cfg.providers.count(name) || ctx.cfg.default_choice.provider == name;
    if (!found) {
      line(false, name + ": key source failed: " + found.error().message);
      healthy = false;
      continue;
    }
    bool has_key = found->has_value();
    if (!has_key && !configured) continue;  // only report providers the user set up
    if (!has_key && spec->needs_key()) {
      line(false, name + ": no key (set " + (spec->key_env.empty() ? std::string("a key") : spec->key_env) +
                      " or run `byok keys set " + name + "`)");
      healthy = false;
      continue;
    }
    std::string key_desc = has_key ? "key from " + (*found)->source + " (" + (*found)->key.redacted() + ")" : "no key needed";
    llm::Endpoint ep{*spec, has_key ? (*found)->key : Secret()};
    CancelSource cancel;
    auto models = ctx.engine->models(ep, cancel.token(), opts);
    if (models) {
      line(true, name + ": " + key_desc + "; " + spec->base_url.origin() + " answers (" + std::to_string(models->size()) + " models)");
    } else if (models.error().kind == ErrorKind::Config) {
      line(true, name + ": " + key_desc + "; " + models.error().message);
    } else {
      line(false, name + ": " + key_desc + "; " + models.error().describe());
      healthy = false;
    }
  }
  std::cout << (healthy ? "\nAll checks passed.\n" : "\nSome checks failed.\n");
  return healthy ? kOk : kProviderError;
}
}  // namespace

void register_doctor(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("doctor", "Check configuration, keys (never shown), TLS, proxy and providers");
  cmd->callback([&ctx] { throw CLI::RuntimeError(run_doctor(ctx)); });
}

}  // namespace byok::cli
