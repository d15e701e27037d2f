// Network faults before any byte of an answer: a host that does not resolve, nothing listening (directly
// or at the proxy), and rate limiting with Retry-After for every wire format. Each is a clear error naming
// the host or the provider; retries happen only where the provider invites them.
#include <catch2/catch.hpp>

#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;
using Clock = std::chrono::steady_clock;

namespace {
llm::CallOptions single_attempt() {
  auto o = fast_options();
  o.retries.max_attempts = 1;
  return o;
}

// A loopback port with nothing listening: bound and closed again.
int closed_port() {
  emu::Options o;
  o.https = false;
  emu::Emulator e(o);
  e.start();
  int port = e.http_port();
  e.stop();
  return port;
}
}  // namespace

TEST_CASE("a host that does not resolve is a network error naming the host", "[faults][network]") {
  http::Pool pool;
  llm::Engine engine(pool);
  config::Config cfg;
  auto spec = *cfg.provider("anthropic");
  spec.base_url = *http::Url::parse("https://api.byok-fault-test.invalid");
  Collected got;
  auto r = engine.chat(llm::Endpoint{spec, Secret("sk-ant-test")}, hello("claude"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Network);
  CHECK(r.error().provider == "anthropic");
  CHECK_THAT(r.error().message, Catch::Contains("cannot resolve host 'api.byok-fault-test.invalid'"));
  CHECK(r.error().describe().find("sk-ant-test") == std::string::npos);
}

TEST_CASE("connection refused over https is a network error, retried with backoff, then reported", "[faults][network]") {
  const int port = closed_port();
  http::Pool pool;
  llm::Engine engine(pool);
  config::Config cfg;
  auto spec = *cfg.provider("openai");
  spec.base_url = *http::Url::parse("https://127.0.0.1:" + std::to_string(port) + "/v1");
  int retries = 0;
  auto opts = fast_options();
  opts.on_retry = [&](const Error&, std::chrono::milliseconds, int) { ++retries; };
  Collected got;
  auto r = engine.chat(llm::Endpoint{spec, Secret("sk-x")}, hello("m"), collector(got), {}, opts);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Network);
  CHECK_THAT(r.error().message, Catch::Contains("cannot connect to 127.0.0.1:" + std::to_string(port)));
  CHECK(retries == opts.retries.max_attempts - 1);
}

TEST_CASE("a configured proxy that is not listening is named in the error", "[faults][network][proxy]") {
  const int port = closed_port();
  emu::Emulator emu;
  emu.start();
  auto ep = endpoint_for(emu, "openai");
  ep.spec.proxy = "http://127.0.0.1:" + std::to_string(port);
  http::Pool pool;
  llm::Engine engine(pool);
  Collected got;
  auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Network);
  CHECK_THAT(r.error().message, Catch::Contains("via proxy 127.0.0.1:" + std::to_string(port)));
  CHECK_THAT(r.error().message, Catch::Contains("cannot connect to the proxy"));
  CHECK(emu.requests().empty());  // never fell back to a direct connection
}

TEST_CASE("through a dead proxy the error blames the proxy, not the target's DNS", "[faults][network][proxy]") {
  // Behind a proxy the target is resolved by the proxy, often with DNS this machine lacks: a local lookup
  // failing says nothing about it.
  const int port = closed_port();
  http::Pool pool;
  llm::Engine engine(pool);
  config::Config cfg;
  auto spec = *cfg.provider("anthropic");
  spec.base_url = *http::Url::parse("https://api.byok-fault-test.invalid");
  spec.proxy = "http://127.0.0.1:" + std::to_string(port);
  Collected got;
  auto r = engine.chat(llm::Endpoint{spec, Secret("sk-ant-test")}, hello("claude"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Network);
  CHECK_THAT(r.error().message, Catch::Contains("via proxy 127.0.0.1:" + std::to_string(port)));
  CHECK_THAT(r.error().message, Catch::Contains("cannot connect to the proxy"));
  CHECK(r.error().message.find("cannot resolve host") == std::string::npos);

  // A proxy whose own name does not resolve is named as such.
  spec.proxy = "http://proxy.byok-fault-test.invalid:3128";
  r = engine.chat(llm::Endpoint{spec, Secret("sk-ant-test")}, hello("claude"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Network);
  CHECK_THAT(r.error().message, Catch::Contains("cannot resolve proxy host 'proxy.byok-fault-test.invalid'"));
  CHECK(r.error().describe().find("sk-ant-test") == std::string::npos);
}

TEST_CASE("429 with Retry-After is honoured for every wire format, then reported with the provider's words",
          "[faults][retry]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (std::string preset : {"openai", "anthropic", "gemini", "ollama"}) {
    INFO(preset);
    emu.clear_requests();
    auto opts = fast_options();
    opts.retries.max_attempts = 2;
    std::vector<std::chrono::milliseconds> delays;
    opts.on_retry = [&](const Error&, std::chrono::milliseconds d, int) { delays.push_back(d); };
    Collected got;
    auto start = Clock::now();
    auto r = engine.chat(endpoint_for(emu, preset), hello("emu-429"), collector(got), {}, opts);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Provider);
    CHECK(r.error().status == 429);
    CHECK(r.error().provider == preset);
    CHECK(r.error().retryable);
    REQUIRE(r.error().retry_after);
    CHECK(*r.error().retry_after == std::chrono::seconds(1));
    REQUIRE(delays.size() == 1);
    CHECK(delays[0] == std::chrono::seconds(1));  // Retry-After, not our own backoff
    CHECK(Clock::now() - start >= std::chrono::milliseconds(990));
    CHECK(emu.requests().size() == 2);
    CHECK(got.text.empty());
  }
}

TEST_CASE("plain http to a non-loopback host is refused unless the provider sets allow_http", "[faults][network][http]") {
  // No non-loopback server is reachable in tests, so the opt-in shows as getting past the policy to the
  // network: the refusal is a Config error before any connection, the opt-in a lookup of the host. A LAN
  // server without auth (Ollama on another box) is the case allow_http exists for; a key never travels
  // over plain http whatever allow_http says (core/keys/pinning.cpp, docs/keys.md).
  http::Pool pool;
  llm::Engine engine(pool);
  auto load = [](bool allow) {
    nlohmann::json lan{{"preset", "ollama"}, {"base_url", "http://llm.byok-fault-test.invalid:11434"}};
    if (allow) lan["allow_http"] = true;
    auto cfg = config::parse_config({{"providers", {{"lan", lan}}}}, "config.json");
    REQUIRE(cfg.ok());
    auto spec = cfg->provider("lan");
    REQUIRE(spec.ok());
    REQUIRE_FALSE(spec->needs_key());
    return *spec;
  };
  Collected got;
  auto refused = engine.chat(llm::Endpoint{load(false), Secret()}, hello("llama3.2"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::Config);
  CHECK_THAT(refused.error().message, Catch::Contains("refusing plain http:// to non-loopback host llm.byok-fault-test.invalid"));
  CHECK_THAT(refused.error().message, Catch::Contains("allow_http"));

  const auto spec = load(true);
  CHECK(spec.allow_http);
  auto allowed = engine.chat(llm::Endpoint{spec, Secret()}, hello("llama3.2"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(allowed.ok());
  CHECK(allowed.error().kind == ErrorKind::Network);
  CHECK_THAT(allowed.error().message, Catch::Contains("cannot resolve host 'llm.byok-fault-test.invalid'"));

  // With a key, allow_http does not let it travel unencrypted.
  auto keyed = engine.chat(llm::Endpoint{spec, Secret("sk-lan-test")}, hello("llama3.2"), collector(got), {}, single_attempt());
  REQUIRE_FALSE(keyed.ok());
  CHECK(keyed.error().kind == ErrorKind::Key);
  CHECK_THAT(keyed.error().message, Catch::Contains("plain http"));
  CHECK(keyed.error().describe().find("sk-lan-test") == std::string::npos);
}
