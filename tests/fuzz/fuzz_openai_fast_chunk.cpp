// Fuzz target: the OpenAI chunk fast path (core/llm/openai_fast_chunk.h) against the DOM path it stands in
// for. Oracle: whenever the fast path answers, nlohmann parses the same text into an object and the DOM
// rules of openai_wire.cpp give the same text and finish_reason, with no error and no usage.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/llm/openai_fast_chunk.h"
#include "core/stream/utf8.h"
#include "tests/fuzz/fuzz_input.h"

using nlohmann::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!byok::utf8::is_valid(text)) return 0;  // the SSE decoder hands over valid UTF-8 only
  auto fast = byok::llm::parse_fast_openai_chunk(text);
  if (!fast) return 0;
  auto j = json::parse(text, nullptr, false);
  BYOK_FUZZ_CHECK(!j.is_discarded() && j.is_object());
  BYOK_FUZZ_CHECK(!(j.contains("error") && !j["error"].is_null()));
  BYOK_FUZZ_CHECK(!(j.contains("object") && j["object"] == "error"));
  BYOK_FUZZ_CHECK(!(j.contains("usage") && j["usage"].is_object()));
  BYOK_FUZZ_CHECK(!j.contains("x_groq"));
  BYOK_FUZZ_CHECK(j.contains("choices") && j["choices"].is_array() && j["choices"].size() == 1);
  const auto& c = j["choices"][0];
  BYOK_FUZZ_CHECK(c.is_object());
  BYOK_FUZZ_CHECK(!c.contains("index") || (c["index"].is_number() && c["index"] == 0));
  BYOK_FUZZ_CHECK(c.contains("delta") && c["delta"].is_object());
  std::string dom_text;
  if (c["delta"].contains("content") && c["delta"]["content"].is_string()) dom_text = c["delta"]["content"];
  BYOK_FUZZ_CHECK(!c["delta"].contains("content") || c["delta"]["content"].is_string() || c["delta"]["content"].is_null());
  BYOK_FUZZ_CHECK(dom_text == fast->text);
  if (c.contains("finish_reason") && c["finish_reason"].is_string()) {
    BYOK_FUZZ_CHECK(fast->finish_reason && *fast->finish_reason == c["finish_reason"].get<std::string>());
  } else {
    BYOK_FUZZ_CHECK(!fast->finish_reason);
  }
  return 0;
}
