#include "core/keys/vault_key.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cstdlib>

#include "core/keys/command_source.h"
#include "core/keys/keyring.h"
#include "core/util/files.h"
#include "core/util/log.h"
#include "core/util/terminal.h"

namespace byok::keys {
namespace fs = std::filesystem;
using vault_format::Protection;

namespace {
Result<std::array<uint8_t, 16>> fresh_salt() {
  std::array<uint8_t, 16> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return Error::make(ErrorKind::Internal, "the system random generator failed");
  return salt;
}

// The keyring stores text: the 32 key bytes as base64.
std::string to_base64(const Secret& key) {
  std::string out(4 * ((key.reveal().size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(key.reveal().data()), static_cast<int>(key.reveal().size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Result<Secret> from_base64(const Secret& text) {
  std::string out(text.reveal().size(), '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.reveal().data()), static_cast<int>(text.reveal().size()));
  if (n < static_cast<int>(vault_format::kKeySize)) {
    secure_wipe(out);
    return Error::make(ErrorKind::Key, "the vault key in the OS keyring is malformed");
  }
  out.resize(vault_format::kKeySize);  // EVP_DecodeBlock counts padding bytes as output
  Secret s(out);
  secure_wipe(out);
  return s;
}

bool keyring_reachable(const SystemVaultKeyOptions& o, std::string* why) {
  auto no = [&](std::string reason) {
    *why = std::move(reason);
    return false;
  };
  if (!o.use_keyring) return no("keyring disabled");
  if (!keyring::compiled_in()) return no("byok was built without libsecret");
  if (!keyring::session_bus_configured()) return no("no D-Bus session bus");
  auto probe = keyring::lookup(o.vault_file.string());
  if (!probe) return no(probe.error().message);
  return true;
}

const char* passphrase_cmd() {
  const char* c = std::getenv("BYOK_PASSPHRASE_CMD");
  return c && *c ? c : nullptr;
}
}  // namespace

fs::path key_file_for(const fs::path& vault_file) { return fs::path(vault_file.string() + ".key"); }

// ---- PassphraseVaultKeys ------------------------------------------------------------------------------

Result<Secret> PassphraseVaultKeys::key_for(const vault_format::Header& h) {
  if (h.protection != Protection::Passphrase)
    return Error::make(ErrorKind::Key, std::string("the vault is protected by its ") + to_string(h.protection) + ", not a passphrase");
  return vault_format::derive_from_passphrase(passphrase_, h);
}

Result<NewVaultKey> PassphraseVaultKeys::create() {
  NewVaultKey nk;
  nk.header.protection = Protection::Passphrase;
  nk.header.scrypt = params_;
  auto salt = fresh_salt();
  if (!salt) return salt.error();
  nk.header.salt = *salt;
  auto key = vault_format::derive_from_passphrase(passphrase_, nk.header);
  if (!key) return key.error();
  nk.key = std::move(*key);
  return nk;
}

// ---- SystemVaultKeys ----------------------------------------------------------------------------------

Result<Secret> SystemVaultKeys::passphrase(bool new_vault) {
  if (!passphrase_.empty()) return passphrase_;
  if (const char* cmd = passphrase_cmd()) {
    auto argv = split_command_line(cmd);
    if (!argv) return Error::make(ErrorKind::Config, "BYOK_PASSPHRASE_CMD: " + argv.error().message);
    SecretCommandOptions so;
    so.scrub_env = opts_.scrub_env;
    so.timeout = opts_.command_timeout;
    so.what = "BYOK_PASSPHRASE_CMD";
    auto p = run_secret_command(*argv, so);
    if (!p) return p.error();
    passphrase_ = std::move(*p);
    return passphrase_;
  }
  if (!opts_.allow_prompt || !terminal::can_prompt())
    return Error::make(ErrorKind::Key, "the key vault " + opts_.vault_file.string() +
                                           " is protected by a passphrase; set BYOK_PASSPHRASE_CMD (e.g. \"pass show byok-vault\") "
                                           "or run byok in a terminal to type it");
  auto first = terminal::read_hidden_line(new_vault ? "New passphrase for the byok key vault: " : "Passphrase for the byok key vault: ");
  if (!first) return first.error();
  if (first->empty()) return Error::make(ErrorKind::Key, "the passphrase is empty; nothing was changed");
  if (new_vault) {
    auto again = terminal::read_hidden_line("Repeat the passphrase: ");
    if (!again) return again.error();
    if (!(*again == *first)) return Error::make(ErrorKind::Key, "the two passphrases differ; nothing was changed");
  }
  passphrase_ = std::move(*first);
  return passphrase_;
}

Result<Secret> SystemVaultKeys::key_for(const vault_format::Header& h) {
  switch (h.protection) {
    case Protection::Keyring: {
      std::string why;
      if (!keyring_reachable(opts_, &why))
        return Error::make(ErrorKind::Key, "the key vault " + opts_.vault_file.string() +
                                               " is locked with a key in the OS keyring, which is not reachable (" + why + ")");
      auto found = keyring::lookup(opts_.vault_file.string());
      if (!found) return found.error();
      if (!*found)
        return Error::make(ErrorKind::Key, "the OS keyring has no key for the vault " + opts_.vault_file.string() +
                                               " (was the keyring reset?)");
      return from_base64(**found);
    }
    case Protection::Passphrase: {
      auto p = passphrase(false);
      if (!p) return p.error();
      return vault_format::derive_from_passphrase(*p, h);
    }
    case Protection::KeyFile: {
      auto file = key_file_for(opts_.vault_file);
      auto bytes = files::read_file(file, 1024);
      if (!bytes)
        return Error::make(ErrorKind::Key, "the key vault " + opts_.vault_file.string() + " needs its key file: " + bytes.error().message);
      if (bytes->size() != vault_format::kKeySize) {
        secure_wipe(*bytes);
        return Error::make(ErrorKind::Key, "the vault key file " + file.string() + " is damaged (expected 32 bytes)");
      }
      Secret s(*bytes);
      secure_wipe(*bytes);
      return s;
    }
  }
  return Error::make(ErrorKind::Internal, "unknown vault protection");
}

Result<NewVaultKey> SystemVaultKeys::create() {
  NewVaultKey nk;
  std::string why;
  if (keyring_reachable(opts_, &why)) {
    auto key = vault_format::random_key();
    if (!key) return key.error();
    std::string text = to_base64(*key);
    Secret stored(text);
    secure_wipe(text);
    if (auto st = keyring::store(opts_.vault_file.string(), stored); st) {
      nk.header.protection = Protection::Keyring;
      nk.key = std::move(*key);
      return nk;
    } else {
      log::info("keys: OS keyring did not store the vault key (" + st.error().message + "); trying a passphrase");
    }
  } else {
    log::debug("keys: OS keyring not used for the vault key: " + why);
  }
  if (passphrase_cmd() || (opts_.allow_prompt && terminal::can_prompt())) {
    auto p = passphrase(true);
    if (!p) return p.error();
    PassphraseVaultKeys kdf(*p);
    return kdf.create();
  }
  // Last resort: a random key in a 0600 file beside the vault.
  auto key = vault_format::random_key();
  if (!key) return key.error();
  if (auto st = files::atomic_write_private(key_file_for(opts_.vault_file), key->reveal()); !st) return st.error();
  nk.header.protection = Protection::KeyFile;
  nk.key = std::move(*key);
  return nk;
}

ProtectionOutlook protection_outlook(const SystemVaultKeyOptions& opts) {
  std::string why;
  if (keyring_reachable(opts, &why)) return {Protection::Keyring, "the OS keyring answers"};
  if (passphrase_cmd()) return {Protection::Passphrase, "BYOK_PASSPHRASE_CMD is set (keyring: " + why + ")"};
  if (opts.allow_prompt && terminal::can_prompt())
    return {Protection::Passphrase, "you will be asked for a passphrase (keyring: " + why + ")"};
  return {Protection::KeyFile, "no keyring (" + why + ") and no passphrase source"};
}

}  // namespace byok::keys
