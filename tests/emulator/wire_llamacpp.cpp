// llama.cpp's native /completion and /infill (providers.md §7): data-only SSE events with content/stop,
// a final "stop":true event with timings, and no [DONE]. Non-streaming is the default there.
#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

std::pair<std::string, std::string> error_kind_for(int status) {
  switch (status) {
    case 400: return {"invalid_request_error", "the request exceeds the available context size. try increasing the context size or enable context shift"};
    case 401: return {"authentication_error", "Invalid API Key"};
    case 403: return {"permission_error", "Forbidden"};
    case 404: return {"not_found_error", "File Not Found"};
    case 503: return {"unavailable_error", "Loading model"};
    default: return {status >= 500 ? "server_error" : "invalid_request_error", "The emulator rejected this request."};
  }
}

class LlamaCpp final : public Wire {
 public:
  using Wire::Wire;

  std::vector<std::string> stream_head() const override { return {}; }
  std::string stream_text(std::string_view piece, int tokens_so_far) const override {
    return sse_data(ojson{{"index", 0},
                          {"content", std::string(piece)},
                          {"tokens", ojson::array()},
                          {"stop", false},
                          {"id_slot", -1},
                          {"tokens_predicted", tokens_so_far},
                          {"tokens_evaluated", x_.prompt_tokens}});
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    return {sse_data(final_event("", completion_tokens))};
  }
  std::string stream_error() const override {
    return sse_data(ojson{{"error", {{"code", 500}, {"message", "the emulator failed this stream"}, {"type", "server_error"}}}});
  }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    return {200, "application/json; charset=utf-8", final_event(std::string(text), completion_tokens).dump(), {}};
  }
  HttpBody error(int status) const override {
    const auto [type, message] = error_kind_for(status);
    ojson j{{"error", {{"code", status}, {"message", message}, {"type", type}}}};
    return {status, "application/json; charset=utf-8", j.dump(), {}};
  }

 private:
  ojson final_event(std::string content, int completion_tokens) const {
    const double prompt_ms = 1.5 * x_.prompt_tokens, predicted_ms = 12.5 * completion_tokens;
    return ojson{{"index", 0},
                 {"content", std::move(content)},
                 {"tokens", ojson::array()},
                 {"id_slot", 0},
                 {"stop", true},
                 {"model", x_.model},
                 {"tokens_predicted", completion_tokens},
                 {"tokens_evaluated", x_.prompt_tokens},
                 {"generation_settings", {{"n_predict", -1}, {"temperature", 0.8}, {"top_k", 40}, {"top_p", 0.95}}},
                 {"has_new_line", false},
                 {"truncated", false},
                 {"stop_type", "eos"},
                 {"stopping_word", ""},
                 {"tokens_cached", x_.prompt_tokens + completion_tokens},
                 {"timings",
                  {{"prompt_n", x_.prompt_tokens},
                   {"prompt_ms", prompt_ms},
                   {"prompt_per_token_ms", 1.5},
                   {"prompt_per_second", 1000.0 / 1.5},
                   {"predicted_n", completion_tokens},
                   {"predicted_ms", predicted_ms},
                   {"predicted_per_token_ms", 12.5},
                   {"predicted_per_second", 80.0}}}};
  }
};

}  // namespace

std::unique_ptr<Wire> make_llamacpp_completion(Exchange x) { return std::make_unique<LlamaCpp>(std::move(x)); }

}  // namespace byok::emu
