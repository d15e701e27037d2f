#include "core/completion/postprocess.h"

#include <algorithm>

#include "core/completion/mode.h"

namespace byok::completion {
namespace {

constexpr size_t kMaxOverlap = 256;

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string_view trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

size_t indentation(std::string_view line) {
  const size_t n = line.find_first_not_of(" \t");
  return n == std::string_view::npos ? line.size() : n;
}

std::string_view last_nonblank_line(std::string_view prefix) {
  // The line before the cursor's own line that has text.
  size_t end = prefix.rfind('\n');
  while (end != std::string_view::npos && end > 0) {
    const size_t start = prefix.rfind('\n', end - 1);
    const size_t from = start == std::string_view::npos ? 0 : start + 1;
    const auto line = prefix.substr(from, end - from);
    if (!is_blank(line)) return line;
    if (start == std::string_view::npos) break;
    end = start;
  }
  return {};
}

// Cuts a block at the first non-blank line indented less than `base` (the block has ended).
void cut_at_dedent(std::string& text, size_t base) {
  size_t pos = text.find('\n');
  while (pos != std::string::npos) {
    const size_t start = pos + 1;
    const size_t end = text.find('\n', start);
    const std::string_view line = std::string_view(text).substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!is_blank(line) && indentation(line) < base) {
      text.resize(pos);
      return;
    }
    pos = end;
  }
}

}  // namespace

size_t find_stop(std::string_view text, const std::vector<std::string>& stops) {
  size_t first = std::string_view::npos;
  for (const auto& s : stops) {
    if (s.empty()) continue;
    first = std::min(first, text.find(s));
  }
  return first;
}

size_t suffix_overlap(std::string_view text, std::string_view suffix) {
  const size_t limit = std::min({text.size(), suffix.size(), kMaxOverlap});
  for (size_t k = limit; k > 0; --k)
    if (text.substr(text.size() - k) == suffix.substr(0, k)) return k;
  return 0;
}

std::optional<std::string> postprocess(std::string_view raw, const PostContext& ctx, const std::vector<std::string>& stops) {
  std::string text(raw.substr(0, find_stop(raw, stops)));
  const auto before = line_before_cursor(ctx.prefix);
  const auto after = line_after_cursor(ctx.suffix);

  // 2. A restatement of the line so far ("    retu" answered with "    return x;" or "return x;").
  const auto before_code = trim(before);
  if (before_code.size() >= 3) {
    const size_t lead = std::min(text.size(), text.find_first_not_of(" \t"));
    if (std::string_view(text).starts_with(before)) text.erase(0, before.size());
    else if (std::string_view(text).substr(lead).starts_with(before_code)) text.erase(0, lead + before_code.size());
  }

  // 3. Indentation: the cursor already stands after the indentation of a whitespace-only line.
  if (!before.empty() && is_blank(before)) {
    const size_t have = before.size();
    const size_t lead = std::min(indentation(text), have);
    if (text.substr(0, lead) == before.substr(0, lead)) text.erase(0, lead);
  }
  if (ctx.mode == Mode::MultiLine) {
    const size_t base = is_blank(before) ? before.size() : indentation(before);
    cut_at_dedent(text, is_blank(before) ? base : base + 1);
  } else {
    const size_t nl = text.find('\n');
    if (nl != std::string::npos) text.resize(nl);
  }

  // Trailing whitespace is never worth showing.
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) text.pop_back();

  // 4. Overlap with what follows the cursor: on the line for single-line answers, anywhere ahead for blocks.
  const std::string_view follow = ctx.mode == Mode::SingleLine ? after : ctx.suffix;
  if (const size_t k = suffix_overlap(text, follow); k > 0) text.resize(text.size() - k);
  if (ctx.mode == Mode::MultiLine) {
    // A block that ends with the closing line the document already has ("}" below the cursor).
    const size_t nl = text.rfind('\n');
    if (nl != std::string::npos) {
      const auto last = trim(std::string_view(text).substr(nl + 1));
      const size_t next_text = std::min(ctx.suffix.size(), ctx.suffix.find_first_not_of(" \t\r\n"));
      const auto next_line = trim(line_after_cursor(ctx.suffix.substr(next_text)));
      if (!last.empty() && last == next_line) text.resize(nl);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) text.pop_back();
  }

  // 5. Nothing, or nothing new.
  if (is_blank(text)) return std::nullopt;
  if (ctx.suffix.substr(0, text.size()) == text) return std::nullopt;
  const auto previous = trim(last_nonblank_line(ctx.prefix));
  if (is_blank(before) && !previous.empty() && trim(text) == previous) return std::nullopt;
  return text;
}

}  // namespace byok::completion
