// OpenAI-shaped dialects (providers.md §1, §4, §5): Chat Completions, legacy Completions (FIM via `suffix`,
// also DeepSeek's /beta/completions), Mistral/Codestral FIM, and the OpenAI model list.
#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

constexpr const char* kFingerprint = "fp_emu0000001";

ojson usage_object(int prompt, int completion) {
  return ojson{{"prompt_tokens", prompt},
               {"completion_tokens", completion},
               {"total_tokens", prompt + completion},
               {"prompt_tokens_details", {{"cached_tokens", 0}, {"audio_tokens", 0}}},
               {"completion_tokens_details",
                {{"reasoning_tokens", 0},
                 {"audio_tokens", 0},
                 {"accepted_prediction_tokens", 0},
                 {"rejected_prediction_tokens", 0}}}};
}

struct OpenAiError {
  std::string message, type;
  ojson param, code;
};

OpenAiError openai_error_for(int status, const std::string& model) {
  switch (status) {
    case 400: return {"Invalid request: the emulator was asked to reject this request.", "invalid_request_error", nullptr, nullptr};
    case 401:
      return {"Incorrect API key provided: sk-emu***. You can find your API key at https://platform.openai.com/account/api-keys.",
              "invalid_request_error", nullptr, "invalid_api_key"};
    case 403: return {"Project does not have access to model `" + model + "`", "invalid_request_error", nullptr, "model_not_found"};
    case 404:
      return {"The model `" + model + "` does not exist or you do not have access to it.", "invalid_request_error", nullptr,
              "model_not_found"};
    case 429:
      return {"Rate limit reached for " + model + " on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 1s.",
              "requests", "requests", "rate_limit_exceeded"};
    case 503: return {"The engine is currently overloaded, please try again later.", "server_error", nullptr, nullptr};
    case 529: return {"The server is overloaded, please try again later.", "server_error", nullptr, "overloaded"};
    default:
      if (status >= 500)
        return {"The server had an error while processing your request. Sorry about that!", "server_error", nullptr, nullptr};
      return {"The emulator rejected this request with status " + std::to_string(status) + ".", "invalid_request_error",
              nullptr, nullptr};
  }
}

HttpBody error_body(int status, const OpenAiError& e) {
  ojson j{{"error", {{"message", e.message}, {"type", e.type}, {"param", e.param}, {"code", e.code}}}};
  return {status, "application/json", j.dump(2) + "\n", {}};
}

HttpBody openai_error_body(int status, const std::string& model) {
  return error_body(status, openai_error_for(status, model));
}

// Recorded from OpenAI (coder/aibridge stream_error fixture): note the Python-style spacing, and that no
// [DONE] follows.
constexpr const char* kOpenAiStreamError =
    "data: {\"error\": {\"message\": \"The server had an error while processing your request. Sorry about that!\", "
    "\"type\": \"server_error\"}}\n\n";

class OpenAiChat final : public Wire {
 public:
  using Wire::Wire;

  std::vector<std::string> stream_head() const override {
    return {sse_data(chunk(ojson{{"role", "assistant"}, {"content", ""}, {"refusal", nullptr}}, nullptr))};
  }
  std::string stream_text(std::string_view piece, int) const override {
    return sse_data(chunk(ojson{{"content", std::string(piece)}}, nullptr));
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    std::vector<std::string> out{sse_data(chunk(ojson::object(), "stop"))};
    if (x_.include_usage) {
      ojson j = base();
      j["choices"] = ojson::array();
      j["usage"] = usage_object(x_.prompt_tokens, completion_tokens);
      out.push_back(sse_data(j));
    }
    out.emplace_back("data: [DONE]\n\n");
    return out;
  }
  std::string stream_error() const override { return kOpenAiStreamError; }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    ojson j{{"id", "chatcmpl-" + x_.id},
            {"object", "chat.completion"},
            {"created", x_.created},
            {"model", x_.model},
            {"choices",
             {{{"index", 0},
               {"message", {{"role", "assistant"}, {"content", std::string(text)}, {"refusal", nullptr}, {"annotations", ojson::array()}}},
               {"logprobs", nullptr},
               {"finish_reason", "stop"}}}},
            {"usage", usage_object(x_.prompt_tokens, completion_tokens)},
            {"service_tier", "default"},
            {"system_fingerprint", kFingerprint}};
    return {200, "application/json", j.dump(2) + "\n", {}};
  }
  HttpBody error(int status) const override { return openai_error_body(status, x_.model); }
  Headers response_headers() const override { return {{"x-request-id", "req_" + x_.id}}; }

 private:
  ojson base() const {
    ojson j{{"id", "chatcmpl-" + x_.id}, {"object", "chat.completion.chunk"}, {"created", x_.created}, {"model", x_.model}};
    if (x_.usage_null_chunks) j["service_tier"] = "default";
    j["system_fingerprint"] = kFingerprint;
    return j;
  }
  ojson chunk(ojson delta, ojson finish_reason) const {
    ojson j = base();
    j["choices"] = ojson::array(
        {ojson{{"index", 0}, {"delta", std::move(delta)}, {"logprobs", nullptr}, {"finish_reason", std::move(finish_reason)}}});
    if (x_.usage_null_chunks) j["usage"] = nullptr;
    return j;
  }
};

class OpenAiLegacy final : public Wire {
 public:
  using Wire::Wire;

  std::vector<std::string> stream_head() const override { return {}; }
  std::string stream_text(std::string_view piece, int) const override {
    return sse_data(chunk(std::string(piece), nullptr));
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    std::vector<std::string> out{sse_data(chunk("", "stop"))};
    if (x_.include_usage) {
      ojson j = base();
      j["choices"] = ojson::array();
      j["usage"] = ojson{{"prompt_tokens", x_.prompt_tokens},
                         {"completion_tokens", completion_tokens},
                         {"total_tokens", x_.prompt_tokens + completion_tokens}};
      out.push_back(sse_data(j));
    }
    out.emplace_back("data: [DONE]\n\n");
    return out;
  }
  std::string stream_error() const override { return kOpenAiStreamError; }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    ojson j = base();
    j["choices"] = ojson::array(
        {ojson{{"text", std::string(text)}, {"index", 0}, {"logprobs", nullptr}, {"finish_reason", "stop"}}});
    j["usage"] = ojson{{"prompt_tokens", x_.prompt_tokens},
                       {"completion_tokens", completion_tokens},
                       {"total_tokens", x_.prompt_tokens + completion_tokens}};
    return {200, "application/json", j.dump(2) + "\n", {}};
  }
  HttpBody error(int status) const override { return openai_error_body(status, x_.model); }
  Headers response_headers() const override { return {{"x-request-id", "req_" + x_.id}}; }

 private:
  ojson base() const {
    return ojson{{"id", "cmpl-" + x_.id}, {"object", "text_completion"}, {"created", x_.created}, {"model", x_.model}};
  }
  ojson chunk(std::string text, ojson finish_reason) const {
    ojson j = base();
    j["choices"] = ojson::array(
        {ojson{{"text", std::move(text)}, {"index", 0}, {"logprobs", nullptr}, {"finish_reason", std::move(finish_reason)}}});
    if (x_.usage_null_chunks) j["usage"] = nullptr;
    return j;
  }
};

// Mistral's FIM stream uses the chat-chunk shape (not choices[].text) and puts usage on the finish chunk
// with its own key order (providers.md §4.2, §4.5).
class MistralFim final : public Wire {
 public:
  using Wire::Wire;

  std::vector<std::string> stream_head() const override {
    return {sse_data(chunk(ojson{{"role", "assistant"}, {"content", ""}}, nullptr))};
  }
  std::string stream_text(std::string_view piece, int) const override {
    return sse_data(chunk(ojson{{"content", std::string(piece)}}, nullptr));
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    ojson j = chunk(ojson{{"content", ""}}, "stop");
    j["usage"] = usage(completion_tokens);
    return {sse_data(j), "data: [DONE]\n\n"};
  }
  std::string stream_error() const override { return kOpenAiStreamError; }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    ojson j{{"id", x_.id},
            {"object", "chat.completion"},
            {"model", x_.model},
            {"usage", usage(completion_tokens)},
            {"created", x_.created},
            {"choices",
             {{{"index", 0},
               {"message", {{"role", "assistant"}, {"content", std::string(text)}, {"tool_calls", nullptr}, {"prefix", false}}},
               {"finish_reason", "stop"}}}}};
    return {200, "application/json", j.dump() , {}};
  }
  HttpBody error(int status) const override {
    if (status == 401) return {401, "application/json", R"({"message":"Unauthorized","request_id":")" + x_.id + "\"}", {}};
    if (status == 422)
      return {422, "application/json",
              R"({"detail":[{"loc":["body","prompt"],"msg":"field required","type":"value_error.missing"}]})", {}};
    return openai_error_body(status, x_.model);
  }

 private:
  ojson usage(int completion_tokens) const {
    return ojson{{"prompt_tokens", x_.prompt_tokens},
                 {"total_tokens", x_.prompt_tokens + completion_tokens},
                 {"completion_tokens", completion_tokens}};
  }
  ojson chunk(ojson delta, ojson finish_reason) const {
    ojson j{{"id", x_.id}, {"object", "chat.completion.chunk"}, {"created", x_.created}, {"model", x_.model}};
    j["choices"] = ojson::array({ojson{{"index", 0}, {"delta", std::move(delta)}, {"finish_reason", std::move(finish_reason)}}});
    if (x_.usage_null_chunks) j["usage"] = nullptr;
    return j;
  }
};

ojson openai_model_json(const std::string& id) {
  return ojson{{"id", id}, {"object", "model"}, {"created", 1715367049}, {"owned_by", "byok-emulator"}};
}

}  // namespace

std::unique_ptr<Wire> make_openai_chat(Exchange x) { return std::make_unique<OpenAiChat>(std::move(x)); }
std::unique_ptr<Wire> make_openai_legacy_completion(Exchange x) { return std::make_unique<OpenAiLegacy>(std::move(x)); }
std::unique_ptr<Wire> make_mistral_fim(Exchange x) { return std::make_unique<MistralFim>(std::move(x)); }

HttpBody openai_error_body(int status, const std::string& message, const std::string& type, const std::string& code) {
  return error_body(status, OpenAiError{message, type, nullptr, code.empty() ? ojson(nullptr) : ojson(code)});
}

HttpBody openai_models() {
  ojson data = ojson::array();
  for (const auto& id : listed_model_ids("openai")) data.push_back(openai_model_json(id));
  return {200, "application/json", ojson{{"object", "list"}, {"data", data}}.dump(2) + "\n", {}};
}

HttpBody openai_model(const std::string& id) {
  return {200, "application/json", openai_model_json(id).dump(2) + "\n", {}};
}

}  // namespace byok::emu
