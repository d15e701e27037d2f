// Fuzz target: the SSE decoder. Oracle: chunking must not change the events or the outcome, and event
// data must be valid UTF-8 (the decoder sanitizes; hosts reject invalid UTF-8 in JSON).
#include <cstdint>
#include <string>
#include <vector>

#include "core/stream/sse_decoder.h"
#include "core/stream/utf8.h"
#include "tests/fuzz/fuzz_input.h"

namespace {
struct Run {
  std::vector<std::string> events;  // type \x1f data \x1f id
  bool ok = true;
};

Run decode(const std::vector<std::string_view>& pieces) {
  byok::stream::SseDecoder dec(4096);  // small cap so the over-long-line path is reached
  Run run;
  auto sink = [&](const byok::stream::SseEvent& ev) {
    BYOK_FUZZ_CHECK(byok::utf8::is_valid(ev.data));
    run.events.push_back(ev.type + '\x1f' + ev.data + '\x1f' + ev.id);
  };
  for (auto piece : pieces) {
    if (!dec.feed(piece, sink)) {
      run.ok = false;
      return run;
    }
  }
  dec.finish(sink);
  return run;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto in = byok::fuzz::split_input(data, size);
  Run whole = decode({in.payload});
  Run chunked = decode(in.pieces);
  BYOK_FUZZ_CHECK(whole.ok == chunked.ok);
  BYOK_FUZZ_CHECK(whole.events == chunked.events);
  return 0;
}
