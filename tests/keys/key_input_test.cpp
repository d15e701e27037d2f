// The checks every way of handing byok a key shares (core/keys/key_input.h): `byok keys set` and the
// protocol's key-setting requests accept and refuse exactly the same keys and key names.
#include <catch2/catch.hpp>

#include "core/keys/key_input.h"

using namespace byok;

namespace {
Result<keys::CleanedKey> clean(std::string raw) { return keys::clean_key_input(raw); }
}  // namespace

TEST_CASE("key names are 1 to 64 letters, digits, dashes, underscores or dots") {
  for (const char* ok : {"default", "work", "team.ci", "a", "Key_2-x"}) CHECK(keys::is_valid_key_name(ok));
  CHECK(keys::is_valid_key_name(std::string(64, 'n')));
  CHECK_FALSE(keys::is_valid_key_name(std::string(65, 'n')));
  for (const char* bad : {"", "two words", "a/b", "../x", "naïve", "tab\there", "x;y"}) CHECK_FALSE(keys::is_valid_key_name(bad));
}

TEST_CASE("a clean key passes unchanged and one line terminator is not part of it") {
  for (std::string raw : {"sk-abc123", "sk-abc123\n", "sk-abc123\r\n"}) {
    auto c = clean(raw);
    REQUIRE(c);
    CHECK(c->key.reveal() == "sk-abc123");
    CHECK_FALSE(c->trimmed);
  }
}

TEST_CASE("surrounding whitespace is trimmed and reported") {
  auto c = clean("  \tsk-abc123 \n");
  REQUIRE(c);
  CHECK(c->key.reveal() == "sk-abc123");
  CHECK(c->trimmed);
}

TEST_CASE("empty keys, inner spaces and control characters are refused without showing the key") {
  const std::string secretish = "sk-refused-0123456789";
  auto empty = clean(" \n");
  REQUIRE_FALSE(empty);
  CHECK_THAT(empty.error().message, Catch::Contains("empty"));

  auto space = clean("Bearer " + secretish);
  REQUIRE_FALSE(space);
  CHECK_THAT(space.error().message, Catch::Contains("space at position 7") && Catch::Contains("without \"Bearer\""));
  CHECK_THAT(space.error().message, !Catch::Contains(secretish));

  auto control = clean(secretish + "\x1b[A");
  REQUIRE_FALSE(control);
  CHECK_THAT(control.error().message, Catch::Contains("control character (0x1b at position 22)"));
  CHECK_THAT(control.error().message, !Catch::Contains(secretish));

  auto del = clean("sk-\x7f" "abc");
  REQUIRE_FALSE(del);
  CHECK_THAT(del.error().message, Catch::Contains("0x7f at position 4"));
  CHECK(del.error().kind == ErrorKind::Config);
}
