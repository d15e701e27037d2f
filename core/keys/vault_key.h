// Where the key that encrypts keys.vault comes from, strongest first:
//   1. the OS keyring (Secret Service), when a session bus and a keyring answer: a random 32-byte key
//      stored there, so the vault opens while the desktop session is unlocked;
//   2. a passphrase through scrypt: from BYOK_PASSPHRASE_CMD (run without a shell) or typed at the
//      terminal: stdin when it is one, else the controlling terminal (`pass show x | byok keys set …`);
//   3. only when neither exists: a random key in a 0600 file beside the vault (keys.vault.key). Protection
//      then equals that file's permissions; `byok doctor` says so.
// A new vault takes the first that is available; an existing vault records its choice in its header and
// always uses that one.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/keys/vault_format.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::keys {

struct NewVaultKey {
  vault_format::Header header;  // protection chosen, with salt and KDF parameters for a passphrase
  Secret key;                   // 32 bytes
};

// Supplies vault keys. The Vault asks for one when it opens an existing file or writes a new one.
class VaultKeyProvider {
 public:
  virtual ~VaultKeyProvider() = default;
  virtual Result<Secret> key_for(const vault_format::Header& header) = 0;
  virtual Result<NewVaultKey> create() = 0;
  // Told when a key did not open the vault, so a cached passphrase is forgotten.
  virtual void rejected() {}
};

// A fixed passphrase (tests, and callers that obtained one elsewhere). Real scrypt with a fresh salt.
class PassphraseVaultKeys final : public VaultKeyProvider {
 public:
  explicit PassphraseVaultKeys(Secret passphrase, vault_format::ScryptParams params = {})
      : passphrase_(std::move(passphrase)), params_(params) {}
  Result<Secret> key_for(const vault_format::Header& header) override;
  Result<NewVaultKey> create() override;

 private:
  Secret passphrase_;
  vault_format::ScryptParams params_;
};

struct SystemVaultKeyOptions {
  std::filesystem::path vault_file;
  bool use_keyring = true;              // false: never touch the Secret Service
  bool allow_prompt = true;             // ask at the terminal (stdin, or /dev/tty when stdin is piped)
  std::vector<std::string> scrub_env;   // for BYOK_PASSPHRASE_CMD's environment
  std::chrono::milliseconds command_timeout{60'000};
};

// The real thing: keyring, passphrase, key file, as described at the top of this file.
class SystemVaultKeys final : public VaultKeyProvider {
 public:
  explicit SystemVaultKeys(SystemVaultKeyOptions opts) : opts_(std::move(opts)) {}
  Result<Secret> key_for(const vault_format::Header& header) override;
  Result<NewVaultKey> create() override;
  void rejected() override { passphrase_ = Secret(); }

 private:
  Result<Secret> passphrase(bool new_vault);
  SystemVaultKeyOptions opts_;
  Secret passphrase_;  // asked once per process
};

// keys.vault → keys.vault.key
std::filesystem::path key_file_for(const std::filesystem::path& vault_file);

// How a vault created now would be protected, and why (for `byok doctor`).
struct ProtectionOutlook {
  vault_format::Protection protection;
  std::string reason;
};
ProtectionOutlook protection_outlook(const SystemVaultKeyOptions& opts);

}  // namespace byok::keys
