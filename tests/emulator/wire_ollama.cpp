// Ollama's native API (providers.md §6): NDJSON with Go's JSON escaping, a final "done":true object with
// done_reason and nanosecond metrics, {"error":"..."} bodies and in-stream error lines.
#include <chrono>
#include <cstdio>
#include <ctime>

#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

// RFC 3339 with nanoseconds in UTC, like Go's time.Time JSON encoding.
std::string rfc3339_nano_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t secs = std::chrono::system_clock::to_time_t(now);
  const auto nanos =
      std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count() % 1000000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(nanos));
  return buf;
}

std::string error_message_for(int status, const std::string& model) {
  switch (status) {
    case 400: return "invalid request: the emulator was asked to reject this request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "model '" + model + "' not found";
    case 429: return "too many requests";
    case 502: return "bad gateway: cloud model unreachable";
    case 503:
    case 529: return "server busy, please try again.  maximum pending requests exceeded";
    default: return status >= 500 ? "an error was encountered while running the model" : "bad request";
  }
}

// `/api/chat` puts text in message.content, `/api/generate` in response.
class Ollama final : public Wire {
 public:
  Ollama(Exchange x, bool chat) : Wire(std::move(x)), chat_(chat) {}

  std::string stream_content_type() const override { return "application/x-ndjson"; }
  bool is_sse() const override { return false; }
  std::string data_line_prefix() const override { return ""; }

  std::vector<std::string> stream_head() const override { return {}; }
  std::string stream_text(std::string_view piece, int) const override {
    ojson j = base(std::string(piece));
    j["done"] = false;
    return ndjson_line(j);
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    return {ndjson_line(final_object("", completion_tokens))};
  }
  std::string stream_error() const override {
    return ndjson_line(ojson{{"error", "an error was encountered while running the model"}});
  }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    return {200, "application/json; charset=utf-8", ndjson_line(final_object(std::string(text), completion_tokens)), {}};
  }
  HttpBody error(int status) const override { return ollama_error_body(status, error_message_for(status, x_.model)); }

 private:
  ojson base(std::string text) const {
    ojson j{{"model", x_.model}, {"created_at", rfc3339_nano_now()}};
    if (chat_) j["message"] = ojson{{"role", "assistant"}, {"content", std::move(text)}};
    else j["response"] = std::move(text);
    return j;
  }
  ojson final_object(std::string text, int completion_tokens) const {
    ojson j = base(std::move(text));
    j["done"] = true;
    j["done_reason"] = "stop";
    if (!chat_) j["context"] = ojson::array({128006, 882, 128007, 271, 3923});
    j["total_duration"] = 120000000 + 15000000LL * completion_tokens;
    j["load_duration"] = 1334875;
    j["prompt_eval_count"] = x_.prompt_tokens;
    j["prompt_eval_duration"] = 1000000LL * x_.prompt_tokens;
    j["eval_count"] = completion_tokens;
    j["eval_duration"] = 15000000LL * completion_tokens;
    return j;
  }
  bool chat_;
};

}  // namespace

std::unique_ptr<Wire> make_ollama_chat(Exchange x) { return std::make_unique<Ollama>(std::move(x), true); }
std::unique_ptr<Wire> make_ollama_generate(Exchange x) { return std::make_unique<Ollama>(std::move(x), false); }

HttpBody ollama_error_body(int status, const std::string& message) {
  return {status, "application/json; charset=utf-8", ndjson_line(ojson{{"error", message}}), {}};
}

HttpBody ollama_tags() {
  ojson models = ojson::array();
  for (const auto& id : listed_model_ids("ollama")) {
    const std::string name = id.find(':') == std::string::npos ? id + ":latest" : id;
    models.push_back(ojson{{"name", name},
                           {"model", name},
                           {"modified_at", "2025-06-01T10:00:00.000000000Z"},
                           {"size", 2019393189},
                           {"digest", "a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72"},
                           {"details",
                            {{"parent_model", ""},
                             {"format", "gguf"},
                             {"family", "llama"},
                             {"families", {"llama"}},
                             {"parameter_size", "3.2B"},
                             {"quantization_level", "Q4_K_M"}}}});
  }
  return {200, "application/json; charset=utf-8", ndjson_line(ojson{{"models", models}}), {}};
}

}  // namespace byok::emu
