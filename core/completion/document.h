// How the completion engine reads a document without copying it. The protocol's document store (or a test's
// string) implements DocumentView; the engine asks only for the windows around the cursor, so the cost of a
// request is O(window), not O(document).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace byok::completion {

// A position as editors speak it: zero-based line and UTF-16 code-unit column (LSP's default encoding).
struct TextPosition {
  int64_t line = 0;
  int64_t utf16_col = 0;
  friend bool operator==(const TextPosition&, const TextPosition&) = default;
};

// A stretch of the document, both as byte offsets into the UTF-8 text and as editor positions.
struct TextRange {
  size_t begin_byte = 0, end_byte = 0;
  TextPosition begin, end;
  bool empty() const { return begin_byte == end_byte; }
};

class DocumentView {
 public:
  virtual ~DocumentView() = default;
  virtual size_t size() const = 0;  // bytes of UTF-8 text
  // Bytes [begin, end), clamped to the document. Callers never rely on character boundaries here; the
  // engine trims to whole UTF-8 characters itself.
  virtual std::string slice(size_t begin, size_t end) const = 0;
};

// The simplest view: an immutable string shared with whoever made it.
class StringDocument final : public DocumentView {
 public:
  explicit StringDocument(std::string text) : text_(std::make_shared<const std::string>(std::move(text))) {}
  explicit StringDocument(std::shared_ptr<const std::string> text) : text_(std::move(text)) {}
  size_t size() const override { return text_->size(); }
  std::string slice(size_t begin, size_t end) const override;
  const std::string& text() const { return *text_; }

 private:
  std::shared_ptr<const std::string> text_;
};

// Where `text` ends when it starts at `start`: lines advance on '\n', columns count UTF-16 code units
// (a character outside the BMP counts 2). Used to report the range a suggestion replaces.
TextPosition advance(TextPosition start, std::string_view text);

// Byte offset and editor position of the same point in `text` (whole-text helpers for hosts and tests; the
// engine itself never scans a whole document). Columns past the end of a line clamp to the line's end; a
// column inside a surrogate pair lands before that character.
size_t byte_offset_of(std::string_view text, TextPosition pos);
TextPosition position_of(std::string_view text, size_t byte_offset);

}  // namespace byok::completion
