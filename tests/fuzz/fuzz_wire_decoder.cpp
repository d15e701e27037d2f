// Fuzz target: every provider's stream decoder (core/llm/wire.h), i.e. SSE/NDJSON + JSON + the adapter's
// event mapping. The second byte of the input picks the wire. Oracles: chunking changes neither the text,
// nor the events, nor the outcome; text deltas are valid UTF-8; at most one Finish, and nothing after it.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "core/llm/wire.h"
#include "core/stream/utf8.h"
#include "tests/fuzz/fuzz_input.h"

namespace {
constexpr const char* kWires[] = {"openai-chat",     "openai-completions", "mistral-fim", "anthropic",
                                  "gemini",          "ollama-chat",        "ollama-generate",
                                  "llamacpp-infill"};

struct Run {
  std::vector<std::string> events;
  bool ok = true;
};

Run decode(const byok::llm::WireAdapter& wire, const std::vector<std::string_view>& pieces) {
  auto dec = wire.make_decoder("fuzz", 4096);
  Run run;
  bool finished = false;
  byok::llm::EventCallback emit = [&](const byok::llm::Event& ev) {
    BYOK_FUZZ_CHECK(!finished);  // nothing after Finish
    if (const auto* d = std::get_if<byok::llm::TextDelta>(&ev)) {
      BYOK_FUZZ_CHECK(byok::utf8::is_valid(d->text));
      run.events.push_back("d:" + d->text);
    } else if (const auto* u = std::get_if<byok::llm::Usage>(&ev)) {
      run.events.push_back("u:" + std::to_string(u->input_tokens) + "/" + std::to_string(u->output_tokens));
    } else if (const auto* f = std::get_if<byok::llm::Finish>(&ev)) {
      finished = true;
      run.events.push_back("f:" + f->reason);
    }
  };
  for (auto piece : pieces) {
    if (!dec->feed(piece, emit)) {
      run.ok = false;
      return run;
    }
  }
  run.ok = dec->finish(emit).ok();
  return run;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const auto* wire = byok::llm::find_wire(kWires[data[0] % (sizeof kWires / sizeof kWires[0])]);
  BYOK_FUZZ_CHECK(wire != nullptr);
  auto in = byok::fuzz::split_input(data + 1, size - 1);
  Run whole = decode(*wire, {in.payload});
  Run chunked = decode(*wire, in.pieces);
  BYOK_FUZZ_CHECK(whole.ok == chunked.ok);
  BYOK_FUZZ_CHECK(whole.events == chunked.events);
  return 0;
}
