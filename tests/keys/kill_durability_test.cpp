// The key vault survives `byok keys set` being killed (SIGKILL: no cleanup runs) at any point, 100 times: the
// vault always opens, keys written before stay, every write is all or nothing, and it stays 0600.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <unistd.h>

#include "tests/keys/harness.h"

using namespace byok;
using byok::test::Sandbox;

TEST_CASE("100 SIGKILLs during byok keys set: the vault always opens and keeps every finished write") {
  Sandbox sb;
  const std::string first = "sk-first-" + test::random_hex(24);
  REQUIRE(sb.byok({"keys", "set", "openai"}, first + "\n").exit_code == 0);
  std::mt19937 rng(1126);
  std::uniform_int_distribution<int> delay_us(0, 40'000);
  int killed = 0;
  for (int round = 0; round < 100; ++round) {
    SpawnOptions so;
    so.argv = {BYOK_BIN, "keys", "set", "openai", "--name", "k" + std::to_string(round)};
    so.env = sb.env;
    so.new_session = true;  // no /dev/tty to prompt on
    so.pipe_stdin = true;
    auto proc = Subprocess::spawn(so);
    REQUIRE(proc);
    const std::string key = "sk-round-" + std::to_string(round) + "-" + test::random_hex(20) + "\n";
    (void)::write(proc->stdin_fd(), key.data(), key.size());
    proc->close_stdin();
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    if (::kill(proc->pid(), SIGKILL) == 0) ++killed;
    (void)proc->wait();
    // After every kill the vault opens and still holds the first key.
    auto list = sb.byok({"keys", "list", "--json"});
    REQUIRE(list.exit_code == 0);
    auto rows = nlohmann::json::parse(list.out);
    bool has_first = false;
    for (const auto& r : rows) has_first |= r["name"] == "default" && r["last4"] == first.substr(first.size() - 4);
    REQUIRE(has_first);
  }
  CHECK(killed > 50);
  struct stat st {};
  REQUIRE(::stat(sb.vault().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  // A write after all that works and is kept.
  REQUIRE(sb.byok({"keys", "set", "anthropic"}, "sk-ant-after-" + test::random_hex(20) + "\n").exit_code == 0);
  auto list = sb.byok({"keys", "list", "--json"});
  CHECK(list.out.find("anthropic") != std::string::npos);
}
