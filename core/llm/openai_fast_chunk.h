// A fast path for the event that makes up nearly all of an OpenAI-style stream: one choice, index 0, whose
// delta carries a piece of text (and maybe a finish_reason), with "usage":null or no usage at all.
//
// Why: building an nlohmann DOM for every ~300-byte chunk (dozens of allocations for ids, model names and
// fingerprints nobody reads) was the decoder's whole cost and capped throughput near the Node pipeline's.
// This scanner validates the chunk's JSON in one pass without building anything and pulls out only the
// two fields the decoder uses.
//
// Contract: it answers only when it is sure. Any other shape (errors, usage objects, several choices,
// content arrays, duplicate keys, exponents, deep nesting, anything it does not fully understand) yields
// nullopt and the caller takes the DOM path, which decides everything else, including what is malformed.
// When it answers, the DOM path would have produced the same text and finish_reason
// (tests/fuzz/fuzz_openai_fast_chunk.cpp checks that differentially). `json` must be valid UTF-8 (the SSE
// decoder guarantees it).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace byok::llm {

struct FastChunk {
  std::string text;                          // choices[0].delta.content, unescaped ("" when absent or null)
  std::optional<std::string> finish_reason;  // choices[0].finish_reason when a string
};

std::optional<FastChunk> parse_fast_openai_chunk(std::string_view json);

}  // namespace byok::llm
