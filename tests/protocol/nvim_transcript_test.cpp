// Transcripts of `byok nvim` (msgpack-rpc) through the real binary, with the test playing Neovim: it answers
// the engine's nvim_* API calls itself. The real-Neovim tests live in nvim/*.lua.
#include <catch2/catch.hpp>

#include "tests/emulator/emulator.h"
#include "tests/protocol/engine_process.h"

using namespace byok::test;

namespace {

struct Nvim {
  byok::emu::Emulator emu{[] {
    byok::emu::Options o;
    o.https = false;
    return o;
  }()};
  TempDir home;
  std::unique_ptr<EngineProcess> p;
  std::vector<json> lua_calls;  // nvim_exec_lua notifications: [code, [method, params]]

  Nvim() {
    emu.start();
    auto cfg = write_emulator_config(home.path, emu.http_url());
    p = std::make_unique<EngineProcess>(
        std::vector<std::string>{"--config", cfg.string(), "nvim", "--log-file", (home.path / "log").string()}, home.path);
  }
  // Sends a request and plays Neovim until its response: API calls get `api(method, args)`'s answer.
  json request(int id, const std::string& method, const json& params,
               const std::function<json(const std::string&, const json&)>& api = nullptr) {
    p->send_msgpack(json::array({0, id, method, json::array({params})}));
    for (;;) {
      auto m = p->read_msgpack(std::chrono::seconds(10));
      REQUIRE(m);
      if ((*m)[0] == 1 && (*m)[1] == id) return *m;
      if ((*m)[0] == 2 && (*m)[1] == "nvim_exec_lua") lua_calls.push_back((*m)[2]);
      if ((*m)[0] == 0) {
        REQUIRE(api);
        p->send_msgpack(json::array({1, (*m)[1], nullptr, api((*m)[2], (*m)[3])}));
      }
    }
  }
};

}  // namespace

TEST_CASE("nvim: setup creates the namespace through the API - complete reads lines and sets ghost text") {
  Nvim n;
  std::vector<std::string> api_calls;
  json set_extmark;
  auto api = [&](const std::string& method, const json& args) -> json {
    api_calls.push_back(method);
    if (method == "nvim_create_namespace") return 5;
    if (method == "nvim_buf_get_lines") return json::array({"local s = '😀'", "print(", ")"});
    if (method == "nvim_buf_set_extmark") return set_extmark = args, 1;
    return nullptr;
  };
  auto setup = n.request(1, "byok/setup", {{"model", "emu:emu-echo"}, {"notify", "_G.byok_test_notify"}}, api);
  CHECK(setup[2].is_null());
  CHECK(setup[3]["namespace"] == 5);
  CHECK(setup[3]["protocolVersion"] == "1.0");
  auto r = n.request(2, "byok/complete", {{"buf", 3}, {"row", 1}, {"col", 6}}, api);
  REQUIRE(r[2].is_null());
  // The engine keeps a block's lines only while they are indented past the cursor's line: one line here.
  CHECK(r[3]["text"] == "echo: local s = '😀'");
  CHECK(api_calls == std::vector<std::string>{"nvim_create_namespace", "nvim_buf_get_lines", "nvim_buf_set_extmark"});
  CHECK(set_extmark[0] == 3);
  CHECK(set_extmark[1] == 5);
  CHECK(set_extmark[4]["virt_text"][0][0] == "echo: local s = '😀'");
  CHECK(!set_extmark[4].contains("virt_lines"));
  // Accept inserts the suggestion with nvim_buf_set_text at the cursor.
  json set_text;
  auto accept = n.request(3, "byok/accept", {{"buf", 3}}, [&](const std::string& m, const json& a) -> json {
    if (m == "nvim_buf_set_text") set_text = a;
    return nullptr;
  });
  CHECK(accept[3]["inserted"] == true);
  CHECK(set_text == json::array({3, 1, 6, 1, 6, {"echo: local s = '😀'"}}));
}

TEST_CASE("nvim: byok/request runs a method without blocking Neovim - deltas and the reply are Lua calls") {
  Nvim n;
  n.request(1, "byok/setup", {{"notify", "_G.on_byok"}}, [](const std::string&, const json&) -> json { return 1; });
  n.p->send_msgpack(json::array({2, "byok/request", json::array({{{"method", "byok/chat"}, {"token", 77}, {"params", {{"prompt", "hi nvim"}}}}})}));
  std::string text;
  json reply;
  for (int i = 0; i < 100 && reply.is_null(); ++i) {
    auto m = n.p->read_msgpack(std::chrono::seconds(5));
    REQUIRE(m);
    REQUIRE((*m)[1] == "nvim_exec_lua");
    auto code = (*m)[2][0].get<std::string>();
    CHECK(code.find("_G.on_byok") != std::string::npos);
    auto method = (*m)[2][1][0], params = (*m)[2][1][1];
    if (method == "byok/chatDelta" && params.contains("text")) text += params["text"].get<std::string>();
    if (method == "byok/reply") reply = params;
  }
  CHECK(text == "echo: hi nvim");
  CHECK(reply["token"] == 77);
  CHECK(reply["result"]["text"] == "echo: hi nvim");
  // Metered in the shared ledger as sent by Neovim.
  auto usage = n.request(3, "byok/usage", json::object());
  REQUIRE(usage[3]["rows"].size() == 1);
  CHECK(usage[3]["rows"][0]["host"] == "nvim");
}

TEST_CASE("nvim: bad input gets errors Neovim can show - unknown methods - the engine stays up") {
  Nvim n;
  auto r = n.request(1, "byok/complete", {{"buf", "three"}});
  CHECK(r[2] == json::array({1, "buf: expected integer, got string"}));
  auto u = n.request(2, "nvim_frobnicate", json::object());
  CHECK(u[2] == json::array({1, "unknown method: nvim_frobnicate"}));
  n.p->send_msgpack(json::array({7, 1}));  // not a message type
  auto note = n.p->read_msgpack();
  REQUIRE(note);
  CHECK((*note)[1] == "nvim_exec_lua");
  CHECK((*note)[2][1][0] == "byok/protocolError");
  auto ok = n.request(3, "byok/usage", json::object());
  CHECK(ok[3]["scope"] == "ledger");
  n.p->send_raw(std::string("\xc1", 1));  // 0xc1 is never valid msgpack
  CHECK(n.p->wait_exit() == 2);
}
