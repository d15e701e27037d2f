// Keys never show: Secret printing, request descriptions, debug logs of real requests, error messages.
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string_view>
#include <type_traits>

#include "core/config/config.h"
#include "core/http/http.h"
#include "core/keys/credential_headers.h"
#include "core/llm/credential_scrub.h"
#include "core/llm/engine.h"
#include "core/util/log.h"
#include <nlohmann/json.hpp>
#include "tests/emulator/emulator.h"
#include "tests/keys/harness.h"

using namespace byok;
namespace fs = std::filesystem;

// A key never becomes a string by accident, and a string becomes a Secret only when someone says so.
static_assert(!std::is_convertible_v<Secret, std::string>);
static_assert(!std::is_convertible_v<Secret, std::string_view>);
static_assert(!std::is_convertible_v<Secret, const char*>);
static_assert(!std::is_convertible_v<std::string, Secret>);
static_assert(!std::is_convertible_v<const char*, Secret>);
static_assert(std::is_constructible_v<Secret, std::string>);

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

TEST_CASE("the engine process has core dumps off and is not dumpable, as a child of it sees") {
  // A key command is a child of byok: it looks at its parent through /proc. RLIMIT_CORE shows in
  // /proc/PID/limits (byok is started with core dumps allowed, so a 0 there is byok's doing). A
  // non-dumpable process's /proc/PID files belong to root and its environ is closed to its own user, which
  // only a non-root observer can see, so as root byok runs as the user nobody (setpriv).
  test::Sandbox sb;
  const fs::path probe = sb.home() / "probe.sh";
  test::write_text(probe,
                   "#!/bin/sh\n"
                   "grep '^Max core file size' /proc/$PPID/limits > \"$HOME/probe.limits\"\n"
                   "cat /proc/$PPID/comm > \"$HOME/probe.comm\"\n"
                   "stat -c %u /proc/$PPID/status > \"$HOME/probe.owner\"\n"
                   "id -u > \"$HOME/probe.uid\"\n"
                   "cat /proc/$PPID/environ > /dev/null 2>&1 && echo readable > \"$HOME/probe.environ\"\n"
                   "echo sk-probe-0123456789abcdef\n",
                   0755);
  sb.write_config(nlohmann::json{{"providers", {{"openai", {{"key_cmd", {probe.string()}}}}}}}.dump());
  bool dumpable_checked = true;
  if (::geteuid() == 0) {
    if (fs::exists("/usr/bin/setpriv")) {
      sb.wrapper = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
      for (const auto& e : fs::recursive_directory_iterator(sb.home())) REQUIRE(::lchown(e.path().c_str(), 65534, 65534) == 0);
      REQUIRE(::chown(sb.home().c_str(), 65534, 65534) == 0);
    } else {
      dumpable_checked = false;
      WARN("running as root without setpriv: only the core size limit is checked");
    }
  }
  // Allow core dumps in what byok inherits (restored afterwards), so that byok has something to turn off.
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_CORE, &saved) == 0);
  rlimit allowed = saved;
  allowed.rlim_cur = saved.rlim_max;
  REQUIRE(::setrlimit(RLIMIT_CORE, &allowed) == 0);
  auto list = sb.byok({"keys", "list"});
  ::setrlimit(RLIMIT_CORE, &saved);
  INFO(list.out << list.err);
  REQUIRE(list.exit_code == 0);
  CHECK(test::read_text(sb.home() / "probe.comm") == "byok\n");  // the observer's parent is byok itself
  if (allowed.rlim_cur == 0) WARN("the hard core size limit is 0 here: byok's own setting is not distinguishable");
  CHECK_THAT(test::read_text(sb.home() / "probe.limits"), Catch::Matches("Max core file size\\s+0\\s+0\\s+bytes\\s*"));
  if (dumpable_checked) {
    const std::string owner = test::read_text(sb.home() / "probe.owner"), uid = test::read_text(sb.home() / "probe.uid");
    REQUIRE_FALSE(uid.empty());
    CHECK(uid != "0\n");                                       // the observer is not root…
    CHECK(owner == "0\n");                                     // …byok's /proc files are root's…
    CHECK_FALSE(fs::exists(sb.home() / "probe.environ"));     // …and its environment is closed to its own user
  }
}

TEST_CASE("provider error text loses the key and every sensitive header value, whole or as a bearer token") {
  const std::string key = "sk-scrub-" + test::random_hex(24), gateway = "gw-token-" + test::random_hex(16);
  http::Request r;
  r.headers.push_back({"Authorization", "Bearer " + key, true});
  r.headers.push_back({"X-Gateway-Token", gateway, true});
  r.headers.push_back({"X-Title", "my-title-value", false});
  llm::CredentialScrub scrub(Secret(key), r);

  Error e(ErrorKind::Provider, "Invalid key: Bearer " + key + "; token " + gateway + "; title my-title-value", "openai", 401);
  e.type = "bad_" + key;
  e = scrub.apply(e);
  CHECK_THAT(e.message, !Catch::Contains(key) && !Catch::Contains(gateway));
  CHECK_THAT(e.message, Catch::Contains("Invalid key: [redacted …" + key.substr(key.size() - 4) + "]"));  // the whole header value
  CHECK_THAT(e.message, Catch::Contains("title my-title-value"));  // ordinary headers stay readable
  CHECK(e.type == "bad_[redacted …" + key.substr(key.size() - 4) + "]");
  CHECK(e.status == 401);

  std::string body = R"({"error":{"message":"key )" + key + " and again " + key + R"("}})";
  scrub.apply(body);
  CHECK(body.find(key) == std::string::npos);
  CHECK(nlohmann::json::parse(body, nullptr, false).is_object());  // still the provider's JSON

  // Values too short to be credentials are left alone, so ordinary words are never redacted.
  http::Request tiny;
  tiny.headers.push_back({"x-api-key", "abc", true});
  std::string text = "abc is fine";
  llm::CredentialScrub(Secret(), tiny).apply(text);
  CHECK(text == "abc is fine");
}
