// Each provider's stream decoder against recorded-style vectors (tests/data/streams): the text, usage,
// finish reason or error it must produce — the same for every two-chunk split of the bytes.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/llm/wire.h"

using namespace byok;
using namespace byok::llm;

namespace {
struct Outcome {
  std::string text;
  std::optional<Usage> usage;
  std::string finish;
  std::optional<Error> error;
};

std::string read_vector(const std::string& name) {
  std::ifstream in(std::string(BYOK_TEST_DATA) + "/streams/" + name, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Outcome decode(const std::string& wire, const std::vector<std::string_view>& chunks) {
  auto dec = find_wire(wire)->make_decoder("prov", 1 << 20);
  Outcome o;
  EventCallback emit = [&](const Event& ev) {
    if (auto* d = std::get_if<TextDelta>(&ev)) o.text += d->text;
    if (auto* u = std::get_if<Usage>(&ev)) o.usage = *u;
    if (auto* f = std::get_if<Finish>(&ev)) o.finish = f->reason;
  };
  for (auto c : chunks) {
    auto st = dec->feed(c, emit);
    if (!st) {
      o.error = st.error();
      return o;
    }
  }
  auto st = dec->finish(emit);
  if (!st) o.error = st.error();
  return o;
}

Outcome decode_all_splits(const std::string& wire, const std::string& file) {
  std::string bytes = read_vector(file);
  auto whole = decode(wire, {bytes});
  std::string_view v = bytes;
  for (size_t i = 0; i <= bytes.size(); ++i) {
    auto o = decode(wire, {v.substr(0, i), v.substr(i)});
    INFO(file << " split at " << i);
    REQUIRE(o.text == whole.text);
    REQUIRE(o.finish == whole.finish);
    REQUIRE(o.error.has_value() == whole.error.has_value());
  }
  return whole;
}
}  // namespace

TEST_CASE("OpenAI chat stream with include_usage", "[decoder][openai]") {
  auto o = decode_all_splits("openai-chat", "openai_chat_usage.sse");
  REQUIRE_FALSE(o.error);
  REQUIRE(o.text == "I'm unable é€👋");
  REQUIRE(o.finish == "stop");
  REQUIRE(o.usage);
  REQUIRE(o.usage->input_tokens == 14);
  REQUIRE(o.usage->output_tokens == 30);
}

TEST_CASE("legacy completions (FIM) stream", "[decoder][openai]") {
  auto o = decode_all_splits("openai-completions", "openai_completions_fim.sse");
  REQUIRE_FALSE(o.error);
  REQUIRE(o.text == "    return a + b");
  REQUIRE(o.finish == "stop");
}

TEST_CASE("Mistral usage on the finish chunk, DeepSeek keep-alives, Groq x_groq usage, Azure filter chunks",
          "[decoder][openai]") {
  auto m = decode_all_splits("openai-chat", "mistral_chat.sse");
  REQUIRE(m.text == "Cocaizable");
  REQUIRE(m.finish == "length");
  REQUIRE(m.usage->input_tokens == 34);
  REQUIRE(m.usage->output_tokens == 100);
  auto d = decode_all_splits("openai-chat", "deepseek_keepalive.sse");
  REQUIRE(d.text == "Hello <\xEF\xBD\x9C" "fim\xE2\x96\x81hole\xEF\xBD\x9C>");
  REQUIRE(d.usage->input_tokens == 13);
  auto g = decode_all_splits("openai-chat", "groq_xgroq.sse");
  REQUIRE(g.text == "Hi");
  REQUIRE(g.usage->output_tokens == 439);
  auto a = decode_all_splits("openai-chat", "azure_filter.sse");
  REQUIRE(a.text == " have");
  REQUIRE(a.finish == "stop");
}

TEST_CASE("OpenRouter error chunk after partial text is a provider error", "[decoder][openai]") {
  auto o = decode_all_splits("openai-chat", "openrouter_error.sse");
  REQUIRE(o.text == "Partial");
  REQUIRE(o.error);
  REQUIRE(o.error->message == "Provider disconnected unexpectedly");
  REQUIRE(o.error->kind == ErrorKind::Provider);
}

TEST_CASE("Anthropic events, including a final event with no blank line", "[decoder][anthropic]") {
  auto o = decode_all_splits("anthropic", "anthropic_basic.sse");
  REQUIRE_FALSE(o.error);
  REQUIRE(o.text == "Hello there! ünïcødé ✓");
  REQUIRE(o.finish == "stop");
  REQUIRE(o.usage->input_tokens == 11);
  REQUIRE(o.usage->output_tokens == 6);
  auto e = decode_all_splits("anthropic", "anthropic_error.sse");
  REQUIRE(e.text == "Hel");
  REQUIRE(e.error);
  REQUIRE(e.error->type == "overloaded_error");
  REQUIRE(e.error->retryable);
}

TEST_CASE("Gemini CRLF stream and raw JSON error", "[decoder][gemini]") {
  auto o = decode_all_splits("gemini", "gemini_crlf.sse");
  REQUIRE_FALSE(o.error);
  REQUIRE(o.text == "Fill-in-the-middle lets a model write code between a prefix and a suffix. 👋");
  REQUIRE(o.finish == "stop");
  REQUIRE(o.usage->output_tokens == 14);
  auto e = decode_all_splits("gemini", "gemini_raw_error.sse");
  REQUIRE(e.text == "Partial");
  REQUIRE(e.error);
  REQUIRE(e.error->message == "Internal error");
  REQUIRE(e.error->type == "INTERNAL");
}

TEST_CASE("Ollama NDJSON and its error line", "[decoder][ollama]") {
  auto o = decode_all_splits("ollama-chat", "ollama_chat.ndjson");
  REQUIRE_FALSE(o.error);
  REQUIRE(o.text == "The <div> sky 🌌");
  REQUIRE(o.usage->input_tokens == 26);
  REQUIRE(o.usage->output_tokens == 282);
  auto e = decode_all_splits("ollama-chat", "ollama_error_crlf.ndjson");
  REQUIRE(e.text == "é");
  REQUIRE(e.error);
  REQUIRE(e.error->message == "an error was encountered while running the model");
}

TEST_CASE("llama.cpp native events and the legacy error: line", "[decoder][llamacpp]") {
  auto o = decode_all_splits("llamacpp-infill", "llamacpp_completion.sse");
  REQUIRE_FALSE(o.error);
  REQUIRE(o.text == " the planet");
  REQUIRE(o.finish == "stop");
  auto e = decode_all_splits("openai-chat", "llamacpp_legacy_error.sse");
  REQUIRE(e.error);
  REQUIRE_THAT(e.error->message, Catch::Contains("exceeds the available context size"));
}

TEST_CASE("a stream that ends early is reported, not taken as complete", "[decoder]") {
  auto o = decode("openai-chat", {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"});
  REQUIRE(o.text == "Hi");
  REQUIRE(o.error);
  REQUIRE(o.error->kind == ErrorKind::Stream);
  REQUIRE_THAT(o.error->message, Catch::Contains("ended before the answer was complete"));
  auto m = decode("openai-chat", {"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"choices\": [\n\n"});
  REQUIRE(m.error);
  REQUIRE_THAT(m.error->message, Catch::Contains("malformed JSON"));
}

TEST_CASE("error bodies of every shape give the provider's own message", "[errors]") {
  http::ResponseHead h;
  h.headers = {{"Retry-After", "3"}};
  auto e = parse_error_response("openai", 429, R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})", h);
  REQUIRE(e.message == "Rate limit reached");
  REQUIRE(e.retryable);
  REQUIRE(e.retry_after == std::chrono::milliseconds(3000));
  REQUIRE(e.describe() == "openai: 429 Rate limit reached");
  auto a = parse_error_response("anthropic", 529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"})", {});
  REQUIRE(a.type == "overloaded_error");
  REQUIRE(a.retryable);
  auto g = parse_error_response("gemini", 400, R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT"}})", {});
  REQUIRE(g.message == "API key not valid. Please pass a valid API key.");
  REQUIRE(g.type == "INVALID_ARGUMENT");
  REQUIRE_FALSE(g.retryable);
  auto gq = parse_error_response("gemini", 429, R"({"error":{"code":429,"message":"quota","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"19.5s"}]}})", {});
  REQUIRE(gq.retry_after == std::chrono::milliseconds(19500));
  REQUIRE(parse_error_response("ollama", 404, R"({"error":"model 'x' not found"})", {}).message == "model 'x' not found");
  REQUIRE(parse_error_response("mistral", 401, R"({"detail":"Unauthorized"})", {}).message == "Unauthorized");
  REQUIRE(parse_error_response("x", 502, "<html>Bad gateway</html>\n", {}).message == "<html>Bad gateway</html>");
  REQUIRE(parse_error_response("x", 500, "", {}).message == "HTTP 500 with no error message");
}
