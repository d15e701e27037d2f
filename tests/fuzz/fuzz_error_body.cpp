// Fuzz target: turning a provider's HTTP error response into an Error (parse_error_response), including
// Retry-After parsing from headers and body. Oracles: the error always has a non-empty message, keeps the
// status and provider, and a retry delay is never negative.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/llm/wire.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const int status = 400 + data[0] % 200;
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  // First line: a Retry-After value; second: retry-after-ms; the rest: the body.
  auto take_line = [&rest]() {
    auto nl = rest.find('\n');
    std::string line(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    return line;
  };
  byok::http::ResponseHead head;
  head.status = status;
  head.headers.push_back({"Retry-After", take_line()});
  head.headers.push_back({"retry-after-ms", take_line()});
  auto e = byok::llm::parse_error_response("fuzz", status, rest, head);
  BYOK_FUZZ_CHECK(!e.message.empty());
  BYOK_FUZZ_CHECK(e.status == status);
  BYOK_FUZZ_CHECK(e.provider == "fuzz");
  if (e.retry_after) BYOK_FUZZ_CHECK(e.retry_after->count() >= 0);
  (void)e.describe();
  return 0;
}
