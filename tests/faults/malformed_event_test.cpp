// Well-formed JSON with a field of the wrong type ("index":"0", "input_tokens":"many", a number for a model
// id) used to throw out of the decoders (nlohmann's typed accessors) and would have terminated the engine.
// Now: a Stream error naming the provider and the event; the text before it is kept.
#include <catch2/catch.hpp>

#include "core/llm/wire.h"

using namespace byok;

namespace {
struct Decoded {
  std::string text;
  Status status = ok_status();
};

Decoded decode(const std::string& wire, const std::string& body) {
  auto dec = llm::find_wire(wire)->make_decoder("prov", 1 << 20);
  Decoded d;
  llm::EventCallback emit = [&](const llm::Event& ev) {
    if (auto* t = std::get_if<llm::TextDelta>(&ev)) d.text += t->text;
  };
  d.status = dec->feed(body, emit);
  if (d.status) d.status = dec->finish(emit);
  return d;
}
}  // namespace

TEST_CASE("an event with a field of the wrong type is a stream error, not an exception", "[faults][malformed]") {
  struct Case {
    std::string wire, body;
  };
  const Case cases[] = {
      {"openai-chat",
       "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"kept\"}}]}\n\n"
       "data: {\"choices\":[{\"index\":\"0\",\"delta\":{\"content\":\"x\"}}]}\n\n"},
      {"anthropic",
       "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"kept\"}}\n\n"
       "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":7},\"usage\":{\"output_tokens\":\"many\"}}\n\n"},
      {"ollama-chat",
       "{\"message\":{\"role\":\"assistant\",\"content\":\"kept\"},\"done\":false}\n"
       "{\"message\":{\"role\":\"assistant\",\"content\":5},\"done\":\"yes\"}\n"},
  };
  for (const auto& c : cases) {
    INFO(c.wire);
    Decoded d;
    REQUIRE_NOTHROW(d = decode(c.wire, c.body));
    REQUIRE_FALSE(d.status.ok());
    CHECK(d.status.error().kind == ErrorKind::Stream);
    CHECK(d.status.error().provider == "prov");
    CHECK_THAT(d.status.error().message, Catch::Contains("prov"));
    CHECK(d.text == "kept");
  }
}

TEST_CASE("a model list entry of the wrong type is a bad listing, not an exception", "[faults][malformed]") {
  for (auto [dialect, body] : {std::pair{"openai", R"({"data":[{"id":42}]})"}, std::pair{"ollama", R"({"models":[7]})"},
                               std::pair{"gemini", R"({"models":[{"name":["x"]}]})"}}) {
    INFO(dialect);
    Result<std::vector<llm::ModelListing>> r = std::vector<llm::ModelListing>{};
    REQUIRE_NOTHROW(r = llm::parse_model_list(dialect, body, "prov"));
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("model list from prov"));
  }
}
