#include <catch2/catch.hpp>

#include "core/config/config.h"
#include "core/config/presets.h"
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
  // prices: a wrong type used to abort `byok ask --estimate` with an uncaught json type_error.
  REQUIRE(config_error({{"prices", {{"openai:gpt-4o", {{"input", "x"}}}}}}) ==
          "config.json: prices.openai:gpt-4o.input: expected a non-negative number, got string");
  REQUIRE(config_error({{"prices", {{"openai:gpt-4o", {{"output", -1}}}}}}) ==
          "config.json: prices.openai:gpt-4o.output: expected a non-negative number, got -1");
  REQUIRE_THAT(config_error({{"prices", {{"openai:gpt-4o", {{"cached", 1}}}}}}),
               Catch::Contains("prices.openai:gpt-4o.cached: unknown field"));
  REQUIRE(config_error({{"prices", {{"gpt-4o", {{"input", 1}}}}}}) ==
          "config.json: prices.gpt-4o: expected a \"provider:model\" key");
  REQUIRE_THAT(config_error({{"prices", {{"openai:gpt-4o", 2.5}}}}), Catch::Contains("prices.openai:gpt-4o: expected object"));
  REQUIRE_THAT(config_error({{"providers", {{"openai", {{"models", {{"m", {{"input", -2}}}}}}}}}}),
               Catch::Contains("providers.openai.models.m.input: expected a non-negative number"));
  // Feature sections know their fields; top-level "context" is read by nothing, so it is unknown.
  REQUIRE_THAT(config_error({{"features", {{"chat", {{"foo", 1}}}}}}), Catch::Contains("features.chat.foo: unknown field"));
  REQUIRE_THAT(config_error({{"features", {{"rewrite", {{"history", "drop"}}}}}}),
               Catch::Contains("features.rewrite.history: unknown field"));
  REQUIRE_THAT(config_error({{"features", {{"chat", {{"history", 1}}}}}}),
               Catch::Contains("features.chat.history: expected string, got integer"));
  REQUIRE_THAT(config_error({{"context", json::object()}}), Catch::Contains("context: unknown field"));
  // Counts and durations are never negative.
  REQUIRE(config_error({{"max_line_bytes", -1}}) == "config.json: max_line_bytes: expected a positive integer, got -1");
  REQUIRE(config_error({{"max_line_bytes", 0}}) == "config.json: max_line_bytes: expected a positive integer, got 0");
  REQUIRE(config_error({{"retries", {{"base_delay_ms", -5}}}}) ==
          "config.json: retries.base_delay_ms: expected a non-negative integer, got -5");
  REQUIRE_THAT(config_error({{"retries", {{"max_delay_ms", -1}}}}), Catch::Contains("retries.max_delay_ms: expected a non-negative integer"));
  REQUIRE_THAT(config_error({{"retries", {{"max_retry_after_s", -1}}}}),
               Catch::Contains("retries.max_retry_after_s: expected a non-negative integer"));
  REQUIRE_THAT(config_error({{"timeouts", {{"total_ms", -1}}}}), Catch::Contains("timeouts.total_ms: expected a non-negative integer"));
  REQUIRE_THAT(config_error({{"features", {{"completion", {{"cache_entries", -1}}}}}}),
               Catch::Contains("features.completion.cache_entries: expected a non-negative integer, got -1"));
  REQUIRE_THAT(config_error({{"features", {{"completion", {{"max_tokens_single", 0}}}}}}),
               Catch::Contains("features.completion.max_tokens_single: expected a positive integer, got 0"));
  REQUIRE_THAT(config_error({{"providers", {{"openai", {{"default_max_tokens", -1}}}}}}),
               Catch::Contains("providers.openai.default_max_tokens: expected a non-negative integer"));
}

TEST_CASE("valid prices, features and counts still load", "[config]") {
  auto c = config::parse_config({{"prices", {{"openai:gpt-4o", {{"input", 0}, {"output", 12.5}}}}},
                                 {"features", {{"chat", {{"provider", "openai"}, {"model", "gpt-4o"}, {"history", "summarize"}}},
                                               {"rewrite", {{"provider", "openai"}, {"model", "gpt-4o-mini"}}}}},
                                 {"retries", {{"base_delay_ms", 0}}},
                                 {"timeouts", {{"total_ms", 0}}},
                                 {"max_line_bytes", 1024}},
                                "c");
  REQUIRE(c.ok());
  REQUIRE(c->max_line_bytes == 1024);
  auto m = c->provider("openai")->model_info("gpt-4o");
  REQUIRE(*m->output_per_mtok == 12.5);
  REQUIRE(*m->input_per_mtok == 0.0);
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

TEST_CASE("every hosted preset knows its default model and a few others with window and prices", "[config][presets]") {
  config::Config c;
  for (const auto& name : config::preset_names()) {
    INFO(name);
    // A preset is data a user could have written: it passes the same schema as a config entry.
    REQUIRE(config::parse_config({{"providers", {{name, config::builtin_presets()[name]}}}}, "presets.json").ok());
    auto spec = c.provider(name);
    REQUIRE(spec.ok());
    // Local servers and Azure deployments are named by the user; the rest list their models.
    if (spec->local || name == "azure" || name == "openai-compatible") continue;
    CHECK(!spec->models.empty());
    CHECK(spec->models.count(spec->default_model) == 1);
    for (const auto& [model, info] : spec->models) {
      INFO(model);
      CHECK(info.context > 0);
      CHECK(info.input_per_mtok.has_value());
      CHECK(info.output_per_mtok.has_value());
    }
  }
}

TEST_CASE("OpenAI reasoning models are recognised by name", "[config][tokens]") {
  for (const char* m : {"o1", "o1-mini", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini", "gpt-5.1", "openai/o3", "O3-Mini"})
    CHECK(config::is_openai_reasoning_model(m));
  for (const char* m : {"gpt-4o", "gpt-4.1-mini", "o10", "oracle-7b", "llama3", "gpt-50", "my-deployment", ""})
    CHECK_FALSE(config::is_openai_reasoning_model(m));
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
