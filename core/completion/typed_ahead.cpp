#include "core/completion/typed_ahead.h"

#include <algorithm>

namespace byok::completion {

Anchor make_anchor(const std::string& uri, size_t cursor_byte, TextPosition cursor, std::string_view prefix,
                   std::string_view suffix) {
  Anchor a;
  a.uri = uri;
  a.cursor_byte = cursor_byte;
  a.cursor = cursor;
  a.before = std::string(prefix.substr(prefix.size() - std::min(prefix.size(), kAnchorContext)));
  a.after = std::string(suffix.substr(0, std::min(suffix.size(), kAnchorContext)));
  return a;
}

std::optional<size_t> typed_through(const Anchor& anchor, std::string_view text, const CompletionInput& now) {
  if (!now.document || now.uri != anchor.uri || now.cursor_byte < anchor.cursor_byte) return std::nullopt;
  const size_t typed = now.cursor_byte - anchor.cursor_byte;
  if (typed > text.size()) return std::nullopt;
  const auto& doc = *now.document;
  if (anchor.before.size() > anchor.cursor_byte) return std::nullopt;
  if (doc.slice(anchor.cursor_byte - anchor.before.size(), anchor.cursor_byte) != anchor.before) return std::nullopt;
  if (doc.slice(anchor.cursor_byte, now.cursor_byte) != text.substr(0, typed)) return std::nullopt;
  if (doc.slice(now.cursor_byte, now.cursor_byte + anchor.after.size()) != anchor.after) return std::nullopt;
  return typed;
}

}  // namespace byok::completion
