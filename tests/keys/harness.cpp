#include "tests/keys/harness.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace byok::test {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "byok-keys-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void write_text(const fs::path& file, const std::string& text, unsigned mode) {
  fs::create_directories(file.parent_path());
  {
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f << text;
  }
  ::chmod(file.c_str(), mode);
}

std::string read_text(const fs::path& file) {
  std::ifstream f(file, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string random_hex(size_t chars) {
  std::random_device rd;
  std::string s;
  const char* digits = "0123456789abcdef";
  for (size_t i = 0; i < chars; ++i) s += digits[rd() % 16];
  return s;
}

Sandbox::Sandbox() {
  fs::create_directories(work());
  fs::create_directories(home() / "run");
  ::chmod((home() / "run").c_str(), 0700);
  env = {{"HOME", home().string()},
         {"XDG_CONFIG_HOME", (home() / ".config").string()},
         {"XDG_DATA_HOME", (home() / ".local/share").string()},
         {"XDG_STATE_HOME", (home() / ".local/state").string()},
         {"XDG_CACHE_HOME", (home() / ".cache").string()},
         {"XDG_RUNTIME_DIR", (home() / "run").string()},
         {"PATH", "/usr/local/bin:/usr/bin:/bin"},
         {"LANG", "C.UTF-8"}};
  // Sanitizer runtimes need their options in the child too (leak checks stay on).
  for (const char* v : {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"})
    if (const char* val = std::getenv(v)) env[v] = val;
}

void Sandbox::write_config(const std::string& json) { write_text(config_dir() / "config.json", json, 0600); }

ByokRun Sandbox::byok(const std::vector<std::string>& args, const std::string& input, const fs::path& cwd) {
  ByokRun run;
  // `env -C DIR` starts byok in DIR without a shell (Subprocess has no working-directory option).
  run.argv = wrapper;
  run.argv.insert(run.argv.end(), {"/usr/bin/env", "-C", (cwd.empty() ? work() : cwd).string(), BYOK_BIN});
  run.argv.insert(run.argv.end(), args.begin(), args.end());
  SpawnOptions so;
  so.argv = run.argv;
  so.env = env;
  // Its own session: no controlling terminal, so byok never asks the person running the tests for a
  // passphrase on /dev/tty; each test chooses its passphrase source (or runs byok in a pty on purpose).
  so.new_session = true;
  auto r = run_program(so, input, std::chrono::seconds(60));
  if (!r) throw std::runtime_error("cannot run byok: " + r.error().message);
  run.exit_code = r->timed_out ? -1 : r->exit_code;
  run.out = r->out;
  run.err = r->err;
  runs_.push_back(run);
  return run;
}

}  // namespace byok::test
