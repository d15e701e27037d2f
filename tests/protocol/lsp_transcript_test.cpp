// Transcripts through the real `byok lsp` binary against the provider emulator: every method, streaming,
// cancellation, server→client requests and bad input. Each test sends framed messages and checks replies.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <thread>

#include "tests/emulator/emulator.h"
#include "core/store/store.h"
#include "core/util/subprocess.h"
#include "tests/protocol/engine_process.h"

using namespace byok::test;

namespace {

struct Lsp {
  byok::emu::Emulator emu{[] {
    byok::emu::Options o;
    o.https = false;
    return o;
  }()};
  TempDir home;
  std::filesystem::path config;
  std::unique_ptr<EngineProcess> p;

  explicit Lsp(const json& extra_config = json::object(), std::vector<std::string> extra_args = {}) {
    emu.start();
    config = write_emulator_config(home.path, emu.http_url(), json::parse(replace_emu(extra_config.dump(), emu.http_url())));
    std::vector<std::string> args = {"--config", config.string(), "--log-level", "debug", "lsp", "--log-file", log_file()};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    p = std::make_unique<EngineProcess>(args, home.path);
  }
  std::string log_file() const { return (home.path / "byok.log").string(); }
  static std::string replace_emu(std::string text, const std::string& url) {
    for (size_t at; (at = text.find("@EMU@")) != std::string::npos;) text.replace(at, 5, url);
    return text;
  }
  std::string log_text() const {
    std::ifstream in(log_file());
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void open(const std::string& uri, const std::string& text, const std::string& lang = "python") {
    p->notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", lang}, {"version", 1}, {"text", text}}}});
  }
  std::vector<json> notifications(const std::string& method) {
    std::vector<json> out;
    for (auto& m : p->seen)
      if (m.value("method", "") == method) out.push_back(m["params"]);
    return out;
  }
};

// "sec": the emulator behind the openai preset, which needs a key (none in the test environment).
const json kSecProvider = json::parse(R"({"providers": {"sec": {"preset": "openai", "base_url": "@EMU@/v1"}}})");

json range(int l1, int c1, int l2, int c2) {
  return {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}};
}

}  // namespace

TEST_CASE("lsp: initialize reports versions and capabilities - requests before it are refused") {
  Lsp t;
  auto early = t.p->request("byok/usage", json::object());
  CHECK(early["error"]["code"] == -32002);
  auto r = t.p->initialize();
  auto& res = r["result"];
  CHECK(res["serverInfo"]["name"] == "byok");
  CHECK(res["byok"]["protocolVersion"] == "1.0");
  CHECK(res["byok"]["engineVersion"].is_string());
  CHECK(res["capabilities"]["positionEncoding"] == "utf-16");
  CHECK(res["capabilities"]["textDocumentSync"]["change"] == 2);
  CHECK(res["capabilities"].contains("inlineCompletionProvider"));
  CHECK(res["capabilities"]["executeCommandProvider"]["commands"][0] == "byok.rewrite");
  auto again = t.p->request("initialize", {{"capabilities", json::object()}});
  CHECK(again["error"]["message"] == "initialize: already initialized");
  CHECK(t.p->request("shutdown", nullptr)["result"].is_null());
  CHECK(t.p->request("byok/usage", json::object())["error"]["code"] == -32600);
  t.p->notify("exit", nullptr);
  CHECK(t.p->wait_exit() == 0);
}

TEST_CASE("lsp: bad initializationOptions name the field") {
  Lsp t;
  auto r = t.p->initialize({{"completion", {{"maxTokens", "many"}}}});
  CHECK(r["error"]["code"] == -32602);
  CHECK(r["error"]["message"] == "initializationOptions.completion.maxTokens: expected integer, got string");
  CHECK(r["error"]["data"]["path"] == "initializationOptions.completion.maxTokens");
  auto r2 = t.p->initialize({{"modle", "x"}});
  CHECK(r2["error"]["message"].get<std::string>().rfind("initializationOptions.modle: unknown setting", 0) == 0);
}

TEST_CASE("lsp: exit without shutdown exits 1 - closing stdin exits 0") {
  {
    Lsp t;
    t.p->initialize();
    t.p->notify("exit", nullptr);
    CHECK(t.p->wait_exit() == 1);
  }
  {
    Lsp t;
    t.p->initialize();
    t.p->close_stdin();
    CHECK(t.p->wait_exit() == 0);
  }
}

TEST_CASE("lsp: garbage in - clear errors out - and the connection survives") {
  Lsp t({}, {"--max-message-bytes", "4096"});
  t.p->initialize();
  t.p->send_raw("Content-Length: 9\r\n\r\n{not json");
  auto m1 = t.p->read();
  REQUIRE(m1);
  CHECK((*m1)["id"].is_null());
  CHECK((*m1)["error"]["code"] == -32700);
  CHECK((*m1)["error"]["message"] == "invalid JSON in message body (9 bytes)");
  t.p->send_raw("X-Nonsense: 1\r\n\r\n{}\n");
  auto m2 = t.p->read();
  REQUIRE(m2);
  CHECK((*m2)["error"]["message"] == "message header without Content-Length");
  t.p->send({{"jsonrpc", "2.0"}, {"id", 99}, {"method", "byok/usage"}, {"params", std::string(5000, 'x')}});
  auto m3 = t.p->read();
  REQUIRE(m3);
  CHECK((*m3)["error"]["message"].get<std::string>().find("exceeds the limit of 4096 bytes") != std::string::npos);
  CHECK(t.p->request("no/such", json::object())["error"]["code"] == -32601);
  auto bad = t.p->request("textDocument/inlineCompletion", {{"textDocument", {{"uri", 42}}}, {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(bad["error"]["code"] == -32602);
  CHECK(bad["error"]["message"] == "textDocument.uri: expected string, got integer");
  CHECK(bad["error"]["data"]["path"] == "textDocument.uri");
  auto bad2 = t.p->request("byok/chat", {{"prompt", "hi"}, {"context", {{"selection", {{"uri", "file:///x"}, {"range", {{"start", {{"line", 0}}}}}}}}}});
  CHECK(bad2["error"]["message"] == "context.selection.range.start.character: required");
  // Still alive and answering.
  CHECK(t.p->request("byok/usage", json::object())["result"]["scope"] == "ledger");
  t.p->send_raw("Content-Length: 500\r\n\r\n{\"truncated\":");
  t.p->close_stdin();
  CHECK(t.p->wait_exit() == 2);
}

TEST_CASE("lsp: incremental sync with emoji and CJK - then inline completion sees the edited text") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/a.py", "s = \"😀中\"\nprint(s)\n");
  // Insert "x" after the emoji: UTF-16 column 6 (s, space, =, space, quote, then 😀 = 2 units).
  t.p->notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/a.py"}, {"version", 2}}},
                                         {"contentChanges", {{{"range", range(0, 7, 0, 7)}, {"text", "x"}}}}});
  t.p->notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/a.py"}, {"version", 3}}},
                                         {"contentChanges", {{{"range", range(0, 9, 0, 9)}, {"text", "文"}}}}});
  auto r = t.p->request("textDocument/inlineCompletion",
                        {{"textDocument", {{"uri", "file:///w/a.py"}}}, {"position", {{"line", 1}, {"character", 6}}},
                         {"context", {{"triggerKind", 1}}}});
  REQUIRE(r.contains("result"));
  auto& item = r["result"]["items"][0];
  // emu-echo echoes the FIM prompt: the prefix as the document now reads.
  // One line: the cursor is mid-statement, so the engine cuts the echo at its first newline.
  CHECK(item["insertText"] == "echo: s = \"😀x中文\"");
  CHECK(item["range"] == range(1, 6, 1, 6));
  std::vector<byok::emu::RecordedRequest> reqs;  // the completion (didOpen's warm-up is a HEAD)
  for (auto& q : t.emu.requests())
    if (q.method == "POST") reqs.push_back(q);
  REQUIRE(reqs.size() == 1);
  auto body = json::parse(reqs[0].body);
  CHECK(body["prompt"] == "s = \"😀x中文\"\nprint(");
  CHECK(body["suffix"] == "s)\n");
  // A position past the end is an error naming it.
  auto bad = t.p->request("textDocument/inlineCompletion",
                          {{"textDocument", {{"uri", "file:///w/a.py"}}}, {"position", {{"line", 40}, {"character", 0}}}});
  CHECK(bad["error"]["message"] == "position (line 40, character 0) is past the end of the document (3 lines)");
  auto closed = t.p->request("textDocument/inlineCompletion",
                             {{"textDocument", {{"uri", "file:///w/zzz.py"}}}, {"position", {{"line", 0}, {"character", 0}}}});
  CHECK(closed["error"]["message"] == "textDocument.uri: file:///w/zzz.py is not open (send textDocument/didOpen first)");
  // A bad didChange cannot be answered: it is shown to the user.
  t.p->notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/a.py"}, {"version", 4}}},
                                         {"contentChanges", {{{"range", range(90, 0, 90, 0)}, {"text", "x"}}}}});
  t.p->request("byok/usage", json::object());
  auto shown = t.notifications("window/showMessage");
  REQUIRE(shown.size() == 1);
  CHECK(shown[0]["message"].get<std::string>().find("contentChanges[0].range.start (line 90, character 0) is past the end") != std::string::npos);
}

TEST_CASE("lsp: byok/chat streams deltas - continues a conversation - and conversations can be listed and exported") {
  Lsp t;
  t.p->initialize();
  auto r = t.p->request("byok/chat", {{"prompt", "hello there"}, {"token", "t1"}, {"workDoneToken", "w1"}});
  REQUIRE(r.contains("result"));
  std::string id = r["result"]["id"];
  CHECK(r["result"]["text"] == "echo: hello there");
  CHECK(r["result"]["model"] == "emu:emu-echo");
  CHECK(r["result"]["finishReason"] == "stop");
  std::string streamed;
  auto deltas = t.notifications("byok/chatDelta");
  REQUIRE(deltas.size() >= 2);
  for (auto& d : deltas)
    if (d.contains("text")) streamed += d["text"].get<std::string>();
  CHECK(streamed == "echo: hello there");
  CHECK(deltas.front()["id"] == id);
  CHECK(deltas.front()["token"] == "t1");
  CHECK(deltas.back()["done"] == true);
  CHECK(deltas.back()["usage"].contains("inputTokens"));
  auto progress = t.notifications("$/progress");
  REQUIRE(progress.size() == 2);
  CHECK(progress[0]["value"]["kind"] == "begin");
  CHECK(progress[1]["value"]["kind"] == "end");

  auto r2 = t.p->request("byok/chat", {{"prompt", "again"}, {"conversation", id}});
  CHECK(r2["result"]["id"] == id);
  auto body = json::parse(t.emu.requests().back().body);
  CHECK(body["messages"].size() == 3);  // user, assistant, user
  CHECK(t.p->request("byok/chat", {{"prompt", "x"}, {"conversation", "c999"}})["error"]["message"] ==
        "conversation: no conversation \"c999\"");

  auto list = t.p->request("byok/conversations", {{"action", "list"}});
  CHECK(list["result"]["conversations"][0]["id"] == id);
  CHECK(list["result"]["conversations"][0]["messages"] == 4);
  auto got = t.p->request("byok/conversations", {{"action", "get"}, {"id", id}});
  CHECK(got["result"]["messages"][1]["text"] == "echo: hello there");
  auto md = t.p->request("byok/conversations", {{"action", "export"}, {"id", id}, {"format", "md"}});
  CHECK(md["result"]["content"].get<std::string>().find("## User\n\nhello there") != std::string::npos);
  CHECK(t.p->request("byok/conversations", {{"action", "export"}, {"id", id}, {"format", "pdf"}})["error"]["message"] ==
        "format: expected one of \"md\", \"json\", got \"pdf\"");
  CHECK(t.p->request("byok/conversations", {{"action", "delete"}, {"id", id}})["result"]["deleted"] == id);
  CHECK(t.p->request("byok/conversations", {{"action", "get"}, {"id", id}})["error"]["code"] == -32602);
  CHECK(t.p->request("byok/conversations", {{"action", "purge"}})["error"]["message"] ==
        "action: expected one of \"list\", \"get\", \"delete\", \"export\", got \"purge\"");
}

TEST_CASE("lsp: byok/chat with selection context - provider errors reach the delta and the reply") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/b.txt", "alpha\nbeta 中文\ngamma");
  auto r = t.p->request("byok/chat", {{"prompt", "explain"}, {"context", {{"selection", {{"uri", "file:///w/b.txt"}, {"range", range(1, 0, 1, 7)}}}}}});
  CHECK(r["result"]["text"].get<std::string>().find("beta 中文") != std::string::npos);
  auto e = t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "emu:emu-401"}});
  CHECK(e["error"]["code"] == -32901);
  CHECK(e["error"]["data"]["status"] == 401);
  CHECK(e["error"]["data"]["provider"] == "emu");
  auto last = t.notifications("byok/chatDelta").back();
  CHECK(last["done"] == true);
  CHECK(last["error"]["code"] == -32901);
}

TEST_CASE("lsp: $/cancelRequest cancels a streaming chat and closes the upstream socket") {
  Lsp t;
  t.p->initialize();
  auto id = t.p->send_request("byok/chat", {{"prompt", "wait"}, {"model", "emu:emu-stall"}});
  // The stall scenario sends its first chunk, then nothing: wait for that delta.
  for (int i = 0; i < 100 && t.notifications("byok/chatDelta").empty(); ++i) {
    if (auto m = t.p->read(std::chrono::milliseconds(100))) t.p->seen.push_back(*m);
  }
  REQUIRE_FALSE(t.notifications("byok/chatDelta").empty());
  t.p->notify("$/cancelRequest", {{"id", id}});
  auto r = t.p->wait_response(id, std::chrono::seconds(5));
  CHECK(r["error"]["code"] == -32800);
  REQUIRE(t.emu.wait_for_request_end(0, std::chrono::seconds(5)));
  CHECK(t.emu.requests()[0].client_closed_early);
  // Cancelling an unknown or finished id is harmless.
  t.p->notify("$/cancelRequest", {{"id", 12345}});
  CHECK(t.p->request("byok/usage", json::object())["result"]["scope"] == "ledger");
}

TEST_CASE("lsp: byok/rewrite streams deltas and returns a WorkspaceEdit - models[] compares") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/c.py", "def f():\n    return 1\n");
  auto r = t.p->request("byok/rewrite", {{"textDocument", {{"uri", "file:///w/c.py"}}}, {"range", range(1, 4, 1, 12)},
                                         {"instruction", "return two"}, {"token", 7}});
  REQUIRE(r.contains("result"));
  auto& res = r["result"];
  std::string text = res["newText"];
  CHECK(text.rfind("echo: ", 0) == 0);
  CHECK(text.find("<selection>\nreturn 1</selection>") != std::string::npos);
  CHECK(text.find("Instruction: return two") != std::string::npos);
  CHECK(res["range"] == range(1, 4, 1, 12));
  CHECK(res["edit"]["changes"]["file:///w/c.py"][0]["newText"] == text);
  std::string streamed;
  for (auto& d : t.notifications("byok/rewriteDelta"))
    if (d.contains("text")) streamed += d["text"].get<std::string>();
  CHECK(streamed == text);
  CHECK(t.notifications("byok/rewriteDelta").back()["done"] == true);
  CHECK(t.notifications("byok/rewriteDelta").front()["token"] == 7);

  auto cmp = t.p->request("byok/rewrite", {{"textDocument", {{"uri", "file:///w/c.py"}}}, {"range", range(0, 0, 0, 3)},
                                           {"instruction", "x"}, {"models", {"emu:emu-echo", "emu:emu-401"}}});
  auto& c = cmp["result"]["candidates"];
  REQUIRE(c.size() == 2);
  CHECK(c[0]["model"] == "emu:emu-echo");
  CHECK(c[0].contains("edit"));
  CHECK(c[1]["error"]["data"]["status"] == 401);
  auto bad = t.p->request("byok/rewrite", {{"textDocument", {{"uri", "file:///w/c.py"}}}, {"range", range(0, 0, 9, 0)}, {"instruction", "x"}});
  CHECK(bad["error"]["message"] == "range.end (line 9, character 0) is past the end of the document (3 lines)");
  auto empty = t.p->request("byok/rewrite", {{"textDocument", {{"uri", "file:///w/c.py"}}}, {"range", range(0, 0, 0, 1)}, {"instruction", "  "}});
  CHECK(empty["error"]["message"] == "instruction: is empty");
}

TEST_CASE("lsp: code action offers the rewrite - executeCommand applies it through workspace/applyEdit") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/d.py", "x = 1\n");
  auto actions = t.p->request("textDocument/codeAction", {{"textDocument", {{"uri", "file:///w/d.py"}}}, {"range", range(0, 0, 0, 5)}, {"context", {{"diagnostics", json::array()}}}});
  REQUIRE(actions["result"].size() == 1);
  auto& action = actions["result"][0];
  CHECK(action["title"] == "byok: Rewrite selection…");
  auto none = t.p->request("textDocument/codeAction", {{"textDocument", {{"uri", "file:///w/d.py"}}}, {"range", range(0, 1, 0, 1)}, {"context", json::object()}});
  CHECK(none["result"].empty());

  auto id = t.p->send_request("workspace/executeCommand", {{"command", action["command"]["command"]}, {"arguments", action["command"]["arguments"]}});
  // The server asks us to apply the edit; answer, then the command's reply arrives.
  std::optional<json> apply;
  for (int i = 0; i < 50 && !apply; ++i) {
    auto m = t.p->read(std::chrono::milliseconds(200));
    if (m && m->value("method", "") == "workspace/applyEdit") apply = *m;
  }
  REQUIRE(apply);
  CHECK((*apply)["params"]["edit"]["changes"]["file:///w/d.py"][0]["range"] == range(0, 0, 0, 5));
  t.p->send({{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", true}}}});
  auto r = t.p->wait_response(id);
  CHECK(r["result"]["applied"] == true);
  auto unknown = t.p->request("workspace/executeCommand", {{"command", "rm -rf"}, {"arguments", json::array()}});
  CHECK(unknown["error"]["message"] ==
        "command: expected one of \"byok.rewrite\", \"byok.applyAction\", \"byok.completionAccepted\", got \"rm -rf\"");
}

TEST_CASE("lsp: where the editor shows diagnostics a Fix code action runs the fix action with them and applies it") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/fx.py", "def f(x):\n    return x +\n\nprint(f(1))\n", "python");
  const json diagnostics = json::array(
      {{{"range", range(1, 13, 1, 14)}, {"severity", 1}, {"message", "Expected expression"}, {"source", "Pylance"}}});
  // The cursor sits on the line (an empty range), as when the editor's light bulb is clicked.
  auto actions = t.p->request("textDocument/codeAction", {{"textDocument", {{"uri", "file:///w/fx.py"}}},
                                                          {"range", range(1, 4, 1, 4)},
                                                          {"context", {{"diagnostics", diagnostics}}}});
  REQUIRE(actions["result"].size() == 1);
  auto& fix = actions["result"][0];
  CHECK(fix["title"] == "byok: Fix (1 diagnostic)");
  CHECK(fix["kind"] == "quickfix");
  CHECK(fix["diagnostics"] == diagnostics);
  CHECK(fix["command"]["arguments"][0]["range"] == range(1, 0, 2, 0));  // the whole line

  auto id = t.p->send_request("workspace/executeCommand", {{"command", fix["command"]["command"]},
                                                           {"arguments", fix["command"]["arguments"]}});
  std::optional<json> apply;
  for (int i = 0; i < 50 && !apply; ++i) {
    auto m = t.p->read(std::chrono::milliseconds(200));
    if (!m) continue;
    if (m->value("method", "") == "workspace/applyEdit") apply = *m;
    else t.p->seen.push_back(*m);
  }
  REQUIRE(apply);
  const auto& edit = (*apply)["params"]["edit"]["changes"]["file:///w/fx.py"][0];
  CHECK(edit["range"] == range(1, 0, 2, 0));
  // emu-echo answers with the prompt: its code block is the line itself, put back whole (with its newline).
  CHECK(edit["newText"] == "    return x +\n");
  t.p->send({{"jsonrpc", "2.0"}, {"id", (*apply)["id"]}, {"result", {{"applied", true}}}});
  auto r = t.p->wait_response(id);
  CHECK(r["result"]["applied"] == true);
  CHECK(r["result"]["output"] == "replace");
  // The provider got the diagnostic; the host saw the context first.
  auto sent = json::parse(t.emu.requests().back().body)["messages"].back()["content"].get<std::string>();
  CHECK(sent.find("/w/fx.py:2:14: error: Expected expression [Pylance]") != std::string::npos);
  REQUIRE_FALSE(t.notifications("byok/context").empty());
  CHECK(t.notifications("byok/context").back()["action"] == "fix");

  // No diagnostics, no Fix; diagnostics without a selection still offer it.
  auto plain = t.p->request("textDocument/codeAction", {{"textDocument", {{"uri", "file:///w/fx.py"}}},
                                                        {"range", range(0, 0, 0, 3)}, {"context", {{"diagnostics", json::array()}}}});
  REQUIRE(plain["result"].size() == 1);
  CHECK(plain["result"][0]["title"] == "byok: Rewrite selection…");
  // A malformed diagnostic from the host is a param error naming it; the server carries on.
  auto bad = t.p->request("textDocument/codeAction", {{"textDocument", {{"uri", "file:///w/fx.py"}}},
                                                      {"range", range(1, 4, 1, 4)},
                                                      {"context", {{"diagnostics", {{{"range", 5}, {"message", "m"}}}}}}});
  CHECK(bad["error"]["code"] == -32602);
  CHECK(bad["error"]["message"].get<std::string>().find("context.diagnostics[0].range") != std::string::npos);
  CHECK(t.p->request("byok/actions", json::object()).contains("result"));
}

TEST_CASE("lsp: byok/compare streams each model and reports each result") {
  Lsp t;
  t.p->initialize();
  auto r = t.p->request("byok/compare", {{"prompt", "pick"}, {"models", {"emu:emu-echo", "emu:gpt-4o-mini"}}});
  auto& res = r["result"]["results"];
  REQUIRE(res.size() == 2);
  CHECK(res[0]["text"] == "echo: pick");
  CHECK(res[1]["text"] == "Hello from the byok emulator — ünïcødé ✓ 👋.");
  std::set<std::string> models;
  for (auto& d : t.notifications("byok/chatDelta")) models.insert(d["model"].get<std::string>());
  CHECK(models == std::set<std::string>{"emu:emu-echo", "emu:gpt-4o-mini"});
  CHECK(t.p->request("byok/compare", {{"prompt", "x"}, {"models", {"emu:a"}}})["error"]["message"] ==
        "models: name at least two models to compare");
}

TEST_CASE("lsp: byok/compare on top of a conversation - a model without a key fails alone - keep the pick") {
  Lsp t(kSecProvider);
  t.p->initialize();
  auto chat = t.p->request("byok/chat", {{"prompt", "remember the word banana"}});
  REQUIRE(chat.contains("result"));
  const std::string conv = chat["result"]["id"];
  t.emu.clear_requests();
  auto r = t.p->request("byok/compare", {{"prompt", "which word?"}, {"conversation", conv},
                                         {"models", {"emu:emu-echo", "sec:gpt-4o-mini", "emu:gpt-4o-mini"}}});
  REQUIRE(r.contains("result"));
  auto& res = r["result"]["results"];
  REQUIRE(res.size() == 3);
  CHECK(res[0]["text"] == "echo: which word?");
  CHECK(res[0]["usage"]["inputTokens"].get<int64_t>() > 0);
  CHECK(res[1]["error"]["message"].get<std::string>().find("no API key") != std::string::npos);
  CHECK(res[2].contains("text"));
  // Both models that ran got the conversation's history before the new prompt.
  auto reqs = t.emu.requests();
  REQUIRE(reqs.size() == 2);
  for (const auto& q : reqs) CHECK(q.body.find("remember the word banana") != std::string::npos);
  // The failing model's stream ends with its error; the others end with usage.
  int errors = 0;
  for (auto& d : t.notifications("byok/chatDelta"))
    if (d.value("done", false) && d.contains("error")) ++errors;
  CHECK(errors == 1);
  // Keeping an answer branches the conversation: the original is untouched.
  auto kept = t.p->request("byok/compareKeep", {{"prompt", "which word?"}, {"conversation", conv},
                                                {"model", "emu:emu-echo"}, {"text", res[0]["text"]}});
  REQUIRE(kept.contains("result"));
  CHECK(kept["result"]["id"] != conv);
  auto branch = t.p->request("byok/conversations", {{"action", "get"}, {"id", kept["result"]["id"]}});
  CHECK(branch.dump().find("banana") != std::string::npos);
  CHECK(branch.dump().find("echo: which word?") != std::string::npos);
  auto original = t.p->request("byok/conversations", {{"action", "get"}, {"id", conv}});
  CHECK(original.dump().find("which word?") == std::string::npos);
  auto bad = t.p->request("byok/compareKeep", {{"prompt", "x"}, {"model", "emu:emu-echo"}, {"text", "y"}, {"mode", "merge"}});
  CHECK(bad["error"]["code"] == -32602);
}

TEST_CASE("lsp: byok/models - byok/usage and byok/estimate") {
  Lsp t;
  t.p->initialize();
  auto presets = t.p->request("byok/models", json::object());
  CHECK(presets["result"]["source"] == "presets");
  bool saw_gpt4o = false;
  for (auto& m : presets["result"]["models"]) saw_gpt4o |= m["label"] == "openai:gpt-4o";
  CHECK(saw_gpt4o);
  auto live = t.p->request("byok/models", {{"provider", "emu"}});
  CHECK(live["result"]["source"] == "live");
  CHECK(live["result"]["models"][0]["provider"] == "emu");
  CHECK(t.p->request("byok/models", {{"provider", "nope"}})["error"]["message"] == "provider: unknown provider \"nope\"");

  t.p->request("byok/chat", {{"prompt", "count me"}});
  auto usage = t.p->request("byok/usage", json::object());
  CHECK(usage["result"]["total"]["requests"] == 1);
  CHECK(usage["result"]["byModel"][0]["model"] == "emu:emu-echo");
  CHECK(usage["result"]["total"]["outputTokens"].get<int>() > 0);

  auto est = t.p->request("byok/estimate", {{"prompt", std::string(400, 'a')}, {"model", "openai:gpt-4o"}, {"maxOutputTokens", 1000}});
  int64_t est_tokens = est["result"]["inputTokens"].get<int64_t>();
  CHECK(est_tokens >= 100);
  CHECK(est_tokens < 120);
  CHECK(est["result"]["contextWindow"] == 128000);
  CHECK(est["result"]["inputCostUsd"].get<double>() == Approx(static_cast<double>(est_tokens) * 2.5 / 1e6));
  CHECK(est["result"]["refusal"].is_null());
  CHECK(est["result"]["maxOutputCostUsd"].get<double>() == Approx(1000 * 10.0 / 1e6));
  CHECK(t.p->request("byok/estimate", {{"prompt", 3}})["error"]["message"] == "prompt: expected string, got integer");
}

// Runs the CLI against the same config and XDG directories as the engine under test.
static byok::RunResult run_cli(const Lsp& t, const std::vector<std::string>& args) {
  byok::SpawnOptions o;
  o.argv = {byok_binary(), "--config", t.config.string()};
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.env = std::map<std::string, std::string>{{"HOME", t.home.path.string()},
                                             {"XDG_CONFIG_HOME", (t.home.path / "config").string()},
                                             {"XDG_DATA_HOME", (t.home.path / "data").string()},
                                             {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"}};
  auto r = byok::run_program(o, "", std::chrono::seconds(30));
  REQUIRE(r);
  return *r;
}

TEST_CASE("lsp: named keys - keyName per request, in settings, and the provider's configured key_name") {
  Lsp t(json::parse(R"({"providers": {"sec": {"preset": "openai", "base_url": "@EMU@/v1", "key_name": "work"}}})"));
  t.p->initialize();
  const std::string work = "sk-work-key-aaaa1111", personal = "sk-personal-key-bbbb2222";
  // Without a name, set stores under the provider's configured key_name ("work").
  CHECK(t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"key", work}})["result"]["name"] == "work");
  CHECK(t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"name", "personal"}, {"key", personal}})
            ["result"]["name"] == "personal");
  auto used_key = [&] {
    std::string auth;
    const auto requests = t.emu.requests();
    REQUIRE_FALSE(requests.empty());
    for (auto& [name, value] : requests.back().headers)
      if (name == "Authorization" || name == "authorization") auth = value;
    return auth;
  };
  REQUIRE(t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}}).contains("result"));
  CHECK(used_key() == "Bearer " + work);
  REQUIRE(t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}, {"keyName", "personal"}}).contains("result"));
  CHECK(used_key() == "Bearer " + personal);
  REQUIRE(t.p->request("byok/runAction", {{"name", "grammar"}, {"selection", "teh"}, {"model", "sec:gpt-4o-mini"},
                                          {"keyName", "personal"}}).contains("result"));
  CHECK(used_key() == "Bearer " + personal);
  CHECK(t.p->request("byok/keys", {{"action", "test"}, {"provider", "sec"}, {"name", "personal"}})["result"]["ok"] == true);
  // The settings' keyName applies to every request that does not name one.
  t.p->notify("workspace/didChangeConfiguration", {{"settings", {{"keyName", "personal"}}}});
  REQUIRE(t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}}).contains("result"));
  CHECK(used_key() == "Bearer " + personal);
  auto missing = t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}, {"keyName", "other"}});
  CHECK(missing["error"]["message"].get<std::string>().find("no API key named \"other\"") != std::string::npos);

  // byok/keys set checks what it is given as `byok keys set` does: a pasted key's newline and spaces are
  // trimmed (and said), a control character or a bad name refused, never echoing the key.
  auto pasted = t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"name", "ci"}, {"key", "  sk-ci-key-cccc3333\n"}});
  CHECK(pasted["result"]["trimmed"] == true);
  CHECK(pasted["result"]["last4"] == "3333");
  REQUIRE(t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}, {"keyName", "ci"}}).contains("result"));
  CHECK(used_key() == "Bearer sk-ci-key-cccc3333");
  auto control = t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"key", std::string("sk-bad\x01key-dddd")}});
  CHECK(control["error"]["code"] == -32602);
  CHECK(control.dump().find("sk-bad") == std::string::npos);
  auto bad_name = t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"name", "my key"}, {"key", "sk-x-eeee4444"}});
  CHECK(bad_name["error"]["message"].get<std::string>().find("\"my key\" is not a key name") != std::string::npos);
}

TEST_CASE("lsp: byok/keys set/list/test/remove - the key never appears in replies or logs") {
  // "sec": the emulator behind the openai preset, which needs a key (none in the test environment).
  Lsp t(kSecProvider);
  t.p->initialize();
  const std::string key = "sk-test-secret-9f8e7d1234";
  auto before = t.p->request("byok/keys", {{"action", "test"}, {"provider", "sec"}});
  CHECK(before["result"]["ok"] == false);
  CHECK(before["result"]["error"]["code"] == -32902);
  auto set = t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"key", key}});
  CHECK(set["result"]["last4"] == "1234");
  CHECK(set["result"]["persisted"] == true);
  CHECK(set["result"]["source"] == "vault");
  auto list = t.p->request("byok/keys", {{"action", "list"}});
  bool listed = false;
  for (auto& k : list["result"]["keys"])
    listed |= k["provider"] == "sec" && k["source"] == "vault" && k["last4"] == "1234" && k.contains("added");
  CHECK(listed);
  CHECK(list.dump().find(key) == std::string::npos);
  // The same vault as the CLI: `byok keys list` sees the key the host stored.
  auto cli = run_cli(t, {"keys", "list", "--json"});
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find("sec") != std::string::npos);
  CHECK(cli.out.find("1234") != std::string::npos);
  CHECK(cli.out.find(key) == std::string::npos);
  auto test = t.p->request("byok/keys", {{"action", "test"}, {"provider", "sec"}});
  CHECK(test["result"]["ok"] == true);
  CHECK(t.p->request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}})["result"]["model"] == "sec:gpt-4o-mini");
  bool authed = false;
  for (auto& r : t.emu.requests())
    for (auto& [name, value] : r.headers) authed |= value == "Bearer " + key;
  CHECK(authed);
  CHECK(t.p->request("byok/keys", {{"action", "remove"}, {"provider", "sec"}})["result"]["removed"] == true);
  CHECK(t.p->request("byok/keys", {{"action", "test"}, {"provider", "sec"}})["result"]["ok"] == false);
  CHECK(t.p->request("byok/keys", {{"action", "set"}, {"provider", "sec"}, {"key", ""}})["error"]["message"] ==
        "key: expected a non-empty string");
  CHECK(t.p->request("byok/keys", {{"action", "set"}, {"provider", "zzz"}, {"key", "k"}})["error"]["message"] ==
        "provider: unknown provider \"zzz\"");
  t.p->request("shutdown", nullptr);
  t.p->notify("exit", nullptr);
  CHECK(t.p->wait_exit() == 0);
  auto log = t.log_text();
  CHECK_FALSE(log.empty());  // debug logging was on
  CHECK(log.find(key) == std::string::npos);
  CHECK(log.find("9f8e7d") == std::string::npos);
}

TEST_CASE("lsp: byok/secret asks the host for a missing key once and caches it in memory") {
  Lsp t(kSecProvider);
  t.p->initialize({{"secretProvider", true}});
  auto id = t.p->send_request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}});
  std::optional<json> ask;
  for (int i = 0; i < 50 && !ask; ++i) {
    auto m = t.p->read(std::chrono::milliseconds(200));
    if (m && m->value("method", "") == "byok/secret") ask = *m;
  }
  REQUIRE(ask);
  CHECK((*ask)["params"] == json({{"provider", "sec"}, {"keyName", "default"}}));
  t.p->send({{"jsonrpc", "2.0"}, {"id", (*ask)["id"]}, {"result", {{"key", "sk-from-host-5678"}}}});
  auto r = t.p->wait_response(id);
  CHECK(r["result"]["text"] == "Hello from the byok emulator — ünïcødé ✓ 👋.");
  auto again = t.p->request("byok/chat", {{"prompt", "again"}, {"model", "sec:gpt-4o-mini"}});
  CHECK(again.contains("result"));
  for (auto& m : t.p->seen) CHECK(m.value("method", "") != "byok/secret");
  auto list = t.p->request("byok/keys", {{"action", "list"}});
  CHECK(list["result"]["keys"][0]["source"] == "host");
  // A host that has no key: the request fails with a key error saying where keys come from.
  Lsp u(kSecProvider);
  u.p->initialize({{"secretProvider", true}});
  auto id2 = u.p->send_request("byok/chat", {{"prompt", "hi"}, {"model", "sec:gpt-4o-mini"}});
  for (int i = 0; i < 50; ++i) {
    auto m = u.p->read(std::chrono::milliseconds(200));
    if (m && m->value("method", "") == "byok/secret") {
      u.p->send({{"jsonrpc", "2.0"}, {"id", (*m)["id"]}, {"result", {{"key", nullptr}}}});
      break;
    }
  }
  auto r2 = u.p->wait_response(id2);
  CHECK(r2["error"]["code"] == -32902);
  CHECK(r2["error"]["message"].get<std::string>().find("no API key") != std::string::npos);
}

TEST_CASE("lsp: didChangeConfiguration switches the model - a bad setting is shown - not applied") {
  Lsp t;
  t.p->initialize();
  t.p->notify("workspace/didChangeConfiguration", {{"settings", {{"byok", {{"chat", {{"model", "emu:gpt-4o-mini"}}}}}}}});
  CHECK(t.p->request("byok/chat", {{"prompt", "hi"}})["result"]["model"] == "emu:gpt-4o-mini");
  t.p->notify("workspace/didChangeConfiguration", {{"settings", {{"chat", {{"temperature", 9}}}}}});
  CHECK(t.p->request("byok/chat", {{"prompt", "hi"}})["result"]["model"] == "emu:gpt-4o-mini");
  auto shown = t.notifications("window/showMessage");
  REQUIRE(shown.size() == 1);
  CHECK(shown[0]["message"] == "byok: settings.chat.temperature: must be between 0 and 2");
}

TEST_CASE("lsp: every request kind is metered in the shared ledger - host lsp - visible to byok usage") {
  Lsp t;
  t.p->initialize();
  CHECK(t.p->request("byok/chat", {{"prompt", "count me"}}).contains("result"));
  auto usage = t.p->request("byok/usage", json::object());
  REQUIRE(usage["result"]["rows"].size() == 1);
  CHECK(usage["result"]["rows"][0]["host"] == "lsp");
  CHECK(usage["result"]["rows"][0]["kind"] == "chat");
  CHECK(usage["result"]["today"]["requests"] == 1);
  CHECK(usage["result"]["month"]["requests"] == 1);
  t.p->request("shutdown", nullptr);
  t.p->notify("exit", nullptr);
  CHECK(t.p->wait_exit() == 0);
  auto cli = run_cli(t, {"usage", "--by", "host", "--json"});
  CHECK(cli.exit_code == 0);
  CHECK(cli.out.find("\"lsp\"") != std::string::npos);
  // The conversation is in the same database as the CLI's history.
  auto history = run_cli(t, {"history", "list", "--json"});
  CHECK(history.exit_code == 0);
  CHECK(history.out.find("count me") != std::string::npos);
}

TEST_CASE("lsp: a budget stops byok/chat before any byte reaches the provider") {
  Lsp t(json::parse(R"({"budgets": {"emu": {"daily_usd": 0}}})"));
  t.p->initialize();
  auto r = t.p->request("byok/chat", {{"prompt", "too expensive"}});
  CHECK(r["error"]["code"] == -32905);
  CHECK(r["error"]["message"].get<std::string>().find("budget") != std::string::npos);
  auto rw = t.p->request("byok/compare", {{"prompt", "x"}, {"models", json::array({"emu:emu-echo", "emu:emu-slow"})}});
  CHECK(rw.dump().find("-32905") != std::string::npos);
  CHECK(t.emu.requests().empty());
  CHECK(t.emu.connections_accepted() == 0);
}

namespace {
bool eventually(const std::function<bool()>& cond) {
  for (int i = 0; i < 500; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}
}  // namespace

TEST_CASE("lsp: completions see the code around the latest edit of other open files, never an excluded one") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/helpers.py", "import os\n\ndef helper_xyz(a, b):\n    return a * b\n");
  t.p->notify("textDocument/didChange", {{"textDocument", {{"uri", "file:///w/helpers.py"}, {"version", 2}}},
                                         {"contentChanges", {{{"range", range(3, 13, 3, 14)}, {"text", "+"}}}}});
  t.open("file:///w/.env", "DB_PASSWORD=hunter2\n", "plaintext");
  t.open("file:///w/notes.py", "token = 'sk-proj-" + std::string(40, 'q') + "'\n");  // a key pasted in an editor
  t.open("file:///w/main.py", "def f(x):\n    return \n");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // each file is vetted once, off the reader thread
  auto r = t.p->request("textDocument/inlineCompletion", {{"textDocument", {{"uri", "file:///w/main.py"}}},
                                                          {"position", {{"line", 1}, {"character", 11}}},
                                                          {"context", {{"triggerKind", 1}}}});
  REQUIRE(r.contains("result"));
  std::string body;
  for (const auto& req : t.emu.requests())
    if (req.method == "POST") body = req.body;
  REQUIRE_FALSE(body.empty());
  INFO(body);
  CHECK(body.find("def helper_xyz(a, b):") != std::string::npos);
  CHECK(body.find("return a + b") != std::string::npos);  // the editor's text, after the edit
  CHECK(body.find("hunter2") == std::string::npos);
  CHECK(body.find("sk-proj-") == std::string::npos);
}

TEST_CASE("lsp: a workspace of files opened at once warms the completion connection once") {
  Lsp t;
  t.p->initialize();
  for (int i = 0; i < 30; ++i) t.open("file:///w/many" + std::to_string(i) + ".py", "x = " + std::to_string(i) + "\n");
  REQUIRE(eventually([&] { return t.emu.connections_accepted() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // room for any straggling warm-up
  size_t heads = 0;
  for (const auto& req : t.emu.requests()) heads += req.method == "HEAD";
  CHECK(heads == 1);
  CHECK(t.emu.connections_accepted() == 1);
}

TEST_CASE("lsp: inline completion runs on the completion engine - warm-up, cache, suggestion ids, feedback, ledger") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/c.py", "def f(x):\n    return x\n");
  // didOpen warms the completion model's connection before anything is asked.
  REQUIRE(eventually([&] { return t.emu.connections_accepted() == 1; }));
  const json params = {{"textDocument", {{"uri", "file:///w/c.py"}}},
                       {"position", {{"line", 1}, {"character", 4}}},
                       {"context", {{"triggerKind", 1}}}};
  auto first = t.p->request("textDocument/inlineCompletion", params);
  REQUIRE(first.contains("result"));
  REQUIRE(first["result"]["items"].size() == 1);
  CHECK(first["result"]["byok"]["source"] == "network");
  CHECK(first["result"]["byok"]["model"] == "emu:emu-echo");
  const auto id = first["result"]["items"][0]["byokSuggestionId"].get<int64_t>();
  CHECK(id >= 1);
  // The suggestion went over the warmed connection.
  CHECK(t.emu.connections_accepted() == 1);
  const size_t sent = t.emu.requests().size();
  // The same place again: the engine's cache answers, nothing is sent.
  auto again = t.p->request("textDocument/inlineCompletion", params);
  CHECK(again["result"]["byok"]["source"] == "cache");
  CHECK(again["result"]["items"][0]["insertText"] == first["result"]["items"][0]["insertText"]);
  CHECK(again["result"]["items"][0]["byokSuggestionId"] != id);
  CHECK(t.emu.requests().size() == sent);

  t.p->notify("byok/completionFeedback", {{"suggestionId", id}, {"kind", "shown"}});
  // Acceptance the LSP way: the item's command, run by the editor after inserting it.
  const auto& cmd = first["result"]["items"][0]["command"];
  CHECK(cmd["command"] == "byok.completionAccepted");
  CHECK(cmd["arguments"] == json::array({id}));
  auto accepted = t.p->request("workspace/executeCommand", {{"command", cmd["command"]}, {"arguments", cmd["arguments"]}});
  CHECK(accepted.contains("result"));
  CHECK(accepted["result"].is_null());
  auto never = t.p->request("workspace/executeCommand", {{"command", "byok.completionAccepted"}, {"arguments", {99999}}});
  CHECK(never["error"]["code"] == -32602);
  // Feedback: a known id is taken silently; an unknown id or kind is reported, and nothing breaks.
  t.p->notify("byok/completionFeedback", {{"suggestionId", id}, {"kind", "accepted"}});
  t.p->notify("byok/completionFeedback", {{"suggestionId", id}, {"kind", "liked"}});
  t.p->notify("byok/completionFeedback", {{"suggestionId", 99999}, {"kind", "rejected"}});
  REQUIRE(t.p->request("byok/usage", json::object()).contains("result"));
  auto errors = t.notifications("byok/protocolError");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0]["message"].get<std::string>().find("kind") != std::string::npos);
  CHECK(errors[1]["message"].get<std::string>().find("suggestionId 99999 was never sent") != std::string::npos);

  // The provider call is in the shared ledger as an LSP completion.
  json completion_row;
  REQUIRE(eventually([&] {
    auto usage = t.p->request("byok/usage", json::object());
    for (const auto& r : usage["result"]["rows"])
      if (r["kind"] == "completion") completion_row = r;
    return !completion_row.is_null();
  }));
  CHECK(completion_row["host"] == "lsp");
  // And what the user did with the suggestions, per model: shown once, accepted through the item's command and
  // through byok/completionFeedback.
  auto usage = t.p->request("byok/usage", json::object());
  REQUIRE(usage["result"]["completions"].size() == 1);
  const auto& acceptance = usage["result"]["completions"][0];
  CHECK(acceptance["model"] == "emu:emu-echo");
  CHECK(acceptance["shown"] == 1);
  CHECK(acceptance["accepted"] == 2);
  CHECK(acceptance["acceptedBytes"].get<int64_t>() > 0);
  // "cancelled" when the engine closed the stream itself at a stop sequence the server did not honour
  // (timing decides whether the whole echo arrived first); either way the call is booked.
  CHECK((completion_row["outcome"] == "ok" || completion_row["outcome"] == "cancelled"));
  CHECK(completion_row["model"] == "emu-echo");
}

TEST_CASE("lsp: a budget stops inline completion before any byte reaches the provider") {
  Lsp t(json::parse(R"({"budgets": {"emu": {"daily_usd": 0}}})"));
  t.p->initialize();
  t.open("file:///w/d.py", "x = 1\n");
  auto r = t.p->request("textDocument/inlineCompletion", {{"textDocument", {{"uri", "file:///w/d.py"}}},
                                                          {"position", {{"line", 1}, {"character", 0}}},
                                                          {"context", {{"triggerKind", 1}}}});
  CHECK(r["error"]["code"] == -32905);
  for (const auto& req : t.emu.requests()) CHECK(req.method == "HEAD");  // the warm-up only
}

TEST_CASE("lsp: byok/actions lists the actions and byok/runAction runs one on an open document's range") {
  Lsp t(json::parse(R"({"actions": {"shout": {"description": "Upper-case it", "prompt": "Shout this: {{selection}}",
                                              "context": ["selection"], "output": "replace"}}})"));
  t.p->initialize();
  auto list = t.p->request("byok/actions", json::object());
  REQUIRE(list.contains("result"));
  std::set<std::string> names;
  for (const auto& a : list["result"]["actions"]) names.insert(a["name"].get<std::string>());
  CHECK(names.count("explain") == 1);
  CHECK(names.count("shout") == 1);

  t.open("file:///w/e.txt", "alpha beta\ngamma delta\n", "plaintext");
  auto r = t.p->request("byok/runAction", {{"name", "shout"}, {"uri", "file:///w/e.txt"}, {"range", range(1, 0, 1, 5)},
                                           {"token", "a1"}});
  REQUIRE(r.contains("result"));
  CHECK(r["result"]["output"] == "replace");
  CHECK(r["result"]["action"] == "shout");
  // emu-echo answers with the prompt it got: the template rendered with the selected text.
  CHECK(r["result"]["text"].get<std::string>().find("Shout this: ") != std::string::npos);
  CHECK(r["result"]["text"].get<std::string>().find("gamma") != std::string::npos);
  CHECK(r["result"]["text"].get<std::string>().find("delta") == std::string::npos);
  CHECK(r["result"]["range"] == range(1, 0, 1, 5));
  auto deltas = t.notifications("byok/chatDelta");
  REQUIRE_FALSE(deltas.empty());
  CHECK(deltas.back()["done"] == true);
  CHECK(deltas.back()["action"] == "shout");
  CHECK(deltas.back()["token"] == "a1");
  // The turn is a stored conversation, like any chat.
  auto conv = t.p->request("byok/conversations", {{"action", "get"}, {"id", r["result"]["id"]}});
  CHECK(conv.dump().find("Shout this") != std::string::npos);

  // Errors name what was wrong.
  auto unknown = t.p->request("byok/runAction", {{"name", "nope"}, {"selection", "x"}});
  CHECK(unknown["error"]["code"] == -32602);
  CHECK(unknown["error"]["message"].get<std::string>().find("unknown action \"nope\" (known: ") != std::string::npos);
  auto no_uri = t.p->request("byok/runAction", {{"name", "shout"}, {"range", range(0, 0, 0, 1)}});
  CHECK(no_uri["error"]["message"].get<std::string>().find("range") != std::string::npos);
}

TEST_CASE("lsp: diagnostics in range and open buffers reach actions and chat as visible context items") {
  Lsp t(json::parse(R"({"actions": {"ctx": {"prompt": "SEL[{{selection}}] DIAG[{{diagnostics}}] BUF[{{buffers}}]",
                                            "output": "panel"}}})"));
  t.p->initialize();
  t.open("file:///w/e.py", "def f(x):\n    return x +\n\nprint(f(1))\n", "python");
  t.open("file:///w/helpers.py", "def helper():\n    return 42\n", "python");
  t.open("file:///w/.env", "DB_PASSWORD=hunter2\n", "plaintext");
  const json diagnostics = json::array(
      {{{"range", range(1, 13, 1, 14)}, {"severity", 1}, {"message", "invalid syntax"}, {"source", "pyright"}},
       {{"range", range(3, 0, 3, 5)}, {"severity", 2}, {"message", "print outside the selection"}}});
  auto r = t.p->request("byok/runAction", {{"name", "ctx"}, {"uri", "file:///w/e.py"}, {"range", range(0, 0, 2, 0)},
                                           {"diagnostics", diagnostics}});
  REQUIRE(r.contains("result"));
  const std::string text = r["result"]["text"];  // emu-echo: the prompt as sent
  CHECK(text.find("SEL[def f(x):\n    return x +\n]") != std::string::npos);
  CHECK(text.find("DIAG[Diagnostics reported for /w/e.py:1-2:\n/w/e.py:2:14: error: invalid syntax [pyright]\n]") !=
        std::string::npos);
  CHECK(text.find("print outside the selection") == std::string::npos);
  CHECK(text.find("--- /w/helpers.py ---\ndef helper():\n    return 42\n") != std::string::npos);
  CHECK(text.find("hunter2") == std::string::npos);   // a secret file open in the editor is not sent
  CHECK(text.find("return x +\n\nprint") == std::string::npos);  // nor the current file again
  std::set<std::string> kinds;
  for (const auto& c : r["result"]["context"]) kinds.insert(c["kind"].get<std::string>() + ":" + c["label"].get<std::string>());
  CHECK(kinds == std::set<std::string>{"selection:selection /w/e.py", "diagnostics:diagnostics /w/e.py:1-2 (1)",
                                       "buffers:buffer /w/helpers.py"});
  REQUIRE(r["result"]["notices"].size() == 1);
  CHECK(r["result"]["notices"][0] == "left out open buffer /w/.env: looks like a secret file (.env)");
  // The host was told before the provider was asked.
  auto shown = t.notifications("byok/context");
  REQUIRE(shown.size() == 1);
  CHECK(shown[0]["action"] == "ctx");
  CHECK(shown[0]["items"] == r["result"]["context"]);
  CHECK(shown[0]["notices"] == r["result"]["notices"]);
  CHECK(shown[0]["tokens"].get<int>() > 0);

  // A host with its own buffers (Neovim) sends them; a bad diagnostic names its field.
  auto own = t.p->request("byok/runAction", {{"name", "ctx"}, {"selection", "x = 1"}, {"lines", {{"first", 7}, {"last", 7}}},
                                             {"fileName", "scratch.py"}, {"diagnostics", json::array()},
                                             {"buffers", {{{"name", "notes.md"}, {"text", "remember"}}}}});
  REQUIRE(own.contains("result"));
  CHECK(own["result"]["text"].get<std::string>().find("DIAG[No diagnostics reported for scratch.py:7-7.\n]") != std::string::npos);
  CHECK(own["result"]["text"].get<std::string>().find("--- notes.md ---\nremember\n") != std::string::npos);
  auto bad = t.p->request("byok/runAction", {{"name", "ctx"}, {"selection", "x"}, {"diagnostics", {{{"range", range(0, 0, 0, 1)}}}}});
  CHECK(bad["error"]["code"] == -32602);
  CHECK(bad["error"]["message"].get<std::string>().find("diagnostics[0].message") != std::string::npos);

  // Chat: the same context, and the reply lists what was attached with its size.
  auto chat = t.p->request("byok/chat", {{"prompt", "why does this fail?"},
                                         {"context", {{"selection", {{"uri", "file:///w/e.py"}, {"range", range(1, 0, 1, 14)}}},
                                                      {"diagnostics", diagnostics}, {"buffers", true}}}});
  REQUIRE(chat.contains("result"));
  const std::string answer = chat["result"]["text"];
  CHECK(answer.find("/w/e.py:2:14: error: invalid syntax [pyright]") != std::string::npos);
  CHECK(answer.find("print outside the selection") == std::string::npos);
  CHECK(answer.find("Open buffer /w/helpers.py:") != std::string::npos);
  CHECK(answer.find("hunter2") == std::string::npos);
  REQUIRE(chat["result"]["context"].size() == 3);
  CHECK(chat["result"]["context"][1]["kind"] == "diagnostics");
  CHECK(chat["result"]["context"][1]["tokens"].get<int>() > 0);
  CHECK(chat["result"]["notices"][0] == "left out open buffer /w/.env: looks like a secret file (.env)");
  CHECK(t.notifications("byok/context").back()["items"] == chat["result"]["context"]);
}

TEST_CASE("lsp: cancelling an inline completion answers it and the server keeps reading (no deadlock)") {
  Lsp t;
  t.p->initialize();
  t.open("file:///w/f.py", "def f(x):\n    return x\n");
  const json params = {{"textDocument", {{"uri", "file:///w/f.py"}}}, {"position", {{"line", 1}, {"character", 4}}},
                       {"context", {{"triggerKind", 2}}}, {"model", "emu:emu-slow"}};
  // The engine answers a cancelled request from inside the cancel: that must not block the reader. A host
  // that cancels constantly (every keystroke) gets every answer: hundreds of rounds, automatic ones (cancelled
  // in the debounce) and invoked ones (cancelled with the upstream request open).
  json invoked = params;
  invoked["context"]["triggerKind"] = 1;
  for (int i = 0; i < 300; ++i) {
    auto id = t.p->send_request("textDocument/inlineCompletion", i % 3 == 0 ? invoked : params);
    t.p->notify("$/cancelRequest", {{"id", id}});
    auto r = t.p->wait_response(id, 5s);
    REQUIRE(r["error"]["code"] == -32800);
  }
  // A newer automatic request supersedes an older one that is still running.
  auto older = t.p->send_request("textDocument/inlineCompletion", params);
  auto newer = t.p->send_request("textDocument/inlineCompletion", params);
  CHECK(t.p->wait_response(older, 5s)["error"]["code"] == -32800);
  t.p->notify("$/cancelRequest", {{"id", newer}});
  CHECK(t.p->wait_response(newer, 5s)["error"]["code"] == -32800);
  CHECK(t.p->request("byok/usage", json::object(), 5s).contains("result"));
}

TEST_CASE("lsp: a host that exits mid-stream - the engine stops the request, keeps the partial answer, exits 0") {
  Lsp t;
  byok::emu::Scenario slow;
  for (int i = 0; i < 200; ++i) slow.reply += "word" + std::to_string(i) + " ";
  slow.token_ms = 20;
  t.emu.set_scenario("slow-story", slow);
  t.p->initialize();
  auto id = t.p->send_request("byok/chat", {{"prompt", "tell me a story"}, {"model", "emu:slow-story"}});
  (void)id;
  for (int i = 0; i < 100 && t.notifications("byok/chatDelta").size() < 5; ++i)
    if (auto m = t.p->read(std::chrono::milliseconds(100))) t.p->seen.push_back(*m);
  REQUIRE(t.notifications("byok/chatDelta").size() >= 5);
  // The editor goes away: its end of stdin closes (and nobody reads stdout any more).
  t.p->close_stdin();
  CHECK(t.p->wait_exit(std::chrono::seconds(10)) == 0);
  // The provider saw the request end early (the engine closed it), and the partial answer is stored.
  REQUIRE(t.emu.wait_for_request_end(0, std::chrono::seconds(5)));
  CHECK(t.emu.requests()[0].client_closed_early);
  auto store = byok::store::Store::open(t.home.path / "data" / "byok" / "byok.db");
  REQUIRE(store);
  auto list = (*store)->conversations().list();
  REQUIRE(list);
  REQUIRE(list->size() == 1);
  auto conv = (*store)->conversations().get(list->front().id);
  REQUIRE(conv);
  REQUIRE(conv->messages.size() == 2);
  CHECK(conv->messages[1].status == byok::store::MessageStatus::Cancelled);
  CHECK(conv->messages[1].text.rfind("word0 ", 0) == 0);
}

TEST_CASE("lsp: a host that stops reading stalls only the stream - the engine keeps reading its messages") {
  Lsp t;
  byok::emu::Scenario big;
  while (big.reply.size() < 3'000'000) big.reply += "a long answer that fills the pipe ✓ ";  // ≫ a 64 KiB pipe
  big.token_ms = 0;
  t.emu.set_scenario("big", big);
  t.p->initialize();
  auto chat = t.p->send_request("byok/chat", {{"prompt", "flood"}, {"model", "emu:big"}});
  // Read nothing for a while: the pipe fills, the stream's writes wait for room.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // The reader thread still takes the host's messages: the cancel and a new request go through.
  t.p->notify("$/cancelRequest", {{"id", chat}});
  auto usage = t.p->send_request("byok/usage", json::object());
  auto r = t.p->wait_response(chat, std::chrono::seconds(20));
  CHECK((r.contains("result") || r["error"]["code"] == -32800));
  // byok/usage may have been answered before the chat was (while we read toward it): look there first.
  json usage_reply;
  for (const auto& m : t.p->seen)
    if (m.contains("id") && m["id"] == usage && !m.contains("method")) usage_reply = m;
  if (usage_reply.is_null()) usage_reply = t.p->wait_response(usage, std::chrono::seconds(20));
  CHECK(usage_reply.contains("result"));
}
