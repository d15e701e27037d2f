// A recorded-style OpenAI chat completion stream of any size, byte for byte as the API sends it in 2025
// (id, created, model, service_tier, system_fingerprint, logprobs, usage:null on every chunk), with words
// that need JSON escapes and 2-4 byte UTF-8. Used by the stream-decoding benchmark and its Node baseline.
#pragma once

#include <string>

namespace byok::bench {

struct RecordedStream {
  std::string bytes;       // the SSE body
  std::string text;        // the answer it carries
  size_t chunks = 0;       // content chunks
};

inline std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

// A stream whose SSE body is at least `min_bytes` long, or whose answer is at least `min_text_bytes`.
inline RecordedStream make_openai_stream(size_t min_bytes, size_t min_text_bytes = 0) {
  static const char* kWords[] = {" the", " stream", " of", " tokens", ",", " naïve", " café", " ✓", " 👋",
                                 " \"quoted\"", " back\\slash", "\n", " return", " a", " +", " b;", " —",
                                 " über", " 字", " ok"};
  const std::string head =
      R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,)"
      R"("model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[{"index":0,)"
      R"("delta":{"content":")";
  const std::string tail = R"("},"logprobs":null,"finish_reason":null}],"usage":null})" "\n\n";
  RecordedStream s;
  s.bytes.reserve(min_bytes + 4096);
  s.bytes +=
      R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,)"
      R"("model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[{"index":0,)"
      R"("delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null})"
      "\n\n";
  for (size_t i = 0; s.bytes.size() < min_bytes || s.text.size() < min_text_bytes; ++i) {
    const std::string word = kWords[(i * 7 + i / 3) % (sizeof kWords / sizeof kWords[0])];
    s.bytes += head;
    s.bytes += json_escape(word);
    s.bytes += tail;
    s.text += word;
    ++s.chunks;
  }
  s.bytes +=
      R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,)"
      R"("model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[{"index":0,)"
      R"("delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null})" "\n\n";
  s.bytes +=
      R"(data: {"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,)"
      R"("model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_eb9dce56a8","choices":[],)"
      R"("usage":{"prompt_tokens":12,"completion_tokens":)" + std::to_string(s.chunks) +
      R"(,"total_tokens":)" + std::to_string(s.chunks + 12) + "}}\n\ndata: [DONE]\n\n";
  return s;
}

}  // namespace byok::bench
