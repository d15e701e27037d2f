#include <catch2/catch.hpp>

#include "core/config/config.h"
#include "core/http/url.h"
#include "core/llm/transcript.h"

using namespace byok;
using nlohmann::json;

namespace {
std::string config_error(const json& doc) {
  auto c = config::parse_config(doc, "config.json");
  REQUIRE_FALSE(c.ok());
  return c.error().message;
}
}  // namespace

TEST_CASE("config errors name the path of the bad field", "[config]") {
  REQUIRE(config_error({{"providers", {{"openai", {{"base_url", 5}}}}}}) ==
          "config.json: providers.openai.base_url: expected string, got integer");
  REQUIRE_THAT(config_error({{"defualt", {}}}), Catch::StartsWith("config.json: defualt: unknown field"));
  REQUIRE(config_error({{"providers", {{"openai", {{"key_cmd", {"pass", 3}}}}}}}) ==
          "config.json: providers.openai.key_cmd[1]: expected string, got integer");
  REQUIRE_THAT(config_error({{"providers", {{"mine", {{"api_key", "x"}}}}}}), Catch::Contains("providers.mine.api_key: unknown field"));
  REQUIRE_THAT(config_error({{"providers", {{"mine", {{"key_env", "X"}}}}}}), Catch::Contains("custom provider needs"));
  REQUIRE_THAT(config_error({{"providers", {{"openai", {{"base_url", "ftp://x"}}}}}}), Catch::Contains("providers.openai.base_url"));
  REQUIRE_THAT(config_error({{"log_level", "loud"}}), Catch::Contains("log_level: expected one of"));
}

TEST_CASE("custom providers and overrides resolve onto presets", "[config]") {
  auto c = config::parse_config(
      {{"default", {{"provider", "work"}, {"model", "m1"}}},
       {"providers", {{"work", {{"preset", "openai-compatible"}, {"base_url", "https://llm.example.com/v1"}, {"key_env", "WORK_KEY"}}},
                      {"anthropic", {{"headers", {{"anthropic-beta", "x"}}}}}}},
       {"prices", {{"openai:gpt-4o", {{"input", 1.0}}}}}},
      "c");
  REQUIRE(c.ok());
  auto w = c->provider("work");
  REQUIRE(w.ok());
  REQUIRE(w->base_url.str() == "https://llm.example.com/v1");
  REQUIRE(w->chat.wire == "openai-chat");
  REQUIRE(w->key_env == "WORK_KEY");
  auto a = c->provider("anthropic");
  REQUIRE(a->headers.at("anthropic-version") == "2023-06-01");
  REQUIRE(a->headers.at("anthropic-beta") == "x");
  REQUIRE(*c->provider("openai")->model_info("gpt-4o")->input_per_mtok == 1.0);
  REQUIRE_FALSE(c->provider("nope").ok());
}

TEST_CASE("provider:model splits only at a known provider", "[config]") {
  config::Config c;
  auto m = config::split_model("ollama:llama3:8b", c);
  REQUIRE(m.provider == "ollama");
  REQUIRE(m.model == "llama3:8b");
  m = config::split_model("llama3:8b", c);
  REQUIRE(m.provider.empty());
  REQUIRE(m.model == "llama3:8b");
}

TEST_CASE("URLs", "[url]") {
  auto u = http::Url::parse("https://API.openai.com/v1");
  REQUIRE(u.ok());
  REQUIRE(u->host == "api.openai.com");
  REQUIRE(u->port == 443);
  REQUIRE(u->with_path_appended("/chat/completions").path == "/v1/chat/completions");
  REQUIRE(u->origin() == "https://api.openai.com:443");
  auto az = http::Url::parse("https://r.openai.azure.com/openai")->with_path_appended("/deployments/x/chat/completions?api-version=1");
  REQUIRE(az.path == "/openai/deployments/x/chat/completions?api-version=1");
  REQUIRE(http::Url::parse("http://127.0.0.1:8080")->is_loopback());
  REQUIRE(http::Url::parse("http://[::1]:80/")->is_loopback());
  REQUIRE_FALSE(http::Url::parse("http://127.0.0.1.evil.com/")->is_loopback());
  REQUIRE_FALSE(http::Url::parse("https://user:pw@host/").ok());
  REQUIRE_FALSE(http::Url::parse("api.openai.com").ok());
  REQUIRE(u->resolve("https://other.example/x")->origin() == "https://other.example:443");
  REQUIRE(u->resolve("/v2/y")->str() == "https://api.openai.com/v2/y");
}

TEST_CASE("transcripts follow each provider's rules", "[transcript]") {
  llm::ChatRequest r;
  r.system = "Be brief.";
  r.messages = {{llm::Role::System, "Use British spelling."},
                {llm::Role::Assistant, "Hi, how can I help?"},
                {llm::Role::User, "one"},
                {llm::Role::User, "two"},
                {llm::Role::Assistant, "  "},
                {llm::Role::Assistant, "answer"}};
  REQUIRE(llm::collect_system(r) == "Be brief.\n\nUse British spelling.");
  auto turns = llm::conversation_turns(r);
  REQUIRE(turns.size() == 3);
  REQUIRE(turns[1].text == "one\n\ntwo");
  auto alt = llm::alternating_turns(r);
  REQUIRE(alt.front().role == llm::Role::User);
  REQUIRE(alt.size() == 4);
  for (size_t i = 1; i < alt.size(); ++i) REQUIRE(alt[i].role != alt[i - 1].role);
}
