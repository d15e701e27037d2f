// Key commands (pass, op, bw): output handling, failures that explain themselves without the key,
// timeouts, environment scrubbing, once-per-process caching.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>

#include "core/config/config.h"
#include "core/keys/command_source.h"
#include "tests/keys/harness.h"

using namespace byok;
using namespace byok::keys;
using namespace std::chrono_literals;

namespace {
SecretCommandOptions opts(std::chrono::milliseconds timeout = 10s) {
  SecretCommandOptions o;
  o.scrub_env = key_env_names();
  o.timeout = timeout;
  return o;
}
Result<Secret> sh(const std::string& script, std::chrono::milliseconds timeout = 10s) {
  return run_secret_command({"/bin/sh", "-c", script}, opts(timeout));
}
}  // namespace

TEST_CASE("a key command's stdout is the key, minus one trailing newline") {
  auto k = sh("printf 'sk-from-pass-0123456789\\n'");
  REQUIRE(k);
  CHECK(*k == Secret("sk-from-pass-0123456789"));
  auto crlf = sh("printf 'sk-from-op-0123456789\\r\\n'");
  REQUIRE(crlf);
  CHECK(*crlf == Secret("sk-from-op-0123456789"));
  auto bare = sh("printf 'sk-no-newline-0123456789'");
  REQUIRE(bare);
  CHECK(*bare == Secret("sk-no-newline-0123456789"));
  // Two lines are not a key (e.g. `pass show` of an entry with metadata): refused, not guessed at.
  // (Keys are assembled with %s so they do not appear in the command line, which errors do show.)
  auto two = sh("printf 'sk-%s-0123456789\\nuser: me\\n' line-one");
  REQUIRE_FALSE(two);
  CHECK_THAT(two.error().message, Catch::Contains("several lines"));
  CHECK_THAT(two.error().message, !Catch::Contains("sk-line-one"));
}

TEST_CASE("a failing key command reports its exit status and stderr, never the key") {
  auto e = sh("printf 'sk-%s-123456\\n' printed-before-failing; echo 'gpg: decryption failed: No secret key' >&2; "
              "printf 'also echoed sk-%s-123456\\n' printed-before-failing >&2; exit 3");
  REQUIRE_FALSE(e);
  CHECK(e.error().kind == ErrorKind::Key);
  CHECK_THAT(e.error().message, Catch::Contains("exited with status 3"));
  CHECK_THAT(e.error().message, Catch::Contains("gpg: decryption failed: No secret key"));
  CHECK_THAT(e.error().message, !Catch::Contains("sk-printed-before-failing"));

  auto missing = run_secret_command({"/nonexistent/pass", "show", "openai"}, opts());
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().message, Catch::Contains("/nonexistent/pass"));

  auto empty = sh("exit 0");
  REQUIRE_FALSE(empty);
  CHECK_THAT(empty.error().message, Catch::Contains("printed nothing"));
}

TEST_CASE("a key command that hangs is stopped at its timeout") {
  auto start = std::chrono::steady_clock::now();
  auto e = sh("sleep 30", 300ms);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(e);
  CHECK(e.error().kind == ErrorKind::Timeout);
  CHECK_THAT(e.error().message, Catch::Contains("300 ms"));
  CHECK(took < 5s);
}

TEST_CASE("key commands never see key variables in their environment") {
  ::setenv("OPENAI_API_KEY", "sk-env-key-that-must-not-leak-0001", 1);
  ::setenv("BYOK_PASSPHRASE", "hunter2-must-not-leak", 1);
  auto k = sh("printf 'k:%s:%s:%s' \"$OPENAI_API_KEY\" \"$BYOK_PASSPHRASE\" \"$HOME\"");
  ::unsetenv("OPENAI_API_KEY");
  ::unsetenv("BYOK_PASSPHRASE");
  REQUIRE(k);
  std::string seen(k->reveal());
  CHECK(seen.rfind("k:::", 0) == 0);                 // both scrubbed
  CHECK(seen.size() > 4);                            // HOME still there: the environment is inherited, minus keys
}

TEST_CASE("the command source runs a provider's key_cmd once per process and names it as the source") {
  test::TempDir dir;
  auto counter = dir.path() / "runs";
  auto cfg = config::parse_config(
      {{"providers", {{"openai", {{"key_cmd", {"/bin/sh", "-c", "echo run >> '" + counter.string() + "'; echo sk-cmd-0123456789abcd"}}}}}}},
      "test");
  REQUIRE(cfg);
  auto spec = cfg->provider("openai");
  REQUIRE(spec);
  CommandKeySource src(opts());
  for (int i = 0; i < 3; ++i) {
    auto found = src.find(*spec, "default");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->key == Secret("sk-cmd-0123456789abcd"));
    CHECK((*found)->source == "cmd:sh");
  }
  CHECK(test::read_text(counter) == "run\n");
  // Other key names are not the command's business.
  auto other = src.find(*spec, "work");
  REQUIRE(other);
  CHECK_FALSE(*other);
}

TEST_CASE("BYOK_PASSPHRASE_CMD is split like a shell would, without running one") {
  auto a = split_command_line("pass show 'byok vault' \"x y\" a\\ b");
  REQUIRE(a);
  CHECK(*a == std::vector<std::string>{"pass", "show", "byok vault", "x y", "a b"});
  auto inj = split_command_line("pass show x; rm -rf ~");
  REQUIRE(inj);
  CHECK(inj->at(2) == "x;");  // no shell: ';' is just a character
  CHECK_FALSE(split_command_line("pass 'unterminated"));
  CHECK_FALSE(split_command_line("   "));
}
