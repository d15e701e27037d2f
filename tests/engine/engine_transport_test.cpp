// Transport guarantees: one TLS handshake for many sequential requests, cancellation within 50 ms that
// closes the socket upstream, retries that honour Retry-After only before the first byte, TLS refusal.
#include <algorithm>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;
using Clock = std::chrono::steady_clock;

TEST_CASE("10 sequential requests reuse one connection: 1 TLS handshake", "[transport]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");
  for (int i = 0; i < 10; ++i) {
    Collected got;
    REQUIRE(engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options()).ok());
    REQUIRE(got.text == kDefaultReply);
  }
  CHECK(emu.requests().size() == 10);
  CHECK(emu.tls_handshakes() == 1);
  CHECK(emu.connections_accepted() == 1);
  CHECK(pool.stats().connections_opened == 1);
}

TEST_CASE("concurrent requests to one origin use separate connections, then pool them", "[transport]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai", false);
  emu::Scenario slow;
  slow.token_ms = 20;
  emu.set_scenario("*", slow);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 3; ++i)
    threads.emplace_back([&] {
      Collected got;
      if (engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options()).ok() && got.text == kDefaultReply) ++ok;
    });
  for (auto& t : threads) t.join();
  CHECK(ok == 3);
  CHECK(emu.connections_accepted() == 3);
}

TEST_CASE("cancellation from another thread ends the stream within 50 ms (median) and closes the upstream socket", "[transport][cancel]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");
  std::vector<double> latencies_ms;
  for (int round = 0; round < 7; ++round) {
    emu.clear_requests();
    CancelSource cancel;
    Collected got;
    std::atomic<bool> first{false};
    auto relay = [&](const llm::Event& ev) {
      collector(got)(ev);
      first = true;
    };
    Clock::time_point cancelled_at;
    std::thread canceller([&] {
      while (!first) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      cancelled_at = Clock::now();
      cancel.cancel();
    });
    auto r = engine.chat(ep, hello("emu-stall"), relay, cancel.token(), fast_options());
    auto returned = Clock::now();
    canceller.join();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Cancelled);
    CHECK(!got.text.empty());
    const double latency = std::chrono::duration<double, std::milli>(returned - cancelled_at).count();
    latencies_ms.push_back(latency);
    INFO("cancel latency " << latency << " ms");
    // The stall never ends and the read timeout is 5 s: returning well before it proves the cancel closed the
    // socket instead of waiting for the next byte. One round on a loaded machine can be slow (116 ms was
    // seen), so a single round only has a generous ceiling; the 50 ms promise is checked on the median.
    CHECK(latency < 1000);
    // The emulator sees the client go away: the provider stops generating.
    REQUIRE(emu.wait_for_request_end(0, std::chrono::seconds(2)));
    CHECK(emu.requests()[0].client_closed_early);
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  const double median = latencies_ms[latencies_ms.size() / 2];
  INFO("cancel→stream end, sorted (ms): " << Catch::Detail::stringify(latencies_ms));
  CHECK(median < 50.0);
}

TEST_CASE("retry honours Retry-After and never retries after the first byte", "[transport][retry]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");

  // 429 with Retry-After: 1 once, then success.
  emu::Scenario limited;
  limited.kind = emu::Scenario::Kind::HttpError;
  limited.status = 429;
  limited.retry_after_s = 1;
  limited.times = 1;
  emu.set_scenario("limited", limited);
  std::vector<std::chrono::milliseconds> delays;
  auto opts = fast_options();
  opts.on_retry = [&](const Error&, std::chrono::milliseconds d, int) { delays.push_back(d); };
  Collected got;
  auto start = Clock::now();
  auto r = engine.chat(ep, hello("limited"), collector(got), {}, opts);
  REQUIRE(r.ok());
  CHECK(r->attempts == 2);
  CHECK(got.text == kDefaultReply);
  REQUIRE(delays.size() == 1);
  CHECK(delays[0] == std::chrono::milliseconds(1000));
  auto reqs = emu.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[1].received - reqs[0].received >= std::chrono::milliseconds(990));
  CHECK(Clock::now() - start >= std::chrono::milliseconds(1000));

  // A Retry-After longer than the configured maximum is reported, not waited for.
  limited.retry_after_s = 3600;
  limited.times = -1;
  emu.set_scenario("limited", limited);
  emu.clear_requests();
  auto long_wait = engine.chat(ep, hello("limited"), collector(got), {}, opts);
  REQUIRE_FALSE(long_wait.ok());
  CHECK_THAT(long_wait.error().message, Catch::Contains("retry after 3600 s"));
  CHECK(emu.requests().size() == 1);

  // An error after the first byte: exactly one request.
  emu.clear_requests();
  auto mid = engine.chat(ep, hello("emu-midstream-error"), collector(got), {}, opts);
  REQUIRE_FALSE(mid.ok());
  CHECK(emu.requests().size() == 1);
}

TEST_CASE("TLS is verified: without the test CA the emulator's certificate is refused", "[transport][tls]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");
  ep.spec.ca_file.clear();  // system store only: the test CA is not in it
  Collected got;
  auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Tls);
  CHECK_THAT(r.error().message, Catch::Contains("certificate"));
  CHECK(emu.requests().empty());
}

TEST_CASE("plain http to a non-loopback host is refused; connection refused is clear", "[transport]") {
  http::Pool pool;
  llm::Engine engine(pool);
  config::Config cfg;
  auto spec = *cfg.provider("openai");
  spec.base_url = *http::Url::parse("http://example.invalid/v1");
  Collected got;
  auto r = engine.chat(llm::Endpoint{spec, Secret("sk-x")}, hello("m"), collector(got), {}, fast_options());
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("refusing plain http://"));

  spec.base_url = *http::Url::parse("http://127.0.0.1:9/v1");  // discard port: nothing listens
  auto opts = fast_options();
  opts.retries.max_attempts = 1;
  auto refused = engine.chat(llm::Endpoint{spec, Secret("sk-x")}, hello("m"), collector(got), {}, opts);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind == ErrorKind::Network);
  CHECK_THAT(refused.error().message, Catch::Contains("cannot connect to 127.0.0.1:9"));
}

#include "tests/engine/connect_proxy.h"

TEST_CASE("HTTPS through a CONNECT proxy; a proxy that refuses CONNECT is a clear error", "[transport][proxy]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  {
    ConnectProxy proxy;
    auto ep = endpoint_for(emu, "openai");
    ep.spec.proxy = "http://127.0.0.1:" + std::to_string(proxy.port());
    for (int i = 0; i < 3; ++i) {
      Collected got;
      auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options());
      REQUIRE(r.ok());
      CHECK(got.text == kDefaultReply);
    }
    CHECK(proxy.tunnels() == 1);  // keep-alive through the tunnel too
    REQUIRE(proxy.targets().size() == 1);
    CHECK(proxy.targets()[0] == "CONNECT localhost:" + std::to_string(emu.https_port()));
  }
  {
    ConnectProxy refusing(true);
    auto ep = endpoint_for(emu, "openai");
    ep.spec.proxy = "http://127.0.0.1:" + std::to_string(refusing.port());
    auto opts = fast_options();
    opts.retries.max_attempts = 1;
    Collected got;
    auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, opts);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message);
    CHECK_THAT(r.error().message, Catch::Contains("proxy"));
  }
  {
    auto ep = endpoint_for(emu, "openai");
    ep.spec.proxy = "http://:bad";
    Collected got;
    auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options());
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("proxy setting"));
  }
}

TEST_CASE("proxy selection from the environment honours NO_PROXY", "[transport][proxy]") {
  ::setenv("HTTPS_PROXY", "http://user:pw@proxy.corp:3128", 1);
  ::setenv("NO_PROXY", "internal.example, .corp.example", 1);
  auto p = http::proxy_for(*http::Url::parse("https://api.openai.com/v1"));
  REQUIRE(p.ok());
  REQUIRE(p->has_value());
  CHECK((*p)->host == "proxy.corp");
  CHECK((*p)->port == 3128);
  CHECK((*p)->user == "user");
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://internal.example/"))->has_value());
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://a.corp.example/"))->has_value());
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://localhost:8080/"))->has_value());
  ::unsetenv("HTTPS_PROXY");
  ::unsetenv("NO_PROXY");
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://api.openai.com/v1"))->has_value());
}

TEST_CASE("lower-case https_proxy, http_proxy and no_proxy are honoured", "[transport][proxy]") {
  // curl and most tools read the lower-case forms; many setups export only those.
  for (const char* v : {"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}) ::unsetenv(v);
  ::setenv("https_proxy", "http://proxy.lower.example:8443", 1);
  ::setenv("http_proxy", "proxy-plain.lower.example:3128", 1);
  ::setenv("no_proxy", "skip.example", 1);
  auto p = http::proxy_for(*http::Url::parse("https://api.openai.com/v1"));
  REQUIRE(p.ok());
  REQUIRE(p->has_value());
  CHECK((*p)->host == "proxy.lower.example");
  CHECK((*p)->port == 8443);
  auto plain = http::proxy_for(*http::Url::parse("http://gpu-box.lan:11434"));
  REQUIRE(plain.ok());
  REQUIRE(plain->has_value());
  CHECK((*plain)->host == "proxy-plain.lower.example");
  CHECK((*plain)->port == 3128);
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://skip.example/v1"))->has_value());
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://api.skip.example/v1"))->has_value());
  for (const char* v : {"https_proxy", "http_proxy", "no_proxy"}) ::unsetenv(v);
  CHECK_FALSE(http::proxy_for(*http::Url::parse("https://api.openai.com/v1"))->has_value());
}

TEST_CASE("preconnect warms the connection so the first request pays no handshake", "[transport][preconnect]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");
  engine.preconnect(ep, fast_options());
  for (int i = 0; i < 300 && (emu.requests().empty() || !emu.wait_for_request_end(0, std::chrono::milliseconds(10))); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the warmer hands the connection to the pool
  REQUIRE(emu.tls_handshakes() == 1);
  Collected got;
  REQUIRE(engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options()).ok());
  CHECK(got.text == kDefaultReply);
  CHECK(emu.tls_handshakes() == 1);
  CHECK(pool.stats().connections_opened == 1);
}
