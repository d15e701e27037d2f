// Google Gemini streamGenerateContent?alt=sse: contents with user/model roles, systemInstruction,
// generationConfig; CRLF-framed data-only SSE with no sentinel; errors may arrive as raw JSON lines.
// The key goes in x-goog-api-key, never in the URL.
#include <nlohmann/json.hpp>

#include "core/llm/transcript.h"
#include "core/llm/decode_guard.h"
#include "core/llm/sse_stream_decoder.h"
#include "core/llm/wire.h"
#include "core/llm/wire_registry.h"
#include "core/stream/sse_decoder.h"

namespace byok::llm {
using nlohmann::json;

namespace {

std::string normalize_finish(const std::string& r) {
  if (r == "STOP") return "stop";
  if (r == "MAX_TOKENS") return "length";
  if (r == "SAFETY" || r == "RECITATION" || r == "BLOCKLIST" || r == "PROHIBITED_CONTENT" || r == "SPII" ||
      r == "IMAGE_SAFETY" || r == "IMAGE_PROHIBITED_CONTENT" || r == "LANGUAGE")
    return "content_filter";
  if (r == "MALFORMED_FUNCTION_CALL" || r == "UNEXPECTED_TOOL_CALL" || r == "TOO_MANY_TOOL_CALLS") return "tool_calls";
  return "other";
}

class GeminiDecoder final : public SseStreamDecoder {
 public:
  GeminiDecoder(std::string provider, size_t max_line) : SseStreamDecoder(std::move(provider), max_line) {}

  Status complete(const EventCallback& emit) override {
    if (!finish_)
      return incomplete("no finishReason");
    if (usage_) emit(*usage_);
    emit(*finish_);
    return ok_status();
  }

 private:
  void handle(const stream::SseEvent& ev, const EventCallback& emit) override {
    if (failure_) return;
    auto j = json::parse(ev.data, nullptr, false);
    if (!j.is_object()) {
      failure_ = Error{ErrorKind::Stream, "malformed JSON in stream from " + provider_ + ": " + ev.data.substr(0, 120), provider_};
      return;
    }
    if (j.contains("error")) {
      const auto& e = j["error"];
      std::string msg = e.is_object() ? e.value("message", e.dump()) : e.dump();
      std::string type = e.is_object() ? e.value("status", "") : "";
      int code = e.is_object() && e.contains("code") && e["code"].is_number_integer() ? e["code"].get<int>() : 0;
      failure_ = stream_error(provider_, msg, type, code);
      return;
    }
    if (j.contains("candidates") && j["candidates"].is_array() && !j["candidates"].empty()) {
      const auto& c = j["candidates"][0];
      if (c.contains("content") && c["content"].is_object() && c["content"].contains("parts") &&
          c["content"]["parts"].is_array()) {
        std::string text;
        for (const auto& p : c["content"]["parts"]) {
          if (!p.is_object() || p.value("thought", false)) continue;
          if (p.contains("text") && p["text"].is_string()) text += p["text"].get<std::string>();
        }
        if (!text.empty()) emit(TextDelta{std::move(text)});
      }
      if (c.contains("finishReason") && c["finishReason"].is_string()) {
        std::string raw = c["finishReason"];
        finish_ = Finish{normalize_finish(raw), raw};
      }
    } else if (j.contains("promptFeedback") && j["promptFeedback"].is_object() &&
               j["promptFeedback"].contains("blockReason")) {
      failure_ = stream_error(provider_, "prompt blocked: " + j["promptFeedback"]["blockReason"].dump(), "BLOCKED");
      return;
    }
    if (j.contains("usageMetadata") && j["usageMetadata"].is_object()) {
      const auto& u = j["usageMetadata"];
      Usage us;
      us.input_tokens = count_field(u, "promptTokenCount");
      us.output_tokens = count_field(u, "candidatesTokenCount") + count_field(u, "thoughtsTokenCount");
      usage_ = us;  // cumulative on every chunk
    }
  }

  std::optional<Usage> usage_;
  std::optional<Finish> finish_;
};

class GeminiWire final : public WireAdapter {
 public:
  std::string name() const override { return "gemini"; }
  Result<http::Request> build_chat(const ChatRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body;
    json contents = json::array();
    for (const auto& m : alternating_turns(req))
      contents.push_back({{"role", m.role == Role::Assistant ? "model" : "user"}, {"parts", json::array({{{"text", m.text}}})}});
    body["contents"] = std::move(contents);
    if (auto sys = collect_system(req); !sys.empty()) body["systemInstruction"] = {{"parts", json::array({{{"text", sys}}})}};
    json gen = json::object();
    if (req.max_tokens) gen["maxOutputTokens"] = *req.max_tokens;
    if (req.temperature) gen["temperature"] = *req.temperature;
    if (!req.stop.empty()) gen["stopSequences"] = req.stop;
    if (!gen.empty()) body["generationConfig"] = std::move(gen);
    r->body = body.dump();
    r->headers.push_back({"Accept", "text/event-stream", false});
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<GeminiDecoder>(provider, max_line);
  }
};

}  // namespace

void register_gemini_wire(WireRegistry& reg) { reg.add(std::make_unique<GeminiWire>()); }

}  // namespace byok::llm
