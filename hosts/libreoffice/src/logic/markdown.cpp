#include "logic/markdown.h"

#include <cctype>

namespace byok::lo::md {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

size_t indent_of(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ') n += 1;
    else if (c == '\t') n += 4;
    else break;
  }
  return n;
}

std::string_view strip_indent(std::string_view line) {
  while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
  return line;
}

// Appends text to the last run when the styles match, so that "a" "b" do not become two runs.
void append_run(std::vector<Run>& runs, Run r) {
  if (r.text.empty()) return;
  if (!runs.empty() && runs.back().bold == r.bold && runs.back().italic == r.italic && runs.back().code == r.code) {
    runs.back().text += r.text;
    return;
  }
  runs.push_back(std::move(r));
}

// Emphasis delimiters may not be followed (opening) / preceded (closing) by a space, as in CommonMark.
size_t find_closer(std::string_view s, size_t from, std::string_view delim) {
  for (size_t i = from; i + delim.size() <= s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
      continue;
    }
    if (s.compare(i, delim.size(), delim) != 0) continue;
    if (i == from || is_space(s[i - 1])) continue;
    // "**" must not close a single "*" span and vice versa.
    if (delim.size() == 1 && i + 1 < s.size() && s[i + 1] == delim[0]) {
      ++i;
      continue;
    }
    if (delim[0] == '_' && i + delim.size() < s.size() && std::isalnum(static_cast<unsigned char>(s[i + delim.size()]))) continue;
    return i;
  }
  return std::string_view::npos;
}

void parse_inline_into(std::string_view s, Run style, std::vector<Run>& out) {
  std::string literal;
  auto flush = [&] {
    Run r = style;
    r.text = std::move(literal);
    append_run(out, std::move(r));
    literal.clear();
  };
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      literal += s[++i];
      continue;
    }
    if (c == '`') {
      const size_t close = s.find('`', i + 1);
      if (close != std::string_view::npos && close > i + 1) {
        flush();
        Run r = style;
        r.code = true;
        r.text = std::string(s.substr(i + 1, close - i - 1));
        append_run(out, std::move(r));
        i = close;
        continue;
      }
    }
    if (c == '*' || c == '_') {
      const bool dbl = i + 1 < s.size() && s[i + 1] == c;
      const std::string_view delim = dbl ? s.substr(i, 2) : s.substr(i, 1);
      const size_t open_end = i + delim.size();
      const bool word_inside_underscore = c == '_' && i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]));
      if (open_end < s.size() && !is_space(s[open_end]) && !word_inside_underscore) {
        const size_t close = find_closer(s, open_end, delim);
        if (close != std::string_view::npos) {
          flush();
          Run inner = style;
          if (dbl) inner.bold = true;
          else inner.italic = true;
          parse_inline_into(s.substr(open_end, close - open_end), inner, out);
          i = close + delim.size() - 1;
          continue;
        }
      }
    }
    literal += c;
  }
  flush();
}

bool is_fence(std::string_view line) {
  const std::string_view t = strip_indent(line);
  return t.rfind("```", 0) == 0 || t.rfind("~~~", 0) == 0;
}

bool is_rule(std::string_view line) {
  const std::string_view t = trim_right(strip_indent(line));
  if (t.size() < 3) return false;
  const char c = t[0];
  if (c != '-' && c != '*' && c != '_') return false;
  for (char x : t)
    if (x != c && !is_space(x)) return false;
  return true;
}

// "## Title" -> level 2 and "Title"; 0 when not a heading.
int heading_level(std::string_view t, std::string_view& text) {
  int level = 0;
  while (level < static_cast<int>(t.size()) && t[level] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (static_cast<size_t>(level) < t.size() && !is_space(t[level])) return 0;
  text = strip_indent(t.substr(level));
  while (!text.empty() && (text.back() == '#' || is_space(text.back()))) text.remove_suffix(1);  // closing #s
  return level;
}

bool bullet_item(std::string_view t, std::string_view& text) {
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && is_space(t[1])) {
    text = strip_indent(t.substr(2));
    return true;
  }
  return false;
}

bool numbered_item(std::string_view t, std::string_view& text) {
  size_t i = 0;
  while (i < t.size() && i < 9 && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i + 1 >= t.size() || (t[i] != '.' && t[i] != ')') || !is_space(t[i + 1])) return false;
  text = strip_indent(t.substr(i + 2));
  return true;
}

}  // namespace

std::string Block::plain() const {
  std::string out;
  for (const auto& r : runs) out += r.text;
  return out;
}

std::vector<Run> parse_inline(std::string_view text) {
  std::vector<Run> runs;
  parse_inline_into(text, Run{}, runs);
  return runs;
}

std::vector<Block> parse(std::string_view markdown) {
  std::vector<Block> blocks;
  std::string paragraph;  // soft-wrapped lines of the current paragraph, joined with spaces
  auto end_paragraph = [&] {
    if (paragraph.empty()) return;
    blocks.push_back(Block{Block::Kind::Paragraph, 0, parse_inline(paragraph)});
    paragraph.clear();
  };
  bool in_code = false;
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t eol = markdown.find('\n', pos);
    if (eol == std::string_view::npos) eol = markdown.size();
    const std::string_view raw = markdown.substr(pos, eol - pos);
    pos = eol + 1;
    const std::string_view line = trim_right(raw);
    if (in_code) {
      if (is_fence(line)) {
        in_code = false;
        continue;
      }
      std::string_view code = raw;
      if (!code.empty() && code.back() == '\r') code.remove_suffix(1);
      blocks.push_back(Block{Block::Kind::Code, 0, {Run{std::string(code), false, false, true}}});
      continue;
    }
    if (is_fence(line)) {
      end_paragraph();
      in_code = true;
      continue;
    }
    const std::string_view t = strip_indent(line);
    if (t.empty()) {
      end_paragraph();
      continue;
    }
    std::string_view text;
    if (const int level = heading_level(t, text); level > 0) {
      end_paragraph();
      blocks.push_back(Block{Block::Kind::Heading, level, parse_inline(text)});
      continue;
    }
    if (is_rule(line)) {
      end_paragraph();
      continue;
    }
    const int depth = static_cast<int>(indent_of(line) / 2);
    if (bullet_item(t, text)) {
      end_paragraph();
      blocks.push_back(Block{Block::Kind::Bullet, depth, parse_inline(text)});
      continue;
    }
    if (numbered_item(t, text)) {
      end_paragraph();
      blocks.push_back(Block{Block::Kind::Numbered, depth, parse_inline(text)});
      continue;
    }
    if (t.rfind("> ", 0) == 0 || t == ">") {
      if (!paragraph.empty()) paragraph += ' ';
      paragraph += std::string(strip_indent(t.substr(1)));
      continue;
    }
    // A lazy continuation line of a list item belongs to the item (models wrap long items).
    if (paragraph.empty() && !blocks.empty() && indent_of(line) >= 2 &&
        (blocks.back().kind == Block::Kind::Bullet || blocks.back().kind == Block::Kind::Numbered)) {
      auto more = parse_inline(std::string(" ") + std::string(t));
      for (auto& r : more) append_run(blocks.back().runs, std::move(r));
      continue;
    }
    if (!paragraph.empty()) paragraph += ' ';
    paragraph += std::string(t);
  }
  end_paragraph();
  return blocks;
}

bool needs_formatting(const std::vector<Block>& blocks) {
  for (const auto& b : blocks) {
    if (b.kind != Block::Kind::Paragraph) return true;
    for (const auto& r : b.runs)
      if (r.bold || r.italic || r.code) return true;
  }
  return false;
}

std::string plain_text(const std::vector<Block>& blocks) {
  std::string out;
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (i) out += '\n';
    out += blocks[i].plain();
  }
  return out;
}

}  // namespace byok::lo::md
