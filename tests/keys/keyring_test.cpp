// The normal desktop path: a Secret Service (GNOME Keyring) answers on the session bus, so `byok keys set`
// keeps the vault key in the keyring — no key file, no passphrase — and another byok process in the same
// session opens the vault. Runs a private session bus (dbus-run-session) and a keyring daemon unlocked
// with a test password, both gone when the test ends.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/keys/vault_format.h"
#include "core/util/subprocess.h"
#include "tests/keys/harness.h"

using namespace byok;
namespace fs = std::filesystem;

TEST_CASE("with GNOME Keyring on the session bus the vault key goes to the keyring, not a key file") {
  for (const char* tool : {"/usr/bin/dbus-run-session", "/usr/bin/gnome-keyring-daemon"}) {
    if (!fs::exists(tool)) {
      WARN(std::string(tool) + " is not installed (apt-get install gnome-keyring dbus): keyring path not checked");
      return;
    }
  }
  test::Sandbox sb;
  const std::string key = "sk-keyring-" + test::random_hex(24);
  test::write_text(sb.home() / "key.txt", key + "\n", 0600);
  test::write_text(sb.home() / "keyring-password", "keyring-test-password", 0600);
  // Inside the private bus: start the keyring daemon (password on stdin), store a key, list it from a
  // second byok process, then stop the daemon.
  const std::string byok = BYOK_BIN;
  test::write_text(sb.home() / "session.sh",
                   "#!/bin/sh\n"
                   "gnome-keyring-daemon --foreground --unlock --components=secrets < \"$HOME/keyring-password\" > /dev/null 2>&1 &\n"
                   "daemon=$!\n"
                   "trap 'kill $daemon' EXIT\n"
                   "for i in $(seq 50); do\n"
                   "  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner "
                   "string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true' && break\n"
                   "  sleep 0.1\n"
                   "done\n"
                   "'" + byok + "' --log-level debug keys set openai < \"$HOME/key.txt\" || exit 10\n"
                   "echo ---list---\n"
                   "'" + byok + "' keys list --json || exit 11\n",
                   0700);
  SpawnOptions so;
  so.argv = {"/usr/bin/dbus-run-session", "--", (sb.home() / "session.sh").string()};
  so.env = sb.env;
  so.new_session = true;  // no /dev/tty: a passphrase prompt is not an option, the keyring must answer
  auto r = run_program(so, "", std::chrono::seconds(60));
  REQUIRE(r);
  INFO(r->out << r->err);
  REQUIRE(r->exit_code == 0);
  CHECK_THAT(r->out, Catch::Contains("vault key from the OS keyring"));
  const auto rows = nlohmann::json::parse(r->out.substr(r->out.find("---list---") + 10), nullptr, false);
  REQUIRE(rows.is_array());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["provider"] == "openai");
  CHECK(rows[0]["source"] == "vault");
  CHECK_FALSE(fs::exists(sb.vault().string() + ".key"));
  const std::string vault = test::read_text(sb.vault());
  REQUIRE(vault.size() > 10);
  CHECK(static_cast<unsigned char>(vault[10]) == static_cast<unsigned char>(keys::vault_format::Protection::Keyring));
  CHECK(r->out.find(key) == std::string::npos);
  CHECK(r->err.find(key) == std::string::npos);
  // Outside that session the keyring is gone: the vault says where its key is instead of opening.
  auto outside = sb.byok({"keys", "list"});
  CHECK(outside.exit_code != 0);
  CHECK_THAT(outside.err, Catch::Contains("OS keyring"));
}
