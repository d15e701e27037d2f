// Word-level difference between the selected text and its rewrite, as replacements in UTF-16 offsets (the
// unit of Writer's text cursors). Applying only the changed words keeps the character formatting of the
// untouched ones and gives the reviewer small, readable tracked changes instead of one giant replacement.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace byok::lo {

struct Replacement {
  size_t start = 0;    // UTF-16 offset in the original text
  size_t length = 0;   // UTF-16 units of the original replaced
  std::u16string text; // what goes there instead
  bool operator==(const Replacement&) const = default;
};

// Replacements in ascending order, non-overlapping; apply them from the last to the first so that earlier
// offsets stay valid. Empty when the texts are equal. Long texts (> kMaxDiffTokens words on either side)
// fall back to one replacement between the common prefix and suffix.
std::vector<Replacement> word_diff(std::u16string_view before, std::u16string_view after);
constexpr size_t kMaxDiffTokens = 3000;

// Applies the replacements to `before` (what accepting every tracked change yields).
std::u16string apply_replacements(std::u16string_view before, const std::vector<Replacement>& replacements);

// UTF-8 <-> UTF-16 for the plain-C++ side (invalid UTF-8 becomes U+FFFD).
std::u16string utf8_to_utf16(std::string_view s);
std::string utf16_to_utf8(std::u16string_view s);

}  // namespace byok::lo
