// Fuzz target: the NDJSON decoder. Oracle: chunking must not change the lines or the outcome; lines are
// valid UTF-8 and never contain a line feed.
#include <cstdint>
#include <string>
#include <vector>

#include "core/stream/ndjson_decoder.h"
#include "core/stream/utf8.h"
#include "tests/fuzz/fuzz_input.h"

namespace {
struct Run {
  std::vector<std::string> lines;
  bool ok = true;
};

Run decode(const std::vector<std::string_view>& pieces) {
  byok::stream::NdjsonDecoder dec(4096);
  Run run;
  auto sink = [&](std::string_view line) {
    BYOK_FUZZ_CHECK(byok::utf8::is_valid(line));
    BYOK_FUZZ_CHECK(line.find('\n') == std::string_view::npos);
    run.lines.emplace_back(line);
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
  BYOK_FUZZ_CHECK(whole.lines == chunked.lines);
  return 0;
}
