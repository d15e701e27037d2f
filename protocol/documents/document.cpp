#include "protocol/documents/document.h"

#include "core/stream/utf8.h"

namespace byok::docs {

Result<Document::Offset> Document::resolve(const Position& p, const char* what) const {
  auto where = [&] {
    return std::string(what) + " (line " + std::to_string(p.line) + ", character " + std::to_string(p.character) + ")";
  };
  if (p.line < 0 || p.character < 0) return Error(ErrorKind::Protocol, where() + ": negative position");
  const size_t n = lines_.line_count();
  if (static_cast<size_t>(p.line) >= n) {
    // One past the last line at character 0 is the document's end (some clients send it).
    if (static_cast<size_t>(p.line) == n && p.character == 0)
      return Offset{n - 1, line_content(lines_.line(n - 1)).size()};
    return Error(ErrorKind::Protocol, where() + " is past the end of the document (" + std::to_string(n) + " lines)");
  }
  auto content = line_content(lines_.line(static_cast<size_t>(p.line)));
  return Offset{static_cast<size_t>(p.line), utf16_to_byte(content, p.character)};
}

Status Document::apply(const Range* range, std::string_view text) {
  if (!range) {
    lines_ = LineStore(text);
    return ok_status();
  }
  auto s = resolve(range->start, "range.start");
  if (!s) return s.error();
  auto e = resolve(range->end, "range.end");
  if (!e) return e.error();
  if (e->line < s->line || (e->line == s->line && e->byte < s->byte))
    return Error(ErrorKind::Protocol, "range.end is before range.start");
  const std::string& first = lines_.line(s->line);
  const std::string& last = lines_.line(e->line);
  std::string joined;
  joined.reserve(s->byte + text.size() + (last.size() - e->byte));
  joined.append(first, 0, s->byte);
  joined.append(text);
  joined.append(last, e->byte, std::string::npos);
  auto pieces = LineStore::split(joined);
  // split() always ends with an unterminated piece; unless the edited span included the document's last
  // line, that piece is empty only when the joined text ended in a terminator, and it belongs to the next
  // line, which is untouched: drop it.
  if (e->line + 1 < lines_.line_count() && pieces.size() > 1 && pieces.back().empty()) pieces.pop_back();
  lines_.replace(s->line, e->line, std::move(pieces));
  return ok_status();
}

Result<std::string> Document::text_in(const Range& r) const {
  auto s = resolve(r.start, "range.start");
  if (!s) return s.error();
  auto e = resolve(r.end, "range.end");
  if (!e) return e.error();
  if (e->line < s->line || (e->line == s->line && e->byte < s->byte))
    return Error(ErrorKind::Protocol, "range.end is before range.start");
  if (s->line == e->line) return lines_.line(s->line).substr(s->byte, e->byte - s->byte);
  std::string out = lines_.line(s->line).substr(s->byte);
  for (size_t l = s->line + 1; l < e->line; ++l) out += lines_.line(l);
  out += lines_.line(e->line).substr(0, e->byte);
  return out;
}

Result<std::string> Document::prefix(const Position& p, size_t max_bytes) const {
  auto at = resolve(p, "position");
  if (!at) return at.error();
  std::string out = lines_.line(at->line).substr(0, at->byte);
  for (size_t l = at->line; l-- > 0;) {
    const auto& line = lines_.line(l);
    if (out.size() + line.size() > max_bytes) break;
    out.insert(0, line);
  }
  if (out.size() > max_bytes) {
    size_t cut = out.size() - max_bytes;
    while (cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) ++cut;  // whole characters
    out.erase(0, cut);
  }
  return out;
}

Result<std::string> Document::suffix(const Position& p, size_t max_bytes) const {
  auto at = resolve(p, "position");
  if (!at) return at.error();
  std::string out = lines_.line(at->line).substr(at->byte);
  for (size_t l = at->line + 1; l < lines_.line_count(); ++l) {
    const auto& line = lines_.line(l);
    if (out.size() + line.size() > max_bytes) break;
    out += line;
  }
  if (out.size() > max_bytes) out.resize(utf8::complete_prefix_length(std::string_view(out).substr(0, max_bytes)));
  return out;
}

Result<Document::Window> Document::window(const Position& p, size_t before, size_t after) const {
  auto at = resolve(p, "position");
  if (!at) return at.error();
  auto pre = prefix(p, before);
  if (!pre) return pre.error();
  auto suf = suffix(p, after);
  if (!suf) return suf.error();
  Window w;
  w.cursor = lines_.bytes_before(at->line) + at->byte;
  w.begin = w.cursor - pre->size();
  w.document_size = lines_.total_bytes();
  w.text = std::move(*pre);
  w.text += *suf;
  return w;
}

Position Document::end() const {
  size_t last = lines_.line_count() - 1;
  auto content = line_content(lines_.line(last));
  return Position{static_cast<int64_t>(last), byte_to_utf16(content, content.size())};
}

}  // namespace byok::docs
