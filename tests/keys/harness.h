// Test fixtures for tests/keys: private temporary directories, an isolated HOME/XDG tree, and running the
// real `byok` binary in it with every stdout/stderr kept for the leak audit.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/util/subprocess.h"

namespace byok::test {

// A fresh directory, removed with everything in it when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_text(const std::filesystem::path& file, const std::string& text, unsigned mode = 0644);
std::string read_text(const std::filesystem::path& file);
// Random lowercase hex, for canaries and unique names.
std::string random_hex(size_t chars);

struct ByokRun {
  std::vector<std::string> argv;
  int exit_code = -1;
  std::string out, err;
};

// A user's world in miniature: HOME with .config, .local/share and a runtime dir, a working directory
// (HOME/work, or a project folder) and a clean environment (no D-Bus session: no keyring).
class Sandbox {
 public:
  Sandbox();
  const std::filesystem::path& home() const { return dir_.path(); }
  std::filesystem::path config_dir() const { return home() / ".config/byok"; }
  std::filesystem::path data_dir() const { return home() / ".local/share/byok"; }
  std::filesystem::path vault() const { return data_dir() / "keys.vault"; }
  std::filesystem::path work() const { return home() / "work"; }
  void write_config(const std::string& json);

  std::map<std::string, std::string> env;  // passed to byok as its whole environment
  std::vector<std::string> wrapper;         // argv put before byok's (e.g. setpriv to run it as another user)

  // Runs byok with `args` in `cwd` (default: work()), `input` on stdin. Every run is kept in runs().
  ByokRun byok(const std::vector<std::string>& args, const std::string& input = "",
               const std::filesystem::path& cwd = {});
  const std::vector<ByokRun>& runs() const { return runs_; }

 private:
  TempDir dir_;
  std::vector<ByokRun> runs_;
};

}  // namespace byok::test
