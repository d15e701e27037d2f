// Property: for every test vector, every way of splitting its bytes into two or three chunks yields
// exactly the same events as feeding it whole; UTF-8 characters split across chunks come out whole.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/stream/ndjson_decoder.h"
#include "core/stream/sse_decoder.h"
#include "core/stream/utf8.h"

using byok::stream::NdjsonDecoder;
using byok::stream::SseDecoder;
using byok::stream::SseEvent;

namespace {
std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> sse_events(const std::vector<std::string_view>& chunks) {
  SseDecoder d;
  std::vector<std::string> out;
  // The reconnection time in force when an event is dispatched is part of what must not depend on chunking.
  auto sink = [&](const SseEvent& e) {
    out.push_back(e.type + "|" + e.id + "|" + e.data + (d.retry_ms() >= 0 ? "|retry=" + std::to_string(d.retry_ms()) : ""));
  };
  for (auto c : chunks) REQUIRE(d.feed(c, sink).ok());
  d.finish(sink);
  return out;
}

std::vector<std::string> ndjson_lines(const std::vector<std::string_view>& chunks) {
  NdjsonDecoder d;
  std::vector<std::string> out;
  auto sink = [&](std::string_view l) { out.emplace_back(l); };
  for (auto c : chunks) REQUIRE(d.feed(c, sink).ok());
  d.finish(sink);
  return out;
}

std::vector<std::filesystem::path> vectors(const std::string& ext) {
  std::vector<std::filesystem::path> out;
  for (auto& e : std::filesystem::directory_iterator(std::string(BYOK_TEST_DATA) + "/streams"))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Every two-chunk split and every three-chunk split (all cut pairs i <= j): O(n^2) decodes of n bytes, a few
// seconds in Release for the largest vectors (~1.4 KB), which is the price of "every way", not a sample.
template <class F>
void for_every_split(const std::string& bytes, F check) {
  const size_t n = bytes.size();
  std::string_view all = bytes;
  for (size_t i = 0; i <= n; ++i) check(std::vector<std::string_view>{all.substr(0, i), all.substr(i)});
  for (size_t i = 0; i <= n; ++i)
    for (size_t j = i; j <= n; ++j)
      check(std::vector<std::string_view>{all.substr(0, i), all.substr(i, j - i), all.substr(j)});
}
}  // namespace

TEST_CASE("SSE vectors decode identically however the bytes are split", "[sse][property]") {
  auto files = vectors(".sse");
  REQUIRE(files.size() >= 8);
  // The vector with the retry field is among them (its events carry "|retry=N").
  REQUIRE(std::count_if(files.begin(), files.end(), [](const auto& f) { return f.filename() == "retry_field.sse"; }) == 1);
  for (const auto& f : files) {
    INFO("vector " << f.filename().string());
    std::string bytes = read_file(f);
    auto whole = sse_events({bytes});
    REQUIRE(!whole.empty());
    for (const auto& e : whole) REQUIRE(byok::utf8::is_valid(e));
    // A plain comparison per split (a Catch assertion each would cost more than the decoding); the first
    // split that differs fails with where it was cut.
    for_every_split(bytes, [&](const std::vector<std::string_view>& chunks) {
      if (sse_events(chunks) != whole) FAIL("differs when cut after " << chunks[0].size() << " and " << chunks[1].size() << " more bytes");
    });
    // One byte per chunk as well.
    std::vector<std::string_view> bytewise;
    for (size_t i = 0; i < bytes.size(); ++i) bytewise.push_back(std::string_view(bytes).substr(i, 1));
    REQUIRE(sse_events(bytewise) == whole);
  }
}

TEST_CASE("NDJSON vectors decode identically however the bytes are split", "[ndjson][property]") {
  auto files = vectors(".ndjson");
  REQUIRE(!files.empty());
  for (const auto& f : files) {
    INFO("vector " << f.filename().string());
    std::string bytes = read_file(f);
    auto whole = ndjson_lines({bytes});
    REQUIRE(!whole.empty());
    // Equal to the whole-input lines and valid UTF-8: a character cut between chunks comes out whole.
    for (const auto& l : whole) REQUIRE(byok::utf8::is_valid(l));
    for_every_split(bytes, [&](const std::vector<std::string_view>& chunks) {
      if (ndjson_lines(chunks) != whole) FAIL("differs when cut after " << chunks[0].size() << " and " << chunks[1].size() << " more bytes");
    });
  }
}

TEST_CASE("SSE follows the WHATWG field rules", "[sse]") {
  SECTION("CR, LF and CRLF line ends give the same events") {
    auto lf = sse_events({"data: a\n\ndata: b\n\n"});
    REQUIRE(sse_events({"data: a\r\rdata: b\r\r"}) == lf);
    REQUIRE(sse_events({"data: a\r\n\r\ndata: b\r\n\r\n"}) == lf);
    REQUIRE(sse_events({"data: a\r", "\n\r", "\ndata: b\r\n\r\n"}) == lf);
    REQUIRE(lf == std::vector<std::string>{"message||a", "message||b"});
  }
  SECTION("multi-line data joins with LF; one leading space is removed") {
    REQUIRE(sse_events({"data:x\ndata:  y\n\n"}) == std::vector<std::string>{"message||x\n y"});
  }
  SECTION("comments, unknown fields and event/id") {
    REQUIRE(sse_events({": keep-alive\nfoo: bar\nevent: ping\nid: 7\ndata: {}\n\n"}) ==
            std::vector<std::string>{"ping|7|{}"});
  }
  SECTION("a leading BOM is removed, even split across chunks") {
    REQUIRE(sse_events({"\xEF", "\xBB", "\xBF" "data: a\n\n"}) == std::vector<std::string>{"message||a"});
  }
  SECTION("retry takes ASCII digits only and applies from its line on") {
    REQUIRE(sse_events({"retry: 3000\ndata: a\n\nretry: soon\ndata: b\n\nretry:250\ndata: c\n\n"}) ==
            std::vector<std::string>{"message||a|retry=3000", "message||b|retry=3000", "message||c|retry=250"});
  }
  SECTION("an event with no data dispatches nothing") {
    REQUIRE(sse_events({"event: x\n\n"}).empty());
  }
  SECTION("unterminated final event: kept only when [DONE] or complete JSON") {
    REQUIRE(sse_events({"data: [DONE]"}) == std::vector<std::string>{"message||[DONE]"});
    REQUIRE(sse_events({"data: {\"a\":1}"}) == std::vector<std::string>{"message||{\"a\":1}"});
    REQUIRE(sse_events({"data: {\"a\":"}).empty());
  }
  SECTION("raw JSON error objects (Gemini) and llama.cpp error: lines") {
    REQUIRE(sse_events({"{\"error\": {\n  \"code\": 500\n}}\n"}) ==
            std::vector<std::string>{"raw-json||{\"error\": {\n  \"code\": 500\n}}\n"});
    REQUIRE(sse_events({"error: {\"message\":\"x\"}\n\n"}) == std::vector<std::string>{"error-field||{\"message\":\"x\"}"});
  }
  SECTION("invalid UTF-8 becomes U+FFFD") {
    REQUIRE(sse_events({"data: a\xFF" "b\n\n"}) == std::vector<std::string>{"message||a\xEF\xBF\xBD" "b"});
  }
}

TEST_CASE("a line over the cap is an error, not unbounded memory", "[sse][ndjson]") {
  SseDecoder d(1024);
  auto sink = [](const SseEvent&) {};
  std::string big(600, 'x');
  REQUIRE(d.feed("data: " + big, sink).ok());
  auto st = d.feed(big, sink);
  REQUIRE_FALSE(st.ok());
  REQUIRE_THAT(st.error().message, Catch::Contains("longer than 1024 bytes"));
  NdjsonDecoder n(1024);
  REQUIRE_FALSE(n.feed(std::string(2000, 'y'), [](std::string_view) {}).ok());
}

TEST_CASE("utf8 helpers", "[utf8]") {
  std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x91\x8B";  // a é € 👋
  REQUIRE(byok::utf8::is_valid(s));
  REQUIRE(byok::utf8::complete_prefix_length(s) == s.size());
  REQUIRE(byok::utf8::complete_prefix_length(s.substr(0, s.size() - 1)) == s.size() - 4);
  REQUIRE(byok::utf8::complete_prefix_length(s.substr(0, 2)) == 1);
  REQUIRE(byok::utf8::utf16_length(s) == 1 + 1 + 1 + 2);
  REQUIRE(byok::utf8::sanitize("\xC0\xAF") == "\xEF\xBF\xBD");
}
