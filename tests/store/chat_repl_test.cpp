// `byok chat` driven through a pipe: Ctrl-C (SIGINT) cancels the streaming answer, the partial answer is
// kept and marked cancelled, the session goes on, and /model switches model keeping the context.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <thread>

#include "core/store/store.h"
#include "core/util/subprocess.h"
#include "tests/store/fixture.h"

using namespace byok;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {
void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    REQUIRE(n > 0);
    off += static_cast<size_t>(n);
  }
}
}  // namespace

TEST_CASE("byok chat: Ctrl-C cancels the answer and keeps the session, at the prompt too; /model switches keeping context") {
  test::TempDir dir;
  emu::Emulator emu;
  emu.start();
  std::filesystem::create_directories(dir.path() / "config" / "byok");
  std::ofstream(dir.path() / "config" / "byok" / "config.json")
      << json{{"providers", {{"ollama", {{"base_url", emu.http_url()}}}}}}.dump();
  std::string reply;
  for (int i = 0; i < 60; ++i) reply += "w" + std::to_string(i) + " ";
  emu::Scenario slow;
  slow.reply = reply;
  slow.token_ms = 50;
  emu.set_scenario("slow-chat", slow);

  SpawnOptions o;
  o.argv = {BYOK_BINARY, "chat", "--model", "ollama:slow-chat"};
  o.env = std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"},
                                             {"HOME", dir.path().string()},
                                             {"XDG_DATA_HOME", (dir.path() / "data").string()},
                                             {"XDG_CONFIG_HOME", (dir.path() / "config").string()}};
  o.pipe_stdin = true;
  auto proc = Subprocess::spawn(o);
  REQUIRE(proc);
  write_all(proc->stdin_fd(), "tell me everything\n");
  // Wait until the answer is streaming (the emulator has the request and sent some chunks), then Ctrl-C.
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (emu.requests().empty() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(20ms);
  REQUIRE(emu.requests().size() == 1);
  std::this_thread::sleep_for(400ms);
  REQUIRE(::kill(proc->pid(), SIGINT) == 0);
  REQUIRE(emu.wait_for_request_end(0, 5s));
  // Ctrl-C at the idle prompt reminds how to leave; the session goes on (checked by the turns below).
  std::this_thread::sleep_for(500ms);
  REQUIRE(::kill(proc->pid(), SIGINT) == 0);
  std::this_thread::sleep_for(200ms);
  write_all(proc->stdin_fd(), "/model ollama:llama3\nand now?\n/usage\n/history\n/quit\n");
  proc->close_stdin();
  CHECK(proc->wait() == 0);

  auto s = store::Store::open(dir.path() / "data" / "byok" / "byok.db");
  REQUIRE(s);
  auto list = (*s)->conversations().list();
  REQUIRE(list);
  REQUIRE(list->size() == 1);
  auto conv = (*s)->conversations().get(list->front().id);
  REQUIRE(conv);
  REQUIRE(conv->messages.size() == 4);
  const auto& cancelled = conv->messages[1];
  CHECK(cancelled.status == store::MessageStatus::Cancelled);
  CHECK_FALSE(cancelled.text.empty());
  CHECK(reply.compare(0, cancelled.text.size(), cancelled.text) == 0);
  CHECK(cancelled.text.size() < reply.size());
  CHECK(conv->messages[3].model == "llama3");
  CHECK(conv->messages[3].status == store::MessageStatus::Complete);
  // The switched-to model saw the whole conversation, the cancelled partial answer included.
  auto reqs = emu.requests();
  REQUIRE(reqs.size() == 2);
  auto body = json::parse(reqs.back().body);
  REQUIRE(body["messages"].size() == 3);
  CHECK(body["messages"][0]["content"] == "tell me everything");
  CHECK(body["messages"][1]["content"] == cancelled.text);
  CHECK(body["messages"][2]["content"] == "and now?");
}
