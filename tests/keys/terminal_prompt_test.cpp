// `byok keys set` at a real (pseudo) terminal: the key is read with echo off, a new vault's passphrase is
// asked twice, passphrases that differ store nothing, and a piped key still gets its passphrase asked on
// the controlling terminal instead of a silent fallback to a key file.
#include <catch2/catch.hpp>

#include "core/keys/vault_format.h"
#include "tests/keys/harness.h"
#include "tests/keys/pty.h"

using namespace byok;
namespace fs = std::filesystem;

namespace {
std::vector<std::string> byok_argv(const test::Sandbox& sb, std::vector<std::string> args) {
  std::vector<std::string> argv{"/usr/bin/env", "-C", sb.work().string(), BYOK_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

int protection_byte(const fs::path& vault) {
  const std::string bytes = test::read_text(vault);
  REQUIRE(bytes.size() > 10);
  return static_cast<unsigned char>(bytes[10]);
}

// Opens the vault with BYOK_PASSPHRASE_CMD giving `passphrase`: proves which passphrase protects it.
int list_with_passphrase(test::Sandbox& sb, const std::string& passphrase) {
  const fs::path cmd = sb.home() / "passphrase.sh";
  test::write_text(cmd, "#!/bin/sh\necho '" + passphrase + "'\n", 0700);
  sb.env["BYOK_PASSPHRASE_CMD"] = cmd.string();
  int code = sb.byok({"keys", "list"}).exit_code;
  sb.env.erase("BYOK_PASSPHRASE_CMD");
  return code;
}
}  // namespace

TEST_CASE("keys set at a terminal reads the key without echo and asks twice for a new vault's passphrase") {
  test::Sandbox sb;  // no session bus and no BYOK_PASSPHRASE_CMD: the passphrase is asked at the terminal
  const std::string key = "sk-typed-" + test::random_hex(24), pass = "typed-pass-" + test::random_hex(16);
  auto r = test::run_in_pty(byok_argv(sb, {"keys", "set", "openai"}), sb.env,
                            {{"input hidden): ", key + "\r"},
                             {"New passphrase for the byok key vault: ", pass + "\r"},
                             {"Repeat the passphrase: ", pass + "\r"}});
  INFO(r.transcript);
  CHECK(r.steps_done);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.transcript, Catch::Contains("Stored the openai key") && Catch::Contains("vault key from the passphrase"));
  CHECK(r.transcript.find(key) == std::string::npos);  // echo was off for the key…
  CHECK(r.transcript.find(pass) == std::string::npos);  // …and for the passphrase
  CHECK(protection_byte(sb.vault()) == static_cast<int>(keys::vault_format::Protection::Passphrase));
  CHECK_FALSE(fs::exists(sb.vault().string() + ".key"));
  CHECK(list_with_passphrase(sb, pass) == 0);
  CHECK(list_with_passphrase(sb, pass + "x") != 0);
}

TEST_CASE("keys set at a terminal stores nothing when the two passphrases differ") {
  test::Sandbox sb;
  const std::string key = "sk-typed-" + test::random_hex(24);
  auto r = test::run_in_pty(byok_argv(sb, {"keys", "set", "openai"}), sb.env,
                            {{"input hidden): ", key + "\r"},
                             {"New passphrase for the byok key vault: ", "first-passphrase\r"},
                             {"Repeat the passphrase: ", "second-passphrase\r"}});
  INFO(r.transcript);
  CHECK(r.steps_done);
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.transcript, Catch::Contains("the two passphrases differ; nothing was changed"));
  CHECK(r.transcript.find(key) == std::string::npos);
  CHECK(r.transcript.find("first-passphrase") == std::string::npos);  // neither passphrase was echoed
  CHECK(r.transcript.find("second-passphrase") == std::string::npos);
  CHECK_FALSE(fs::exists(sb.vault()));
  CHECK_FALSE(fs::exists(sb.vault().string() + ".key"));
}

TEST_CASE("a piped keys set asks for a new vault's passphrase on the controlling terminal") {
  test::Sandbox sb;
  const std::string key = "sk-piped-" + test::random_hex(24), pass = "tty-pass-" + test::random_hex(16);
  auto r = test::run_in_pty(byok_argv(sb, {"keys", "set", "openai"}), sb.env,
                            {{"New passphrase for the byok key vault: ", pass + "\r"}, {"Repeat the passphrase: ", pass + "\r"}},
                            key + "\n");
  INFO(r.transcript);
  CHECK(r.steps_done);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.transcript, Catch::Contains("vault key from the passphrase"));
  CHECK(r.transcript.find(key) == std::string::npos);
  CHECK(r.transcript.find(pass) == std::string::npos);
  CHECK(protection_byte(sb.vault()) == static_cast<int>(keys::vault_format::Protection::Passphrase));
  CHECK_FALSE(fs::exists(sb.vault().string() + ".key"));
  CHECK(list_with_passphrase(sb, pass) == 0);
}
