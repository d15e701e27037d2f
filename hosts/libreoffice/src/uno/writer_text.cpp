#include "uno/writer_text.h"

#include <com/sun/star/awt/FontSlant.hpp>
#include <com/sun/star/awt/FontWeight.hpp>
#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/beans/XPropertyState.hpp>
#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/document/XUndoManagerSupplier.hpp>
#include <com/sun/star/style/XStyleFamiliesSupplier.hpp>
#include <com/sun/star/text/ControlCharacter.hpp>
#include <com/sun/star/text/XParagraphCursor.hpp>
#include <com/sun/star/text/XTextViewCursorSupplier.hpp>
#include <com/sun/star/view/XSelectionSupplier.hpp>

#include <algorithm>

#include "logic/text_diff.h"
#include "uno/ustr.h"

namespace byok::lo::writer {

using namespace css;

sal_Int32 cursor_steps(std::u16string_view text) {
  sal_Int32 n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char16_t c = text[i];
    if (c == u'\r') continue;  // paragraph breaks are '\n' here; a '\r' before it is not a step
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF) ++i;
    ++n;
  }
  return n;
}

namespace {

// The SDK has no implicit Reference upcast; an XTextCursor is an XTextRange.
uno::Reference<text::XTextRange> as_range(const uno::Reference<text::XTextCursor>& c) {
  return uno::Reference<text::XTextRange>(c.get());
}

// XTextCursor::goRight/goLeft take a 16-bit count.
void go(const uno::Reference<text::XTextCursor>& c, sal_Int32 steps, bool expand, bool right) {
  while (steps > 0) {
    const sal_Int16 chunk = static_cast<sal_Int16>(std::min<sal_Int32>(steps, 30000));
    if (right) c->goRight(chunk, expand);
    else c->goLeft(chunk, expand);
    steps -= chunk;
  }
}

std::u16string without_cr(std::u16string s) {
  s.erase(std::remove(s.begin(), s.end(), u'\r'), s.end());
  return s;
}

uno::Reference<document::XUndoManager> undo_manager(const uno::Reference<frame::XModel>& model) {
  uno::Reference<document::XUndoManagerSupplier> s(model, uno::UNO_QUERY);
  return s.is() ? s->getUndoManager() : uno::Reference<document::XUndoManager>();
}

// The first style of `family` that exists (style names differ a little between office versions).
OUString pick_style(const uno::Reference<frame::XModel>& model, const char* family, std::initializer_list<const char*> names) {
  uno::Reference<style::XStyleFamiliesSupplier> s(model, uno::UNO_QUERY);
  if (!s.is()) return OUString();
  uno::Reference<container::XNameAccess> styles(s->getStyleFamilies()->getByName(ascii(family)), uno::UNO_QUERY);
  for (const char* n : names)
    if (styles.is() && styles->hasByName(ascii(n))) return ascii(n);
  return OUString();
}

void set_or_default(const uno::Reference<beans::XPropertySet>& props, const char* name, bool apply, const uno::Any& value) {
  if (apply) {
    props->setPropertyValue(ascii(name), value);
    return;
  }
  uno::Reference<beans::XPropertyState> state(props, uno::UNO_QUERY);
  if (state.is()) state->setPropertyToDefault(ascii(name));
}

}  // namespace

uno::Reference<text::XTextRange> selected_range(const uno::Reference<frame::XController>& controller) {
  uno::Reference<view::XSelectionSupplier> sel(controller, uno::UNO_QUERY);
  if (!sel.is()) return {};
  uno::Reference<container::XIndexAccess> ranges(sel->getSelection(), uno::UNO_QUERY);
  if (!ranges.is() || ranges->getCount() < 1) return {};
  uno::Reference<text::XTextRange> r(ranges->getByIndex(0), uno::UNO_QUERY);
  return r;
}

uno::Reference<text::XTextRange> insertion_point(const uno::Reference<frame::XController>& controller) {
  uno::Reference<text::XTextViewCursorSupplier> s(controller, uno::UNO_QUERY);
  if (!s.is()) return {};
  uno::Reference<text::XTextRange> cursor(s->getViewCursor(), uno::UNO_QUERY);
  return cursor.is() ? cursor->getEnd() : cursor;
}

// The cursor moves as far as it can (to the start or end of the text) when fewer steps exist, so this
// costs O(max_units), not O(document).
std::u16string text_before(const uno::Reference<text::XTextRange>& range, size_t max_units) {
  auto c = range->getText()->createTextCursorByRange(range->getStart());
  go(c, static_cast<sal_Int32>(max_units), true, false);
  std::u16string s = to_u16(c->getString());
  if (s.size() > max_units) s.erase(0, s.size() - max_units);
  return without_cr(std::move(s));
}

std::u16string text_after(const uno::Reference<text::XTextRange>& range, size_t max_units) {
  auto c = range->getText()->createTextCursorByRange(range->getEnd());
  go(c, static_cast<sal_Int32>(max_units), true, true);
  std::u16string s = to_u16(c->getString());
  if (s.size() > max_units) s.resize(max_units);
  return without_cr(std::move(s));
}

UndoStep::UndoStep(const uno::Reference<frame::XModel>& model, const OUString& title) : undo_(undo_manager(model)) {
  if (undo_.is()) undo_->enterUndoContext(title);
}

UndoStep::~UndoStep() {
  try {
    if (undo_.is()) undo_->leaveUndoContext();
  } catch (const uno::Exception&) {
    // leaving a context cannot meaningfully fail; never throw from a destructor
  }
}

void insert_plain(const uno::Reference<text::XTextCursor>& cursor, std::u16string_view text_in) {
  const auto txt = cursor->getText();
  size_t start = 0;
  const std::u16string text = without_cr(std::u16string(text_in));
  for (;;) {
    const size_t nl = text.find(u'\n', start);
    const std::u16string_view piece = std::u16string_view(text).substr(start, nl == std::u16string::npos ? std::u16string::npos : nl - start);
    if (!piece.empty()) txt->insertString(as_range(cursor), from_u16(piece), false);
    if (nl == std::u16string::npos) break;
    txt->insertControlCharacter(as_range(cursor), text::ControlCharacter::PARAGRAPH_BREAK, false);
    start = nl + 1;
  }
}

void insert_markdown(const uno::Reference<frame::XModel>& model, const uno::Reference<text::XTextCursor>& cursor,
                     const std::vector<md::Block>& blocks) {
  const auto txt = cursor->getText();
  uno::Reference<beans::XPropertySet> cursor_props(cursor, uno::UNO_QUERY_THROW);
  OUString base_style;
  cursor_props->getPropertyValue(ascii("ParaStyleName")) >>= base_style;
  const OUString bullet_list = pick_style(model, "NumberingStyles", {"List 1", "Bullet •"});
  const OUString number_list = pick_style(model, "NumberingStyles", {"Numbering 123", "Numbering 1"});
  const OUString code_style = pick_style(model, "ParagraphStyles", {"Preformatted Text", "Source Text"});
  const OUString list_bullet_style = pick_style(model, "ParagraphStyles", {"List Bullet", "List"});
  const OUString list_number_style = pick_style(model, "ParagraphStyles", {"List Number", "Numbering 1", "List"});

  for (size_t i = 0; i < blocks.size(); ++i) {
    const md::Block& b = blocks[i];
    bool new_paragraph = i > 0;
    if (i == 0 && b.kind != md::Block::Kind::Paragraph) {
      uno::Reference<text::XParagraphCursor> pc(cursor, uno::UNO_QUERY);
      new_paragraph = pc.is() && !pc->isStartOfParagraph();
    }
    if (new_paragraph) txt->insertControlCharacter(as_range(cursor), text::ControlCharacter::PARAGRAPH_BREAK, false);
    if (i > 0 || b.kind != md::Block::Kind::Paragraph) {
      OUString para = base_style, numbering;
      switch (b.kind) {
        case md::Block::Kind::Heading:
          para = ascii(("Heading " + std::to_string(std::clamp(b.level, 1, 6))).c_str());
          break;
        case md::Block::Kind::Bullet:
          if (!list_bullet_style.isEmpty()) para = list_bullet_style;
          numbering = bullet_list;
          break;
        case md::Block::Kind::Numbered:
          if (!list_number_style.isEmpty()) para = list_number_style;
          numbering = number_list;
          break;
        case md::Block::Kind::Code:
          if (!code_style.isEmpty()) para = code_style;
          break;
        case md::Block::Kind::Paragraph:
          break;
      }
      cursor_props->setPropertyValue(ascii("ParaStyleName"), uno::Any(para));
      cursor_props->setPropertyValue(ascii("NumberingStyleName"), uno::Any(numbering));
      if (!numbering.isEmpty())
        cursor_props->setPropertyValue(ascii("NumberingLevel"), uno::Any(static_cast<sal_Int16>(std::clamp(b.level, 0, 9))));
    }
    for (const md::Run& r : b.runs) {
      const std::u16string run_text = utf8_to_utf16(r.text);
      if (run_text.empty()) continue;
      txt->insertString(as_range(cursor), from_u16(run_text), false);
      // Select what was just inserted and give it exactly the run's attributes (inserted text would
      // otherwise inherit bold from a bold neighbour).
      auto sel = txt->createTextCursorByRange(cursor->getStart());
      go(sel, cursor_steps(run_text), true, false);
      uno::Reference<beans::XPropertySet> p(sel, uno::UNO_QUERY_THROW);
      const bool code_block = b.kind == md::Block::Kind::Code;
      set_or_default(p, "CharWeight", r.bold, uno::Any(awt::FontWeight::BOLD));
      set_or_default(p, "CharPosture", r.italic, uno::Any(awt::FontSlant_ITALIC));
      if (!code_block) set_or_default(p, "CharFontName", r.code, uno::Any(ascii("Liberation Mono")));
    }
  }
}

std::string apply_tracked_rewrite(const uno::Reference<frame::XModel>& model, const uno::Reference<text::XTextRange>& range,
                                  const std::u16string& original, const std::string& answer_utf8) {
  if (without_cr(to_u16(range->getString())) != original)
    return "the selected text changed while the rewrite was being written; nothing was replaced";
  const auto blocks = md::parse(answer_utf8);
  uno::Reference<beans::XPropertySet> doc_props(model, uno::UNO_QUERY_THROW);
  bool was_recording = false;
  doc_props->getPropertyValue(ascii("RecordChanges")) >>= was_recording;
  doc_props->setPropertyValue(ascii("RecordChanges"), uno::Any(true));
  try {
    UndoStep step(model, ascii("byok: Rewrite"));
    const auto txt = range->getText();
    if (md::needs_formatting(blocks)) {
      auto c = txt->createTextCursorByRange(range);
      c->setString(OUString());
      c->collapseToEnd();
      insert_markdown(model, c, blocks);
    } else {
      // Plain answer: paragraphs as '\n', surrounding blank lines dropped, only changed words replaced.
      std::u16string answer = without_cr(utf8_to_utf16(answer_utf8));
      while (!answer.empty() && (answer.back() == u'\n' || answer.back() == u' ')) answer.pop_back();
      while (!answer.empty() && answer.front() == u'\n') answer.erase(0, 1);
      for (size_t p; (p = answer.find(u"\n\n")) != std::u16string::npos;) answer.erase(p, 1);
      const auto edits = word_diff(original, answer);
      for (auto it = edits.rbegin(); it != edits.rend(); ++it) {
        auto c = txt->createTextCursorByRange(range->getStart());
        go(c, cursor_steps(std::u16string_view(original).substr(0, it->start)), false, true);
        go(c, cursor_steps(std::u16string_view(original).substr(it->start, it->length)), true, true);
        if (it->text.find(u'\n') == std::u16string::npos) {
          c->setString(from_u16(it->text));
        } else {
          c->setString(OUString());
          c->collapseToEnd();
          insert_plain(c, it->text);
        }
      }
    }
  } catch (...) {
    doc_props->setPropertyValue(ascii("RecordChanges"), uno::Any(was_recording));
    throw;
  }
  doc_props->setPropertyValue(ascii("RecordChanges"), uno::Any(was_recording));
  return {};
}

StreamedInsertion::StreamedInsertion(const uno::Reference<frame::XModel>& model, const uno::Reference<text::XTextRange>& at)
    : model_(model), text_(at->getText()), end_(text_->createTextCursorByRange(at->getStart())), undo_(undo_manager(model)) {}

StreamedInsertion::~StreamedInsertion() {
  try {
    unlock();
  } catch (const uno::Exception&) {
  }
}

void StreamedInsertion::unlock() {
  if (locked_ && undo_.is()) undo_->unlock();
  locked_ = false;
}

void StreamedInsertion::append(std::u16string_view piece) {
  std::u16string text(piece);
  if (text.empty()) return;
  if (!locked_ && undo_.is()) {
    undo_->lock();
    locked_ = true;
  }
  text = without_cr(std::move(text));
  insert_plain(end_, text);
  steps_ += cursor_steps(text);
}

void StreamedInsertion::finish(const std::string& final_text_utf8, const OUString& title) {
  // Take the streamed pieces out again while undo is still locked, then write the final text as one step.
  auto c = text_->createTextCursorByRange(end_->getStart());
  go(c, steps_, true, false);
  c->setString(OUString());
  c->collapseToStart();
  unlock();
  steps_ = 0;
  const auto blocks = md::parse(final_text_utf8);
  UndoStep step(model_, title);
  if (md::needs_formatting(blocks)) {
    insert_markdown(model_, c, blocks);
  } else {
    insert_plain(c, utf8_to_utf16(final_text_utf8));
  }
  end_ = text_->createTextCursorByRange(c->getEnd());
}

}  // namespace byok::lo::writer
