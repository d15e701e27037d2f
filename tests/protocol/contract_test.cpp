// protocol/README.md is the contract of the methods: every method either server registers must have a
// section there ("### `name`"), and every documented method must be registered (rust-analyzer keeps
// lsp-extensions.md in step with its code the same way).
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <set>

#include "core/util/subprocess.h"

namespace {

std::set<std::string> registered(const std::string& mode) {
  byok::SpawnOptions o;
  o.argv = {BYOK_BIN, mode, "--list-methods"};
  auto r = byok::run_program(o, "", std::chrono::seconds(10));
  REQUIRE(r);
  REQUIRE(r->exit_code == 0);
  std::set<std::string> out;
  std::istringstream in(r->out);
  for (std::string line; std::getline(in, line);) out.insert(line.substr(0, line.find('\t')));
  return out;
}

std::set<std::string> documented() {
  std::ifstream f(std::string(BYOK_SOURCE_DIR) + "/protocol/README.md");
  REQUIRE(f);
  std::string text((std::istreambuf_iterator<char>(f)), {});
  std::set<std::string> out;
  std::regex heading("\n### `([^`]+)`");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), heading); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

}  // namespace

TEST_CASE("contract: every registered method is documented in protocol/README.md and vice versa") {
  auto lsp = registered("lsp");
  auto nvim = registered("nvim");
  std::set<std::string> code(lsp.begin(), lsp.end());
  code.insert(nvim.begin(), nvim.end());
  auto docs = documented();
  // Server→client messages are documented but not registered (we send them).
  for (const char* out : {"byok/chatDelta", "byok/context", "byok/rewriteDelta", "byok/secret", "byok/reply", "byok/protocolError",
                          "$/progress", "workspace/applyEdit", "window/showMessage"})
    docs.erase(out);
  std::vector<std::string> undocumented, unregistered;
  std::set_difference(code.begin(), code.end(), docs.begin(), docs.end(), std::back_inserter(undocumented));
  std::set_difference(docs.begin(), docs.end(), code.begin(), code.end(), std::back_inserter(unregistered));
  INFO("registered but not in protocol/README.md");
  CHECK(undocumented == std::vector<std::string>{});
  INFO("in protocol/README.md but not registered");
  CHECK(unregistered == std::vector<std::string>{});
}
