// Fuzz target: configuration loading (config::parse_config on arbitrary JSON text) and resolving every
// provider the document names. Oracle: no crash, and every rejection carries a message naming its origin.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/config/config.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return 0;
  auto cfg = byok::config::parse_config(doc, "fuzz.json");
  if (!cfg) {
    BYOK_FUZZ_CHECK(cfg.error().message.rfind("fuzz.json", 0) == 0);
    return 0;
  }
  for (const auto& name : cfg->provider_names()) {
    auto spec = cfg->provider(name);
    if (!spec) BYOK_FUZZ_CHECK(!spec.error().message.empty());
  }
  (void)byok::config::split_model(std::string(text.substr(0, 64)), *cfg);
  return 0;
}
