// The key vault ($XDG_DATA_HOME/byok/keys.vault): every stored key with its provider, name and the date it
// was added, encrypted as one AES-256-GCM blob (format in vault_format.h, key from vault_key.h).
//
// Safety rules, each tested in tests/keys/vault_test.cpp:
//  - a missing file is an empty vault; nothing is created until the first key is stored;
//  - a damaged, truncated or unknown-version file is reported clearly and never written over; the last
//    good version is kept beside it as keys.vault.bak on every save;
//  - a wrong passphrase says so and changes nothing;
//  - writes are atomic, 0600, in a 0700 directory, with a fresh nonce each time.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/keys/key_source.h"
#include "core/keys/vault_key.h"
#include "core/util/secret.h"

namespace byok::keys {

struct VaultEntry {
  std::string provider;
  std::string name;  // "default", "work", …
  Secret key;
  std::string added;  // UTC, ISO 8601
};

class Vault {
 public:
  // Reads and decrypts `file` (asking `keys` for the key only when the file exists).
  static Result<Vault> open(const std::filesystem::path& file, VaultKeyProvider& keys);

  const std::filesystem::path& file() const { return file_; }
  bool exists_on_disk() const { return header_.has_value(); }
  std::optional<vault_format::Protection> protection() const;
  const std::vector<VaultEntry>& entries() const { return entries_; }
  const VaultEntry* find(const std::string& provider, const std::string& name) const;

  // Adds or replaces; `added` is set to now. Not written until save().
  void put(const std::string& provider, const std::string& name, Secret key);
  bool remove(const std::string& provider, const std::string& name);

  // Writes the vault: keeps the current file as keys.vault.bak, then replaces it atomically. A new vault
  // asks `keys` to create its key (keyring, passphrase or key file).
  Status save(VaultKeyProvider& keys);

 private:
  explicit Vault(std::filesystem::path f) : file_(std::move(f)) {}
  std::filesystem::path file_;
  std::optional<vault_format::Header> header_;  // of the file on disk
  Secret key_;                                  // the vault key, once known
  std::vector<VaultEntry> entries_;
};

std::filesystem::path default_vault_file();  // data_dir()/keys.vault
std::filesystem::path backup_file_for(const std::filesystem::path& vault_file);

// Opens the vault once per process, on first use, and shares it (so a passphrase is asked at most once).
// The result — the open vault or the error — is remembered.
class VaultAccess {
 public:
  VaultAccess(std::filesystem::path file, std::unique_ptr<VaultKeyProvider> keys)
      : file_(std::move(file)), keys_(std::move(keys)) {}
  const std::filesystem::path& file() const { return file_; }
  bool file_exists() const;
  Result<Vault*> get();
  Status save();
  VaultKeyProvider& key_provider() { return *keys_; }
  // Hold while using get()/save() and the Vault they give when more than one thread may (a protocol
  // server resolves keys on worker threads while `byok/keys set` writes).
  std::unique_lock<std::mutex> hold() { return std::unique_lock(mu_); }

 private:
  std::mutex mu_;
  std::filesystem::path file_;
  std::unique_ptr<VaultKeyProvider> keys_;
  std::optional<Result<Vault>> opened_;
};

// Keys stored in the vault, for any key name.
class VaultKeySource final : public KeySource {
 public:
  explicit VaultKeySource(std::shared_ptr<VaultAccess> vault) : vault_(std::move(vault)) {}
  std::string name() const override { return "vault"; }
  Result<std::optional<FoundKey>> find(const config::ProviderSpec& spec, const std::string& key_name) override;

 private:
  std::shared_ptr<VaultAccess> vault_;
};

}  // namespace byok::keys
