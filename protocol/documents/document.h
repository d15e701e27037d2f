// One open document: its text as a LineStore, edited by LSP content changes (ranges in UTF-16 positions).
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"
#include "protocol/documents/line_store.h"
#include "protocol/documents/position.h"

namespace byok::docs {

class Document {
 public:
  Document(std::string uri, std::string language_id, int64_t version, std::string_view text)
      : uri_(std::move(uri)), language_id_(std::move(language_id)), version_(version), lines_(text) {}

  const std::string& uri() const { return uri_; }
  const std::string& language_id() const { return language_id_; }
  int64_t version() const { return version_; }
  void set_version(int64_t v) { version_ = v; }
  // Where the user last edited (for neighbour snippets: the code around it is what they are working on).
  // `seq` orders edits across documents (0: never edited since it was opened).
  struct LastEdit {
    uint64_t seq = 0;
    int64_t line = 0;
  };
  const LastEdit& last_edit() const { return last_edit_; }
  void mark_edit(uint64_t seq, int64_t line) { last_edit_ = {seq, line}; }
  size_t line_count() const { return lines_.line_count(); }

  // Replaces `range` with `text` (a whole-document replacement when range is null). A range outside the
  // document is an error naming the bad position; the document is unchanged then.
  Status apply(const Range* range, std::string_view text);
  std::string text() const { return lines_.text(); }
  Result<std::string> text_in(const Range& r) const;

  // Up to `max_bytes` of text before / after `p`, cut at line boundaries where possible (for completions).
  Result<std::string> prefix(const Position& p, size_t max_bytes) const;
  Result<std::string> suffix(const Position& p, size_t max_bytes) const;
  Position end() const;

  // What a completion reads: prefix(p, before) + suffix(p, after) as one string, with absolute byte offsets
  // (where the window starts, where the cursor is, how long the document is) so the completion engine can
  // recognise the same place across keystrokes.
  struct Window {
    std::string text;
    size_t begin = 0, cursor = 0, document_size = 0;
  };
  Result<Window> window(const Position& p, size_t before, size_t after) const;

 private:
  struct Offset {
    size_t line;
    size_t byte;
  };
  Result<Offset> resolve(const Position& p, const char* what) const;
  std::string uri_, language_id_;
  int64_t version_;
  LineStore lines_;
  LastEdit last_edit_;
};

}  // namespace byok::docs
