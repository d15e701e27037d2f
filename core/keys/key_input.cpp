#include "core/keys/key_input.h"

#include <cctype>

namespace byok::keys {
namespace {
std::string hex_byte(unsigned char c) {
  const char* digits = "0123456789abcdef";
  return std::string("0x") + digits[c >> 4] + digits[c & 15];
}
}  // namespace

bool is_valid_key_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

Result<CleanedKey> clean_key_input(std::string& raw) {
  // The line terminator of piped input (`echo KEY | byok keys set …`) is not part of the key.
  if (!raw.empty() && raw.back() == '\n') raw.pop_back();
  if (!raw.empty() && raw.back() == '\r') raw.pop_back();
  CleanedKey out;
  size_t b = 0, e = raw.size();
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (b < e && space(raw[b])) ++b;
  while (e > b && space(raw[e - 1])) --e;
  out.trimmed = b != 0 || e != raw.size();
  if (b == e) return Error::make(ErrorKind::Config, "the key is empty. Nothing was stored");
  for (size_t i = b; i < e; ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (c < 0x20 || c == 0x7f)
      return Error::make(ErrorKind::Config, "the key contains a control character (" + hex_byte(c) + " at position " +
                                                std::to_string(i - b + 1) + "). Nothing was stored");
    if (c == ' ')
      return Error::make(ErrorKind::Config, "the key contains a space at position " + std::to_string(i - b + 1) +
                                                " (paste only the key, without \"Bearer\"). Nothing was stored");
  }
  std::string key = raw.substr(b, e - b);
  out.key = Secret(key);
  secure_wipe(key);
  return out;
}

}  // namespace byok::keys
