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

#include "core/http/url.h"

TEST_CASE("absurd Retry-After values are held at a day or ignored, never overflow", "[faults][malformed]") {
  auto retry = [](std::string name, std::string value, std::string body = {}) {
    http::ResponseHead head;
    head.status = 429;
    head.headers.push_back({std::move(name), std::move(value)});
    return llm::parse_retry_after(head, body);
  };
  const auto day = std::chrono::milliseconds(24LL * 3600 * 1000);
  CHECK(retry("retry-after-ms", "250e21") == day);  // found by fuzz_error_body: UB float-to-int cast
  CHECK(retry("Retry-After", "99999999999999999999") == day);
  CHECK(retry("retry-after-ms", "-5") == std::nullopt);
  CHECK(retry("retry-after-ms", "nan") == std::nullopt);
  CHECK(retry("retry-after-ms", "1e999") == std::nullopt);  // stod: out of range
  CHECK(retry("x", "", R"({"error":{"details":[{"retryDelay":"1e300s"}]}})") == day);
  CHECK(retry("Retry-After", "2") == std::chrono::milliseconds(2000));
}

TEST_CASE("a host name with characters no host has is refused, so origins stay unambiguous", "[faults][malformed]") {
  for (const char* bad : {"http://-[::1]:11439", "https://api.example.com:80:443/v1", "https://a b.example/",
                          "https://[example.com]/", "https://exa%6dple.com/", "https://ex\xC3\xA4mple.com/"}) {
    INFO(bad);
    auto u = http::Url::parse(bad);
    REQUIRE_FALSE(u.ok());
    CHECK_THAT(u.error().message, Catch::Contains("invalid"));
  }
  for (const char* good : {"http://[::1]:11434", "https://api.openai.com/v1", "https://my_host.corp-1.example:8443/x?y=1",
                           "http://127.0.0.1:8080"}) {
    INFO(good);
    auto u = http::Url::parse(good);
    REQUIRE(u.ok());
    CHECK(http::Url::parse(u->str())->origin() == u->origin());
  }
}
