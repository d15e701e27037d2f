// TLS faults: a handshake with something that is not TLS, a certificate for another host, a self-signed
// certificate, an expired one. Each is refused with a Tls error that says why, the key never leaves the
// process (the emulator records no request), and nothing is ever retried over plain HTTP.
#include <catch2/catch.hpp>

#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;

namespace {
struct Outcome {
  Collected got;
  std::optional<Error> error;
};

Outcome chat_once(const llm::Endpoint& ep) {
  http::Pool pool;
  llm::Engine engine(pool);
  auto opts = fast_options();
  opts.retries.max_attempts = 1;
  Outcome o;
  auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(o.got), {}, opts);
  if (!r) o.error = r.error();
  return o;
}

emu::Options with_cert(emu::CertSpec cert) {
  emu::Options o;
  o.server_cert = std::move(cert);
  return o;
}
}  // namespace

TEST_CASE("TLS handshake with a server that speaks plain HTTP fails as a TLS error", "[faults][tls]") {
  emu::Emulator emu;
  emu.start();
  auto ep = endpoint_for(emu, "openai");
  // https:// pointed at the plain-HTTP port: the server answers the ClientHello with an HTTP error.
  ep.spec.base_url = *http::Url::parse("https://127.0.0.1:" + std::to_string(emu.http_port()) + "/v1");
  auto o = chat_once(ep);
  REQUIRE(o.error);
  CHECK(o.error->kind == ErrorKind::Tls);
  CHECK_THAT(o.error->message, Catch::Contains("TLS handshake") && Catch::Contains("127.0.0.1"));
  CHECK(o.error->provider == "openai");
  CHECK(emu.requests().empty());  // no HTTP request, hence no key, ever reached the server
  CHECK(o.got.text.empty());
}

TEST_CASE("a certificate for another host is refused even when its CA is trusted", "[faults][tls]") {
  emu::CertSpec wrong_host;
  wrong_host.common_name = "api.other.example";
  wrong_host.dns_names = {"api.other.example"};
  wrong_host.ip_addresses = {};
  emu::Emulator emu(with_cert(wrong_host));
  emu.start();
  auto o = chat_once(endpoint_for(emu, "anthropic"));
  REQUIRE(o.error);
  CHECK(o.error->kind == ErrorKind::Tls);
  CHECK_THAT(o.error->message, Catch::Contains("rejected"));
  CHECK_THAT(o.error->message, Catch::Contains("localhost"));
  CHECK(emu.requests().empty());
}

TEST_CASE("a self-signed certificate is refused unless it is configured as the CA", "[faults][tls]") {
  emu::CertSpec self_signed;
  self_signed.self_signed = true;
  emu::Emulator emu(with_cert(self_signed));
  emu.start();

  auto ep = endpoint_for(emu, "openai");
  ep.spec.ca_file.clear();  // system store only: never a silent downgrade to "accept anything"
  auto refused = chat_once(ep);
  REQUIRE(refused.error);
  CHECK(refused.error->kind == ErrorKind::Tls);
  CHECK_THAT(refused.error->message, Catch::Contains("self-signed") || Catch::Contains("self signed"));
  CHECK_THAT(refused.error->message, Catch::Contains("ca_file"));  // says how to fix it
  CHECK(emu.requests().empty());

  // The user who pins that very certificate as ca_file gets through.
  auto pinned = chat_once(endpoint_for(emu, "openai"));
  CHECK_FALSE(pinned.error);
  CHECK(pinned.got.text == kDefaultReply);
}

TEST_CASE("an expired certificate is refused and the message says it expired", "[faults][tls]") {
  emu::CertSpec expired;
  expired.not_before = std::chrono::hours(-48);
  expired.not_after = std::chrono::hours(-24);
  emu::Emulator emu(with_cert(expired));
  emu.start();
  auto o = chat_once(endpoint_for(emu, "gemini"));
  REQUIRE(o.error);
  CHECK(o.error->kind == ErrorKind::Tls);
  CHECK_THAT(o.error->message, Catch::Contains("expired"));
  CHECK(emu.requests().empty());
}
