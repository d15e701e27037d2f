// Prompt windows: budget, balance toward the prefix, UTF-8 boundaries, O(window) reads; positions in UTF-16.
#include <catch2/catch.hpp>

#include "core/completion/document.h"
#include "core/completion/prompt_window.h"
#include "core/completion/token_estimate.h"
#include "core/stream/utf8.h"

using namespace byok::completion;

namespace {
// Counts the bytes the engine reads, to prove a request costs O(window), not O(document).
class CountingDocument final : public DocumentView {
 public:
  explicit CountingDocument(std::string t) : doc_(std::move(t)) {}
  size_t size() const override { return doc_.size(); }
  std::string slice(size_t b, size_t e) const override {
    auto s = doc_.slice(b, e);
    read_ += s.size();
    return s;
  }
  mutable size_t read_ = 0;

 private:
  StringDocument doc_;
};

std::string lines(int n, const std::string& stem) {
  std::string s;
  for (int i = 0; i < n; ++i) s += stem + std::to_string(i) + ";\n";
  return s;
}
}  // namespace

TEST_CASE("token estimate: 4 ASCII bytes per token, one per non-ASCII code point") {
  CHECK(estimate_tokens("") == 0);
  CHECK(estimate_tokens("abcd") == 1);
  CHECK(estimate_tokens("abcde") == 2);
  CHECK(estimate_tokens("\xc3\xa9") == 1);              // é
  CHECK(estimate_tokens("a\xf0\x9f\x91\x8b") == 2);     // a👋
}

TEST_CASE("windows: a small document is taken whole and neighbours fill what is left") {
  StringDocument doc("int add(int a, int b) {\n  \n}\n");
  const size_t cursor = std::string("int add(int a, int b) {\n  ").size();
  auto w = build_windows(doc, cursor, {{"util.h", "int sub(int, int);"}, {"huge.h", std::string(100000, 'x')}}, {256, 0.75});
  CHECK(w.prefix == "int add(int a, int b) {\n  ");
  CHECK(w.suffix == "\n}\n");
  CHECK(w.prefix_reaches_start);
  CHECK(w.suffix_reaches_end);
  REQUIRE(w.neighbours.size() == 1);  // the huge one does not fit
  CHECK(w.neighbours[0].path == "util.h");
}

TEST_CASE("windows: budget split 3:1 toward the prefix, cut on whole lines") {
  const std::string text = lines(2000, "    value = compute");
  StringDocument doc(text);
  const size_t cursor = text.size() / 2;
  const size_t line_start = text.rfind('\n', cursor - 1) + 1;
  auto w = build_windows(doc, line_start, {}, {400, 0.75});
  CHECK(w.prefix_tokens <= 300);
  CHECK(w.prefix_tokens >= 270);
  CHECK(w.suffix_tokens <= 100);
  CHECK(w.suffix_tokens >= 80);
  CHECK(w.prefix.front() == ' ');  // starts a line
  CHECK(w.prefix.back() == '\n');
  CHECK(w.suffix.back() == '\n');  // ends a line
  CHECK(text.substr(line_start - w.prefix.size(), w.prefix.size()) == w.prefix);
  CHECK(w.prefix_begin == line_start - w.prefix.size());
}

TEST_CASE("windows: near the end of a document the prefix takes the suffix's unused budget") {
  const std::string text = lines(2000, "x = y");
  StringDocument doc(text);
  auto w = build_windows(doc, text.size() - 2, {}, {400, 0.75});
  CHECK(w.suffix_reaches_end);
  CHECK(w.prefix_tokens + w.suffix_tokens > 350);
}

TEST_CASE("windows: never split a UTF-8 character, whatever the budget") {
  // Lines of 3- and 4-byte characters, with no newline near the cut so the cut is by budget alone.
  std::string text;
  for (int i = 0; i < 3000; ++i) text += (i % 2) ? "\xe2\x82\xac" : "\xf0\x9f\x98\x80";  // € 😀
  StringDocument doc(text);
  for (int64_t budget : {64, 65, 99, 130}) {
    for (size_t cursor : {size_t{3500}, size_t{3507}, size_t{7000}}) {
      // Land the cursor on a character boundary.
      while ((static_cast<unsigned char>(text[cursor]) & 0xC0) == 0x80) ++cursor;
      auto w = build_windows(doc, cursor, {}, {budget, 0.5});
      INFO("budget " << budget << " cursor " << cursor);
      CHECK(byok::utf8::is_valid(w.prefix));
      CHECK(byok::utf8::is_valid(w.suffix));
      CHECK(w.prefix_tokens + w.suffix_tokens <= budget);
      CHECK(text.compare(cursor - w.prefix.size(), w.prefix.size(), w.prefix) == 0);
    }
  }
}

TEST_CASE("windows: a request reads O(window) bytes of a 20 MB document") {
  CountingDocument doc(lines(1'000'000, "int v"));
  auto w = build_windows(doc, doc.size() / 2, {}, {1024, 0.75});
  CHECK(w.prefix_tokens > 700);
  CHECK(doc.read_ <= 2 * 1024 * kMaxBytesPerToken);
}

TEST_CASE("positions: UTF-16 columns count surrogate pairs as two units") {
  const std::string text = "a\xc3\xa9\xf0\x9f\x91\x8b" "b\nx";  // a é 👋 b \n x
  CHECK(position_of(text, 1) == TextPosition{0, 1});
  CHECK(position_of(text, 3) == TextPosition{0, 2});   // after é (2 bytes, 1 unit)
  CHECK(position_of(text, 7) == TextPosition{0, 4});   // after 👋 (4 bytes, 2 units)
  CHECK(position_of(text, 9) == TextPosition{1, 0});
  CHECK(byte_offset_of(text, {0, 4}) == 7);
  CHECK(byte_offset_of(text, {0, 3}) == 3);   // inside the surrogate pair: before the emoji
  CHECK(byte_offset_of(text, {0, 99}) == 8);  // clamps to the end of the line
  CHECK(byte_offset_of(text, {1, 1}) == 10);
  CHECK(advance({3, 5}, "\xf0\x9f\x91\x8bz\nab") == TextPosition{4, 2});
  CHECK(advance({3, 5}, "\xf0\x9f\x91\x8bz") == TextPosition{3, 8});
}
