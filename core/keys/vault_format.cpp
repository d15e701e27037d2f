#include "core/keys/vault_format.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>
#include <memory>

namespace byok::keys::vault_format {
namespace {
constexpr char kMagic[8] = {'B', 'Y', 'O', 'K', 'V', 'L', 'T', '\0'};
constexpr int kCheckOffset = 32;
constexpr size_t kNonceOffset = 48, kNonceSize = 12, kLengthOffset = 60;
constexpr char kCheckLabel[] = "byok vault key check v1";

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

Error fail(const char* type, std::string message) {
  Error e(ErrorKind::Key, std::move(message));
  e.type = type;
  return e;
}

uint16_t get16(std::string_view b, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]));
}
uint32_t get32(std::string_view b, size_t at) {
  return (uint32_t{get16(b, at)} << 16) | get16(b, at + 2);
}
void put16(std::string& b, uint16_t v) {
  b.push_back(static_cast<char>(v >> 8));
  b.push_back(static_cast<char>(v & 0xff));
}
void put32(std::string& b, uint32_t v) {
  put16(b, static_cast<uint16_t>(v >> 16));
  put16(b, static_cast<uint16_t>(v & 0xffff));
}
const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
}  // namespace

const char* to_string(Protection p) {
  switch (p) {
    case Protection::Keyring: return "OS keyring";
    case Protection::Passphrase: return "passphrase";
    case Protection::KeyFile: return "key file";
  }
  return "unknown";
}

Result<Header> parse_header(std::string_view b) {
  if (b.size() < sizeof kMagic) {
    if (std::memcmp(b.data(), kMagic, b.size()) == 0)
      return fail(kTruncated, "the vault is truncated (" + std::to_string(b.size()) + " bytes)");
    return fail(kNotAVault, "not a byok key vault (unknown file format)");
  }
  if (std::memcmp(b.data(), kMagic, sizeof kMagic) != 0) return fail(kNotAVault, "not a byok key vault (unknown file format)");
  if (b.size() < 10) return fail(kTruncated, "the vault is truncated (" + std::to_string(b.size()) + " bytes)");
  Header h;
  h.version = get16(b, 8);
  if (h.version != kVersion)
    return fail(kUnsupportedVersion, "vault format version " + std::to_string(h.version) +
                                         " is not supported by this byok (it reads version " +
                                         std::to_string(kVersion) + "); was it written by a newer byok?");
  if (b.size() < kHeaderSize + kTagSize)
    return fail(kTruncated, "the vault is truncated (" + std::to_string(b.size()) + " bytes, the header alone needs " +
                                std::to_string(kHeaderSize + kTagSize) + ")");
  auto prot = static_cast<uint8_t>(b[10]);
  if (prot < 1 || prot > 3) return fail(kCorrupted, "the vault header names an unknown protection (" + std::to_string(prot) + ")");
  h.protection = static_cast<Protection>(prot);
  h.scrypt.log2_n = static_cast<uint8_t>(b[11]);
  h.scrypt.r = get16(b, 12);
  h.scrypt.p = get16(b, 14);
  std::memcpy(h.salt.data(), b.data() + 16, 16);
  std::memcpy(h.key_check.data(), b.data() + 32, 16);
  if (h.protection == Protection::Passphrase &&
      (h.scrypt.log2_n < 10 || h.scrypt.log2_n > 22 || h.scrypt.r == 0 || h.scrypt.r > 32 || h.scrypt.p == 0 || h.scrypt.p > 16))
    return fail(kCorrupted, "the vault header has implausible scrypt parameters");
  uint32_t ct_len = get32(b, kLengthOffset);
  size_t expected = kHeaderSize + size_t{ct_len} + kTagSize;
  if (b.size() < expected)
    return fail(kTruncated, "the vault is truncated (" + std::to_string(b.size()) + " of " + std::to_string(expected) + " bytes)");
  if (b.size() > expected)
    return fail(kCorrupted, "the vault has " + std::to_string(b.size() - expected) + " unexpected trailing bytes");
  return h;
}

std::array<uint8_t, 16> key_check(const Secret& key) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.reveal().data(), static_cast<int>(key.reveal().size()),
       reinterpret_cast<const unsigned char*>(kCheckLabel), sizeof kCheckLabel - 1, mac, &len);
  std::array<uint8_t, 16> out{};
  std::memcpy(out.data(), mac, out.size());
  OPENSSL_cleanse(mac, sizeof mac);
  return out;
}

Result<std::string> seal(Header h, const Secret& key, std::string_view plaintext) {
  if (key.reveal().size() != kKeySize) return Error::make(ErrorKind::Internal, "vault key must be 32 bytes");
  if (plaintext.size() > (1u << 30)) return Error::make(ErrorKind::Internal, "vault payload too large");
  h.key_check = key_check(key);
  std::string out(kMagic, sizeof kMagic);
  put16(out, h.version);
  out.push_back(static_cast<char>(h.protection));
  out.push_back(static_cast<char>(h.scrypt.log2_n));
  put16(out, h.scrypt.r);
  put16(out, h.scrypt.p);
  out.append(reinterpret_cast<const char*>(h.salt.data()), h.salt.size());
  out.append(reinterpret_cast<const char*>(h.key_check.data()), h.key_check.size());
  unsigned char nonce[kNonceSize];
  if (RAND_bytes(nonce, sizeof nonce) != 1) return Error::make(ErrorKind::Internal, "the system random generator failed");
  out.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
  put32(out, static_cast<uint32_t>(plaintext.size()));

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  std::string ct(plaintext.size() + kTagSize, '\0');
  auto* ctp = reinterpret_cast<unsigned char*>(ct.data());
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
            EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key.reveal()), nonce) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(out), kCheckOffset) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(out) + kNonceOffset, kHeaderSize - kNonceOffset) == 1 &&
            EVP_EncryptUpdate(ctx.get(), ctp, &len, bytes(plaintext), static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), ctp + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, ctp + plaintext.size()) == 1;
  if (!ok) return Error::make(ErrorKind::Internal, "AES-256-GCM encryption failed");
  out += ct;
  return out;
}

Result<Secret> open(std::string_view b, const Secret& key) {
  auto h = parse_header(b);
  if (!h) return h.error();
  if (key.reveal().size() != kKeySize) return Error::make(ErrorKind::Internal, "vault key must be 32 bytes");
  const bool check_matches = CRYPTO_memcmp(key_check(key).data(), h->key_check.data(), 16) == 0;
  const size_t ct_len = b.size() - kHeaderSize - kTagSize;
  std::string plain(ct_len, '\0');
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  int len = 0, total = 0;
  auto* pp = reinterpret_cast<unsigned char*>(plain.data());
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) == 1 &&
            EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(key.reveal()), bytes(b) + kNonceOffset) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(b), kCheckOffset) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(b) + kNonceOffset, kHeaderSize - kNonceOffset) == 1 &&
            EVP_DecryptUpdate(ctx.get(), pp, &len, bytes(b) + kHeaderSize, static_cast<int>(ct_len)) == 1;
  total = len;
  ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize,
                                 const_cast<unsigned char*>(bytes(b) + kHeaderSize + ct_len)) == 1;
  ok = ok && EVP_DecryptFinal_ex(ctx.get(), pp + total, &len) == 1;
  if (!ok) {
    secure_wipe(plain);
    if (!check_matches) return fail(kWrongKey, "the key does not open this vault");
    return fail(kCorrupted, "the vault is corrupted or was modified (authentication failed)");
  }
  if (!check_matches) {  // decrypts, yet the check value differs: someone edited the header
    secure_wipe(plain);
    return fail(kCorrupted, "the vault header was modified (authentication failed)");
  }
  Secret s(plain);
  secure_wipe(plain);
  return s;
}

Result<Secret> derive_from_passphrase(const Secret& passphrase, const Header& h) {
  std::string out(kKeySize, '\0');
  const uint64_t n = uint64_t{1} << h.scrypt.log2_n;
  const uint64_t maxmem = 128 * n * h.scrypt.r * (h.scrypt.p + 2) + (1u << 20);
  if (EVP_PBE_scrypt(passphrase.reveal().data(), passphrase.reveal().size(), h.salt.data(), h.salt.size(), n, h.scrypt.r,
                     h.scrypt.p, maxmem, reinterpret_cast<unsigned char*>(out.data()), out.size()) != 1)
    return Error::make(ErrorKind::Internal, "scrypt key derivation failed");
  Secret s(out);
  secure_wipe(out);
  return s;
}

Result<Secret> random_key() {
  std::string out(kKeySize, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) != 1)
    return Error::make(ErrorKind::Internal, "the system random generator failed");
  Secret s(out);
  secure_wipe(out);
  return s;
}

}  // namespace byok::keys::vault_format
