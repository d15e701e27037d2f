// Fuzz target: URL parsing and reference resolution (base URLs from config, Location headers from
// servers). Oracles: a parsed URL prints back to a string that parses to the same URL; a resolved
// reference either fails or yields an http(s) URL with a port in range.
#include <cstdint>
#include <string_view>

#include "core/http/url.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto newline = text.find('\n');
  std::string_view first = text.substr(0, newline);
  auto url = byok::http::Url::parse(first);
  if (url) {
    BYOK_FUZZ_CHECK(url->port > 0 && url->port < 65536);
    BYOK_FUZZ_CHECK(!url->path.empty() && url->path.front() == '/');
    auto again = byok::http::Url::parse(url->str());
    BYOK_FUZZ_CHECK(again.ok());
    BYOK_FUZZ_CHECK(again->origin() == url->origin());
    BYOK_FUZZ_CHECK(again->path == url->path);
    (void)url->is_loopback();
    if (newline != std::string_view::npos) {
      auto resolved = url->resolve(text.substr(newline + 1));
      if (resolved) BYOK_FUZZ_CHECK(resolved->scheme == "http" || resolved->scheme == "https");
      (void)url->with_path_appended(text.substr(newline + 1));
    }
  }
  return 0;
}
