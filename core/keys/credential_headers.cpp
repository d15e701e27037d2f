#include "core/keys/credential_headers.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace byok::keys {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}
}  // namespace

bool is_auth_header(std::string_view name) {
  const std::string n = lower(name);
  return std::find(kAuthHeaders.begin(), kAuthHeaders.end(), n) != kAuthHeaders.end();
}

bool is_sensitive_header(std::string_view name) {
  if (is_auth_header(name)) return true;
  const std::string n = lower(name);
  for (std::string_view word : {"auth", "key", "token", "secret"})
    if (n.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace byok::keys
