#include "logic/text_diff.h"

#include <algorithm>
#include <cstdint>
#include <optional>

namespace byok::lo {

namespace {

bool is_word_char(char16_t c) {
  if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == 0x00A0) return false;
  if (c < 0x80 && !((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'\''))
    return false;  // ASCII punctuation is a token of its own
  return true;
}

// Tokens: a run of word characters, or a single other character. Surrogate pairs stay inside words.
std::vector<std::u16string_view> tokenize(std::u16string_view s) {
  std::vector<std::u16string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i + 1;
    if (is_word_char(s[i]))
      while (j < s.size() && is_word_char(s[j])) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::vector<Replacement> prefix_suffix(std::u16string_view a, std::u16string_view b) {
  size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
  size_t s = 0;
  while (s < a.size() - p && s < b.size() - p && a[a.size() - 1 - s] == b[b.size() - 1 - s]) ++s;
  // Never split a surrogate pair.
  if (p > 0 && p < a.size() && a[p] >= 0xDC00 && a[p] <= 0xDFFF) --p;
  if (s > 0 && a.size() - s < a.size() && a[a.size() - s] >= 0xDC00 && a[a.size() - s] <= 0xDFFF) --s;
  if (p == a.size() && p == b.size()) return {};
  return {Replacement{p, a.size() - p - s, std::u16string(b.substr(p, b.size() - p - s))}};
}

}  // namespace

std::vector<Replacement> word_diff(std::u16string_view before, std::u16string_view after) {
  if (before == after) return {};
  const auto a = tokenize(before);
  const auto b = tokenize(after);
  if (a.size() > kMaxDiffTokens || b.size() > kMaxDiffTokens) return prefix_suffix(before, after);
  // Longest common subsequence of tokens (table of suffix lengths), then a walk that groups the gaps.
  const size_t n = a.size(), m = b.size();
  std::vector<uint16_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint16_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      at(i, j) = a[i] == b[j] ? static_cast<uint16_t>(at(i + 1, j + 1) + 1) : std::max(at(i + 1, j), at(i, j + 1));

  std::vector<Replacement> out;
  size_t i = 0, j = 0, offset = 0;  // offset: UTF-16 position of a[i] in `before`
  std::optional<Replacement> open;
  auto close = [&] {
    if (open) out.push_back(std::move(*open));
    open.reset();
  };
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      close();
      offset += a[i].size();
      ++i;
      ++j;
    } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
      if (!open) open = Replacement{offset, 0, {}};
      open->text.append(b[j]);
      ++j;
    } else {
      if (!open) open = Replacement{offset, 0, {}};
      open->length += a[i].size();
      offset += a[i].size();
      ++i;
    }
  }
  close();
  // A lone space kept between two replaced words makes two redlines where a reader sees one change: merge
  // replacements separated only by whitespace.
  std::vector<Replacement> merged;
  for (auto& r : out) {
    if (!merged.empty()) {
      Replacement& last = merged.back();
      const size_t gap_start = last.start + last.length;
      const std::u16string_view gap = before.substr(gap_start, r.start - gap_start);
      if (gap.size() <= 1 && std::all_of(gap.begin(), gap.end(), [](char16_t c) { return c == u' '; })) {
        last.length += gap.size() + r.length;
        last.text += std::u16string(gap) + r.text;
        continue;
      }
    }
    merged.push_back(std::move(r));
  }
  return merged;
}

std::u16string apply_replacements(std::u16string_view before, const std::vector<Replacement>& replacements) {
  std::u16string out(before);
  for (auto it = replacements.rbegin(); it != replacements.rend(); ++it) out.replace(it->start, it->length, it->text);
  return out;
}

std::u16string utf8_to_utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0xFFFD;
    size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6 || (c >> 4) == 0xE || (c >> 3) == 0x1E) {
      len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
      if (i + len <= s.size()) {
        char32_t v = c & (0x3F >> (len - 1));
        bool ok = true;
        for (size_t k = 1; k < len; ++k) {
          const unsigned char cc = static_cast<unsigned char>(s[i + k]);
          if ((cc >> 6) != 0x2) {
            ok = false;
            break;
          }
          v = (v << 6) | (cc & 0x3F);
        }
        if (ok) cp = v;
        else len = 1;
      } else {
        len = 1;
      }
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

std::string utf16_to_utf8(std::u16string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t cp = s[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < s.size() && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

}  // namespace byok::lo
