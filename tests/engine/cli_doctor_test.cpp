// `byok doctor` end to end through the real binary against the emulator: every section is printed
// (configuration, TLS and network, keys, providers), keys appear only redacted, and the exit status says
// whether every check passed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/engine/cli_harness.h"

using namespace byok;
using namespace byok::test;
using nlohmann::json;

namespace {
const std::string kOpenAiKey = "sk-doctor-openai-0123456789abcdef";
const std::string kAnthropicKey = "sk-ant-doctor-fedcba9876543210";
}  // namespace

TEST_CASE("byok doctor reports config, TLS, proxy, keys redacted and reachability", "[cli][doctor]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  sb.write_config({{"providers",
                    {{"openai", {{"base_url", emu.https_url() + "/v1"}, {"ca_file", emu.ca_file()}}},
                     {"anthropic", {{"base_url", emu.https_url()}, {"ca_file", emu.ca_file()}}}}}});
  std::map<std::string, std::string> env{{"OPENAI_API_KEY", kOpenAiKey},
                                         {"ANTHROPIC_API_KEY", kAnthropicKey},
                                         {"SSL_CERT_FILE", emu.ca_file()},
                                         {"https_proxy", "http://alice:hunter2-proxy-pw@proxy.doctor.example:3128"},
                                         {"no_proxy", "internal.example"}};
  auto r = byok_run(sb, {"doctor"}, env);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  const std::string config_file = (sb.root / "config/byok/config.json").string();
  // Sections, in order.
  auto at = [&](const std::string& s) { return r.out.find(s); };
  REQUIRE(at("Configuration") != std::string::npos);
  CHECK(at("Configuration") < at("TLS and network"));
  CHECK(at("TLS and network") < at("\nKeys"));
  CHECK(at("\nKeys") < at("\nProviders"));
  // Config found.
  CHECK_THAT(r.out, Catch::Contains("  ok    config " + config_file + " is valid"));
  // CA store: SSL_CERT_FILE is what OpenSSL will use.
  CHECK_THAT(r.out, Catch::Contains("  ok    SSL_CERT_FILE=" + emu.ca_file()));
  // Proxy settings shown, the proxy password not.
  CHECK_THAT(r.out, Catch::Contains("https_proxy=http://alice:***@proxy.doctor.example:3128"));
  CHECK_THAT(r.out, Catch::Contains("no_proxy=internal.example"));
  CHECK(r.out.find("hunter2") == std::string::npos);
  // Keys per provider, redacted; reachability of each configured provider (loopback bypasses the proxy).
  CHECK_THAT(r.out, Catch::Contains("  ok    openai: key from env:OPENAI_API_KEY ([redacted"));
  CHECK_THAT(r.out, Catch::Contains("  ok    anthropic: key from env:ANTHROPIC_API_KEY ([redacted"));
  CHECK_THAT(r.out, Catch::Contains("openai: key from env:OPENAI_API_KEY ([redacted …cdef]); " + emu.https_url()));
  CHECK_THAT(r.out, Catch::Contains("answers ("));
  CHECK_THAT(r.out, Catch::Contains("All checks passed."));
  // The full keys never appear anywhere.
  for (const auto& key : {kOpenAiKey, kAnthropicKey}) {
    CHECK(r.out.find(key) == std::string::npos);
    CHECK(r.err.find(key) == std::string::npos);
  }
  CHECK(r.out.find("0123456789ab") == std::string::npos);
}

TEST_CASE("byok doctor fails with exit 1 on a missing key or an unreachable provider, 2 on a bad config", "[cli][doctor]") {
  emu::Emulator emu;
  emu.start();
  Sandbox sb;
  // Configured but without a key.
  sb.write_config({{"providers", {{"mistral", {{"base_url", emu.https_url() + "/v1"}, {"ca_file", emu.ca_file()}}}}}});
  auto r = byok_run(sb, {"doctor"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("  FAIL  mistral: no key (set MISTRAL_API_KEY"));
  CHECK_THAT(r.out, Catch::Contains("Some checks failed."));

  // A key, but nothing answers at the provider's address.
  sb.write_config({{"providers", {{"mistral", {{"base_url", "https://127.0.0.1:1/v1"}}}}}});
  r = byok_run(sb, {"doctor"}, {{"MISTRAL_API_KEY", "sk-mistral-doctor-0123456789"}});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out, Catch::Contains("  FAIL  mistral: key from env:MISTRAL_API_KEY ([redacted"));
  CHECK_THAT(r.out, Catch::Contains("cannot connect to 127.0.0.1:1"));
  CHECK(r.out.find("sk-mistral-doctor-0123456789") == std::string::npos);

  sb.write_config({{"providers", {{"openai", {{"base_url", 42}}}}}});
  r = byok_run(sb, {"doctor"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.out, Catch::Contains("  FAIL  config "));
  CHECK_THAT(r.err, Catch::Contains("providers.openai.base_url: expected string, got integer"));
}
