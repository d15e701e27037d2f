// Running the real `byok` binary in a sandbox: a private HOME/XDG tree, a config file, a minimal
// environment (so the developer's own keys and config never leak into a test).
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/util/subprocess.h"
#include "tests/engine/harness.h"

namespace byok::test {

struct Sandbox {
  std::filesystem::path root;
  Sandbox() {
    char tmpl[] = "/tmp/byok-cli-XXXXXX";
    root = ::mkdtemp(tmpl);
    std::filesystem::create_directories(root / "config/byok");
  }
  ~Sandbox() { std::filesystem::remove_all(root); }
  std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {}) const {
    std::map<std::string, std::string> e{{"HOME", root.string()},
                                         {"XDG_CONFIG_HOME", (root / "config").string()},
                                         {"XDG_DATA_HOME", (root / "data").string()},
                                         {"PATH", "/usr/bin:/bin"},
                                         {"BYOK_EMULATOR", BYOK_EMULATOR_BINARY}};
    for (auto& [k, v] : extra) e[k] = v;
    return e;
  }
  void write_config(const nlohmann::json& j) const { std::ofstream(root / "config/byok/config.json") << j.dump(2); }
};

inline RunResult byok_run(const Sandbox& sb, std::vector<std::string> args, std::map<std::string, std::string> env = {},
                          const std::string& input = {}) {
  SpawnOptions so;
  so.argv = {BYOK_BINARY};
  so.argv.insert(so.argv.end(), args.begin(), args.end());
  so.env = sb.env(env);
  auto r = run_program(so, input, std::chrono::seconds(60));
  REQUIRE(r.ok());
  return *r;
}

}  // namespace byok::test
