#include "core/keys/keyring.h"

#include <cstdlib>
#include <filesystem>

#ifdef BYOK_HAVE_LIBSECRET
#include <dlfcn.h>
#include <libsecret/secret.h>  // types and constants only: the library is loaded on first use (below)
#endif

namespace byok::keys::keyring {

#ifdef BYOK_HAVE_LIBSECRET
namespace {
// libsecret (and the glib/gobject/gio it brings, ~1.3 MB resident) is loaded only when a vault actually asks
// the keyring, not at every start of `byok lsp`/`byok nvim`: most sessions never need it (environment keys,
// key_cmd, an already open vault), and idle memory is a target (docs/performance.md).
struct Libsecret {
  using Lookup = gchar* (*)(const SecretSchema*, GCancellable*, GError**, ...);
  using Store = gboolean (*)(const SecretSchema*, const gchar*, const gchar*, const gchar*, GCancellable*, GError**, ...);
  using Free = void (*)(gchar*);
  using ErrorFree = void (*)(GError*);
  Lookup lookup = nullptr;
  Store store = nullptr;
  Free password_free = nullptr;
  ErrorFree error_free = nullptr;
  std::string why;  // set when it could not be loaded
};

const Libsecret& libsecret() {
  static const Libsecret lib = [] {
    Libsecret l;
    void* h = ::dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      l.why = std::string("libsecret is not installed (") + ::dlerror() + ")";
      return l;
    }
    l.lookup = reinterpret_cast<Libsecret::Lookup>(::dlsym(h, "secret_password_lookup_sync"));
    l.store = reinterpret_cast<Libsecret::Store>(::dlsym(h, "secret_password_store_sync"));
    l.password_free = reinterpret_cast<Libsecret::Free>(::dlsym(h, "secret_password_free"));
    l.error_free = reinterpret_cast<Libsecret::ErrorFree>(::dlsym(h, "g_error_free"));  // from its glib
    if (!l.lookup || !l.store || !l.password_free || !l.error_free) l.why = "libsecret is missing functions byok needs";
    return l;  // the handle stays open for the process's life
  }();
  return lib;
}
}  // namespace
#endif

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
    if (e) libsecret().error_free(e);
  }
};
}  // namespace

Result<std::optional<Secret>> lookup(const std::string& vault_path) {
  if (!session_bus_configured()) return Error::make(ErrorKind::Key, "no D-Bus session bus");
  const auto& lib = libsecret();
  if (!lib.why.empty()) return Error::make(ErrorKind::Key, lib.why);
  GErrorHolder err;
  gchar* pw = lib.lookup(schema(), nullptr, &err.e, "vault", vault_path.c_str(), nullptr);
  if (err.e) return Error::make(ErrorKind::Key, std::string("Secret Service not reachable: ") + err.e->message);
  if (!pw) return std::optional<Secret>{};
  Secret s{std::string(pw)};
  lib.password_free(pw);  // wipes before freeing
  return std::optional<Secret>{std::move(s)};
}

Status store(const std::string& vault_path, const Secret& value) {
  if (!session_bus_configured()) return Error::make(ErrorKind::Key, "no D-Bus session bus");
  const auto& lib = libsecret();
  if (!lib.why.empty()) return Error::make(ErrorKind::Key, lib.why);
  GErrorHolder err;
  std::string text(value.reveal());
  gboolean ok = lib.store(schema(), SECRET_COLLECTION_DEFAULT, "byok key vault", text.c_str(), nullptr, &err.e, "vault",
                          vault_path.c_str(), nullptr);
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
