// The OS keyring (freedesktop Secret Service: GNOME Keyring, KWallet, KeePassXC) through libsecret. It
// holds the random key that encrypts keys.vault, so the vault opens without a passphrase while the user's
// session is unlocked. Everything here degrades to "not reachable" when byok was built without libsecret,
// when there is no D-Bus session bus (servers, containers, CI) or when no Secret Service answers on it.
#pragma once

#include <optional>
#include <string>

#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::keys::keyring {

// True when byok was built with libsecret.
bool compiled_in();

// Whether a session bus is configured at all (DBUS_SESSION_BUS_ADDRESS or $XDG_RUNTIME_DIR/bus). Cheap;
// checked before libsecret is touched so that headless runs never try to auto-launch a bus.
bool session_bus_configured();

// The vault key stored for `vault_path`. nullopt: the keyring answers but holds none. Error: the keyring
// cannot be reached (message says why).
Result<std::optional<Secret>> lookup(const std::string& vault_path);

// Stores `value` for `vault_path`, replacing any previous one.
Status store(const std::string& vault_path, const Secret& value);

}  // namespace byok::keys::keyring
