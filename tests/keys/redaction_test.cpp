// Keys never show: Secret printing, request descriptions, debug logs of real requests, error messages.
#include <catch2/catch.hpp>
#include <sstream>

#include "core/config/config.h"
#include "core/http/http.h"
#include "core/keys/credential_headers.h"
#include "core/llm/engine.h"
#include "core/util/log.h"
#include "tests/emulator/emulator.h"
#include "tests/keys/harness.h"

using namespace byok;

TEST_CASE("a Secret prints redacted, with at most its last four characters") {
  Secret s("sk-proj-abcdefghijklmnopWXYZ");
  std::ostringstream os;
  os << s;
  CHECK(os.str() == "[redacted …WXYZ]");
  CHECK(s.redacted() == "[redacted …WXYZ]");
  CHECK(s.last4() == "WXYZ");
  Secret short_key("abc123");
  CHECK(short_key.redacted() == "[redacted]");  // too short to show any of it
  CHECK(short_key.last4().empty());
  // Moving leaves nothing behind in the source.
  Secret moved = std::move(s);
  CHECK(s.empty());  // NOLINT(bugprone-use-after-move): that is the point
  CHECK(moved.last4() == "WXYZ");
}

TEST_CASE("request descriptions redact sensitive headers") {
  http::Request r;
  r.url = *http::Url::parse("https://api.example.com/v1/chat/completions");
  r.headers.push_back({"Authorization", "Bearer sk-described-0123456789", true});
  r.headers.push_back({"x-api-key", "sk-ant-described-0123456789", true});
  r.headers.push_back({"anthropic-version", "2023-06-01", false});
  auto d = http::describe_request(r);
  CHECK_THAT(d, !Catch::Contains("sk-described") && !Catch::Contains("sk-ant-described"));
  CHECK_THAT(d, Catch::Contains("anthropic-version"));
}

TEST_CASE("debug logs of real requests, successful and failing, never contain the key") {
  emu::Emulator emulator;
  emulator.start();
  test::TempDir dir;
  const auto log_file = dir.path() / "byok.log";
  log::set_file(log_file.string());
  log::set_level(log::Level::Debug);

  const std::string key = "sk-logcanary-" + test::random_hex(24);
  auto cfg = config::parse_config({{"providers", {{"openai", {{"base_url", emulator.https_url() + "/v1"}, {"ca_file", emulator.ca_file()}}}}},
                                   {"retries", {{"max_attempts", 2}, {"base_delay_ms", 10}}}},
                                  "test");
  REQUIRE(cfg);
  auto spec = cfg->provider("openai");
  REQUIRE(spec);
  llm::Endpoint ep{*spec, Secret(key)};
  http::Pool pool;
  llm::Engine engine(pool);
  std::vector<std::string> errors;
  for (std::string model : {"gpt-4o-mini", "emu-401", "emu-429", "emu-midstream-error"}) {
    llm::ChatRequest req;
    req.model = model;
    req.messages.push_back({llm::Role::User, "hello"});
    CancelSource cancel;
    auto r = engine.chat(ep, req, [](const llm::Event&) {}, cancel.token(), llm::CallOptions::from(*cfg));
    if (!r) errors.push_back(r.error().describe());
  }
  CancelSource cancel;
  auto models = engine.models(ep, cancel.token(), llm::CallOptions::from(*cfg));
  log::set_level(log::Level::Warn);
  log::set_file("/dev/stderr");

  CHECK(errors.size() == 3);
  const std::string logged = test::read_text(log_file);
  CHECK_FALSE(logged.empty());  // the log was written: the check below means something
  CHECK(logged.find(key) == std::string::npos);
  CHECK(logged.find(key.substr(3, 16)) == std::string::npos);
  for (const auto& e : errors) CHECK(e.find(key.substr(3, 16)) == std::string::npos);
  // …while the emulator did receive it, in the header.
  bool seen = false;
  for (const auto& rq : emulator.requests())
    for (const auto& [k, v] : rq.headers) seen |= v == "Bearer " + key;
  CHECK(seen);
}

TEST_CASE("configured headers with credential-like names are redacted in debug logs") {
  emu::Emulator emulator;
  emulator.start();
  test::TempDir dir;
  const auto log_file = dir.path() / "byok.log";
  const std::string bearer = "Bearer sk-hdrcanary-" + test::random_hex(24), token = "tok-" + test::random_hex(24);
  auto cfg = config::parse_config(
      {{"providers",
        {{"openai",
          {{"base_url", emulator.https_url() + "/v1"},
           {"ca_file", emulator.ca_file()},
           {"auth", "none"},
           {"headers", {{"authorization", bearer}, {"X-Upstream-Token", token}, {"X-Title", "visible-title"}}}}}}},
       {"retries", {{"max_attempts", 1}}}},
      "test");
  REQUIRE(cfg);
  llm::Endpoint ep{*cfg->provider("openai"), Secret()};
  http::Pool pool;
  llm::Engine engine(pool);
  log::set_file(log_file.string());
  log::set_level(log::Level::Debug);
  std::string error;
  for (std::string model : {"gpt-4o-mini", "emu-401-echo"}) {
    llm::ChatRequest req;
    req.model = model;
    req.messages.push_back({llm::Role::User, "hello"});
    CancelSource cancel;
    auto r = engine.chat(ep, req, [](const llm::Event&) {}, cancel.token(), llm::CallOptions::from(*cfg));
    if (!r) error = r.error().describe();
  }
  log::set_level(log::Level::Warn);
  log::set_file("/dev/stderr");

  const std::string logged = test::read_text(log_file);
  INFO(logged);
  CHECK_THAT(logged, Catch::Contains("X-Title: visible-title"));  // the request was logged…
  CHECK_THAT(logged, !Catch::Contains(bearer.substr(7)) && !Catch::Contains(token));  // …without these
  // A server quoting them back does not get them into the error either.
  INFO(error);
  CHECK_THAT(error, Catch::Contains("Invalid key: ") && Catch::Contains("[redacted"));
  CHECK_THAT(error, !Catch::Contains(bearer.substr(7)) && !Catch::Contains(token));
}

TEST_CASE("credential header names: the standard list, and any name mentioning auth, key, token or secret") {
  for (const char* name : {"Authorization", "PROXY-AUTHORIZATION", "x-api-key", "Api-Key", "X-Goog-Api-Key"}) {
    CHECK(keys::is_auth_header(name));
    CHECK(keys::is_sensitive_header(name));
  }
  for (const char* name : {"X-Auth", "X-Upstream-Token", "x-client-secret", "OpenAI-Key", "cf-access-token"})
    CHECK(keys::is_sensitive_header(name));
  CHECK_FALSE(keys::is_auth_header("X-Upstream-Token"));
  for (const char* name : {"X-Title", "HTTP-Referer", "anthropic-version", "OpenAI-Organization", "User-Agent"})
    CHECK_FALSE(keys::is_sensitive_header(name));
}
