// Certificate generation with OpenSSL 3's EVP and X509 APIs. Every OpenSSL object is owned by a unique_ptr
// with the matching free function, so error paths cannot leak.
#include "tests/emulator/test_pki.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string_view>

namespace byok::emu {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

[[noreturn]] void fail(const std::string& what) {
  char buf[256] = {};
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  throw std::runtime_error("test PKI: " + what + ": " + buf);
}

void check(int ok, const char* what) {
  if (ok != 1) fail(what);
}

PkeyPtr new_p256_key() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) fail("EC P-256 key generation failed");
  return key;
}

PkeyPtr read_key(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) fail("cannot parse issuer key");
  return key;
}

X509Ptr read_cert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) fail("cannot parse issuer certificate");
  return cert;
}

std::string to_pem(const X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_X509(bio.get(), cert), "PEM_write_bio_X509");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

std::string to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr),
        "PEM_write_bio_PrivateKey");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(len));
}

// A random positive 127-bit serial: browsers and OpenSSL reject duplicate serials from one issuer.
void set_random_serial(X509* cert) {
  unsigned char bytes[16];
  check(RAND_bytes(bytes, sizeof bytes), "RAND_bytes");
  bytes[0] &= 0x7f;
  std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>> bn(BN_bin2bn(bytes, sizeof bytes, nullptr));
  if (!bn || !BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert))) fail("serial number");
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext) fail("extension " + value);
  check(X509_add_ext(cert, ext.get(), -1), "X509_add_ext");
}

// A certificate skeleton: version 3, serial, validity, subject, public key.
X509Ptr new_cert(const std::string& common_name, EVP_PKEY* public_key, std::chrono::seconds not_before,
                 std::chrono::seconds not_after) {
  X509Ptr cert(X509_new());
  if (!cert) fail("X509_new");
  check(X509_set_version(cert.get(), 2), "X509_set_version");
  set_random_serial(cert.get());
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(not_before.count())) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(not_after.count())))
    fail("validity window");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>("byok test"), -1, -1, 0),
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0),
        "subject CN");
  check(X509_set_pubkey(cert.get(), public_key), "X509_set_pubkey");
  return cert;
}

std::string subject_alt_names(const CertSpec& spec) {
  std::string san;
  auto add = [&san](std::string_view kind, const std::string& value) {
    if (!san.empty()) san += ',';
    san.append(kind).append(value);
  };
  for (const auto& dns : spec.dns_names) add("DNS:", dns);
  for (const auto& ip : spec.ip_addresses) add("IP:", ip);
  return san;
}

}  // namespace

PemPair make_test_ca(const std::string& common_name) {
  PkeyPtr key = new_p256_key();
  X509Ptr cert = new_cert(common_name, key.get(), std::chrono::hours(-1), std::chrono::hours(24));
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(cert.get())), "X509_set_issuer_name");
  add_extension(cert.get(), cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), cert.get(), NID_subject_key_identifier, "hash");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) fail("signing the CA");
  return {to_pem(cert.get()), to_pem(key.get())};
}

PemPair make_server_cert(const CertSpec& spec, const PemPair& issuer) {
  PkeyPtr key = new_p256_key();
  X509Ptr cert = new_cert(spec.common_name, key.get(), spec.not_before, spec.not_after);
  X509Ptr issuer_cert;
  PkeyPtr issuer_key;
  if (!spec.self_signed) {
    issuer_cert = read_cert(issuer.cert_pem);
    issuer_key = read_key(issuer.key_pem);
  }
  X509* signer_cert = spec.self_signed ? cert.get() : issuer_cert.get();
  EVP_PKEY* signer_key = spec.self_signed ? key.get() : issuer_key.get();

  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(signer_cert)), "X509_set_issuer_name");
  add_extension(cert.get(), signer_cert, NID_basic_constraints, "critical,CA:FALSE");
  add_extension(cert.get(), signer_cert, NID_key_usage, "critical,digitalSignature");
  add_extension(cert.get(), signer_cert, NID_ext_key_usage, "serverAuth");
  add_extension(cert.get(), signer_cert, NID_subject_key_identifier, "hash");
  if (!spec.self_signed) add_extension(cert.get(), signer_cert, NID_authority_key_identifier, "keyid:always");
  const std::string san = subject_alt_names(spec);
  if (!san.empty()) add_extension(cert.get(), signer_cert, NID_subject_alt_name, san);
  if (X509_sign(cert.get(), signer_key, EVP_sha256()) <= 0) fail("signing the server cert");
  return {to_pem(cert.get()), to_pem(key.get())};
}

TestPki make_test_pki(const CertSpec& spec) {
  TestPki pki;
  if (spec.self_signed) {
    pki.server = make_server_cert(spec, {});
    pki.ca_pem = pki.server.cert_pem;
  } else {
    PemPair ca = make_test_ca();
    pki.server = make_server_cert(spec, ca);
    pki.ca_pem = ca.cert_pem;
  }
  return pki;
}

void write_pki(const TestPki& pki, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create cert dir " + dir + ": " + ec.message());
  auto write = [&](const char* name, const std::string& text) {
    const fs::path path = fs::path(dir) / name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out || !(out << text) || !out.flush()) throw std::runtime_error("cannot write " + path.string());
    out.close();
    if (::chmod(path.c_str(), 0600) != 0) throw std::runtime_error("cannot chmod 0600 " + path.string());
  };
  write("ca.pem", pki.ca_pem);
  write("server.pem", pki.server.cert_pem);
  write("server-key.pem", pki.server.key_pem);
}

}  // namespace byok::emu
