// Plain-C++ parts of the LibreOffice extension: Markdown reader, word diff, LSP framing, API shapes.
#include <catch2/catch.hpp>

#include "logic/byok_api.h"
#include "logic/lsp_framing.h"
#include "logic/markdown.h"
#include "logic/text_diff.h"

using namespace byok::lo;
using Kind = md::Block::Kind;

TEST_CASE("markdown: blocks of a typical model answer") {
  const auto blocks = md::parse(
      "# Plan\n\nThis is **important** and *new* with `code`.\nSecond line.\n\n- one\n- two **b**\n  1. nested\n\n"
      "```cpp\nint x = 1;\n  indented();\n```\n## Done ##\n");
  REQUIRE(blocks.size() == 8);
  CHECK(blocks[0].kind == Kind::Heading);
  CHECK(blocks[0].level == 1);
  CHECK(blocks[0].plain() == "Plan");
  CHECK(blocks[1].kind == Kind::Paragraph);
  CHECK(blocks[1].plain() == "This is important and new with code. Second line.");
  CHECK(blocks[1].runs == std::vector<md::Run>{{"This is ", false, false, false},
                                                {"important", true, false, false},
                                                {" and ", false, false, false},
                                                {"new", false, true, false},
                                                {" with ", false, false, false},
                                                {"code", false, false, true},
                                                {". Second line.", false, false, false}});
  CHECK(blocks[2].kind == Kind::Bullet);
  CHECK(blocks[2].plain() == "one");
  CHECK(blocks[3].runs.back() == md::Run{"b", true, false, false});
  CHECK(blocks[4].kind == Kind::Numbered);
  CHECK(blocks[4].level == 1);
  CHECK(blocks[5].kind == Kind::Code);
  CHECK(blocks[5].plain() == "int x = 1;");
  CHECK(blocks[6].kind == Kind::Code);
  CHECK(blocks[6].plain() == "  indented();");
  CHECK(blocks[7].kind == Kind::Heading);
  CHECK(blocks[7].level == 2);
  CHECK(blocks[7].plain() == "Done");
  CHECK(md::needs_formatting(blocks));
}

TEST_CASE("markdown: what is not Markdown stays literal") {
  struct Case {
    const char* in;
    const char* plain;
  };
  const Case cases[] = {
      {"2 * 3 * 4 = 24", "2 * 3 * 4 = 24"},
      {"snake_case_name and a__b__c", "snake_case_name and a__b__c"},
      {"a ** b", "a ** b"},
      {"unclosed **bold", "unclosed **bold"},
      {"escaped \\*stars\\*", "escaped *stars*"},
      {"#hashtag is not a heading", "#hashtag is not a heading"},
      {"ünïcødé ✓ 👋 **fett**", "ünïcødé ✓ 👋 fett"},
  };
  for (const auto& c : cases) {
    INFO(c.in);
    CHECK(md::plain_text(md::parse(c.in)) == c.plain);
  }
  CHECK_FALSE(md::needs_formatting(md::parse("Just a sentence.\n\nAnd another paragraph.")));
  CHECK(md::plain_text(md::parse("Just a sentence.\n\nAnd another paragraph.")) == "Just a sentence.\nAnd another paragraph.");
}

TEST_CASE("word diff: replacements rebuild the answer and touch only changed words") {
  struct Case {
    std::u16string before, after;
    size_t expected_replacements;
  };
  const Case cases[] = {
      {u"The cat sat on the mat.", u"The dog sat on the mat.", 1},
      {u"The cat sat on the mat.", u"The cat sat on the mat.", 0},
      {u"The cat sat on the mat.", u"A cat sat on a red mat!", 3},
      {u"Hello wörld 👋 end", u"Hello wörld 🌍 end", 1},
      {u"一二三 四五六", u"一二三 七八九", 1},
      {u"First paragraph.\nSecond one.", u"First paragraph.\nThe second one, rewritten.", 2},
      {u"", u"new text", 1},
      {u"old text", u"", 1},
  };
  for (const auto& c : cases) {
    INFO(utf16_to_utf8(c.before) << " -> " << utf16_to_utf8(c.after));
    const auto r = word_diff(c.before, c.after);
    CHECK(apply_replacements(c.before, r) == c.after);
    CHECK(r.size() == c.expected_replacements);
    for (size_t i = 1; i < r.size(); ++i) CHECK(r[i].start >= r[i - 1].start + r[i - 1].length);
  }
  const auto one = word_diff(u"The cat sat.", u"The dog sat.");
  REQUIRE(one.size() == 1);
  CHECK(one[0] == Replacement{4, 3, u"dog"});
}

TEST_CASE("word diff: long texts fall back to one replacement without splitting a surrogate pair") {
  std::u16string before, after;
  for (size_t i = 0; i < kMaxDiffTokens; ++i) before += u"w ";
  after = before + u"👋";
  before += u"🌍";
  const auto r = word_diff(before, after);
  REQUIRE(r.size() == 1);
  CHECK(apply_replacements(before, r) == after);
  CHECK(r[0].text == u"👋");
}

TEST_CASE("utf8/utf16 round trip and invalid input") {
  const std::string s = "ünïcødé ✓ 👋 一";
  CHECK(utf16_to_utf8(utf8_to_utf16(s)) == s);
  CHECK(utf8_to_utf16("a\xff") == u"a\uFFFD");
  CHECK(utf8_to_utf16("\xe2\x82") == u"\uFFFD\uFFFD");
}

TEST_CASE("lsp framing: split, joined and malformed input") {
  const std::string a = frame_message(R"({"id":1})"), b = frame_message(R"({"x":"ü"})");
  FrameDecoder d;
  const std::string both = a + b;
  for (char c : both) d.push(std::string_view(&c, 1));  // one byte at a time
  CHECK(d.next() == R"({"id":1})");
  CHECK(d.next() == R"({"x":"ü"})");
  CHECK_FALSE(d.next());
  CHECK(d.error().empty());

  FrameDecoder bad;
  bad.push("Content-Length: abc\r\n\r\n{}");
  CHECK_FALSE(bad.next());
  CHECK(bad.error() == "engine sent a bad Content-Length: 'abc'");

  FrameDecoder missing;
  missing.push("Content-Type: x\r\n\r\n{}");
  CHECK_FALSE(missing.next());
  CHECK(missing.error() == "engine sent a message without Content-Length");

  FrameDecoder huge(10);
  huge.push("Content-Length: 11\r\n\r\n");
  CHECK_FALSE(huge.next());
  CHECK(huge.error() == "engine sent a message of 11 bytes (limit 10)");
}

TEST_CASE("api: rewrite document positions are LSP UTF-16 positions") {
  const auto doc = api::rewrite_document("untitled:x", u"Line one\nemoji 👋 ", u"here", u" after\nend");
  CHECK(doc.start.line == 1);
  CHECK(doc.start.character == 9);  // "emoji " + 2 units for 👋 + " "
  CHECK(doc.end.line == 1);
  CHECK(doc.end.character == 13);
  CHECK(doc.text == "Line one\nemoji 👋 here after\nend");
  const auto p = api::rewrite_params(doc, "shorter", "openai:gpt-4o");
  CHECK(p["range"]["start"]["character"] == 9);
  CHECK(p["model"] == "openai:gpt-4o");
  CHECK(p["textDocument"]["uri"] == "untitled:x");
}

TEST_CASE("api: deltas and errors") {
  auto d = api::read_delta("byok/chatDelta", {{"requestId", 7}, {"text", "hi"}, {"model", "openai:gpt-4o"}});
  REQUIRE(d);
  CHECK(d->request_id == 7);
  CHECK(d->text == "hi");
  CHECK_FALSE(api::read_delta("$/progress", {{"requestId", 7}}));
  CHECK_FALSE(api::read_delta("byok/chatDelta", {{"text", "no id"}}));
  auto done = api::read_delta("byok/rewriteDelta", {{"requestId", 8}, {"done", true}, {"error", {{"message", "boom"}}}});
  REQUIRE(done);
  CHECK(done->done);
  CHECK(done->error == "boom");
  CHECK(api::describe_error(RpcError{-32905, "budget \"daily\" reached", {}}).find("budget") != std::string::npos);
  CHECK(api::describe_error(RpcError{-32902, "openai: no key", {}}).find("Tools ▸ byok") != std::string::npos);
}
