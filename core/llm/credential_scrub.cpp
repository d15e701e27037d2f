#include "core/llm/credential_scrub.h"

#include <algorithm>

namespace byok::llm {
namespace {
// Values this short would redact ordinary words; real keys and tokens are far longer.
constexpr size_t kMinNeedle = 6;
}  // namespace

CredentialScrub::CredentialScrub(const Secret& key, const http::Request& request) {
  add(key.reveal());
  for (const auto& h : request.headers) {
    if (!h.sensitive) continue;
    std::string_view v = h.value;
    add(v);
    // "Bearer sk-…", "Basic …": the token alone is what a server is likeliest to repeat.
    if (auto space = v.find(' '); space != std::string_view::npos) add(v.substr(space + 1));
  }
  std::sort(needles_.begin(), needles_.end(),
            [](const Secret& a, const Secret& b) { return a.reveal().size() > b.reveal().size(); });
}

void CredentialScrub::add(std::string_view value) {
  if (value.size() < kMinNeedle) return;
  for (const auto& n : needles_)
    if (n.reveal() == value) return;
  needles_.emplace_back(std::string(value));
}

void CredentialScrub::apply(std::string& text) const {
  for (const auto& n : needles_) {
    const std::string_view needle = n.reveal();
    const std::string shown = n.redacted();
    for (size_t pos = 0; (pos = text.find(needle, pos)) != std::string::npos; pos += shown.size())
      text.replace(pos, needle.size(), shown);
  }
}

Error CredentialScrub::apply(Error e) const {
  apply(e.message);
  apply(e.type);
  return e;
}

}  // namespace byok::llm
