// Documents: incremental edits with UTF-16 positions (emoji = 2 units, CJK = 1), line endings, errors, and a
// randomized comparison against a plain-string model of the same edits.
#include <catch2/catch.hpp>
#include <random>

#include "core/stream/utf8.h"
#include "protocol/documents/document_store.h"

using namespace byok::docs;

namespace {
Range R(int64_t l1, int64_t c1, int64_t l2, int64_t c2) { return Range{{l1, c1}, {l2, c2}}; }
}  // namespace

TEST_CASE("documents: UTF-16 columns after emoji and CJK") {
  CHECK(utf16_to_byte("a😀b", 1) == 1);
  CHECK(utf16_to_byte("a😀b", 3) == 5);  // after the surrogate pair
  CHECK(utf16_to_byte("a😀b", 2) == 1);  // inside the pair: before the emoji
  CHECK(utf16_to_byte("中文x", 2) == 6);
  CHECK(utf16_to_byte("abc", 99) == 3);  // past the end clamps
  CHECK(byte_to_utf16("a😀b中", 9) == 5);

  Document d("file:///t", "txt", 1, "x😀y中z\nsecond");
  auto y = R(0, 3, 0, 4);
  REQUIRE(d.apply(&y, "Y"));  // replaces "y" after the emoji
  CHECK(d.text() == "x😀Y中z\nsecond");
  auto r = R(0, 5, 0, 5);
  REQUIRE(d.apply(&r, "字"));  // after 中
  CHECK(d.text() == "x😀Y中字z\nsecond");
  CHECK(d.end() == Position{1, 6});
}

TEST_CASE("documents: multi-line edits - inserting and joining lines - CRLF kept") {
  Document d("u", "", 0, "one\r\ntwo\r\nthree");
  auto r1 = R(0, 3, 1, 0);  // join "one" and "two"
  REQUIRE(d.apply(&r1, " + "));
  CHECK(d.text() == "one + two\r\nthree");
  auto r2 = R(1, 5, 1, 5);
  REQUIRE(d.apply(&r2, "\nfour\nfive"));
  CHECK(d.text() == "one + two\r\nthree\nfour\nfive");
  CHECK(d.line_count() == 4);
  auto r3 = R(4, 0, 4, 0);  // one past the last line at character 0: the document's end
  REQUIRE(d.apply(&r3, "!"));
  CHECK(d.text() == "one + two\r\nthree\nfour\nfive!");
  REQUIRE(d.apply(nullptr, "replaced"));
  CHECK(d.text() == "replaced");
}

TEST_CASE("documents: bad ranges are errors naming the position - and change nothing") {
  Document d("u", "", 0, "ab\ncd");
  auto past = R(5, 0, 5, 1);
  auto st = d.apply(&past, "x");
  REQUIRE_FALSE(st);
  CHECK(st.error().message == "range.start (line 5, character 0) is past the end of the document (2 lines)");
  auto backwards = R(1, 1, 0, 0);
  CHECK(d.apply(&backwards, "x").error().message == "range.end is before range.start");
  auto negative = R(0, -1, 0, 0);
  CHECK_FALSE(d.apply(&negative, "x"));
  CHECK(d.text() == "ab\ncd");
}

TEST_CASE("documents: prefix and suffix around the cursor respect the byte caps on character boundaries") {
  Document d("u", "", 0, "ααα\nβββ\nγγγ");
  CHECK(*d.prefix({1, 1}, 100) == "ααα\nβ");
  CHECK(*d.suffix({1, 1}, 100) == "ββ\nγγγ");
  auto p = *d.prefix({2, 3}, 5);
  CHECK(byok::utf8::is_valid(p));
  CHECK(p.size() <= 5);
  auto s = *d.suffix({0, 0}, 5);
  CHECK(byok::utf8::is_valid(s));
}

TEST_CASE("documents: store reports unknown documents and out-of-step edits") {
  DocumentStore store;
  auto st = store.change("file:///nope", 2, {});
  REQUIRE_FALSE(st);
  CHECK(st.error().message == "textDocument.uri: file:///nope is not open (send textDocument/didOpen first)");
  store.open("file:///a", "c", 1, "int x;\n");
  std::vector<ContentChange> changes = {{R(0, 4, 0, 5), "y"}, {R(9, 0, 9, 0), "z"}};
  auto bad = store.change("file:///a", 2, changes);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("contentChanges[1].range.start (line 9, character 0) is past the end") == 0);
  CHECK(*store.with("file:///a", [](const Document& d) { return d.text(); }) == "int y;\n");
}

TEST_CASE("documents: random edits match a plain-string model (incl. chunk splits past 512 lines)") {
  std::mt19937 rng(12345);
  std::string model;
  for (int i = 0; i < 1200; ++i) model += "line " + std::to_string(i) + (i % 7 ? " é" : " 😀") + "\n";
  Document d("u", "", 0, model);
  const std::vector<std::string> inserts = {"", "x", "\n", "a\nb\n", "😀", "中\n文", "\n\n\n\n"};
  // Model positions: walk the string to find the byte offset of (line, utf16 col).
  auto offset = [&](const std::string& text, int64_t line, int64_t col) {
    size_t pos = 0;
    for (int64_t l = 0; l < line; ++l) pos = text.find('\n', pos) + 1;
    size_t eol = text.find('\n', pos);
    std::string_view content(text.data() + pos, (eol == std::string::npos ? text.size() : eol) - pos);
    return pos + utf16_to_byte(content, col);
  };
  for (int step = 0; step < 3000; ++step) {
    int64_t lines = static_cast<int64_t>(d.line_count());
    int64_t l1 = std::uniform_int_distribution<int64_t>(0, lines - 1)(rng);
    int64_t l2 = std::min<int64_t>(lines - 1, l1 + std::uniform_int_distribution<int64_t>(0, step % 50 == 0 ? 600 : 2)(rng));
    int64_t c1 = std::uniform_int_distribution<int64_t>(0, 12)(rng), c2 = std::uniform_int_distribution<int64_t>(0, 12)(rng);
    size_t o1 = offset(model, l1, c1), o2 = offset(model, l2, c2);
    if (o2 < o1) continue;
    const auto& text = inserts[static_cast<size_t>(step) % inserts.size()];
    auto r = R(l1, c1, l2, c2);
    REQUIRE(d.apply(&r, text));
    model.replace(o1, o2 - o1, text);
    if (step % 100 == 0) REQUIRE(d.text() == model);
  }
  CHECK(d.text() == model);
}
