// `byok keys`: store, list, remove and test provider keys. Keys are read from the terminal without echo or
// from piped stdin — never from argv, where `ps` and shell history would see them. There is deliberately
// no `keys export-env` / `keys show`: nothing prints a key.
#include <unistd.h>

#include <iostream>
#include <iterator>

#include "cli/keys_commands.h"
#include "core/keys/key_input.h"
#include "core/util/terminal.h"

namespace byok::cli {
namespace {

// Validates provider and key name; fills `spec`.
Result<config::ProviderSpec> provider_for(Context& ctx, const KeyCommandOptions& o) {
  auto spec = ctx.cfg.provider(o.provider);
  if (!spec) return spec.error();
  if (!o.name.empty() && !keys::is_valid_key_name(o.name))
    return Error(ErrorKind::Config, "--name: " + std::string(keys::kKeyNameRule), o.provider);
  return spec;
}

Result<std::string> read_piped_key() {
  std::string raw;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    raw.append(buf, static_cast<size_t>(n));
    if (raw.size() > 16 * 1024) {
      secure_wipe(raw);
      return Error::make(ErrorKind::Config, "more than 16 KiB on stdin; that is not a key. Nothing was stored");
    }
  }
  ::explicit_bzero(buf, sizeof buf);
  return raw;
}
}  // namespace

int run_keys_set(Context& ctx, const KeyCommandOptions& o) {
  if (!ctx.init(false)) return kUsage;
  auto spec = provider_for(ctx, o);
  if (!spec) {
    print_error(spec.error());
    return kUsage;
  }
  const std::string name = o.name.empty() ? spec->default_key_name() : o.name;
  Result<std::string> raw = std::string();
  if (terminal::is_terminal(STDIN_FILENO)) {
    auto typed = terminal::read_hidden_line("API key for " + spec->name + " (" + name + "; input hidden): ");
    if (!typed) {
      print_error(typed.error());
      return typed.error().kind == ErrorKind::Cancelled ? kCancelled : kUsage;
    }
    raw = std::string(typed->reveal());
  } else {
    raw = read_piped_key();
  }
  if (!raw) {
    print_error(raw.error());
    return kUsage;
  }
  auto cleaned = keys::clean_key_input(*raw);
  secure_wipe(*raw);
  if (!cleaned) {
    print_error(cleaned.error());
    return kUsage;
  }
  if (cleaned->trimmed) std::cerr << "byok: note: removed whitespace around the key" << std::endl;

  auto vault = ctx.vault->get();
  if (!vault) {
    print_error(vault.error());
    return kNoKey;
  }
  const bool new_vault = !(*vault)->exists_on_disk();
  const std::string tail = cleaned->key.redacted();
  (*vault)->put(spec->name, name, std::move(cleaned->key));
  if (auto st = ctx.vault->save(); !st) {
    print_error(st.error());
    return kNoKey;
  }
  auto protection = (*vault)->protection();
  std::cout << "Stored the " << spec->name << " key \"" << name << "\" " << tail << " in " << ctx.vault->file().string()
            << " (encrypted; vault key from the " << (protection ? to_string(*protection) : "?") << ")." << std::endl;
  if (new_vault && protection == keys::vault_format::Protection::KeyFile)
    std::cerr << "byok: note: no OS keyring or passphrase was available, so the vault key is in "
              << keys::key_file_for(ctx.vault->file()).string()
              << " (0600): the vault is as safe as that file's permissions. Set BYOK_PASSPHRASE_CMD before the first "
                 "`keys set` for a passphrase instead."
              << std::endl;
  if (!spec->key_cmd.empty() && name == spec->default_key_name())
    std::cerr << "byok: note: providers." << spec->name << ".key_cmd is configured and takes precedence over this vault key"
              << std::endl;
  if (name == spec->default_key_name() && !spec->key_env.empty() && std::getenv(spec->key_env.c_str()))
    std::cerr << "byok: note: this vault key takes precedence over $" << spec->key_env << std::endl;
  return kOk;
}

int run_keys_rm(Context& ctx, const KeyCommandOptions& o) {
  if (!ctx.init(false)) return kUsage;
  auto spec = provider_for(ctx, o);
  if (!spec) {
    print_error(spec.error());
    return kUsage;
  }
  const std::string name = o.name.empty() ? spec->default_key_name() : o.name;
  if (!ctx.vault->file_exists()) {
    print_error(Error(ErrorKind::Key, "there is no key vault yet (" + ctx.vault->file().string() + ")", spec->name));
    return kNoKey;
  }
  auto vault = ctx.vault->get();
  if (!vault) {
    print_error(vault.error());
    return kNoKey;
  }
  if (!(*vault)->remove(spec->name, name)) {
    std::string hint;
    if (name == spec->default_key_name() && !spec->key_env.empty() && std::getenv(spec->key_env.c_str()))
      hint = " (the key byok uses comes from $" + spec->key_env + "; unset it in your shell)";
    else if (name == spec->default_key_name() && !spec->key_cmd.empty())
      hint = " (the key byok uses comes from providers." + spec->name + ".key_cmd in your config)";
    print_error(Error(ErrorKind::Key, "no key \"" + name + "\" in the vault" + hint, spec->name));
    return kNoKey;
  }
  if (auto st = ctx.vault->save(); !st) {
    print_error(st.error());
    return kNoKey;
  }
  std::cout << "Removed the " << spec->name << " key \"" << name << "\" from the vault." << std::endl;
  return kOk;
}

void register_keys(CLI::App& app, Context& ctx) {
  auto* keys = app.add_subcommand("keys", "Store, list, remove and test provider API keys (never shown)");
  keys->require_subcommand(1);
  auto add = [&](const char* verb, const char* help, int (*run)(Context&, const KeyCommandOptions&), bool provider) {
    auto o = std::make_shared<KeyCommandOptions>();
    auto* cmd = keys->add_subcommand(verb, help);
    if (provider) {
      cmd->add_option("provider", o->provider, "Provider name (openai, anthropic, gemini, …)")->required();
      cmd->add_option("--name,-n", o->name, "Which of the provider's keys (default: its configured key_name, else \"default\")");
    }
    cmd->callback([&ctx, o, run] { throw CLI::RuntimeError(run(ctx, *o)); });
    return std::make_pair(cmd, o);
  };
  add("set", "Store a key in the encrypted vault: typed without echo, or piped on stdin (never an argument)", run_keys_set, true);
  add("rm", "Remove a key from the vault", run_keys_rm, true);
  auto [list, list_opts] = add("list", "Provider, name, source, last 4 characters and date added of every key", run_keys_list, false);
  list->add_flag("--json", list_opts->json, "JSON output");
  auto [test, test_opts] = add("test", "Check a key with a cheap authenticated call (listing models)", run_keys_test, true);
  test->add_option("--base-url", test_opts->base_url, "Replace the provider's base URL");
  test->add_option("--ca-file", test_opts->ca_file, "PEM bundle of CAs to trust for this provider");
}

}  // namespace byok::cli
