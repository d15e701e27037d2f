// The bytes of keys.vault, version 1. The header is authenticated (AES-GCM additional data), so changing
// any byte — version, protection, KDF parameters, salt, nonce, length — fails decryption. The one exception
// is the key check value: it is itself derived from the key, and leaving it out of the additional data
// lets byok tell "wrong passphrase" (check differs, decryption fails) from "someone edited the file"
// (decryption fails with a matching check, or succeeds with a differing one). In a passphrase vault the
// protection byte, scrypt parameters and salt are also inputs to the key derivation, which runs before
// decryption: a change there derives another key and looks exactly like a wrong passphrase.
//
//   offset size  field
//        0    8  magic "BYOKVLT\0"
//        8    2  format version, big-endian (1)
//       10    1  protection: 1 OS keyring, 2 passphrase (scrypt), 3 key file beside the vault
//       11    1  scrypt log2(N)  (0 unless passphrase)
//       12    2  scrypt r, big-endian
//       14    2  scrypt p, big-endian
//       16   16  salt (zero unless passphrase)
//       32   16  key check: HMAC-SHA256(vault key, "byok vault key check v1"), first 16 bytes; tells a wrong
//                passphrase apart from a damaged file
//       48   12  nonce, fresh from the CSPRNG on every write
//       60    4  ciphertext length, big-endian (so truncation is reported as truncation)
//       64    n  AES-256-GCM ciphertext of the JSON payload
//     64+n   16  GCM tag
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::keys::vault_format {

inline constexpr uint16_t kVersion = 1;
inline constexpr size_t kHeaderSize = 64;
inline constexpr size_t kTagSize = 16;
inline constexpr size_t kKeySize = 32;

enum class Protection : uint8_t { Keyring = 1, Passphrase = 2, KeyFile = 3 };
const char* to_string(Protection p);

struct ScryptParams {
  uint8_t log2_n = 15;  // N = 32768: ~100 ms and 32 MiB on a laptop
  uint16_t r = 8;
  uint16_t p = 1;
};

struct Header {
  uint16_t version = kVersion;
  Protection protection = Protection::KeyFile;
  ScryptParams scrypt;
  std::array<uint8_t, 16> salt{};
  std::array<uint8_t, 16> key_check{};
};

// Error.type values, for callers (and tests) that must tell failures apart.
inline constexpr const char* kNotAVault = "not_a_vault";
inline constexpr const char* kTruncated = "truncated";
inline constexpr const char* kUnsupportedVersion = "unsupported_version";
inline constexpr const char* kWrongKey = "wrong_key";
inline constexpr const char* kCorrupted = "corrupted";

// Reads the header (without needing the key): enough to know how the vault key is obtained.
Result<Header> parse_header(std::string_view file_bytes);

// The check value stored in the header for `key`.
std::array<uint8_t, 16> key_check(const Secret& key);

// Encrypts `plaintext` under `key` (32 bytes) with a fresh nonce; `header.key_check` is filled in here.
Result<std::string> seal(Header header, const Secret& key, std::string_view plaintext);

// Verifies and decrypts. Errors carry the kinds above in Error.type; the plaintext (key material) is
// returned in a Secret so it is wiped when dropped.
Result<Secret> open(std::string_view file_bytes, const Secret& key);

// scrypt(passphrase, salt) → 32-byte vault key.
Result<Secret> derive_from_passphrase(const Secret& passphrase, const Header& header);

// 32 random bytes from the OpenSSL CSPRNG.
Result<Secret> random_key();

}  // namespace byok::keys::vault_format
