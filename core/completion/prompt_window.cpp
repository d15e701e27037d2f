#include "core/completion/prompt_window.h"

#include <algorithm>

#include "core/completion/token_estimate.h"
#include "core/stream/utf8.h"

namespace byok::completion {
namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Start of the code point that ends just before `end`.
size_t previous_code_point(const std::string& s, size_t end) {
  size_t i = end - 1;
  while (i > 0 && is_continuation(s[i]) && end - i < 4) --i;
  return i;
}

size_t next_code_point(const std::string& s, size_t begin) {
  size_t i = begin + 1;
  while (i < s.size() && is_continuation(s[i]) && i - begin < 4) ++i;
  return i;
}

// How many bytes at the end of `text` fit in `budget` tokens (whole code points).
size_t take_tail(const std::string& text, int64_t budget, int64_t& used) {
  TokenCounter count;
  size_t begin = text.size();
  while (begin > 0) {
    const size_t cp = previous_code_point(text, begin);
    TokenCounter next = count;
    next.add(std::string_view(text).substr(cp, begin - cp));
    if (next.tokens() > budget) break;
    count = next;
    begin = cp;
  }
  used = count.tokens();
  return text.size() - begin;
}

size_t take_head(const std::string& text, int64_t budget, int64_t& used) {
  TokenCounter count;
  size_t end = 0;
  while (end < text.size()) {
    const size_t cp = next_code_point(text, end);
    TokenCounter next = count;
    next.add(std::string_view(text).substr(end, cp - end));
    if (next.tokens() > budget) break;
    count = next;
    end = cp;
  }
  used = count.tokens();
  return end;
}

}  // namespace

PromptWindows build_windows(const DocumentView& doc, size_t cursor, const std::vector<Snippet>& neighbours,
                            WindowBudget budget) {
  PromptWindows w;
  const int64_t total = std::max<int64_t>(budget.tokens, 1);
  // Enough bytes for the whole budget on either side, so either window can take the other's leftovers.
  const size_t reach = static_cast<size_t>(total) * kMaxBytesPerToken;
  const size_t size = doc.size();
  cursor = std::min(cursor, size);

  const size_t read_begin = cursor > reach ? cursor - reach : 0;
  std::string before = doc.slice(read_begin, cursor);
  std::string after = doc.slice(cursor, std::min(size, cursor + reach));
  // A read that starts or ends mid-character drops the partial character.
  size_t skip = 0;
  if (read_begin > 0)
    while (skip < before.size() && is_continuation(before[skip])) ++skip;
  before.erase(0, skip);
  if (cursor + after.size() < size) after.resize(utf8::complete_prefix_length(after));

  const int64_t prefix_budget = static_cast<int64_t>(static_cast<double>(total) * std::clamp(budget.prefix_share, 0.0, 1.0));
  const int64_t suffix_budget = total - prefix_budget;

  // First pass with each side's own share; then the side that ran out of document gives the rest away.
  int64_t pre_used = 0, suf_used = 0;
  size_t pre_len = take_tail(before, prefix_budget, pre_used);
  size_t suf_len = take_head(after, suffix_budget, suf_used);
  const bool pre_all = pre_len == before.size() && read_begin == 0;
  const bool suf_all = suf_len == after.size() && cursor + after.size() >= size;
  if (pre_all && !suf_all) suf_len = take_head(after, total - pre_used, suf_used);
  if (suf_all && !pre_all) pre_len = take_tail(before, total - suf_used, pre_used);

  w.prefix_reaches_start = pre_len == before.size() && read_begin == 0;
  w.suffix_reaches_end = suf_len == after.size() && cursor + after.size() >= size;

  w.prefix = before.substr(before.size() - pre_len);
  w.suffix = after.substr(0, suf_len);
  // Cut windows end on whole lines, as long as that keeps some of the window.
  if (!w.prefix_reaches_start) {
    const size_t nl = w.prefix.find('\n');
    if (nl != std::string::npos && nl + 1 < w.prefix.size()) w.prefix.erase(0, nl + 1);
  }
  if (!w.suffix_reaches_end) {
    const size_t nl = w.suffix.rfind('\n');
    if (nl != std::string::npos && nl > 0) w.suffix.resize(nl + 1);
  }
  w.prefix_begin = cursor - w.prefix.size();
  w.prefix_tokens = estimate_tokens(w.prefix);
  w.suffix_tokens = estimate_tokens(w.suffix);

  int64_t left = total - w.prefix_tokens - w.suffix_tokens;
  for (const auto& n : neighbours) {
    const int64_t t = estimate_tokens(n.path) + estimate_tokens(n.text) + 4;  // + separators
    if (t > left) continue;
    w.neighbours.push_back(n);
    w.neighbour_tokens += t;
    left -= t;
  }
  return w;
}

}  // namespace byok::completion
