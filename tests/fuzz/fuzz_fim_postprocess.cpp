// Fuzz target: the completion post-processor (core/completion/postprocess.h) — what a model answered, cut
// and cleaned before it becomes ghost text. Input: mode byte, then prefix, suffix and the raw answer
// separated by 0x00. Oracles: no crash; a suggestion is never blank, is valid
// UTF-8 when everything it came from was, contains no stop sequence, in single-line mode has no newline, and
// ends in whitespace only before text that follows the cursor.
#include <string>
#include <string_view>
#include <vector>

#include "core/completion/postprocess.h"
#include "core/stream/utf8.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  using namespace byok::completion;
  const auto mode = (data[0] & 1) ? Mode::MultiLine : Mode::SingleLine;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<std::string_view> parts;
  for (size_t at; parts.size() < 2 && (at = rest.find('\0')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, at));
    rest.remove_prefix(at + 1);
  }
  parts.push_back(rest);
  while (parts.size() < 3) parts.insert(parts.begin(), std::string_view());
  PostContext ctx{parts[0], parts[1], mode};
  const std::vector<std::string> stops = mode == Mode::MultiLine ? std::vector<std::string>{"\n\n"} : std::vector<std::string>{"\n"};
  auto out = postprocess(parts[2], ctx, stops);
  if (!out) return 0;
  BYOK_FUZZ_CHECK(!out->empty());
  BYOK_FUZZ_CHECK(out->find_first_not_of(" \t\r\n") != std::string::npos);
  // Trailing whitespace is trimmed, unless it sits before closers the document already has (" x ))" with "))"
  // after the cursor becomes " x ": the model's spacing is kept). Found by this target.
  const char last = out->back();
  if (parts[1].empty()) BYOK_FUZZ_CHECK(last != ' ' && last != '\t' && last != '\n' && last != '\r');
  BYOK_FUZZ_CHECK(find_stop(*out, stops) == std::string::npos);
  if (mode == Mode::SingleLine) BYOK_FUZZ_CHECK(out->find('\n') == std::string::npos);
  if (byok::utf8::is_valid(parts[0]) && byok::utf8::is_valid(parts[1]) && byok::utf8::is_valid(parts[2]))
    BYOK_FUZZ_CHECK(byok::utf8::is_valid(*out));
  return 0;
}
