#include "cli/context.h"

#include <iostream>
#include <iterator>

#include "core/keys/command_source.h"
#include "core/util/log.h"

namespace byok::cli {

bool Context::init(bool with_project) {
  if (initialized_) return *initialized_;
  initialized_ = false;
  auto path = config_path.empty() ? config::default_config_file() : std::filesystem::path(config_path);
  auto loaded = config::load_config(path);
  if (!loaded) {
    print_error(loaded.error());
    init_error_ = loaded.error();
    return false;
  }
  cfg = std::move(*loaded);
  std::string lvl = !log_level.empty() ? log_level : cfg.log_level;
  if (lvl == "debug") log::set_level(log::Level::Debug);
  else if (lvl == "info") log::set_level(log::Level::Info);
  else if (lvl == "error") log::set_level(log::Level::Error);
  else if (lvl == "off") log::set_level(log::Level::Off);
  if (with_project) {
    std::error_code ec;
    auto found = config::load_and_apply_project(cfg, std::filesystem::current_path(ec));
    if (!found) {
      print_error(found.error());
      init_error_ = found.error();
      return false;
    }
    project = std::move(*found);
    if (project)
      for (const auto& w : project->warnings) std::cerr << "byok: warning: " << w << std::endl;
  }
  const auto scrub = keys::key_env_names(cfg);
  keys::SystemVaultKeyOptions vault_keys;
  vault_keys.vault_file = keys::default_vault_file();
  vault_keys.scrub_env = scrub;
  vault = std::make_shared<keys::VaultAccess>(vault_keys.vault_file, std::make_unique<keys::SystemVaultKeys>(vault_keys));
  keys.add(std::make_unique<keys::HostKeySource>(host_keys));
  keys.add(std::make_unique<keys::CommandKeySource>(keys::SecretCommandOptions{scrub}));
  keys.add(std::make_unique<keys::VaultKeySource>(vault));
  keys.add(std::make_unique<keys::EnvKeySource>());
  engine = std::make_unique<llm::Engine>(pool);
  initialized_ = true;
  return true;
}

void print_error(const Error& e) { std::cerr << "byok: " << e.describe() << std::endl; }

std::string read_all_stdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

}  // namespace byok::cli
