// The extension's engine client driving the real `byok lsp` process against the in-process provider
// emulator: streaming, cancel, an engine that dies (clear message, restart), and an engine that cannot start.
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "logic/byok_api.h"
#include "logic/engine_client.h"
#include "tests/emulator/emulator.h"

using namespace byok::lo;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// An isolated engine home (config pointing at the emulator, a test key in the environment the engine inherits).
struct EngineHome {
  fs::path dir;
  explicit EngineHome(const std::string& base_url) {
    dir = fs::temp_directory_path() / ("byok-lo-test-" + std::to_string(::getpid()));
    fs::create_directories(dir / "config" / "byok");
    fs::create_directories(dir / "data");
    std::ofstream(dir / "config" / "byok" / "config.json")
        << json{{"default", {{"provider", "openai"}, {"model", "gpt-4o-mini"}}},
                {"providers", {{"openai", {{"base_url", base_url + "/v1"}}}}}}
               .dump();
    ::setenv("XDG_CONFIG_HOME", (dir / "config").c_str(), 1);
    ::setenv("XDG_DATA_HOME", (dir / "data").c_str(), 1);
    ::setenv("OPENAI_API_KEY", "sk-test-libreoffice-client", 1);
  }
  ~EngineHome() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// Collects what the client delivers on its reader thread.
struct Inbox {
  std::mutex m;
  std::condition_variable cv;
  std::map<int64_t, std::string> text;
  std::map<int64_t, RpcOutcome> replies;

  void on_notification(const std::string& method, const json& params) {
    if (auto d = api::read_delta(method, params)) {
      std::lock_guard lock(m);
      text[d->request_id] += d->text;
      cv.notify_all();
    }
  }
  // Replies are filed under a key the test chooses: the handler may run before request() returns an id.
  ReplyHandler reply_to(int64_t key) {
    return [this, key](const RpcOutcome& o) {
      std::lock_guard lock(m);
      replies[key] = o;
      cv.notify_all();
    };
  }
  template <class Pred>
  bool wait(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, timeout, pred);
  }
};

constexpr int64_t kFirst = 1, kSecond = 2;  // reply keys

EngineClient::Options options_for(Inbox& inbox, std::string program = BYOK_ENGINE_BINARY) {
  EngineClient::Options o;
  o.locate = [program] { return std::variant<EngineCommand, std::string>(EngineCommand{program, {"lsp"}}); };
  o.on_notification = [&inbox](const std::string& m, const json& p) { inbox.on_notification(m, p); };
  return o;
}

}  // namespace

TEST_CASE("engine client: chat streams deltas, then one reply with the whole text") {
  byok::emu::Emulator emu;
  emu.start();
  EngineHome home(emu.http_url());
  Inbox inbox;
  EngineClient client(options_for(inbox));
  const int64_t id = client.request("byok/chat", api::chat_params("Say hello", "new", "", "", ""), inbox.reply_to(kFirst));
  REQUIRE(inbox.wait([&] { return inbox.replies.count(kFirst) > 0; }));
  const RpcOutcome& r = inbox.replies[kFirst];
  INFO((r.error ? r.error->message : r.result.dump()));
  REQUIRE(r.ok());
  CHECK(r.result["text"] == "Hello from the byok emulator — ünïcødé ✓ 👋.");
  CHECK(inbox.text[id] == r.result["text"].get<std::string>());
  CHECK(client.engines_started() == 1);
}

TEST_CASE("engine client: cancel answers at once and the engine drops the upstream request") {
  byok::emu::Emulator emu;
  emu.start();
  EngineHome home(emu.http_url());
  byok::emu::Scenario stall;
  stall.kind = byok::emu::Scenario::Kind::Stall;
  emu.set_scenario("*", stall);
  Inbox inbox;
  EngineClient client(options_for(inbox));
  const int64_t id = client.request("byok/chat", api::chat_params("stall please", "new", "", "", ""), inbox.reply_to(kFirst));
  REQUIRE(inbox.wait([&] { return !inbox.text[id].empty(); }));  // the first chunk arrived, then silence
  const auto t0 = std::chrono::steady_clock::now();
  client.cancel(id);
  REQUIRE(inbox.wait([&] { return inbox.replies.count(kFirst) > 0; }, std::chrono::milliseconds(500)));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(100));
  CHECK(inbox.replies[kFirst].error->code == kCancelled);
  REQUIRE(emu.wait_for_request_end(0, std::chrono::seconds(5)));
  CHECK(emu.requests()[0].client_closed_early);
}

TEST_CASE("engine client: a killed engine fails its requests clearly and the next request restarts it") {
  byok::emu::Emulator emu;
  emu.start();
  EngineHome home(emu.http_url());
  byok::emu::Scenario stall;
  stall.kind = byok::emu::Scenario::Kind::Stall;
  stall.times = 1;
  emu.set_scenario("*", stall);
  Inbox inbox;
  EngineClient client(options_for(inbox));
  const int64_t id = client.request("byok/chat", api::chat_params("one", "new", "", "", ""), inbox.reply_to(kFirst));
  REQUIRE(inbox.wait([&] { return !inbox.text[id].empty(); }));
  const auto pid = client.engine_pid();
  REQUIRE(pid);
  ::kill(*pid, SIGKILL);
  REQUIRE(inbox.wait([&] { return inbox.replies.count(kFirst) > 0; }));
  const RpcOutcome& dead = inbox.replies[kFirst];
  REQUIRE_FALSE(dead.ok());
  CHECK(dead.error->code == kEngineStopped);
  CHECK(dead.error->message.find("the byok engine stopped (killed by signal 9)") == 0);
  CHECK(dead.error->message.find("restarted by the next command") != std::string::npos);

  client.request("byok/chat", api::chat_params("two", "new", "", "", ""), inbox.reply_to(kSecond));
  REQUIRE(inbox.wait([&] { return inbox.replies.count(kSecond) > 0; }));
  CHECK(inbox.replies[kSecond].ok());
  CHECK(client.engines_started() == 2);
  CHECK(client.engine_pid() != pid);
}

TEST_CASE("engine client: an engine that cannot start is an error reply, not a hang") {
  Inbox inbox;
  EngineClient client(options_for(inbox, "/nonexistent/byok"));
  client.request("byok/models", json::object(), inbox.reply_to(kFirst));
  REQUIRE(inbox.wait([&] { return inbox.replies.count(kFirst) > 0; }, std::chrono::milliseconds(100)));
  CHECK(inbox.replies[kFirst].error->code == kEngineStopped);
  CHECK(inbox.replies[kFirst].error->message == "cannot start /nonexistent/byok: No such file or directory");

  EngineClient::Options o;
  o.locate = [] { return std::variant<EngineCommand, std::string>(std::string("byok not found: set it in Tools ▸ byok")); };
  EngineClient nowhere(std::move(o));
  nowhere.request("byok/models", json::object(), inbox.reply_to(kSecond));
  CHECK(inbox.replies[kSecond].error->message == "byok not found: set it in Tools ▸ byok");
}

TEST_CASE("engine client: shutdown answers pending requests and stops the engine") {
  byok::emu::Emulator emu;
  emu.start();
  EngineHome home(emu.http_url());
  byok::emu::Scenario stall;
  stall.kind = byok::emu::Scenario::Kind::Stall;
  emu.set_scenario("*", stall);
  Inbox inbox;
  EngineClient client(options_for(inbox));
  const int64_t id = client.request("byok/chat", api::chat_params("stall", "new", "", "", ""), inbox.reply_to(kFirst));
  REQUIRE(inbox.wait([&] { return !inbox.text[id].empty(); }));
  const pid_t pid = *client.engine_pid();
  const auto t0 = std::chrono::steady_clock::now();
  client.shutdown();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
  CHECK(inbox.replies[kFirst].error->code == kEngineStopped);
  CHECK(::kill(pid, 0) != 0);  // reaped: no such process
}
