// OpenAI chat completions and the OpenAI-shaped dialects that reuse its chunk format: legacy
// /v1/completions with `suffix` (OpenAI, DeepSeek beta, vLLM, LM Studio, Ollama /v1) and Mistral's
// /v1/fim/completions. Tolerates every deviation providers.md lists: usage-only chunks with empty/null/
// absent choices, x_groq.usage, OpenRouter cost and error chunks, vLLM "object":"error", Azure filter
// chunks without delta, Mistral content arrays, llama.cpp's legacy "error:" field.
#include <nlohmann/json.hpp>

#include "core/llm/transcript.h"
#include "core/llm/decode_guard.h"
#include "core/llm/sse_stream_decoder.h"
#include "core/llm/openai_fast_chunk.h"
#include "core/llm/wire.h"
#include "core/llm/wire_registry.h"
#include "core/stream/sse_decoder.h"

namespace byok::llm {
using nlohmann::json;

namespace {

std::string normalize_openai_finish(const std::string& r) {
  if (r == "stop" || r == "length" || r == "content_filter" || r == "tool_calls" || r == "error") return r;
  if (r == "function_call") return "tool_calls";
  if (r == "model_length") return "length";
  return "other";
}

class OpenAIDecoder final : public SseStreamDecoder {
 public:
  OpenAIDecoder(std::string provider, size_t max_line) : SseStreamDecoder(std::move(provider), max_line) {}

  Status complete(const EventCallback& emit) override {
    flush_finish(emit);
    if (!finished_ && !done_) {
      return incomplete("no finish_reason, no [DONE]");
    }
    if (!finished_) emit(Finish{"stop", ""});
    return ok_status();
  }

 private:

  void flush_finish(const EventCallback& emit) {
    if (pending_finish_ && !finished_) {
      if (usage_) emit(*usage_);
      emit(*pending_finish_);
      finished_ = true;
    }
  }

  void handle(const stream::SseEvent& ev, const EventCallback& emit) override {
    if (failure_ || (finished_ && done_)) return;
    if (ev.type == "error-field") {  // llama.cpp before PR #16109
      auto j = json::parse(ev.data, nullptr, false);
      std::string msg = j.is_object() ? j.value("message", ev.data) : ev.data;
      fail(stream_error(provider_, msg, j.is_object() ? j.value("type", "") : ""));
      return;
    }
    if (ev.data == "[DONE]") {
      done_ = true;
      flush_finish(emit);
      return;
    }
    // Nearly every event is a plain text chunk: take it without building a DOM (see openai_fast_chunk.h).
    if (auto fast = parse_fast_openai_chunk(ev.data)) {
      if (!fast->text.empty()) emit(TextDelta{std::move(fast->text)});
      if (fast->finish_reason) pending_finish_ = Finish{normalize_openai_finish(*fast->finish_reason), *fast->finish_reason};
      if (pending_finish_ && usage_) flush_finish(emit);
      return;
    }
    auto j = json::parse(ev.data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      fail(Error{ErrorKind::Stream, "malformed JSON in stream from " + provider_ + ": " + ev.data.substr(0, 120), provider_});
      return;
    }
    // Error objects: OpenAI {"error":{…}}, vLLM {"object":"error",…}, OpenRouter error chunk.
    if (j.contains("error") && !j["error"].is_null()) {
      const auto& err = j["error"];
      std::string msg = err.is_object() ? err.value("message", err.dump()) : err.is_string() ? err.get<std::string>() : err.dump();
      std::string type;
      if (err.is_object()) {
        if (err.contains("type") && err["type"].is_string()) type = err["type"];
        else if (err.contains("code")) type = err["code"].is_string() ? err["code"].get<std::string>() : err["code"].dump();
      }
      fail(stream_error(provider_, msg, type));
      return;
    }
    if (j.value("object", "") == "error") {
      fail(stream_error(provider_, j.value("message", "error"), j.value("type", "")));
      return;
    }
    if (j.contains("choices") && j["choices"].is_array()) {
      for (const auto& c : j["choices"]) {
        if (!c.is_object()) continue;
        if (count_field(c, "index") != 0) continue;
        std::string text;
        if (c.contains("delta") && c["delta"].is_object()) {
          const auto& d = c["delta"];
          if (d.contains("content")) {
            const auto& content = d["content"];
            if (content.is_string()) text = content.get<std::string>();
            else if (content.is_array())  // Mistral typed chunks
              for (const auto& part : content)
                if (part.is_object() && part.value("type", "") == "text") text += part.value("text", "");
          }
        } else if (c.contains("message") && c["message"].is_object() && c["message"].contains("content") &&
                   c["message"]["content"].is_string()) {
          text = c["message"]["content"].get<std::string>();  // a non-streamed answer (server ignored stream)
        } else if (c.contains("text") && c["text"].is_string()) {
          text = c["text"].get<std::string>();  // legacy completions
        }
        if (!text.empty()) emit(TextDelta{std::move(text)});
        if (c.contains("finish_reason") && c["finish_reason"].is_string()) {
          std::string raw = c["finish_reason"];
          pending_finish_ = Finish{normalize_openai_finish(raw), raw};
        }
      }
    }
    // Usage: top-level (OpenAI, Mistral on the finish chunk, DeepSeek) or x_groq.usage (Groq).
    const json* u = nullptr;
    if (j.contains("usage") && j["usage"].is_object()) u = &j["usage"];
    else if (j.contains("x_groq") && j["x_groq"].is_object() && j["x_groq"].contains("usage") && j["x_groq"]["usage"].is_object())
      u = &j["x_groq"]["usage"];
    if (u) {
      Usage us;
      us.input_tokens = count_field(*u, "prompt_tokens");
      us.output_tokens = count_field(*u, "completion_tokens");
      if (u->contains("cost") && (*u)["cost"].is_number()) us.cost_usd = (*u)["cost"].get<double>();
      usage_ = us;
    }
    // Usage may follow the finish chunk (include_usage); emit once we know both, or at [DONE]/EOF.
    if (pending_finish_ && usage_) flush_finish(emit);
  }

  std::optional<Usage> usage_;
  std::optional<Finish> pending_finish_;
  bool finished_ = false;
  bool done_ = false;
};

json stop_json(const std::vector<std::string>& stop) { return json(stop); }

class OpenAIChatWire final : public WireAdapter {
 public:
  std::string name() const override { return "openai-chat"; }
  Result<http::Request> build_chat(const ChatRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body;
    body["model"] = req.model;
    json msgs = json::array();
    if (auto sys = collect_system(req); !sys.empty()) msgs.push_back({{"role", "system"}, {"content", sys}});
    for (const auto& m : conversation_turns(req)) msgs.push_back({{"role", to_string(m.role)}, {"content", m.text}});
    body["messages"] = std::move(msgs);
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
    if (req.max_tokens) body[ep.spec.max_tokens_field_for(req.model)] = *req.max_tokens;
    if (req.temperature) body["temperature"] = *req.temperature;
    if (!req.stop.empty()) body["stop"] = stop_json(req.stop);
    r->body = body.dump();
    r->headers.push_back({"Accept", "text/event-stream", false});
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<OpenAIDecoder>(provider, max_line);
  }
};

// Legacy completions with `suffix`: OpenAI gpt-3.5-turbo-instruct, DeepSeek beta, vLLM, LM Studio, Ollama /v1.
class OpenAICompletionsWire final : public WireAdapter {
 public:
  std::string name() const override { return "openai-completions"; }
  Result<http::Request> build_fim(const FimRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body{{"model", req.model}, {"prompt", req.prefix}, {"stream", true}};
    if (!req.suffix.empty()) body["suffix"] = req.suffix;
    body["max_tokens"] = req.max_tokens.value_or(256);
    if (req.temperature) body["temperature"] = *req.temperature;
    if (!req.stop.empty()) body["stop"] = stop_json(req.stop);
    body["stream_options"] = {{"include_usage", true}};
    r->body = body.dump();
    r->headers.push_back({"Accept", "text/event-stream", false});
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<OpenAIDecoder>(provider, max_line);
  }
};

// Mistral/Codestral /v1/fim/completions: prompt + suffix in, chat-chunk shape out.
class MistralFimWire final : public WireAdapter {
 public:
  std::string name() const override { return "mistral-fim"; }
  Result<http::Request> build_fim(const FimRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body{{"model", req.model}, {"prompt", req.prefix}, {"suffix", req.suffix}, {"stream", true}};
    if (req.max_tokens) body["max_tokens"] = *req.max_tokens;
    if (req.temperature) body["temperature"] = *req.temperature;
    if (!req.stop.empty()) body["stop"] = stop_json(req.stop);
    r->body = body.dump();
    r->headers.push_back({"Accept", "text/event-stream", false});
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<OpenAIDecoder>(provider, max_line);
  }
};

}  // namespace

void register_openai_wires(WireRegistry& reg) {
  reg.add(std::make_unique<OpenAIChatWire>());
  reg.add(std::make_unique<OpenAICompletionsWire>());
  reg.add(std::make_unique<MistralFimWire>());
}

}  // namespace byok::llm
