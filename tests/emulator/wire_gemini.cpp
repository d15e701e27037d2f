// Gemini generateContent / streamGenerateContent?alt=sse (providers.md §3): data-only SSE framed with CRLF,
// Google's JSON spacing, cumulative usageMetadata on every chunk, finishReason on the last, no sentinel;
// errors in Google RPC style, and the in-stream error as a raw JSON object without "data:".
#include <optional>

#include "tests/emulator/json_style.h"
#include "tests/emulator/wire.h"

namespace byok::emu {
namespace {

struct RpcStatus {
  const char* status;
  const char* message;
};

RpcStatus rpc_status_for(int status) {
  switch (status) {
    case 400: return {"INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."};
    case 401: return {"UNAUTHENTICATED", "Request had invalid authentication credentials."};
    case 403: return {"PERMISSION_DENIED", "Permission denied: the API key does not have access to this model."};
    case 404: return {"NOT_FOUND", "models/unknown is not found for API version v1beta, or is not supported for generateContent."};
    case 429: return {"RESOURCE_EXHAUSTED", "You exceeded your current quota, please check your plan and billing details. Please retry in 1s."};
    case 500: return {"INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"};
    case 503:
    case 529: return {"UNAVAILABLE", "The model is overloaded. Please try again later."};
    case 504: return {"DEADLINE_EXCEEDED", "Deadline expired before operation could complete."};
    default: return {status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT", "The emulator rejected this request."};
  }
}

class Gemini final : public Wire {
 public:
  using Wire::Wire;

  std::vector<std::string> stream_head() const override { return {}; }
  std::string stream_text(std::string_view piece, int tokens_so_far) const override {
    // Like the live service, the first chunk has no candidatesTokenCount yet (§3.3).
    const bool first = chunks_sent_++ == 0;
    return event(chunk(std::string(piece), nullptr, first ? std::nullopt : std::optional<int>(tokens_so_far)));
  }
  std::vector<std::string> stream_tail(int completion_tokens) const override {
    return {event(chunk("", "STOP", completion_tokens))};
  }
  std::string stream_error() const override {
    // js-genai's unit test payload: raw JSON, no "data:", then EOF (§3.6).
    return R"({"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}})";
  }
  std::string stream_content_type() const override { return "text/event-stream"; }

  HttpBody complete(std::string_view text, int completion_tokens) const override {
    return {200, "application/json; charset=UTF-8", google_style(chunk(std::string(text), "STOP", completion_tokens).dump()), {}};
  }
  HttpBody error(int status) const override { return gemini_error(status); }

  static HttpBody gemini_error(int status) {
    const RpcStatus s = rpc_status_for(status);
    ojson err{{"code", status}, {"message", s.message}, {"status", s.status}};
    if (status == 429) {
      err["details"] = ojson::array(
          {ojson{{"@type", "type.googleapis.com/google.rpc.QuotaFailure"},
                 {"violations", {{{"quotaMetric", "generativelanguage.googleapis.com/generate_content_free_tier_requests"},
                                  {"quotaId", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"},
                                  {"quotaValue", "15"}}}}},
           ojson{{"@type", "type.googleapis.com/google.rpc.RetryInfo"}, {"retryDelay", "1s"}}});
    } else if (status == 400) {
      err["details"] = ojson::array({ojson{{"@type", "type.googleapis.com/google.rpc.ErrorInfo"},
                                           {"reason", "API_KEY_INVALID"},
                                           {"domain", "googleapis.com"},
                                           {"metadata", {{"service", "generativelanguage.googleapis.com"}}}}});
    }
    // Google pretty-prints its error bodies.
    return {status, "application/json; charset=UTF-8", ojson{{"error", err}}.dump(2) + "\n", {}};
  }

 private:
  std::string event(const ojson& j) const { return "data: " + google_style(j.dump()) + "\r\n\r\n"; }
  ojson chunk(std::string text, ojson finish_reason, std::optional<int> candidates_tokens) const {
    ojson candidate{{"content", {{"parts", {{{"text", std::move(text)}}}}, {"role", "model"}}}};
    if (!finish_reason.is_null()) candidate["finishReason"] = std::move(finish_reason);
    candidate["index"] = 0;
    ojson usage{{"promptTokenCount", x_.prompt_tokens}};
    if (candidates_tokens) usage["candidatesTokenCount"] = *candidates_tokens;
    usage["totalTokenCount"] = x_.prompt_tokens + candidates_tokens.value_or(0);
    usage["promptTokensDetails"] = ojson::array({ojson{{"modality", "TEXT"}, {"tokenCount", x_.prompt_tokens}}});
    return ojson{{"candidates", ojson::array({candidate})},
                 {"usageMetadata", usage},
                 {"modelVersion", x_.model},
                 {"responseId", x_.id}};
  }
  mutable int chunks_sent_ = 0;  // a Wire serves one request on one thread
};

ojson gemini_model_json(const std::string& id) {
  return ojson{{"name", "models/" + id},
               {"version", "001"},
               {"displayName", id},
               {"description", "A model served by the byok emulator."},
               {"inputTokenLimit", 1048576},
               {"outputTokenLimit", 8192},
               {"supportedGenerationMethods", {"generateContent", "countTokens"}},
               {"temperature", 1},
               {"topP", 0.95},
               {"topK", 40},
               {"maxTemperature", 2}};
}

}  // namespace

std::unique_ptr<Wire> make_gemini(Exchange x) { return std::make_unique<Gemini>(std::move(x)); }

HttpBody gemini_models() {
  ojson models = ojson::array();
  for (const auto& id : listed_model_ids("gemini")) models.push_back(gemini_model_json(id));
  return {200, "application/json; charset=UTF-8", ojson{{"models", models}}.dump(2) + "\n", {}};
}

HttpBody gemini_model(const std::string& id) {
  return {200, "application/json; charset=UTF-8", gemini_model_json(id).dump(2) + "\n", {}};
}

HttpBody gemini_error_body(int status) { return Gemini::gemini_error(status); }

HttpBody gemini_missing_key() {
  // What the live API answers when no key is given at all.
  ojson err{{"code", 403},
            {"message",
             "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or "
             "other form of API consumer identity to call this API."},
            {"status", "PERMISSION_DENIED"}};
  return {403, "application/json; charset=UTF-8", ojson{{"error", err}}.dump(2) + "\n", {}};
}

}  // namespace byok::emu
