// Each adapter against the emulator over HTTPS: the text, usage and finish reason arrive, and the request
// on the wire has the provider's shape (path, auth header, body fields).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;
using nlohmann::json;

namespace {
std::string header(const emu::RecordedRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    std::string lk = k;
    for (auto& c : lk) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lk == name) return v;
  }
  return {};
}
}  // namespace

TEST_CASE("every chat wire format streams text, usage and finish over HTTPS", "[wire][https]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  struct Case {
    std::string preset, model, path_contains, auth_header, auth_value;
  };
  std::vector<Case> cases = {
      {"openai", "gpt-4o-mini", "/v1/chat/completions", "authorization", "Bearer sk-test-key-0123456789"},
      {"anthropic", "claude-haiku-4-5", "/v1/messages", "x-api-key", "sk-test-key-0123456789"},
      {"gemini", "gemini-2.0-flash", "/v1beta/models/gemini-2.0-flash:streamGenerateContent", "x-goog-api-key", "sk-test-key-0123456789"},
      {"ollama", "llama3.2", "/api/chat", "", ""},
      {"mistral", "mistral-small-latest", "/v1/chat/completions", "authorization", "Bearer sk-test-key-0123456789"},
      {"groq", "llama-3.3-70b-versatile", "/openai/v1/chat/completions", "authorization", "Bearer sk-test-key-0123456789"},
      {"deepseek", "deepseek-chat", "/chat/completions", "authorization", "Bearer sk-test-key-0123456789"},
      {"openrouter", "openai/gpt-4o-mini", "/api/v1/chat/completions", "authorization", "Bearer sk-test-key-0123456789"},
      {"azure", "my-deployment", "/openai/deployments/my-deployment/chat/completions", "api-key", "sk-test-key-0123456789"},
      {"llamacpp", "default", "/v1/chat/completions", "authorization", "Bearer sk-test-key-0123456789"},
  };
  for (const auto& c : cases) {
    INFO("preset " << c.preset);
    emu.clear_requests();
    auto ep = endpoint_for(emu, c.preset);
    if (c.preset == "ollama") ep.key = Secret();
    Collected got;
    auto r = engine.chat(ep, hello(c.model), collector(got), {}, fast_options());
    REQUIRE(r.ok());
    CHECK(got.text == kDefaultReply);
    REQUIRE(got.usage);
    CHECK(got.usage->input_tokens > 0);
    CHECK(got.usage->output_tokens > 0);
    REQUIRE(got.finish);
    CHECK(got.finish->reason == "stop");
    CHECK(got.order.back() == "finish");
    CHECK(r->ttft_ms >= 0);
    auto reqs = emu.requests();
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].tls);
    CHECK_THAT(reqs[0].path, Catch::Contains(c.path_contains));
    if (!c.auth_header.empty()) CHECK(header(reqs[0], c.auth_header) == c.auth_value);
    // Keys never travel in the URL.
    CHECK(reqs[0].query.find("sk-test") == std::string::npos);
    auto body = json::parse(reqs[0].body);
    if (c.preset == "anthropic") {
      CHECK(body["system"] == "You are terse.");
      CHECK(body["max_tokens"] == 64);
      CHECK(header(reqs[0], "anthropic-version") == "2023-06-01");
    } else if (c.preset == "gemini") {
      CHECK(body["systemInstruction"]["parts"][0]["text"] == "You are terse.");
      CHECK(body["contents"][0]["role"] == "user");
      CHECK(body["generationConfig"]["maxOutputTokens"] == 64);
    } else if (c.preset == "ollama") {
      CHECK(body["messages"][0]["role"] == "system");
      CHECK(body["options"]["num_predict"] == 64);
    } else {
      CHECK(body["messages"][0]["role"] == "system");
      CHECK(body["stream_options"]["include_usage"] == true);
      CHECK(body.contains(c.preset == "openai" ? "max_completion_tokens" : "max_tokens"));
    }
    if (c.preset == "azure") CHECK_THAT(reqs[0].query, Catch::Contains("api-version=2024-10-21"));
  }
}

TEST_CASE("every FIM wire format streams the middle", "[wire][fim]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  struct Case {
    std::string preset, model, path;
  };
  std::vector<Case> cases = {
      {"openai", "gpt-3.5-turbo-instruct", "/v1/completions"},
      {"codestral", "codestral-latest", "/v1/fim/completions"},
      {"deepseek", "deepseek-chat", "/beta/completions"},
      {"ollama", "qwen2.5-coder", "/api/generate"},
      {"llamacpp", "default", "/infill"},
      {"vllm", "default", "/v1/completions"},
  };
  for (const auto& c : cases) {
    INFO("preset " << c.preset);
    emu.clear_requests();
    auto ep = endpoint_for(emu, c.preset);
    const auto f = fim_request(c.model);
    Collected got;
    auto r = engine.fim(ep, f, collector(got), {}, fast_options());
    REQUIRE(r.ok());
    CHECK(got.text == kFimMiddle);
    // Every FIM wire reports token counts (usage chunk, Mistral's finish chunk, Ollama's eval counts,
    // llama.cpp's tokens_evaluated/tokens_predicted) and why it stopped.
    REQUIRE(got.usage);
    CHECK(got.usage->input_tokens > 0);
    CHECK(got.usage->output_tokens > 0);
    REQUIRE(got.finish);
    CHECK(got.finish->reason == "stop");
    CHECK(got.order.back() == "finish");
    auto reqs = emu.requests();
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].path == c.path);
    auto body = json::parse(reqs[0].body);
    if (c.preset == "llamacpp") {
      CHECK(body["input_prefix"] == f.prefix);
      CHECK(body["input_suffix"] == f.suffix);
    } else {
      CHECK(body["prompt"] == f.prefix);
      CHECK(body["suffix"] == f.suffix);
    }
  }
}

TEST_CASE("model lists in each dialect", "[wire][models]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (std::string preset : {"openai", "anthropic", "gemini", "ollama"}) {
    INFO(preset);
    auto ep = endpoint_for(emu, preset);
    auto list = engine.models(ep, {}, fast_options());
    REQUIRE(list.ok());
    CHECK(!list->empty());
    for (const auto& m : *list) CHECK(!m.id.empty());
  }
}

TEST_CASE("the token limit field follows the model (max_completion_tokens for reasoning models)", "[wire][tokens]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto field_sent = [&](llm::Endpoint ep, const std::string& model) {
    emu.clear_requests();
    Collected got;
    REQUIRE(engine.chat(ep, hello(model), collector(got), {}, fast_options()).ok());
    auto reqs = emu.requests();
    REQUIRE(reqs.size() == 1);
    auto body = json::parse(reqs[0].body);
    CHECK(body.contains("max_tokens") != body.contains("max_completion_tokens"));
    return body.contains("max_completion_tokens") ? std::string("max_completion_tokens") : std::string("max_tokens");
  };
  // OpenAI's own API takes max_completion_tokens for every model.
  CHECK(field_sent(endpoint_for(emu, "openai"), "gpt-4o-mini") == "max_completion_tokens");
  // Azure deployments named after a reasoning model get it; others keep max_tokens.
  CHECK(field_sent(endpoint_for(emu, "azure"), "o3-mini") == "max_completion_tokens");
  CHECK(field_sent(endpoint_for(emu, "azure"), "gpt-5") == "max_completion_tokens");
  CHECK(field_sent(endpoint_for(emu, "azure"), "my-deployment") == "max_tokens");
  // Elsewhere a model entry in config opts in.
  auto ep = endpoint_for(emu, "openrouter");
  CHECK(field_sent(ep, "openai/o4-mini") == "max_tokens");
  auto cfg = config::parse_config(
      {{"providers", {{"openrouter", {{"models", {{"openai/o4-mini", {{"max_tokens_field", "max_completion_tokens"}}}}}}}}}}, "c");
  REQUIRE(cfg.ok());
  ep.spec.models = cfg->provider("openrouter")->models;
  CHECK(field_sent(ep, "openai/o4-mini") == "max_completion_tokens");
  CHECK(field_sent(ep, "openai/gpt-4o-mini") == "max_tokens");
}
