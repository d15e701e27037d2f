#include "cli/context.h"

#include <iostream>
#include <iterator>

#include "core/util/log.h"

namespace byok::cli {

bool Context::init() {
  auto path = config_path.empty() ? config::default_config_file() : std::filesystem::path(config_path);
  auto loaded = config::load_config(path);
  if (!loaded) {
    print_error(loaded.error());
    return false;
  }
  cfg = std::move(*loaded);
  std::string lvl = !log_level.empty() ? log_level : cfg.log_level;
  if (lvl == "debug") log::set_level(log::Level::Debug);
  else if (lvl == "info") log::set_level(log::Level::Info);
  else if (lvl == "error") log::set_level(log::Level::Error);
  else if (lvl == "off") log::set_level(log::Level::Off);
  keys.add(std::make_unique<keys::EnvKeySource>());
  engine = std::make_unique<llm::Engine>(pool);
  return true;
}

void print_error(const Error& e) { std::cerr << "byok: " << e.describe() << std::endl; }

std::string read_all_stdin() {
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

}  // namespace byok::cli
