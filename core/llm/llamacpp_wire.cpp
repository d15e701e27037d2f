// llama.cpp's native /infill: input_prefix/input_suffix in; SSE events {"content","stop":false} out, the
// last with "stop":true, stop_type and token counts. No [DONE].
#include <nlohmann/json.hpp>

#include "core/llm/decode_guard.h"
#include "core/llm/sse_stream_decoder.h"
#include "core/llm/wire.h"
#include "core/llm/wire_registry.h"
#include "core/stream/sse_decoder.h"

namespace byok::llm {
using nlohmann::json;

namespace {

class LlamaCppDecoder final : public SseStreamDecoder {
 public:
  LlamaCppDecoder(std::string provider, size_t max_line) : SseStreamDecoder(std::move(provider), max_line) {}

  Status complete(const EventCallback&) override {
    if (!done_)
      return incomplete("no \"stop\":true");
    return ok_status();
  }

 private:
  void handle(const stream::SseEvent& ev, const EventCallback& emit) override {
    if (failure_ || done_) return;
    if (ev.data == "[DONE]") return;
    auto j = json::parse(ev.data, nullptr, false);
    if (!j.is_object()) {
      failure_ = Error{ErrorKind::Stream, "malformed JSON in stream from " + provider_ + ": " + ev.data.substr(0, 120), provider_};
      return;
    }
    if (ev.type == "error-field" || j.contains("error")) {
      const json& e = j.contains("error") ? j["error"] : j;
      failure_ = stream_error(provider_, e.value("message", ev.data), e.value("type", ""));
      return;
    }
    std::string text = j.value("content", "");
    if (!text.empty()) emit(TextDelta{std::move(text)});
    if (j.value("stop", false)) {
      done_ = true;
      Usage u;
      u.input_tokens = count_field(j, "tokens_evaluated");
      u.output_tokens = count_field(j, "tokens_predicted");
      emit(u);
      std::string raw = j.value("stop_type", "eos");
      emit(Finish{raw == "limit" ? "length" : "stop", raw});
    }
  }

  bool done_ = false;
};

class LlamaCppInfillWire final : public WireAdapter {
 public:
  std::string name() const override { return "llamacpp-infill"; }
  Result<http::Request> build_fim(const FimRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const override {
    auto r = base_request(ep, es, req.model);
    if (!r) return r;
    json body{{"input_prefix", req.prefix}, {"input_suffix", req.suffix}, {"stream", true}, {"cache_prompt", true}};
    body["n_predict"] = req.max_tokens.value_or(128);
    if (req.temperature) body["temperature"] = *req.temperature;
    if (!req.stop.empty()) body["stop"] = req.stop;
    r->body = body.dump();
    return r;
  }
  std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line) const override {
    return std::make_unique<LlamaCppDecoder>(provider, max_line);
  }
};

}  // namespace

void register_llamacpp_wire(WireRegistry& reg) { reg.add(std::make_unique<LlamaCppInfillWire>()); }

}  // namespace byok::llm
