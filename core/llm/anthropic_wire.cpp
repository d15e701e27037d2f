// Anthropic Messages: top-level system, alternating user/assistant turns, required max_tokens; named SSE
// events (message_start, content_block_delta, message_delta, message_stop, ping, error).
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

std::string normalize_stop_reason(const std::string& r) {
  if (r == "end_turn" || r == "stop_sequence" || r == "pause_turn") return "stop";
  if (r == "max_tokens" || r == "model_context_window_exceeded") return "length";
  if (r == "tool_use") return "tool_calls";
  if (r == "refusal") return "content_filter";
  return "other";
}

class AnthropicDecoder final : public SseStreamDecoder {
 public:
  AnthropicDecoder(std::string provider, size_t max_line) : SseStreamDecoder(std::move(provider), max_line) {}

  Status complete(const EventCallback& emit) override {
    // message_delta with a stop_reason plus a clean EOF is enough (the final message_stop may be missing).
    if (!stop_reason_)
      return incomplete("no stop_reason");
    emit_end(emit);
    return ok_status();
  }

 private:
  void emit_end(const EventCallback& emit) {
    if (ended_) return;
    ended_ = true;
    emit(usage_);
    emit(Finish{normalize_stop_reason(*stop_reason_), *stop_reason_});
  }

  void handle(const stream::SseEvent& ev, const EventCallback& emit) override {
    if (failure_ || ended_) return;
    auto j = json::parse(ev.data, nullptr, false);
    if (!j.is_object()) {
      failure_ = Error{ErrorKind::Stream, "malformed JSON in stream from " + provider_ + ": " + ev.data.substr(0, 120), provider_};
      return;
    }
    // The SDK dispatches on the event name; fall back to the JSON type for servers that omit event:.
    std::string type = ev.type != "message" ? ev.type : j.value("type", "");
    if (type == "message_start") {
      if (j.contains("message") && j["message"].contains("usage")) {
        const auto& u = j["message"]["usage"];
        usage_.input_tokens = count_field(u, "input_tokens") + count_field(u, "cache_read_input_tokens") +
                              count_field(u, "cache_creation_input_tokens");
        usage_.output_tokens = count_field(u, "output_tokens");
      }
    } else if (type == "content_block_delta") {
      if (j.contains("delta") && j["delta"].is_object() && j["delta"].value("type", "") == "text_delta") {
        std::string text = j["delta"].value("text", "");
        if (!text.empty()) emit(TextDelta{std::move(text)});
      }
    } else if (type == "message_delta") {
      if (j.contains("delta") && j["delta"].is_object() && j["delta"].contains("stop_reason") &&
          j["delta"]["stop_reason"].is_string())
        stop_reason_ = j["delta"]["stop_reason"].get<std::string>();
      if (j.contains("usage") && j["usage"].is_object()) {
        // Cumulative counts: replace, never add.
        const auto& u = j["usage"];
        if (u.contains("output_tokens")) usage_.output_tokens = count_field(u, "output_tokens");
        if (u.contains("input_tokens") && u["input_tokens"].is_number())
          usage_.input_tokens = count_field(u, "input_tokens") + count_field(u, "cache_read_input_tokens") +
                                count_field(u, "cache_creation_input_tokens");
      }
    } else if (type == "message_stop") {
      if (!stop_reason_) stop_reason_ = "end_turn";
      emit_end(emit);
    } else if (type == "error") {
      std::string msg = "error", etype;
      if (j.contains("error") && j["error"].is_object()) {
        msg = j["error"].value("message", msg);
        etype = j["error"].value("type", "");
      }
      failure_ = stream_error(provider_, msg, etype, etype == "overloaded_error" ? 529 : 0);
    }
    // ping, content_block_start/stop and unknown events: nothing to do.
  }

  std::optional<std::string> stop_reason_;
  Usage usage_;
  bool ended_ = false;
};

class AnthropicWire final : public WireAdapter {
 public:
  std::string name() const override { return "anthropic"; }
  Result<http::Request> build_chat(const ChatRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body;
    body["model"] = req.model;
    body["max_tokens"] = req.max_tokens.value_or(ep.spec.default_max_tokens > 0 ? ep.spec.default_max_tokens : 4096);
    if (auto sys = collect_system(req); !sys.empty()) body["system"] = sys;
    json msgs = json::array();
    for (const auto& m : alternating_turns(req))
      msgs.push_back({{"role", m.role == Role::Assistant ? "assistant" : "user"}, {"content", m.text}});
    body["messages"] = std::move(msgs);
    body["stream"] = true;
    if (req.temperature) body["temperature"] = std::min(*req.temperature, 1.0);
    if (!req.stop.empty()) body["stop_sequences"] = req.stop;
    r->body = body.dump();
    r->headers.push_back({"Accept", "text/event-stream", false});
    bool has_version = false;
    for (const auto& h : r->headers) has_version |= h.name == "anthropic-version";
    if (!has_version) r->headers.push_back({"anthropic-version", "2023-06-01", false});
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<AnthropicDecoder>(provider, max_line);
  }
};

}  // namespace

void register_anthropic_wire(WireRegistry& reg) { reg.add(std::make_unique<AnthropicWire>()); }

}  // namespace byok::llm
