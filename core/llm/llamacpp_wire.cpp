// llama.cpp's native /infill: input_prefix/input_suffix in; SSE events {"content","stop":false} out, the
// last with "stop":true, stop_type and token counts. No [DONE].
#include <nlohmann/json.hpp>

#include "core/llm/decode_guard.h"
#include "core/llm/wire.h"
#include "core/llm/wire_registry.h"
#include "core/stream/sse_decoder.h"

namespace byok::llm {
using nlohmann::json;

namespace {

class LlamaCppDecoder final : public StreamDecoder {
 public:
  LlamaCppDecoder(std::string provider, size_t max_line) : provider_(std::move(provider)), sse_(max_line) {}

  Status feed(std::string_view bytes, const EventCallback& emit) override {
    if (failure_) return *failure_;
    auto st = sse_.feed(bytes, [&](const stream::SseEvent& ev) {
      guard_event(provider_, ev.data, failure_, [&] { handle(ev, emit); });
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
    sse_.finish([&](const stream::SseEvent& ev) {
      guard_event(provider_, ev.data, failure_, [&] { handle(ev, emit); });
    });
    if (failure_) return *failure_;
    if (!done_)
      return Error{ErrorKind::Stream, "stream from " + provider_ + " ended before the answer was complete (no \"stop\":true)", provider_};
    return ok_status();
  }

 private:
  void handle(const stream::SseEvent& ev, const EventCallback& emit) {
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

  std::string provider_;
  stream::SseDecoder sse_;
  bool done_ = false;
  std::optional<Error> failure_;
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
