// Writer document edits. Main thread only (they run inside MainThreadQueue work or a dispatch).
//
// Two facts shape this file: Writer's text cursors move by code points (an emoji is one step, two UTF-16
// units) with a paragraph break as one step, so every offset is converted with cursor_steps(); and the
// office's own tools must be able to review what byok wrote, so rewrites are tracked changes and every
// command is a single undo step.
#pragma once

#include <com/sun/star/frame/XController.hpp>
#include <com/sun/star/frame/XModel.hpp>
#include <com/sun/star/text/XText.hpp>
#include <com/sun/star/text/XTextCursor.hpp>
#include <com/sun/star/text/XTextRange.hpp>
#include <com/sun/star/document/XUndoManager.hpp>

#include <string>
#include <vector>

#include "uno/ustr.h"

#include "logic/markdown.h"

namespace byok::lo::writer {

// Cursor steps between two UTF-16 offsets of a text (surrogate pairs count once).
sal_Int32 cursor_steps(std::u16string_view text);

// The first selected text range of a Writer view; empty Reference when the selection is not text.
css::uno::Reference<css::text::XTextRange> selected_range(const css::uno::Reference<css::frame::XController>& controller);
// Where the view's cursor is (its end when text is selected).
css::uno::Reference<css::text::XTextRange> insertion_point(const css::uno::Reference<css::frame::XController>& controller);
// Up to `max_units` UTF-16 units of text before the start / after the end of `range`, within its text.
std::u16string text_before(const css::uno::Reference<css::text::XTextRange>& range, size_t max_units);
std::u16string text_after(const css::uno::Reference<css::text::XTextRange>& range, size_t max_units);

// Enters an undo context on construction and leaves it on destruction: everything in between is one step.
class UndoStep {
 public:
  UndoStep(const css::uno::Reference<css::frame::XModel>& model, const OUString& title);
  ~UndoStep();
  UndoStep(const UndoStep&) = delete;
  UndoStep& operator=(const UndoStep&) = delete;

 private:
  css::uno::Reference<css::document::XUndoManager> undo_;
};

// Inserts Markdown blocks at a collapsed cursor as Writer formatting (heading styles, list styles, a
// monospace paragraph style for code, bold/italic/monospace runs). The cursor ends after the text.
// `new_paragraph_first`: start a new paragraph before a heading/list/code block that would otherwise land
// in the middle of the current paragraph.
void insert_markdown(const css::uno::Reference<css::frame::XModel>& model,
                     const css::uno::Reference<css::text::XTextCursor>& cursor, const std::vector<md::Block>& blocks);
// Inserts plain text ('\n' = paragraph break); the cursor ends after it.
void insert_plain(const css::uno::Reference<css::text::XTextCursor>& cursor, std::u16string_view text);

// Replaces the text of `range` (which must still read `original`) by `answer` as tracked changes, in one
// undo step: only the changed words when the answer is plain text (untouched words keep their formatting),
// the whole range when the answer carries Markdown formatting. Returns an empty string on success, else why
// nothing was changed.
std::string apply_tracked_rewrite(const css::uno::Reference<css::frame::XModel>& model,
                                  const css::uno::Reference<css::text::XTextRange>& range,
                                  const std::u16string& original, const std::string& answer_utf8);

// Text streamed in at one place while the answer arrives. Undo is locked while streaming (so the pieces
// are not dozens of undo steps); finish() turns the result into exactly one undo step.
class StreamedInsertion {
 public:
  StreamedInsertion(const css::uno::Reference<css::frame::XModel>& model,
                    const css::uno::Reference<css::text::XTextRange>& at);
  ~StreamedInsertion();  // unlocks undo if finish() was never reached
  StreamedInsertion(const StreamedInsertion&) = delete;
  StreamedInsertion& operator=(const StreamedInsertion&) = delete;

  void append(std::u16string_view text);
  // Replaces what streamed by `final_text` (formatted when it is Markdown) as one undo step titled `title`.
  void finish(const std::string& final_text_utf8, const OUString& title);
  bool started() const { return steps_ > 0; }

 private:
  void unlock();

  css::uno::Reference<css::frame::XModel> model_;
  css::uno::Reference<css::text::XText> text_;
  css::uno::Reference<css::text::XTextCursor> end_;  // collapsed, after the streamed text
  css::uno::Reference<css::document::XUndoManager> undo_;
  bool locked_ = false;
  sal_Int32 steps_ = 0;      // cursor steps streamed so far
};

}  // namespace byok::lo::writer
