// `byok trust PATH`: lets the project config (.byok.json) in PATH, or below it, change where a provider's
// requests — and so your keys — go (base_url, proxy, ca_file). Stored in the user config's "trusted"
// list; `--remove` takes it back, `--list` shows the list.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/context.h"
#include "core/util/files.h"

namespace byok::cli {
namespace {
namespace fs = std::filesystem;

struct TrustOptions {
  std::string path;
  bool remove = false, list = false;
};

int run_trust(Context& ctx, const TrustOptions& o) {
  const fs::path file = ctx.config_path.empty() ? config::default_config_file() : fs::path(ctx.config_path);
  // The current config must be valid: never rewrite a file we could not read correctly.
  auto current = config::load_config(file);
  if (!current) {
    print_error(current.error());
    return kUsage;
  }
  if (o.list) {
    if (current->trusted.empty()) std::cout << "No trusted project folders." << std::endl;
    for (const auto& t : current->trusted) std::cout << t << std::endl;
    return kOk;
  }
  if (o.path.empty()) {
    std::cerr << "byok: trust: give a folder (or --list)" << std::endl;
    return kUsage;
  }
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::absolute(o.path, ec), ec);
  if (!o.remove && (ec || !fs::is_directory(dir, ec))) {
    std::cerr << "byok: trust: " << o.path << " is not a folder" << std::endl;
    return kUsage;
  }
  nlohmann::json doc = nlohmann::json::object();
  if (fs::exists(file, ec)) {
    auto text = files::read_file(file);
    if (!text) {
      print_error(text.error());
      return kUsage;
    }
    doc = nlohmann::json::parse(*text, nullptr, false);
  }
  auto& trusted = doc["trusted"];
  if (!trusted.is_array()) trusted = nlohmann::json::array();
  const std::string entry = dir.string();
  bool present = false;
  for (auto it = trusted.begin(); it != trusted.end();) {
    if (*it == entry && o.remove) {
      it = trusted.erase(it);
      present = true;
    } else {
      present |= *it == entry;
      ++it;
    }
  }
  if (o.remove) {
    if (!present) {
      std::cerr << "byok: trust: " << entry << " was not trusted" << std::endl;
      return kUsage;
    }
  } else if (present) {
    std::cout << entry << " is already trusted." << std::endl;
    return kOk;
  } else {
    trusted.push_back(entry);
  }
  if (auto st = files::ensure_private_dir(file.parent_path()); !st) {
    print_error(st.error());
    return kUsage;
  }
  if (auto st = files::atomic_write_private(file, doc.dump(2) + "\n"); !st) {
    print_error(st.error());
    return kUsage;
  }
  if (o.remove)
    std::cout << "No longer trusted: " << entry << std::endl;
  else
    std::cout << "Trusted " << entry << ": a .byok.json there (or below) may now change base_url, proxy and ca_file "
              << "for providers whose keys are yours (stored in " << file.string() << ")." << std::endl;
  return kOk;
}
}  // namespace

void register_trust(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<TrustOptions>();
  auto* cmd = app.add_subcommand("trust", "Allow a project folder's .byok.json to change where your keys are sent");
  cmd->add_option("path", o->path, "Project folder");
  cmd->add_flag("--remove", o->remove, "Stop trusting the folder");
  cmd->add_flag("--list", o->list, "Show the trusted folders");
  cmd->callback([&ctx, o] { throw CLI::RuntimeError(run_trust(ctx, *o)); });
}

}  // namespace byok::cli
