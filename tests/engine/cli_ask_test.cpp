// `byok ask` end to end through the real binary: every chat wire format over HTTPS, --json events, the
// error line and exit status, Ctrl-C, stdin prompts, config errors, and the offline demo provider.
#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/util/subprocess.h"
#include "tests/engine/cli_harness.h"

using namespace byok;
using namespace byok::test;
using nlohmann::json;

TEST_CASE("byok ask streams the answer for every chat wire format", "[cli][ask]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  struct Case {
    std::string provider, env, base;
  };
  std::vector<Case> cases = {{"openai", "OPENAI_API_KEY", emu.https_url() + "/v1"},
                             {"anthropic", "ANTHROPIC_API_KEY", emu.https_url()},
                             {"gemini", "GEMINI_API_KEY", emu.https_url()},
                             {"ollama", "", emu.http_url()},
                             {"mistral", "MISTRAL_API_KEY", emu.https_url() + "/v1"},
                             {"xai", "XAI_API_KEY", emu.https_url() + "/v1"}};
  for (const auto& c : cases) {
    INFO(c.provider);
    std::map<std::string, std::string> env;
    if (!c.env.empty()) env[c.env] = "sk-cli-test-0123456789";
    auto r = byok_run(sb, {"ask", "--provider", c.provider, "--base-url", c.base, "--ca-file", emu.ca_file(), "Say hello"}, env);
    CHECK(r.exit_code == 0);
    CHECK(r.out == kDefaultReply + "\n");
    CHECK(r.err.empty());

    auto j = byok_run(sb, {"ask", "--json", "-p", c.provider, "--base-url", c.base, "--ca-file", emu.ca_file(), "Say hello"}, env);
    CHECK(j.exit_code == 0);
    std::string text;
    std::vector<std::string> types;
    std::istringstream lines(j.out);
    for (std::string line; std::getline(lines, line);) {
      auto ev = json::parse(line);
      types.push_back(ev["type"]);
      if (ev["type"] == "delta") text += ev["text"].get<std::string>();
      if (ev["type"] == "usage") CHECK(ev["output_tokens"].get<int>() > 0);
      if (ev["type"] == "done") CHECK(ev["finish_reason"] == "stop");
    }
    CHECK(text == kDefaultReply);
    REQUIRE(types.size() >= 3);
    CHECK(types[types.size() - 2] == "usage");
    CHECK(types.back() == "done");
  }
}

TEST_CASE("byok ask reports provider errors on stderr with a non-zero exit and keeps streamed text", "[cli][ask]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  std::map<std::string, std::string> env{{"OPENAI_API_KEY", "sk-cli-test-0123456789"}};
  std::vector<std::string> base{"ask", "--base-url", emu.https_url() + "/v1", "--ca-file", emu.ca_file()};

  auto args = base;
  args.insert(args.end(), {"--model", "emu-401", "hi"});
  auto r = byok_run(sb, args, env);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::StartsWith("byok: openai: 401 "));
  CHECK(r.out.empty());

  args = base;
  args.insert(args.end(), {"--model", "emu-midstream-error", "hi"});
  r = byok_run(sb, args, env);
  CHECK(r.exit_code == 1);
  CHECK(!r.out.empty());
  CHECK(kDefaultReply.rfind(r.out.substr(0, r.out.size() - 1), 0) == 0);
  CHECK_THAT(r.err, Catch::StartsWith("byok: openai: "));

  args = base;
  args.insert(args.end(), {"--json", "--model", "emu-403", "hi"});
  r = byok_run(sb, args, env);
  CHECK(r.exit_code == 1);
  auto last = json::parse(r.out.substr(r.out.rfind('{')));
  CHECK(last["type"] == "error");
  CHECK(last["provider"] == "openai");
  CHECK(last["status"] == 403);
  CHECK(!last["message"].get<std::string>().empty());
}

TEST_CASE("byok ask reads the prompt from stdin with -", "[cli][ask]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  auto r = byok_run(sb, {"ask", "--base-url", emu.http_url() + "/v1", "--model", "emu-echo", "-"},
                    {{"OPENAI_API_KEY", "sk-cli-test-0123456789"}}, "piped question ✓\n");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "echo: piped question ✓\n");
}

TEST_CASE("Ctrl-C cancels cleanly: partial text stays, exit 130, upstream closed", "[cli][ask][cancel]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  SpawnOptions so;
  so.argv = {BYOK_BINARY, "ask", "--base-url", emu.http_url() + "/v1", "--model", "emu-stall", "hi"};
  so.env = sb.env({{"OPENAI_API_KEY", "sk-cli-test-0123456789"}});
  auto p = Subprocess::spawn(so);
  REQUIRE(p.ok());
  // Wait until the request is streaming.
  for (int i = 0; i < 200 && emu.requests().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(!emu.requests().empty());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ::kill(p->pid(), SIGINT);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(p->stdout_fd(), buf, sizeof buf)) > 0) out.append(buf, n);
  CHECK(p->wait() == 130);
  CHECK(!out.empty());
  REQUIRE(emu.wait_for_request_end(0, std::chrono::seconds(2)));
  CHECK(emu.requests()[0].client_closed_early);
}

TEST_CASE("bad config and bad arguments give clear errors", "[cli][config]") {
  Sandbox sb;
  sb.write_config({{"providers", {{"openai", {{"base_url", 42}}}}}});
  auto r = byok_run(sb, {"ask", "hi"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("providers.openai.base_url: expected string, got integer"));
  sb.write_config(json::object());
  r = byok_run(sb, {"ask", "--provider", "nope", "hi"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown provider 'nope'"));
  r = byok_run(sb, {"ask", "--provider", "anthropic", "hi"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("anthropic: no API key (set ANTHROPIC_API_KEY"));
  r = byok_run(sb, {"ask", "--max-tokens", "-5", "hi"});
  CHECK(r.exit_code == 2);
}

TEST_CASE("with no key configured the demo provider answers and says so", "[cli][demo]") {
  Sandbox sb;
  auto r = byok_run(sb, {"ask", "What does byok do?"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == kDefaultReply + "\n");
  CHECK_THAT(r.err, Catch::Contains("offline demo provider"));
  CHECK_THAT(r.err, Catch::Contains("not a real model"));
}

TEST_CASE("byok models and providers", "[cli]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  auto r = byok_run(sb, {"models", "--provider", "anthropic", "--base-url", emu.https_url(), "--ca-file", emu.ca_file()},
                    {{"ANTHROPIC_API_KEY", "sk-ant-0123456789"}});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("anthropic:"));
  r = byok_run(sb, {"providers"}, {{"GEMINI_API_KEY", "g-0123456789abcdef"}});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("yes (env:GEMINI_API_KEY)"));
  CHECK(r.out.find("0123456789abcdef") == std::string::npos);
}

TEST_CASE("byok ask --json reports errors raised before the request as a JSON line on stdout", "[cli][ask]") {
  Sandbox sb;
  // No key for an explicitly chosen provider: nothing is sent, yet a script reading stdout learns why.
  auto r = byok_run(sb, {"ask", "--json", "-p", "anthropic", "hi"});
  CHECK(r.exit_code == 3);
  REQUIRE(!r.out.empty());
  auto ev = json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(ev["type"] == "error");
  CHECK(ev["provider"] == "anthropic");
  CHECK(ev["kind"] == "key");
  CHECK_THAT(ev["message"].get<std::string>(), Catch::Contains("no API key"));
  CHECK_THAT(r.err, Catch::Contains("anthropic: no API key"));

  r = byok_run(sb, {"ask", "--json", "--provider", "nope", "hi"});
  CHECK(r.exit_code == 2);
  CHECK(json::parse(r.out.substr(0, r.out.find('\n')))["type"] == "error");

  sb.write_config({{"max_line_bytes", -1}});
  r = byok_run(sb, {"ask", "--json", "hi"});
  CHECK(r.exit_code == 2);
  ev = json::parse(r.out.substr(0, r.out.find('\n')));
  CHECK(ev["type"] == "error");
  CHECK_THAT(ev["message"].get<std::string>(), Catch::Contains("max_line_bytes: expected a positive integer"));
}

TEST_CASE("a price of the wrong type is a config error, not a crash", "[cli][config]") {
  Sandbox sb;
  sb.write_config({{"prices", {{"openai:gpt-4o", {{"input", "x"}}}}}});
  auto r = byok_run(sb, {"ask", "--estimate", "hi"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("prices.openai:gpt-4o.input: expected a non-negative number, got string"));
}

TEST_CASE("byok ask --temperature and --max-tokens reach the request body", "[cli][ask]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  std::map<std::string, std::string> env{{"MISTRAL_API_KEY", "sk-cli-test-0123456789"}, {"OPENAI_API_KEY", "sk-cli-test-0123456789"}};
  auto r = byok_run(sb, {"ask", "-p", "mistral", "--base-url", emu.https_url() + "/v1", "--ca-file", emu.ca_file(),
                         "--temperature", "0.25", "--max-tokens", "77", "hi"}, env);
  CHECK(r.exit_code == 0);
  auto reqs = emu.requests();
  REQUIRE(reqs.size() == 1);
  auto body = json::parse(reqs[0].body);
  CHECK(body["temperature"] == 0.25);
  CHECK(body["max_tokens"] == 77);
  // OpenAI takes the limit as max_completion_tokens.
  emu.clear_requests();
  r = byok_run(sb, {"ask", "-p", "openai", "--base-url", emu.https_url() + "/v1", "--ca-file", emu.ca_file(),
                    "-t", "1.5", "--max-tokens", "5", "hi"}, env);
  CHECK(r.exit_code == 0);
  reqs = emu.requests();
  REQUIRE(reqs.size() == 1);
  body = json::parse(reqs[0].body);
  CHECK(body["temperature"] == 1.5);
  CHECK(body["max_completion_tokens"] == 5);
  CHECK_FALSE(body.contains("max_tokens"));
}

TEST_CASE("SSL_CERT_FILE names the CA that verifies HTTPS, and without it the test CA is refused", "[cli][tls]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  std::map<std::string, std::string> env{{"OPENAI_API_KEY", "sk-cli-test-0123456789"}};
  // No --ca-file: the system store does not know the emulator's test CA.
  auto refused = byok_run(sb, {"ask", "--base-url", emu.https_url() + "/v1", "hi"}, env);
  CHECK(refused.exit_code != 0);
  CHECK(refused.out.empty());
  CHECK_THAT(refused.err, Catch::Contains("certificate"));
  CHECK(emu.requests().empty());
  env["SSL_CERT_FILE"] = emu.ca_file();
  auto verified = byok_run(sb, {"ask", "--base-url", emu.https_url() + "/v1", "hi"}, env);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out == kDefaultReply + "\n");
  CHECK(emu.requests().size() == 1);
}

TEST_CASE("max_line_bytes from config caps a stream line with a clear error", "[cli][config]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  sb.write_config({{"max_line_bytes", 4096}});
  auto r = byok_run(sb, {"ask", "--base-url", emu.https_url() + "/v1", "--ca-file", emu.ca_file(), "--model", "emu-huge-line", "hi"},
                    {{"OPENAI_API_KEY", "sk-cli-test-0123456789"}});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("longer than 4096 bytes"));
}
