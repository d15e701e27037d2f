// `byok keys set|list|rm|test` and `byok trust` through the real binary, in an isolated HOME.
#include <httplib.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/emulator/emulator.h"
#include "tests/keys/harness.h"

using namespace byok;
using test::Sandbox;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {
unsigned mode(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}
}  // namespace

TEST_CASE("keys set reads stdin, stores encrypted 0600, and list shows last 4 and date, never the key") {
  Sandbox sb;
  const std::string key = "sk-cli-" + test::random_hex(24) + "WXYZ";
  auto set = sb.byok({"keys", "set", "openai"}, "  " + key + "\n");
  REQUIRE(set.exit_code == 0);
  CHECK_THAT(set.err, Catch::Contains("removed whitespace"));
  CHECK_THAT(set.out, Catch::Contains("…WXYZ"));
  CHECK(mode(sb.vault()) == 0600);
  CHECK(mode(sb.data_dir()) == 0700);

  REQUIRE(sb.byok({"keys", "set", "openai", "--name", "work"}, "sk-work-" + test::random_hex(24) + "\n").exit_code == 0);
  auto list = sb.byok({"keys", "list", "--json"});
  REQUIRE(list.exit_code == 0);
  auto rows = json::parse(list.out);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0]["provider"] == "openai");
  CHECK(rows[0]["name"] == "default");
  CHECK(rows[0]["source"] == "vault");
  CHECK(rows[0]["last4"] == "WXYZ");
  CHECK(rows[0]["added"].get<std::string>().size() == 20);
  CHECK(rows[1]["name"] == "work");

  // An environment key for the same provider is listed as shadowed by the vault.
  sb.env["OPENAI_API_KEY"] = "sk-env-" + test::random_hex(24);
  auto plain = sb.byok({"keys", "list"});
  CHECK_THAT(plain.out, Catch::Contains("env:OPENAI_API_KEY") && Catch::Contains("shadowed"));
  sb.env.erase("OPENAI_API_KEY");

  REQUIRE(sb.byok({"keys", "rm", "openai", "--name", "work"}).exit_code == 0);
  auto gone = sb.byok({"keys", "rm", "openai", "--name", "work"});
  CHECK(gone.exit_code == 3);
  CHECK_THAT(gone.err, Catch::Contains("no key \"work\""));
  for (const auto& r : sb.runs()) {
    CHECK(r.out.find(key) == std::string::npos);
    CHECK(r.err.find(key) == std::string::npos);
  }
}

TEST_CASE("keys set refuses control characters, spaces and empty input, storing nothing") {
  Sandbox sb;
  for (std::string bad : {std::string("sk-abc\x07" "def0123456789"), std::string("Bearer sk-abcdef0123456789"), std::string("\n")}) {
    auto r = sb.byok({"keys", "set", "openai"}, bad);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("Nothing was stored"));
  }
  CHECK_FALSE(fs::exists(sb.vault()));
  auto unknown = sb.byok({"keys", "set", "nosuchprovider"}, "sk-0123456789abcdef\n");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Contains("unknown provider"));
  // A key is never accepted as an argument.
  auto argv = sb.byok({"keys", "set", "openai", "sk-in-argv-0123456789"});
  CHECK(argv.exit_code == 2);
  CHECK_FALSE(fs::exists(sb.vault()));
}

TEST_CASE("keys test tells valid, rejected by provider and unreachable apart") {
  Sandbox sb;
  emu::Emulator emulator;
  emulator.start();
  // A provider that rejects every key, as OpenAI does for a revoked one.
  httplib::Server reject;
  reject.Get("/v1/models", [](const httplib::Request&, httplib::Response& res) {
    res.status = 401;
    res.set_content(R"({"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}})",
                    "application/json");
  });
  int port = reject.bind_to_any_port("127.0.0.1");
  std::thread t([&] { reject.listen_after_bind(); });
  while (!reject.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  REQUIRE(sb.byok({"keys", "set", "openai"}, "sk-test-" + test::random_hex(24) + "\n").exit_code == 0);
  auto valid = sb.byok({"keys", "test", "openai", "--base-url", emulator.https_url() + "/v1", "--ca-file", emulator.ca_file()});
  CHECK(valid.exit_code == 0);
  CHECK_THAT(valid.out, Catch::Contains("openai: valid") && Catch::Contains("from vault"));

  auto rejected = sb.byok({"keys", "test", "openai", "--base-url", "http://127.0.0.1:" + std::to_string(port) + "/v1"});
  CHECK(rejected.exit_code == 1);
  CHECK_THAT(rejected.out, Catch::Contains("rejected by provider (401 Incorrect API key provided."));

  reject.stop();
  t.join();
  auto unreachable = sb.byok({"keys", "test", "openai", "--base-url", "http://127.0.0.1:" + std::to_string(port) + "/v1"});
  CHECK(unreachable.exit_code == 1);
  CHECK_THAT(unreachable.out, Catch::Contains("unreachable ("));

  auto none = sb.byok({"keys", "test", "anthropic"});
  CHECK(none.exit_code == 3);
  CHECK_THAT(none.err, Catch::Contains("byok keys set anthropic"));
}

TEST_CASE("a corrupted vault is reported by every command and never written over") {
  Sandbox sb;
  REQUIRE(sb.byok({"keys", "set", "openai"}, "sk-one-" + test::random_hex(24) + "\n").exit_code == 0);
  REQUIRE(sb.byok({"keys", "set", "gemini"}, "AIza-two-" + test::random_hex(24) + "\n").exit_code == 0);
  REQUIRE(fs::exists(sb.vault().string() + ".bak"));
  auto bytes = test::read_text(sb.vault());
  bytes[bytes.size() - 20] ^= 0x10;
  test::write_text(sb.vault(), bytes, 0600);

  auto list = sb.byok({"keys", "list"});
  CHECK(list.exit_code != 0);
  CHECK_THAT(list.err, Catch::Contains("corrupted") && Catch::Contains("keys.vault.bak"));
  auto set = sb.byok({"keys", "set", "mistral"}, "mistral-" + test::random_hex(24) + "\n");
  CHECK(set.exit_code != 0);
  auto ask = sb.byok({"ask", "--provider", "openai", "hi"});
  CHECK(ask.exit_code != 0);
  CHECK_THAT(ask.err, Catch::Contains("corrupted"));
  CHECK(test::read_text(sb.vault()) == bytes);
}

TEST_CASE("a passphrase vault: a wrong BYOK_PASSPHRASE_CMD says so and changes nothing") {
  Sandbox sb;
  test::TempDir tools;
  test::write_text(tools.path() / "pass.sh", "#!/bin/sh\necho \"$1\"\n", 0700);
  sb.env["BYOK_PASSPHRASE_CMD"] = (tools.path() / "pass.sh").string() + " right-passphrase";
  REQUIRE(sb.byok({"keys", "set", "openai"}, "sk-pp-" + test::random_hex(24) + "\n").exit_code == 0);
  CHECK_FALSE(fs::exists(sb.vault().string() + ".key"));
  auto before = test::read_text(sb.vault());
  sb.env["BYOK_PASSPHRASE_CMD"] = (tools.path() / "pass.sh").string() + " wrong-passphrase";
  auto set = sb.byok({"keys", "set", "gemini"}, "AIza-" + test::random_hex(24) + "\n");
  CHECK(set.exit_code == 3);
  CHECK_THAT(set.err, Catch::Contains("wrong passphrase") && Catch::Contains("nothing was changed"));
  CHECK(test::read_text(sb.vault()) == before);
  sb.env.erase("BYOK_PASSPHRASE_CMD");
  auto no_source = sb.byok({"keys", "list"});
  CHECK_THAT(no_source.err, Catch::Contains("BYOK_PASSPHRASE_CMD"));
}

TEST_CASE("byok trust lets a project config redirect a user key, without it byok refuses, naming file and host") {
  Sandbox sb;
  emu::Emulator right, other;
  right.start();
  other.start();
  const std::string key = "sk-trust-" + test::random_hex(24);
  REQUIRE(sb.byok({"keys", "set", "openai"}, key + "\n").exit_code == 0);
  sb.write_config(json{{"providers", {{"openai", {{"base_url", right.https_url() + "/v1"}, {"ca_file", right.ca_file()}}}}}}.dump());
  const fs::path project = sb.home() / "projects/cloned";
  test::write_text(project / ".byok.json",
                   json{{"providers", {{"openai", {{"base_url", other.https_url() + "/v1"}, {"ca_file", other.ca_file()}}}}}}.dump());
  fs::create_directories(project / "src");

  auto refused = sb.byok({"ask", "--provider", "openai", "--model", "gpt-4o-mini", "hi"}, "", project / "src");
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains((fs::canonical(project) / ".byok.json").string()));
  CHECK_THAT(refused.err, Catch::Contains("localhost:" + std::to_string(other.https_port())));
  CHECK(other.requests().empty());
  CHECK(sb.byok({"ask", "--provider", "openai", "--model", "gpt-4o-mini", "hi"}).exit_code == 0);  // outside the project
  CHECK(right.requests().size() == 1);

  auto trust = sb.byok({"trust", project.string()});
  REQUIRE(trust.exit_code == 0);
  CHECK(mode(sb.config_dir() / "config.json") == 0600);
  CHECK_THAT(sb.byok({"trust", "--list"}).out, Catch::Contains(fs::canonical(project).string()));
  auto allowed = sb.byok({"ask", "--provider", "openai", "--model", "gpt-4o-mini", "hi"}, "", project / "src");
  CHECK(allowed.exit_code == 0);
  REQUIRE(other.requests().size() == 1);

  REQUIRE(sb.byok({"trust", "--remove", project.string()}).exit_code == 0);
  CHECK(sb.byok({"ask", "--provider", "openai", "--model", "gpt-4o-mini", "hi"}, "", project / "src").exit_code != 0);
  CHECK(other.requests().size() == 1);
}

TEST_CASE("with a session bus but no usable keyring, the vault falls back to its key file") {
  if (!fs::exists("/usr/bin/dbus-run-session")) {
    WARN("dbus-run-session is not installed; keyring fallback over a real bus not checked");
    return;
  }
  Sandbox sb;
  // dbus-run-session starts a private session bus with no unlocked Secret Service on it, then runs byok.
  SpawnOptions so;
  so.argv = {"/usr/bin/dbus-run-session", "--", BYOK_BIN, "--log-level", "debug", "keys", "set", "openai"};
  so.env = sb.env;
  so.new_session = true;  // no /dev/tty to prompt on
  auto r = run_program(so, "sk-dbus-" + test::random_hex(24) + "\n", std::chrono::seconds(60));
  REQUIRE(r);
  INFO(r->err);
  CHECK(r->exit_code == 0);
  // No Secret Service on the bus; or, with gnome-keyring installed, one that D-Bus starts on demand but
  // that has no unlocked collection to store in.
  CHECK_THAT(r->err, Catch::Contains("Secret Service not reachable") || Catch::Contains("built without libsecret") ||
                         Catch::Contains("OS keyring did not store the vault key"));
  CHECK(fs::exists(sb.vault().string() + ".key"));
  CHECK(sb.byok({"keys", "list"}).exit_code == 0);
}

TEST_CASE("doctor warns in one line about a key-file vault, and fails when the key file is readable by others") {
  emu::Emulator emulator;
  emulator.start();
  Sandbox sb;  // no session bus, no BYOK_PASSPHRASE_CMD, stdin not a terminal: the key file it is
  sb.write_config(json{{"providers", {{"openai", {{"base_url", emulator.https_url() + "/v1"}, {"ca_file", emulator.ca_file()}}}}}}.dump());
  REQUIRE(sb.byok({"keys", "set", "openai"}, "sk-doctor-" + test::random_hex(24) + "\n").exit_code == 0);
  const fs::path key_file = sb.vault().string() + ".key";
  REQUIRE(fs::exists(key_file));
  REQUIRE(mode(key_file) == 0600);

  auto healthy = sb.byok({"doctor"});
  INFO(healthy.out << healthy.err);
  CHECK(healthy.exit_code == 0);
  CHECK_THAT(healthy.out, Catch::Contains("vault key from the key file"));
  const std::string warning = "  warn  no OS keyring or passphrase: the vault key is in " + key_file.string() +
                              ", so the vault's protection equals that file's permissions\n";
  CHECK_THAT(healthy.out, Catch::Contains(warning));
  CHECK(healthy.out.find("warn", healthy.out.find(warning) + warning.size()) == std::string::npos);  // one line
  CHECK_THAT(healthy.out, !Catch::Contains("FAIL"));

  for (unsigned loose : {0644u, 0640u}) {
    REQUIRE(::chmod(key_file.c_str(), loose) == 0);
    auto exposed = sb.byok({"doctor"});
    INFO(std::oct << loose << ": " << exposed.out << exposed.err);
    CHECK(exposed.exit_code != 0);
    CHECK_THAT(exposed.out, Catch::Contains(warning));
    CHECK_THAT(exposed.out, Catch::Contains("  FAIL  " + key_file.string() + " is readable by other users; run: chmod 600 " +
                                            key_file.string()));
    CHECK_THAT(exposed.out, Catch::Contains("Some checks failed."));
  }
}
