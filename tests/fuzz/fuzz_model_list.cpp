// Fuzz target: model list responses in every dialect (parse_model_list). Oracle: no crash or exception;
// a rejection names the provider.
#include <cstdint>
#include <string_view>

#include "core/llm/wire.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static constexpr std::string_view kDialects[] = {"openai", "anthropic", "gemini", "ollama"};
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  auto r = byok::llm::parse_model_list(kDialects[data[0] % 4], body, "fuzz");
  if (!r) BYOK_FUZZ_CHECK(r.error().message.find("fuzz") != std::string::npos);
  return 0;
}
