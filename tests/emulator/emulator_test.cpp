// Self-tests of the provider emulator: the things other tests take on trust (connection counting, the
// default reply, each wire format's framing, faults, control API, certificates) checked over real sockets.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/emulator/emulator.h"
#include "tests/emulator/reply_text.h"
#include "tests/emulator/stream_driver.h"
#include "tests/emulator/wire.h"

using byok::emu::Emulator;
using byok::emu::Options;
using byok::emu::Scenario;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kDefaultReply(byok::emu::default_chat_reply());

// The JSON payloads of the `data:` lines of an SSE body (either line ending), skipping [DONE].
std::vector<json> sse_payloads(const std::string& body, bool* saw_done = nullptr) {
  std::vector<json> out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string::npos) eol = body.size();
    std::string line = body.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    pos = eol + 1;
    if (line.rfind("data: ", 0) != 0) continue;
    const std::string data = line.substr(6);
    if (data == "[DONE]") {
      if (saw_done) *saw_done = true;
      continue;
    }
    out.push_back(json::parse(data));
  }
  return out;
}

httplib::Result post(httplib::Client& cli, const std::string& path, const json& body, httplib::Headers headers = {}) {
  return cli.Post(path.c_str(), headers, body.dump(), "application/json");
}

json chat_body(const std::string& model, bool stream, bool include_usage = false) {
  json b{{"model", model}, {"stream", stream}, {"messages", {{{"role", "user"}, {"content", "Say hi <&>"}}}}};
  if (include_usage) b["stream_options"] = {{"include_usage", true}};
  return b;
}

std::string openai_text(const std::vector<json>& chunks) {
  std::string text;
  for (const auto& c : chunks)
    if (!c["choices"].empty() && c["choices"][0]["delta"].contains("content") && c["choices"][0]["delta"]["content"].is_string())
      text += c["choices"][0]["delta"]["content"].get<std::string>();
  return text;
}

struct Started {
  explicit Started(Options o = {}) : emu(std::move(o)) { emu.start(); }
  Emulator emu;
};

}  // namespace

TEST_CASE("default reply is split at code point boundaries and reassembles exactly") {
  const auto pieces = byok::emu::split_reply(kDefaultReply);
  std::string joined;
  for (const auto& p : pieces) {
    joined += p;
    const auto lead = static_cast<unsigned char>(p.front());
    CHECK((lead & 0xC0) != 0x80);  // never starts with a continuation byte
  }
  CHECK(joined == kDefaultReply);
  CHECK(pieces.size() > 5);
  CHECK(byok::emu::split_reply("").empty());
}

TEST_CASE("connections are counted per TCP connection, over HTTP and HTTPS") {
  Started s;
  Emulator& emu = s.emu;
  {
    httplib::Client cli(emu.http_url());
    cli.set_keep_alive(true);
    for (int i = 0; i < 10; ++i) REQUIRE(cli.Get("/v1/models")->status == 200);
  }
  CHECK(emu.connections_accepted() == 1);
  for (int i = 0; i < 10; ++i) {
    httplib::Client cli(emu.http_url());
    REQUIRE(cli.Get("/v1/models")->status == 200);
  }
  CHECK(emu.connections_accepted() == 11);
  CHECK(emu.tls_handshakes() == 0);

  {
    httplib::Client cli(emu.https_url());
    cli.set_ca_cert_path(emu.ca_file().c_str());
    cli.enable_server_certificate_verification(true);
    cli.set_keep_alive(true);
    for (int i = 0; i < 10; ++i) {
      auto r = cli.Get("/v1/models");
      REQUIRE(r);
      REQUIRE(r->status == 200);
    }
  }
  CHECK(emu.tls_handshakes() == 1);
  for (int i = 0; i < 10; ++i) {
    httplib::Client cli(emu.https_url());
    cli.set_ca_cert_path(emu.ca_file().c_str());
    REQUIRE(cli.Get("/v1/models")->status == 200);
  }
  CHECK(emu.tls_handshakes() == 11);
  CHECK(emu.connections_accepted() == 22);
  CHECK(emu.requests().size() == 40);
  CHECK(emu.requests().front().tls == false);
  CHECK(emu.requests().back().tls == true);
}

TEST_CASE("OpenAI chat stream: role, content, finish, usage only on request, [DONE]") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  auto r = post(cli, "/v1/chat/completions", chat_body("gpt-4o-mini", true, true));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "text/event-stream");
  bool done = false;
  auto chunks = sse_payloads(r->body, &done);
  CHECK(done);
  REQUIRE(chunks.size() >= 4);
  CHECK(chunks.front()["choices"][0]["delta"]["role"] == "assistant");
  CHECK(openai_text(chunks) == kDefaultReply);
  CHECK(chunks[chunks.size() - 2]["choices"][0]["finish_reason"] == "stop");
  CHECK(chunks.back()["choices"].empty());
  CHECK(chunks.back()["usage"]["completion_tokens"] == byok::emu::estimate_tokens(kDefaultReply.size()));

  auto plain = post(cli, "/v1/chat/completions", chat_body("gpt-4o-mini", true, false));
  auto plain_chunks = sse_payloads(plain->body);
  CHECK(!plain_chunks.back()["choices"].empty());
  CHECK(!plain_chunks.back().contains("usage"));

  auto whole = post(cli, "/openai/v1/chat/completions", chat_body("gpt-4o-mini", false));
  REQUIRE(whole);
  const json j = json::parse(whole->body);
  CHECK(j["object"] == "chat.completion");
  CHECK(j["choices"][0]["message"]["content"] == kDefaultReply);
  CHECK(s.emu.wait_for_request_end(2, 2s));
  CHECK(s.emu.requests()[2].completed);
}

TEST_CASE("transport knobs: CRLF, comments, usage:null, one byte per write") {
  Started s;
  Scenario sc;
  sc.crlf = true;
  sc.comments = true;
  sc.usage_null_chunks = true;
  sc.one_byte_writes = true;
  s.emu.set_scenario("knobs", sc);
  httplib::Client cli(s.emu.http_url());
  auto r = post(cli, "/v1/chat/completions", chat_body("knobs", true));
  REQUIRE(r);
  CHECK(r->body.find("\r\n\r\n") != std::string::npos);
  CHECK(r->body.find(": keep-alive\r\n") != std::string::npos);
  CHECK(r->body.find(": OPENROUTER PROCESSING") != std::string::npos);
  const auto chunks = sse_payloads(r->body);
  CHECK(openai_text(chunks) == kDefaultReply);
  CHECK(chunks.front().contains("usage"));
  CHECK(chunks.front()["usage"].is_null());
}

TEST_CASE("Anthropic messages: auth headers, named events, typed errors") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  json body{{"model", "claude-sonnet-4-5"}, {"max_tokens", 64}, {"stream", true}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
  auto no_key = post(cli, "/v1/messages", body, {{"anthropic-version", "2023-06-01"}});
  CHECK(no_key->status == 401);
  CHECK(json::parse(no_key->body)["error"]["type"] == "authentication_error");
  auto no_version = post(cli, "/v1/messages", body, {{"x-api-key", "k"}});
  CHECK(no_version->status == 400);

  const httplib::Headers auth{{"x-api-key", "k"}, {"anthropic-version", "2023-06-01"}};
  auto r = post(cli, "/v1/messages", body, auth);
  REQUIRE(r->status == 200);
  std::string text;
  for (const auto& e : sse_payloads(r->body))
    if (e["type"] == "content_block_delta") text += e["delta"]["text"].get<std::string>();
  CHECK(text == kDefaultReply);
  CHECK(r->body.find("event: ping\ndata: {\"type\": \"ping\"}") != std::string::npos);
  CHECK(r->body.find("event: message_stop") != std::string::npos);

  body["model"] = "emu-529";
  auto overloaded = post(cli, "/v1/messages", body, auth);
  CHECK(overloaded->status == 529);
  CHECK(json::parse(overloaded->body)["error"]["type"] == "overloaded_error");

  body["model"] = "emu-midstream-error";
  auto mid = post(cli, "/v1/messages", body, auth);
  CHECK(mid->status == 200);
  CHECK(mid->body.find("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"") != std::string::npos);
}

TEST_CASE("Gemini: CRLF framing, Google spacing, key required, raw in-stream error") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  json body{{"contents", {{{"role", "user"}, {"parts", {{{"text", "hi"}}}}}}}};
  const std::string path = "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse";
  CHECK(post(cli, path, body)->status == 403);
  auto r = post(cli, path, body, {{"x-goog-api-key", "k"}});
  REQUIRE(r->status == 200);
  CHECK(r->body.find("\r\n\r\n") != std::string::npos);
  CHECK(r->body.find("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": ") != std::string::npos);
  std::string text;
  const auto chunks = sse_payloads(r->body);
  for (const auto& c : chunks) text += c["candidates"][0]["content"]["parts"][0]["text"].get<std::string>();
  CHECK(text == kDefaultReply);
  CHECK(chunks.back()["candidates"][0]["finishReason"] == "STOP");
  CHECK(s.emu.requests().back().query == "alt=sse");

  auto err = post(cli, "/v1beta/models/emu-midstream-error:streamGenerateContent?alt=sse", body, {{"x-goog-api-key", "k"}});
  CHECK(err->status == 200);
  CHECK(err->body.size() > 20);
  const std::string tail = "\"status\": \"INTERNAL\"}}";
  CHECK(err->body.substr(err->body.size() - tail.size()) == tail);
}

TEST_CASE("Ollama NDJSON with Go escaping, final done object") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  Scenario sc;
  sc.reply = "a<b && c>d";
  s.emu.set_scenario("llama3.2", sc);
  auto r = post(cli, "/api/chat", json{{"model", "llama3.2"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}});
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/x-ndjson");
  CHECK(r->body.find("\\u003c") != std::string::npos);
  std::string text;
  json last;
  for (size_t pos = 0; pos < r->body.size();) {
    size_t eol = r->body.find('\n', pos);
    last = json::parse(r->body.substr(pos, eol - pos));
    text += last["message"]["content"].get<std::string>();
    pos = eol + 1;
  }
  CHECK(text == "a<b && c>d");
  CHECK(last["done"] == true);
  CHECK(last["done_reason"] == "stop");
  CHECK(last["eval_count"].get<int>() > 0);
}

TEST_CASE("FIM endpoints answer with the FIM default reply") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  json fim{{"model", "codestral-latest"}, {"prompt", "def f(a, b):"}, {"suffix", "\n"}, {"stream", true}};
  auto mistral = post(cli, "/v1/fim/completions", fim);
  CHECK(openai_text(sse_payloads(mistral->body)) == "return a + b;");
  auto deepseek = post(cli, "/beta/completions", fim);
  std::string text;
  for (const auto& c : sse_payloads(deepseek->body)) text += c["choices"][0]["text"].get<std::string>();
  CHECK(text == "return a + b;");
  auto infill = post(cli, "/infill", json{{"input_prefix", "x"}, {"input_suffix", "y"}, {"stream", true}});
  text.clear();
  bool done = false;
  auto events = sse_payloads(infill->body, &done);
  for (const auto& e : events) text += e["content"].get<std::string>();
  CHECK(text == "return a + b;");
  CHECK(events.back()["stop"] == true);
  CHECK(!done);
}

TEST_CASE("scenario times, precedence and echo") {
  Started s;
  Scenario limited;
  limited.kind = Scenario::Kind::HttpError;
  limited.status = 429;
  limited.retry_after_s = 3;
  limited.times = 1;
  s.emu.set_scenario("*", limited);
  httplib::Client cli(s.emu.http_url());
  auto first = post(cli, "/v1/chat/completions", chat_body("gpt-4o", false));
  CHECK(first->status == 429);
  CHECK(first->get_header_value("Retry-After") == "3");
  CHECK(json::parse(first->body)["error"]["code"] == "rate_limit_exceeded");
  CHECK(post(cli, "/v1/chat/completions", chat_body("gpt-4o", false))->status == 200);

  auto echo = post(cli, "/v1/chat/completions", chat_body("emu-echo", false));
  CHECK(json::parse(echo->body)["choices"][0]["message"]["content"] == "echo: Say hi <&>");
  auto builtin = post(cli, "/v1/chat/completions", chat_body("emu-429", false));
  CHECK(builtin->status == 429);
  CHECK(builtin->get_header_value("Retry-After") == "1");
}

TEST_CASE("reset mid-stream cuts the chunked body; malformed chunk ends cleanly") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  auto reset = post(cli, "/v1/chat/completions", chat_body("emu-reset", true));
  CHECK(!reset);  // the client sees a broken chunked body
  REQUIRE(s.emu.wait_for_request_end(0, 2s));
  CHECK(!s.emu.requests()[0].completed);

  auto malformed = post(cli, "/v1/chat/completions", chat_body("emu-malformed", true));
  REQUIRE(malformed);
  CHECK_THROWS(sse_payloads(malformed->body));
}

TEST_CASE("a stalled stream notices the client leaving, and stop() does not hang on it") {
  Started s;
  {
    httplib::Client cli(s.emu.http_url());
    cli.set_read_timeout(1, 0);
    auto r = post(cli, "/v1/chat/completions", chat_body("emu-stall", true));
    CHECK(!r);
  }
  REQUIRE(s.emu.wait_for_request_end(0, 3s));
  CHECK(s.emu.requests()[0].client_closed_early);

  // A stall whose client never leaves: stop() must still return promptly.
  std::thread client([url = s.emu.http_url()] {
    httplib::Client cli(url);
    cli.set_read_timeout(30, 0);
    post(cli, "/v1/chat/completions", chat_body("emu-stall", true));
  });
  REQUIRE(s.emu.wait_for_request_end(0, 100ms) == true);
  std::this_thread::sleep_for(200ms);
  const auto t0 = std::chrono::steady_clock::now();
  s.emu.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < 2s);
  client.join();
}

TEST_CASE("timing: ttft and rtt delay the first byte") {
  Options o;
  o.rtt_ms = 50;
  o.https = false;
  Started s(o);
  Scenario slow;
  slow.ttft_ms = 150;
  s.emu.set_scenario("slow", slow);
  httplib::Client cli(s.emu.http_url());
  cli.set_keep_alive(true);
  const auto t0 = std::chrono::steady_clock::now();
  post(cli, "/v1/chat/completions", chat_body("slow", true));
  const auto first = std::chrono::steady_clock::now() - t0;
  CHECK(first >= 250ms);  // 2 x rtt on a new connection + ttft
  const auto t1 = std::chrono::steady_clock::now();
  post(cli, "/v1/chat/completions", chat_body("fast", true));
  const auto second = std::chrono::steady_clock::now() - t1;
  CHECK(second >= 50ms);
  // The second request reused the connection (so it paid one round trip, not a new connection's two): the
  // connection count says so without an upper time bound that only measures how busy the machine is.
  CHECK(s.emu.connections_accepted() == 1);
}

TEST_CASE("control endpoints steer and report") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  cli.set_keep_alive(true);
  auto set = cli.Post("/_emu/scenario", R"({"model":"m1","scenario":{"kind":"http_error","status":503,"times":1}})",
                      "application/json");
  REQUIRE(set->status == 200);
  CHECK(cli.Post("/_emu/scenario", R"({"model":"m1","scenario":{"kind":"nope"}})", "application/json")->status == 400);
  CHECK(post(cli, "/v1/chat/completions", chat_body("m1", false))->status == 503);
  CHECK(post(cli, "/v1/chat/completions", chat_body("m1", false))->status == 200);
  const json reqs = json::parse(cli.Get("/_emu/requests")->body);
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0]["body"]["model"] == "m1");
  const json stats = json::parse(cli.Get("/_emu/stats")->body);
  CHECK(stats["requests"] == 2);
  CHECK(stats["connections"] == 1);
  CHECK(cli.Post("/_emu/reset", "", "application/json")->status == 200);
  CHECK(s.emu.requests().empty());
}

TEST_CASE("an expired server certificate is rejected by a verifying client") {
  Options o;
  o.http = false;
  byok::emu::CertSpec expired;
  expired.not_before = -48h;
  expired.not_after = -24h;
  o.server_cert = expired;
  Started s(o);
  httplib::Client cli(s.emu.https_url());
  cli.set_ca_cert_path(s.emu.ca_file().c_str());
  cli.enable_server_certificate_verification(true);
  auto r = cli.Get("/v1/models");
  CHECK(!r);
  CHECK(s.emu.requests().empty());
}

TEST_CASE("OpenAI-compatible flavors keep their deviations") {
  Started s;
  httplib::Client cli(s.emu.http_url());
  auto run = [&](const std::string& flavor, const std::string& model, bool include_usage = true) {
    Scenario sc;
    sc.flavor = flavor;
    s.emu.set_scenario(model, sc);
    return post(cli, "/v1/chat/completions", chat_body(model, true, include_usage))->body;
  };
  const std::string azure = run("azure", "az");
  CHECK(azure.rfind("data: {\"choices\":[],\"created\":0,\"id\":\"\"", 0) == 0);
  CHECK(openai_text(sse_payloads(azure)) == kDefaultReply);

  const auto groq = sse_payloads(run("groq", "gq"));
  CHECK(groq.back()["x_groq"]["usage"]["completion_tokens"].get<int>() > 0);
  CHECK(!groq.back().contains("usage"));

  const auto vllm = sse_payloads(run("vllm", "vl"));
  CHECK(vllm.back()["choices"].is_null());

  const std::string openrouter = run("openrouter", "or", false);
  CHECK(openrouter.rfind(": OPENROUTER PROCESSING\n\n", 0) == 0);
  CHECK(sse_payloads(openrouter).back()["usage"]["cost"].is_number());

  const std::string deepseek = run("deepseek", "ds");
  CHECK(deepseek.rfind(": keep-alive\n\n: keep-alive\n\n", 0) == 0);
  CHECK(sse_payloads(deepseek).back()["usage"]["prompt_cache_miss_tokens"].is_number());

  const std::string llama = run("llamacpp", "lc");
  CHECK(llama.size() > 13);
  CHECK(llama.substr(llama.size() - 13) == "data: [DONE]\n");
  CHECK(sse_payloads(llama).front()["choices"][0]["delta"]["content"].is_null());

  Scenario bad;
  bad.kind = Scenario::Kind::MidStreamError;
  bad.flavor = "llamacpp";
  s.emu.set_scenario("lc-err", bad);
  const std::string legacy_error = post(cli, "/v1/chat/completions", chat_body("lc-err", true))->body;
  CHECK(legacy_error.find("\nerror: {\"code\":500") != std::string::npos);
}

TEST_CASE("stop() returns promptly while clients hold idle keep-alive connections") {
  Started s;
  httplib::Client plain(s.emu.http_url());
  plain.set_keep_alive(true);
  REQUIRE(plain.Get("/v1/models"));
  httplib::Client tls(s.emu.https_url());
  tls.set_ca_cert_path(s.emu.ca_file().c_str());
  tls.set_keep_alive(true);
  REQUIRE(tls.Get("/v1/models"));
  const auto t0 = std::chrono::steady_clock::now();
  s.emu.stop();
  CHECK(std::chrono::steady_clock::now() - t0 < 1s);
}
