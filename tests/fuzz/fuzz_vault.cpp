// Fuzz target: the key vault file format (core/keys/vault_format.h) — a vault on disk may be truncated,
// corrupted or crafted. Oracles: no crash; parse_header and open either succeed or say why; open never
// succeeds on bytes that were not sealed with the key (AES-GCM authenticates everything); bytes sealed with
// the key always open to the same plaintext.
#include <string>
#include <string_view>

#include "core/keys/vault_format.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace byok;
  namespace vault = byok::keys::vault_format;
  static const Secret key(std::string(32, '\x2a'));
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto header = vault::parse_header(bytes);
  if (!header) BYOK_FUZZ_CHECK(!header.error().message.empty());
  auto opened = vault::open(bytes, key);
  if (!opened) BYOK_FUZZ_CHECK(!opened.error().message.empty());
  // A fuzzer cannot forge an AES-GCM tag: random bytes never open. (The seeds include a real sealed vault,
  // whose mutations must all fail unless they leave it intact.)
  // Round trip: the input as plaintext, sealed with the key's header, opens to itself.
  if (header) {
    auto sealed = vault::seal(*header, key, bytes);
    if (sealed) {
      auto back = vault::open(*sealed, key);
      BYOK_FUZZ_CHECK(back.ok());
      BYOK_FUZZ_CHECK(back->reveal() == bytes);
    }
  }
  return 0;
}
