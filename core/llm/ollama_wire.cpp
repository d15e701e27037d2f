// Ollama's native API: /api/chat (messages) and /api/generate (prompt + suffix for FIM), both NDJSON with
// a final "done":true object carrying done_reason and token counts; errors as {"error":"…"} lines.
#include <nlohmann/json.hpp>

#include "core/llm/transcript.h"
#include "core/llm/decode_guard.h"
#include "core/llm/wire.h"
#include "core/llm/wire_registry.h"
#include "core/stream/ndjson_decoder.h"

namespace byok::llm {
using nlohmann::json;

namespace {

class OllamaDecoder final : public StreamDecoder {
 public:
  OllamaDecoder(std::string provider, size_t max_line, bool generate)
      : provider_(std::move(provider)), nd_(max_line), generate_(generate) {}

  Status feed(std::string_view bytes, const EventCallback& emit) override {
    if (failure_) return *failure_;
    auto st = nd_.feed(bytes, [&](std::string_view line) {
      guard_event(provider_, line, failure_, [&] { handle(line, emit); });
    });
    if (!st) {
      auto e = st.error();
      e.provider = provider_;
      e.message = "malformed stream from " + provider_ + ": " + e.message;
      return e;
    }
    return failure_ ? Status(*failure_) : ok_status();
  }

  Status finish(const EventCallback& emit) override {
    if (failure_) return *failure_;
    nd_.finish([&](std::string_view line) {
      guard_event(provider_, line, failure_, [&] { handle(line, emit); });
    });
    if (failure_) return *failure_;
    if (!done_)
      return Error{ErrorKind::Stream, "stream from " + provider_ + " ended before the answer was complete (no \"done\":true)", provider_};
    return ok_status();
  }

 private:
  void handle(std::string_view line, const EventCallback& emit) {
    if (failure_ || done_) return;
    auto j = json::parse(line, nullptr, false);
    if (!j.is_object()) {
      failure_ = Error{ErrorKind::Stream, "malformed JSON in stream from " + provider_ + ": " + std::string(line.substr(0, 120)), provider_};
      return;
    }
    if (j.contains("error")) {
      failure_ = stream_error(provider_, j["error"].is_string() ? j["error"].get<std::string>() : j["error"].dump(), "");
      return;
    }
    std::string text;
    if (generate_) text = j.value("response", "");
    else if (j.contains("message") && j["message"].is_object()) text = j["message"].value("content", "");
    if (!text.empty()) emit(TextDelta{std::move(text)});
    if (j.value("done", false)) {
      done_ = true;
      Usage u;
      u.input_tokens = count_field(j, "prompt_eval_count");
      u.output_tokens = count_field(j, "eval_count");
      emit(u);
      std::string raw = j.value("done_reason", "stop");
      emit(Finish{raw == "length" ? "length" : raw == "stop" ? "stop" : "other", raw});
    }
  }

  std::string provider_;
  stream::NdjsonDecoder nd_;
  bool generate_;
  bool done_ = false;
  std::optional<Error> failure_;
};

json options_for(std::optional<int> max_tokens, std::optional<double> temperature, const std::vector<std::string>& stop) {
  json o = json::object();
  if (max_tokens) o["num_predict"] = *max_tokens;
  if (temperature) o["temperature"] = *temperature;
  if (!stop.empty()) o["stop"] = stop;
  return o;
}

class OllamaChatWire final : public WireAdapter {
 public:
  std::string name() const override { return "ollama-chat"; }
  Result<http::Request> build_chat(const ChatRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json msgs = json::array();
    if (auto sys = collect_system(req); !sys.empty()) msgs.push_back({{"role", "system"}, {"content", sys}});
    for (const auto& m : conversation_turns(req)) msgs.push_back({{"role", to_string(m.role)}, {"content", m.text}});
    json body{{"model", req.model}, {"messages", std::move(msgs)}, {"stream", true}};
    if (auto o = options_for(req.max_tokens, req.temperature, req.stop); !o.empty()) body["options"] = o;
    r->body = body.dump();
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<OllamaDecoder>(provider, max_line, false);
  }
};

class OllamaGenerateWire final : public WireAdapter {
 public:
  std::string name() const override { return "ollama-generate"; }
  Result<http::Request> build_fim(const FimRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body{{"model", req.model}, {"prompt", req.prefix}, {"stream", true}};
    if (req.raw) body["raw"] = true;
    else body["suffix"] = req.suffix;
    if (auto o = options_for(req.max_tokens, req.temperature, req.stop); !o.empty()) body["options"] = o;
    r->body = body.dump();
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<OllamaDecoder>(provider, max_line, true);
  }
};

}  // namespace

void register_ollama_wires(WireRegistry& reg) {
  reg.add(std::make_unique<OllamaChatWire>());
  reg.add(std::make_unique<OllamaGenerateWire>());
}

}  // namespace byok::llm
