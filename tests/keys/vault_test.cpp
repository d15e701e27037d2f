// The key vault: round trip, wrong passphrase, tampering, truncation, versions, backups, permissions.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "core/keys/vault.h"
#include "core/util/files.h"
#include "tests/keys/harness.h"

using namespace byok;
using namespace byok::keys;
namespace fs = std::filesystem;
using test::read_text;
using test::TempDir;
using test::write_text;

namespace {
// Cheap scrypt for tests (the real default is 2^15); the code path is the same.
vault_format::ScryptParams fast() { return {10, 8, 1}; }

PassphraseVaultKeys passphrase(const std::string& p) { return PassphraseVaultKeys(Secret(p), fast()); }

fs::path make_vault(const TempDir& dir, VaultKeyProvider& keys) {
  fs::path file = dir.path() / "data/byok/keys.vault";
  auto v = Vault::open(file, keys);
  REQUIRE(v);
  v->put("openai", "default", Secret("sk-openai-0123456789abcdef"));
  v->put("anthropic", "work", Secret("sk-ant-work-0123456789abcdef"));
  REQUIRE(v->save(keys));
  return file;
}

unsigned mode(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

Error open_error(const fs::path& file, VaultKeyProvider& keys) {
  auto v = Vault::open(file, keys);
  REQUIRE_FALSE(v);
  return v.error();
}
}  // namespace

TEST_CASE("vault round trip keeps every key, name and date, in 0600 files in a 0700 directory") {
  TempDir dir;
  auto keys = passphrase("correct horse battery staple");
  auto file = make_vault(dir, keys);
  CHECK(mode(file) == 0600);
  CHECK(mode(file.parent_path()) == 0700);

  auto again = passphrase("correct horse battery staple");
  auto v = Vault::open(file, again);
  REQUIRE(v);
  REQUIRE(v->entries().size() == 2);
  const auto* e = v->find("anthropic", "work");
  REQUIRE(e);
  CHECK(e->key == Secret("sk-ant-work-0123456789abcdef"));
  CHECK(e->added.size() == 20);  // 2026-05-01T10:00:00Z
  CHECK(v->protection() == vault_format::Protection::Passphrase);
  CHECK(v->find("openai", "work") == nullptr);

  // No key material in the file in the clear.
  auto bytes = read_text(file);
  CHECK(bytes.find("sk-openai") == std::string::npos);
  CHECK(bytes.find("anthropic") == std::string::npos);
}

TEST_CASE("every save uses a fresh nonce and keeps the previous file as keys.vault.bak") {
  TempDir dir;
  auto keys = passphrase("pw-one");
  auto file = make_vault(dir, keys);
  const auto first = read_text(file);
  auto v = Vault::open(file, keys);
  REQUIRE(v);
  v->put("gemini", "default", Secret("AIza-gemini-0123456789abcdef"));
  REQUIRE(v->save(keys));
  const auto second = read_text(file);
  CHECK(first.substr(48, 12) != second.substr(48, 12));  // nonce
  CHECK(read_text(backup_file_for(file)) == first);
  CHECK(mode(backup_file_for(file)) == 0600);
  // The backup is a working vault: the last good version.
  auto bak = Vault::open(backup_file_for(file), keys);
  REQUIRE(bak);
  CHECK(bak->entries().size() == 2);
}

TEST_CASE("a wrong passphrase says so and changes nothing") {
  TempDir dir;
  auto keys = passphrase("right");
  auto file = make_vault(dir, keys);
  const auto before = read_text(file);
  auto wrong = passphrase("wrong");
  auto e = open_error(file, wrong);
  CHECK(e.type == vault_format::kWrongKey);
  CHECK_THAT(e.message, Catch::Contains("wrong passphrase") && Catch::Contains("nothing was changed"));
  CHECK(read_text(file) == before);
  CHECK_FALSE(fs::exists(backup_file_for(file)));
}

TEST_CASE("tampered ciphertext, tag, nonce or header is reported as corrupted and left untouched") {
  TempDir dir;
  auto keys = passphrase("pw");
  auto file = make_vault(dir, keys);
  const auto good = read_text(file);
  const size_t n = good.size();
  auto offset = GENERATE_COPY(as<size_t>{}, 64, 70, n - 17, n - 1, 50, 33, 8, 9);
  std::string bad = good;
  bad[offset] = static_cast<char>(bad[offset] ^ 0x01);
  write_text(file, bad, 0600);
  auto e = open_error(file, keys);
  INFO("flipped byte " << offset << ": " << e.message);
  if (offset == 8) {
    CHECK(e.type == vault_format::kUnsupportedVersion);  // version 1 → 257
  } else if (offset == 9) {
    CHECK(e.type == vault_format::kUnsupportedVersion);  // version 1 → 0
  } else {
    CHECK(e.type == vault_format::kCorrupted);
    CHECK_THAT(e.message, Catch::Contains(file.string()) && Catch::Contains("left untouched"));
  }
  CHECK(read_text(file) == bad);
}

namespace {
// A vault key that does not depend on the header (like the keyring's or the key file's).
class FixedVaultKey final : public VaultKeyProvider {
 public:
  FixedVaultKey() : key_(std::string(vault_format::kKeySize, 'k')) {}
  Result<Secret> key_for(const vault_format::Header&) override { return key_; }
  Result<NewVaultKey> create() override {
    NewVaultKey nk;
    nk.header.protection = vault_format::Protection::KeyFile;
    nk.header.scrypt = {0, 0, 0};
    nk.key = key_;
    return nk;
  }

 private:
  Secret key_;
};
}  // namespace

TEST_CASE("in a key-file or keyring vault every header byte after the version is reported as tampering") {
  TempDir dir;
  FixedVaultKey keys;
  auto file = make_vault(dir, keys);
  const auto good = read_text(file);
  // 10 protection, 11-15 scrypt parameters, 16-31 salt, 32-47 key check, 48-59 nonce, 60-63 length.
  auto offset = GENERATE(range(size_t{10}, vault_format::kHeaderSize));
  auto bit = GENERATE(as<unsigned>{}, 0x01, 0x80);
  std::string bad = good;
  bad[offset] = static_cast<char>(bad[offset] ^ bit);
  write_text(file, bad, 0600);
  auto e = open_error(file, keys);
  INFO("byte " << offset << " ^ " << bit << ": " << e.message);
  if (offset >= 60) {
    // A changed length no longer matches the file's size: reported as truncated or as trailing bytes.
    CHECK((e.type == vault_format::kTruncated || e.type == vault_format::kCorrupted));
  } else {
    CHECK(e.type == vault_format::kCorrupted);
  }
  CHECK_THAT(e.message, Catch::Contains("left untouched"));
  CHECK(read_text(file) == bad);
}

TEST_CASE("in a passphrase vault a changed protection, scrypt parameter or salt never opens it and changes nothing") {
  // These bytes are authenticated, but they also choose how the key is derived: a change derives another
  // key, which cannot be told from a wrong passphrase (docs/keys.md, threat model). What matters is that
  // the vault does not open and is not written over.
  TempDir dir;
  auto keys = passphrase("pw");
  auto file = make_vault(dir, keys);
  const auto good = read_text(file);
  auto offset = GENERATE(range(size_t{10}, size_t{32}));
  std::string bad = good;
  bad[offset] = static_cast<char>(bad[offset] ^ 0x01);
  write_text(file, bad, 0600);
  auto again = passphrase("pw");
  auto e = open_error(file, again);
  INFO("byte " << offset << ": " << e.message);
  if (offset >= 16) {
    CHECK(e.type == vault_format::kWrongKey);  // salt
    CHECK_THAT(e.message, Catch::Contains("wrong passphrase"));
  } else if (offset == 10) {
    CHECK_THAT(e.message, Catch::Contains("not a passphrase"));  // now claims another protection
  } else {
    // scrypt parameters: implausible ones are refused as corrupted, plausible ones derive another key.
    CHECK((e.type == vault_format::kWrongKey || e.type == vault_format::kCorrupted));
  }
  CHECK(read_text(file) == bad);
  CHECK_FALSE(fs::exists(backup_file_for(file)));
}

TEST_CASE("a truncated vault is reported as truncated, at any length") {
  TempDir dir;
  auto keys = passphrase("pw");
  auto file = make_vault(dir, keys);
  const auto good = read_text(file);
  auto length = GENERATE_COPY(as<size_t>{}, 0, 5, 9, 40, 63, 79, good.size() - 1);
  write_text(file, good.substr(0, length), 0600);
  auto e = open_error(file, keys);
  INFO("length " << length << ": " << e.message);
  CHECK(e.type == vault_format::kTruncated);
  CHECK_THAT(e.message, Catch::Contains("truncated"));
  CHECK(read_text(file).size() == length);
}

TEST_CASE("an unknown format version names the version and a foreign file is not a vault") {
  TempDir dir;
  auto keys = passphrase("pw");
  auto file = make_vault(dir, keys);
  auto bytes = read_text(file);
  bytes[8] = 0;
  bytes[9] = 2;
  write_text(file, bytes, 0600);
  auto e = open_error(file, keys);
  CHECK(e.type == vault_format::kUnsupportedVersion);
  CHECK_THAT(e.message, Catch::Contains("version 2") && Catch::Contains("newer byok"));

  write_text(file, "{\"keys\": [\"not encrypted\"]}\n", 0600);
  CHECK(open_error(file, keys).type == vault_format::kNotAVault);
}

TEST_CASE("a damaged vault points at the last good backup and is never written over") {
  TempDir dir;
  auto keys = passphrase("pw");
  auto file = make_vault(dir, keys);
  {
    auto v = Vault::open(file, keys);
    REQUIRE(v);
    REQUIRE(v->save(keys));  // creates keys.vault.bak
  }
  auto bytes = read_text(file);
  bytes.back() = static_cast<char>(bytes.back() ^ 0x80);
  write_text(file, bytes, 0600);
  auto e = open_error(file, keys);
  CHECK_THAT(e.message, Catch::Contains(backup_file_for(file).string()));
  // VaultAccess remembers the failure: a later save cannot overwrite the damaged file.
  VaultAccess access(file, std::make_unique<PassphraseVaultKeys>(Secret("pw"), fast()));
  CHECK_FALSE(access.save());
  CHECK(read_text(file) == bytes);
}

TEST_CASE("without keyring or passphrase the vault key goes to a 0600 key file beside the vault") {
  TempDir dir;
  ::unsetenv("BYOK_PASSPHRASE_CMD");
  fs::path file = dir.path() / "byok/keys.vault";
  SystemVaultKeyOptions o;
  o.vault_file = file;
  o.use_keyring = false;
  o.allow_prompt = false;
  CHECK(protection_outlook(o).protection == vault_format::Protection::KeyFile);
  SystemVaultKeys keys(o);
  auto v = Vault::open(file, keys);
  REQUIRE(v);
  v->put("openai", "default", Secret("sk-openai-0123456789abcdef"));
  REQUIRE(v->save(keys));
  CHECK(v->protection() == vault_format::Protection::KeyFile);
  CHECK(mode(key_file_for(file)) == 0600);
  CHECK(fs::file_size(key_file_for(file)) == 32);

  SystemVaultKeys reopen(o);
  auto v2 = Vault::open(file, reopen);
  REQUIRE(v2);
  CHECK(v2->find("openai", "default"));

  // A key file that does not belong to this vault: says so, changes nothing.
  write_text(key_file_for(file), std::string(32, 'x'), 0600);
  SystemVaultKeys other(o);
  auto e = open_error(file, other);
  CHECK(e.type == vault_format::kWrongKey);
  CHECK_THAT(e.message, Catch::Contains("key file"));
}

TEST_CASE("BYOK_PASSPHRASE_CMD protects a new vault with a passphrase, run without a shell") {
  TempDir dir;
  fs::path script = dir.path() / "pass.sh";
  write_text(script, "#!/bin/sh\nprintf 'vault pass from %s\\n' \"$1\"\n", 0700);
  ::setenv("BYOK_PASSPHRASE_CMD", (script.string() + " 'one two'").c_str(), 1);
  fs::path file = dir.path() / "byok/keys.vault";
  SystemVaultKeyOptions o;
  o.vault_file = file;
  o.use_keyring = false;
  o.allow_prompt = false;
  {
    SystemVaultKeys keys(o);
    auto v = Vault::open(file, keys);
    REQUIRE(v);
    v->put("mistral", "default", Secret("mistral-0123456789abcdef"));
    REQUIRE(v->save(keys));
    CHECK(v->protection() == vault_format::Protection::Passphrase);
    CHECK_FALSE(fs::exists(key_file_for(file)));
  }
  // The same passphrase opens it; the header records scrypt and a salt.
  CHECK(Vault::open(file, *std::make_unique<PassphraseVaultKeys>(Secret("vault pass from one two"))));
  // A command printing another passphrase: wrong passphrase, nothing changed.
  ::setenv("BYOK_PASSPHRASE_CMD", (script.string() + " three").c_str(), 1);
  SystemVaultKeys keys(o);
  auto e = open_error(file, keys);
  CHECK_THAT(e.message, Catch::Contains("wrong passphrase"));
  ::unsetenv("BYOK_PASSPHRASE_CMD");
}

TEST_CASE("atomic_write_private replaces whole files 0600 and leaves no temp files") {
  TempDir dir;
  fs::path d = dir.path() / "a/b";
  REQUIRE(files::ensure_private_dir(d));
  CHECK(mode(d) == 0700);
  ::umask(0);
  REQUIRE(files::atomic_write_private(d / "f", "one"));
  REQUIRE(files::atomic_write_private(d / "f", "two"));
  ::umask(022);
  CHECK(read_text(d / "f") == "two");
  CHECK(mode(d / "f") == 0600);
  CHECK(std::distance(fs::directory_iterator(d), fs::directory_iterator()) == 1);
  // A group-readable directory is tightened.
  ::chmod(d.c_str(), 0755);
  REQUIRE(files::ensure_private_dir(d));
  CHECK(mode(d) == 0700);
  // Writing into a missing directory fails and creates nothing.
  CHECK_FALSE(files::atomic_write_private(dir.path() / "missing/f", "x"));
}
