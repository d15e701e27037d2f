#include "core/keys/keyring.h"

#include <cstdlib>
#include <filesystem>

#ifdef BYOK_HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

namespace byok::keys::keyring {

bool compiled_in() {
#ifdef BYOK_HAVE_LIBSECRET
  return true;
#else
  return false;
#endif
}

bool session_bus_configured() {
  if (const char* a = std::getenv("DBUS_SESSION_BUS_ADDRESS"); a && *a) return true;
  const char* rt = std::getenv("XDG_RUNTIME_DIR");
  std::error_code ec;
  return rt && *rt && std::filesystem::exists(std::filesystem::path(rt) / "bus", ec);
}

#ifdef BYOK_HAVE_LIBSECRET
namespace {
const SecretSchema* schema() {
  static const SecretSchema s = {"org.byok.VaultKey",
                                 SECRET_SCHEMA_NONE,
                                 {{"vault", SECRET_SCHEMA_ATTRIBUTE_STRING}, {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING}},
                                 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  return &s;
}

// Owns a GError and frees it on every path.
struct GErrorHolder {
  GError* e = nullptr;
  GErrorHolder() = default;
  GErrorHolder(const GErrorHolder&) = delete;
  GErrorHolder& operator=(const GErrorHolder&) = delete;
  ~GErrorHolder() {
    if (e) g_error_free(e);
  }
};
}  // namespace

Result<std::optional<Secret>> lookup(const std::string& vault_path) {
  if (!session_bus_configured()) return Error::make(ErrorKind::Key, "no D-Bus session bus");
  GErrorHolder err;
  gchar* pw = secret_password_lookup_sync(schema(), nullptr, &err.e, "vault", vault_path.c_str(), nullptr);
  if (err.e) return Error::make(ErrorKind::Key, std::string("Secret Service not reachable: ") + err.e->message);
  if (!pw) return std::optional<Secret>{};
  Secret s{std::string(pw)};
  secret_password_free(pw);  // wipes before freeing
  return std::optional<Secret>{std::move(s)};
}

Status store(const std::string& vault_path, const Secret& value) {
  if (!session_bus_configured()) return Error::make(ErrorKind::Key, "no D-Bus session bus");
  GErrorHolder err;
  std::string text(value.reveal());
  gboolean ok = secret_password_store_sync(schema(), SECRET_COLLECTION_DEFAULT, "byok key vault", text.c_str(),
                                           nullptr, &err.e, "vault", vault_path.c_str(), nullptr);
  secure_wipe(text);
  if (err.e) return Error::make(ErrorKind::Key, std::string("Secret Service refused to store: ") + err.e->message);
  if (!ok) return Error::make(ErrorKind::Key, "Secret Service refused to store the vault key");
  return ok_status();
}
#else
Result<std::optional<Secret>> lookup(const std::string&) {
  return Error::make(ErrorKind::Key, "byok was built without libsecret");
}
Status store(const std::string&, const Secret&) { return Error::make(ErrorKind::Key, "byok was built without libsecret"); }
#endif

}  // namespace byok::keys::keyring
