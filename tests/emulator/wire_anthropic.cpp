// Anthropic Messages (providers.md §2): named SSE events message_start .. message_stop with a ping, usage
// split between message_start (input) and message_delta (cumulative output), typed error bodies.
#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

std::string error_type_for(int status) {
  switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 402: return "billing_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 500: return "api_error";
    case 503:
    case 529: return "overloaded_error";
    case 504: return "timeout_error";
    default: return status >= 500 ? "api_error" : "invalid_request_error";
  }
}

std::string error_message_for(int status, const std::string& model) {
  switch (status) {
    case 401: return "invalid x-api-key";
    case 403: return "Your API key does not have permission to use the specified resource.";
    case 404: return "model: " + model;
    case 429: return "Number of request tokens has exceeded your per-minute rate limit";
    case 500: return "Internal server error";
    case 503:
    case 529: return "Overloaded";
    default: return "The emulator rejected this request with status " + std::to_string(status) + ".";
  }
}

class AnthropicMessages final : public Wire {
 public:
  using Wire::Wire;

  std::vector<std::string> stream_head() const override {
    ojson message{{"id", "msg_" + x_.id},
                  {"type", "message"},
                  {"role", "assistant"},
                  {"model", x_.model},
                  {"content", ojson::array()},
                  {"stop_reason", nullptr},
                  {"stop_sequence", nullptr},
                  {"usage", usage(1)}};
    return {
        sse_event("message_start", ojson{{"type", "message_start"}, {"message", message}}),
        sse_event("content_block_start",
                  ojson{{"type", "content_block_start"}, {"index", 0}, {"content_block", {{"type", "text"}, {"text", ""}}}}),
        // The API writes this one with a space after the colon (providers.md §2.6 fixture).
        "event: ping\ndata: {\"type\": \"ping\"}\n\n",
    };
  }
  std::string stream_text(std::string_view piece, int) const override {
    return sse_event("content_block_delta", ojson{{"type", "content_block_delta"},
                                                  {"index", 0},
                                                  {"delta", {{"type", "text_delta"}, {"text", std::string(piece)}}}});
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    return {
        sse_event("content_block_stop", ojson{{"type", "content_block_stop"}, {"index", 0}}),
        sse_event("message_delta", ojson{{"type", "message_delta"},
                                         {"delta", {{"stop_reason", "end_turn"}, {"stop_sequence", nullptr}}},
                                         {"usage", {{"output_tokens", completion_tokens}}}}),
        sse_event("message_stop", ojson{{"type", "message_stop"}}),
    };
  }
  std::string stream_error() const override {
    return sse_event("error", ojson{{"type", "error"}, {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}});
  }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    ojson j{{"id", "msg_" + x_.id},
            {"type", "message"},
            {"role", "assistant"},
            {"model", x_.model},
            {"content", {{{"type", "text"}, {"text", std::string(text)}}}},
            {"stop_reason", "end_turn"},
            {"stop_sequence", nullptr},
            {"usage", usage(completion_tokens)}};
    return {200, "application/json", j.dump(), {}};
  }
  HttpBody error(int status) const override {
    ojson j{{"type", "error"},
            {"error", {{"type", error_type_for(status)}, {"message", error_message_for(status, x_.model)}}},
            {"request_id", request_id()}};
    return {status, "application/json", j.dump(), {}};
  }
  Headers response_headers() const override { return {{"request-id", request_id()}}; }

 private:
  std::string request_id() const { return "req_" + x_.id; }
  ojson usage(int output_tokens) const {
    return ojson{{"input_tokens", x_.prompt_tokens},
                 {"cache_creation_input_tokens", 0},
                 {"cache_read_input_tokens", 0},
                 {"output_tokens", output_tokens},
                 {"service_tier", "standard"}};
  }
};

ojson anthropic_model_json(const std::string& id) {
  return ojson{{"type", "model"}, {"id", id}, {"display_name", id}, {"created_at", "2025-02-19T00:00:00Z"}};
}

}  // namespace

std::unique_ptr<Wire> make_anthropic_messages(Exchange x) { return std::make_unique<AnthropicMessages>(std::move(x)); }

HttpBody anthropic_error_body(int status, const std::string& type, const std::string& message) {
  ojson j{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}, {"request_id", "req_emu_unrouted"}};
  return {status, "application/json", j.dump(), {}};
}

HttpBody anthropic_models() {
  ojson data = ojson::array();
  for (const auto& id : listed_model_ids("anthropic")) data.push_back(anthropic_model_json(id));
  ojson j{{"data", data}, {"has_more", false}, {"first_id", data.front()["id"]}, {"last_id", data.back()["id"]}};
  return {200, "application/json", j.dump(), {}};
}

HttpBody anthropic_model(const std::string& id) { return {200, "application/json", anthropic_model_json(id).dump(), {}}; }

}  // namespace byok::emu
