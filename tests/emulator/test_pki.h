// Test certificates made on the fly (OpenSSL EVP API, EC P-256), so TLS tests need no files in the repo and
// nothing expires in git. Beyond the emulator's normal cert, TLS failure tests need an expired cert, a cert
// for the wrong host and a self-signed cert: CertSpec covers all three.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace byok::emu {

struct CertSpec {
  std::string common_name = "localhost";
  std::vector<std::string> dns_names = {"localhost"};     // subjectAltName DNS entries
  std::vector<std::string> ip_addresses = {"127.0.0.1"};  // subjectAltName IP entries (v4 or v6)
  // Validity window relative to now; e.g. {-48h, -24h} gives an expired cert.
  std::chrono::seconds not_before = std::chrono::hours(-1);
  std::chrono::seconds not_after = std::chrono::hours(24);
  bool self_signed = false;  // true: the cert signs itself and no CA is involved
};

struct PemPair {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed CA certificate (basicConstraints CA:TRUE, keyCertSign) valid now-1h .. now+1d.
PemPair make_test_ca(const std::string& common_name = "byok emulator test CA");

// A TLS server certificate as described by `spec`, signed by `issuer` (ignored when spec.self_signed).
PemPair make_server_cert(const CertSpec& spec, const PemPair& issuer);

// What the emulator serves and publishes.
struct TestPki {
  std::string ca_pem;  // the CA to trust; for a self-signed server cert, that cert itself
  PemPair server;
};

// A fresh CA and a server certificate from `spec`.
TestPki make_test_pki(const CertSpec& spec = {});

// Writes ca.pem, server.pem and server-key.pem into `dir` (created if missing) with mode 0600.
// Throws std::runtime_error when the directory or a file cannot be written.
void write_pki(const TestPki& pki, const std::string& dir);

}  // namespace byok::emu
