#include "core/llm/openai_fast_chunk.h"

#include <array>
#include <cstring>
#include <string_view>

namespace byok::llm {
namespace {

constexpr int kMaxDepth = 32;

// Bytes that end a run of plain string content: the quote, the backslash and the control characters
// (which JSON forbids unescaped).
constexpr auto kStops = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

// A strict one-pass JSON reader over a string_view. Every method returns false when the input is not
// exactly what it expects; the caller then gives up on the fast path.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  void ws() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\n' || s_[p_] == '\r' || s_[p_] == '\t')) ++p_;
  }
  bool at_end() {
    ws();
    return p_ == s_.size();
  }
  bool eat(char c) {
    ws();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }
  char peek() {
    ws();
    return p_ < s_.size() ? s_[p_] : '\0';
  }

  // A string; unescaped into *out when out is given. Rejects control characters and bad escapes, including
  // lone or mismatched UTF-16 surrogates (the DOM parser rejects them too).
  bool string(std::string* out) {
    if (!eat('"')) return false;
    for (;;) {
      // Bulk-copy the run up to the next quote or backslash.
      size_t run = p_;
      while (run < s_.size() && !kStops[static_cast<unsigned char>(s_[run])]) ++run;
      if (run < s_.size() && static_cast<unsigned char>(s_[run]) < 0x20) return false;
      if (run >= s_.size()) return false;
      if (out) out->append(s_.data() + p_, run - p_);
      p_ = run;
      if (s_[p_] == '"') {
        ++p_;
        return true;
      }
      if (++p_ >= s_.size()) return false;  // the backslash
      char e = s_[p_++];
      char plain = 0;
      switch (e) {
        case '"': plain = '"'; break;
        case '\\': plain = '\\'; break;
        case '/': plain = '/'; break;
        case 'b': plain = '\b'; break;
        case 'f': plain = '\f'; break;
        case 'n': plain = '\n'; break;
        case 'r': plain = '\r'; break;
        case 't': plain = '\t'; break;
        case 'u': {
          unsigned cp;
          if (!hex4(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate first
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned lo;
            if (p_ + 2 > s_.size() || s_[p_] != '\\' || s_[p_ + 1] != 'u') return false;
            p_ += 2;
            if (!hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          if (out) append_utf8(*out, cp);
          continue;
        }
        default: return false;
      }
      if (out) out->push_back(plain);
    }
  }

  // An object key: a view into the input when it has no escapes, else unescaped into `buffer`.
  bool key(std::string_view& out, std::string& buffer) {
    ws();
    if (p_ >= s_.size() || s_[p_] != '"') return false;
    size_t run = p_ + 1;
    while (run < s_.size() && !kStops[static_cast<unsigned char>(s_[run])]) ++run;
    if (run < s_.size() && s_[run] == '"') {
      out = s_.substr(p_ + 1, run - p_ - 1);
      p_ = run + 1;
      return true;
    }
    buffer.clear();
    if (!string(&buffer)) return false;
    out = buffer;
    return true;
  }

  // A number by the JSON grammar; exponents and very long numbers are refused (the DOM parser rejects
  // those that overflow a double, and telling which ones do is not worth it here).
  bool number() {
    ws();
    size_t start = p_;
    if (p_ < s_.size() && s_[p_] == '-') ++p_;
    if (p_ >= s_.size()) return false;
    if (s_[p_] == '0') ++p_;
    else if (s_[p_] >= '1' && s_[p_] <= '9') while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
    else return false;
    if (p_ < s_.size() && s_[p_] == '.') {
      ++p_;
      if (p_ >= s_.size() || !is_digit(s_[p_])) return false;
      while (p_ < s_.size() && is_digit(s_[p_])) ++p_;
    }
    if (p_ < s_.size() && (s_[p_] == 'e' || s_[p_] == 'E')) return false;
    return p_ - start <= 24;
  }

  bool literal(std::string_view word) {
    ws();
    if (s_.size() - p_ < word.size() || std::memcmp(s_.data() + p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }
  bool null() { return literal("null"); }

  // Any JSON value, validated and dropped.
  bool skip_value(int depth = 0) {
    if (depth > kMaxDepth) return false;
    switch (peek()) {
      case '"': return string(nullptr);
      case '{': {
        ++p_;
        if (eat('}')) return true;
        do {
          if (!string(nullptr) || !eat(':') || !skip_value(depth + 1)) return false;
        } while (eat(','));
        return eat('}');
      }
      case '[': {
        ++p_;
        if (eat(']')) return true;
        do {
          if (!skip_value(depth + 1)) return false;
        } while (eat(','));
        return eat(']');
      }
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return null();
      default: return number();
    }
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }
  bool hex4(unsigned& v) {
    if (p_ + 4 > s_.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = s_[p_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') v |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= unsigned(c - 'A' + 10);
      else return false;
    }
    return true;
  }
  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  std::string_view s_;
  size_t p_ = 0;
};

// Reads an object's keys one by one: `fn(key)` consumes the value and returns false to give up.
// Keys are compared as string_views pointing into the input (unescaped into a buffer only when they
// contain a backslash), so a chunk's dozen keys cost no copies.
template <class Fn>
bool for_each_member(Scanner& sc, Fn&& fn) {
  if (!sc.eat('{')) return false;
  if (sc.eat('}')) return true;
  std::string buffer;
  do {
    std::string_view key;
    if (!sc.key(key, buffer) || !sc.eat(':') || !fn(key)) return false;
  } while (sc.eat(','));
  return sc.eat('}');
}

bool parse_delta(Scanner& sc, FastChunk& out) {
  bool seen_content = false;
  return for_each_member(sc, [&](std::string_view key) {
    if (key == "content") {
      if (seen_content) return false;
      seen_content = true;
      if (sc.peek() == 'n') return sc.null();
      return sc.string(&out.text);  // an array (Mistral typed chunks) is refused here
    }
    return sc.skip_value(2);
  });
}

bool parse_choice(Scanner& sc, FastChunk& out) {
  bool seen_index = false, seen_delta = false, seen_finish = false;
  bool ok = for_each_member(sc, [&](std::string_view key) {
    if (key == "index") {
      if (seen_index) return false;
      seen_index = true;
      return sc.literal("0") && (sc.peek() == ',' || sc.peek() == '}');
    }
    if (key == "delta") {
      if (seen_delta || sc.peek() != '{') return false;
      seen_delta = true;
      return parse_delta(sc, out);
    }
    if (key == "finish_reason") {
      if (seen_finish) return false;
      seen_finish = true;
      if (sc.peek() == 'n') return sc.null();
      std::string reason;
      if (!sc.string(&reason)) return false;
      out.finish_reason = std::move(reason);
      return true;
    }
    return sc.skip_value(2);
  });
  // Without a delta object the DOM path looks at "message" and "text": leave those shapes to it.
  return ok && seen_delta;
}

}  // namespace

std::optional<FastChunk> parse_fast_openai_chunk(std::string_view json) {
  Scanner sc(json);
  FastChunk out;
  bool seen_choices = false, seen_object = false;
  bool ok = for_each_member(sc, [&](std::string_view key) {
    if (key == "choices") {
      if (seen_choices || !sc.eat('[')) return false;
      seen_choices = true;
      if (sc.peek() != '{' || !parse_choice(sc, out)) return false;
      return sc.eat(']');  // exactly one choice
    }
    if (key == "usage") return sc.null();  // usage objects, and any other type, take the DOM path
    if (key == "object") {
      if (seen_object) return false;
      seen_object = true;
      std::string value;
      return sc.string(&value) && value != "error";
    }
    if (key == "error" || key == "x_groq") return false;
    return sc.skip_value(1);
  });
  if (!ok || !seen_choices || !sc.at_end()) return std::nullopt;
  return out;
}

}  // namespace byok::llm
