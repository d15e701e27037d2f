#include "core/keys/vault.h"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/config/config.h"
#include "core/util/files.h"

namespace byok::keys {
namespace fs = std::filesystem;
using nlohmann::json;
using vault_format::Protection;

namespace {
std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Overwrites every string in a JSON tree that held key material before the tree is freed.
void wipe_strings(json& j) {
  if (j.is_string()) secure_wipe(j.get_ref<std::string&>());
  else if (j.is_structured())
    for (auto& v : j) wipe_strings(v);
}

Error with_file(Error e, const fs::path& file, const std::string& advice) {
  e.message = file.string() + ": " + e.message + advice;
  return e;
}

Result<std::vector<VaultEntry>> parse_payload(const Secret& plain, const fs::path& file) {
  json doc = json::parse(plain.reveal(), nullptr, false);
  struct Wipe {
    json& j;
    ~Wipe() { wipe_strings(j); }
  } wipe{doc};
  auto bad = [&](const std::string& what) {
    Error e(ErrorKind::Key, file.string() + ": the vault decrypted but its contents are malformed (" + what + ")");
    e.type = vault_format::kCorrupted;
    return e;
  };
  if (!doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) return bad("no key list");
  std::vector<VaultEntry> out;
  for (auto& k : doc["keys"]) {
    if (!k.is_object()) return bad("an entry is not an object");
    for (const char* f : {"provider", "name", "key", "added"})
      if (!k.contains(f) || !k[f].is_string()) return bad(std::string("an entry lacks \"") + f + "\"");
    out.push_back({k["provider"], k["name"], Secret(k["key"].get<std::string>()), k["added"]});
  }
  return out;
}

std::string make_payload(const std::vector<VaultEntry>& entries) {
  json doc = {{"keys", json::array()}};
  for (const auto& e : entries)
    doc["keys"].push_back({{"provider", e.provider}, {"name", e.name}, {"key", std::string(e.key.reveal())}, {"added", e.added}});
  std::string text = doc.dump();
  wipe_strings(doc);
  return text;
}
}  // namespace

fs::path default_vault_file() { return config::data_dir() / "keys.vault"; }
fs::path backup_file_for(const fs::path& vault_file) { return fs::path(vault_file.string() + ".bak"); }

Result<Vault> Vault::open(const fs::path& file, VaultKeyProvider& keys) {
  Vault v(file);
  std::error_code ec;
  if (!fs::exists(file, ec)) return v;
  const std::string advice_damaged =
      fs::exists(backup_file_for(file), ec)
          ? ". The file was left untouched; the last good version is " + backup_file_for(file).string() +
                " (move it into place to restore it)"
          : ". The file was left untouched";
  auto bytes = files::read_file(file);
  if (!bytes) return bytes.error();
  auto header = vault_format::parse_header(*bytes);
  if (!header) return with_file(header.error(), file, advice_damaged);
  auto key = keys.key_for(*header);
  if (!key) return key.error();
  auto plain = vault_format::open(*bytes, *key);
  if (!plain) {
    if (plain.error().type == vault_format::kWrongKey) {
      keys.rejected();
      Error e(ErrorKind::Key, header->protection == Protection::Passphrase
                                  ? "wrong passphrase for the key vault " + file.string() + "; nothing was changed"
                                  : std::string("the vault key from the ") + to_string(header->protection) +
                                        " does not open " + file.string() + "; nothing was changed");
      e.type = vault_format::kWrongKey;
      return e;
    }
    return with_file(plain.error(), file, advice_damaged);
  }
  auto entries = parse_payload(*plain, file);
  if (!entries) return entries.error();
  v.header_ = *header;
  v.key_ = std::move(*key);
  v.entries_ = std::move(*entries);
  return v;
}

std::optional<Protection> Vault::protection() const {
  if (!header_) return std::nullopt;
  return header_->protection;
}

const VaultEntry* Vault::find(const std::string& provider, const std::string& name) const {
  for (const auto& e : entries_)
    if (e.provider == provider && e.name == name) return &e;
  return nullptr;
}

void Vault::put(const std::string& provider, const std::string& name, Secret key) {
  remove(provider, name);
  entries_.push_back({provider, name, std::move(key), now_utc()});
}

bool Vault::remove(const std::string& provider, const std::string& name) {
  return std::erase_if(entries_, [&](const VaultEntry& e) { return e.provider == provider && e.name == name; }) > 0;
}

Status Vault::save(VaultKeyProvider& keys) {
  if (auto st = files::ensure_private_dir(file_.parent_path()); !st) return st;
  vault_format::Header header;
  if (header_) {
    header = *header_;
    // The file on disk opened fine when we read it: keep it as the last good version.
    auto current = files::read_file(file_);
    if (!current) return current.error();
    if (auto st = files::atomic_write_private(backup_file_for(file_), *current); !st) return st;
  } else {
    auto nk = keys.create();
    if (!nk) return nk.error();
    header = nk->header;
    key_ = std::move(nk->key);
  }
  std::string plain = make_payload(entries_);
  auto sealed = vault_format::seal(header, key_, plain);
  secure_wipe(plain);
  if (!sealed) return sealed.error();
  if (auto st = files::atomic_write_private(file_, *sealed); !st) return st;
  header_ = header;
  return ok_status();
}

bool VaultAccess::file_exists() const {
  std::error_code ec;
  return fs::exists(file_, ec);
}

Result<Vault*> VaultAccess::get() {
  if (!opened_) opened_.emplace(Vault::open(file_, *keys_));
  if (!*opened_) return opened_->error();
  return &opened_->value();
}

Status VaultAccess::save() {
  auto v = get();
  if (!v) return v.error();
  return (*v)->save(*keys_);
}

Result<std::optional<FoundKey>> VaultKeySource::find(const config::ProviderSpec& spec, const std::string& key_name) {
  // No file, no question: a user without a vault is never asked for a passphrase.
  if (!vault_->file_exists()) return std::optional<FoundKey>{};
  auto held = vault_->hold();
  auto v = vault_->get();
  if (!v) {
    Error e = v.error();
    if (e.provider.empty()) e.provider = spec.name;
    return e;
  }
  const VaultEntry* entry = (*v)->find(spec.name, key_name);
  if (!entry) return std::optional<FoundKey>{};
  return std::optional<FoundKey>{FoundKey{entry->key, "vault", entry->added}};
}

}  // namespace byok::keys
