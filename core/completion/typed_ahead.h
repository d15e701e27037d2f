// Typed-ahead reuse: while the user types exactly what the last suggestion (finished or still streaming)
// said, the rest of it stays valid, so it is shown again without a new request. Checked against the
// document around the anchor so a change elsewhere on the line (or an undo) is never papered over.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/completion/types.h"

namespace byok::completion {

// Where a suggestion was made: the document, the cursor, and a little text on both sides to recognise it.
struct Anchor {
  std::string uri;
  size_t cursor_byte = 0;
  TextPosition cursor;
  std::string before;  // up to kAnchorContext bytes before the cursor
  std::string after;   // up to kAnchorContext bytes after it
};

inline constexpr size_t kAnchorContext = 64;

Anchor make_anchor(const std::string& uri, size_t cursor_byte, TextPosition cursor, std::string_view prefix,
                   std::string_view suffix);

// How many bytes of `text` the user has typed since the anchor, if what they typed matches the start of
// `text` and the text around is unchanged; nullopt otherwise (including the cursor moving back).
std::optional<size_t> typed_through(const Anchor& anchor, std::string_view text, const CompletionInput& now);

}  // namespace byok::completion
