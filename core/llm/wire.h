// One wire format (OpenAI chat, Anthropic messages, Gemini, Ollama, the FIM dialects): how to turn the
// neutral request into bytes and the bytes that come back into neutral events. Adapters are stateless;
// per-stream state lives in the StreamDecoder they create.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/provider_spec.h"
#include "core/http/http.h"
#include "core/llm/types.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace byok::llm {

// A provider ready to be called: its resolved spec plus the key (if any) to authenticate with.
struct Endpoint {
  config::ProviderSpec spec;
  Secret key;
};

class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  // Decodes the next piece of the body. An Error here (provider error event, malformed content) ends the
  // stream; events already emitted stand.
  virtual Status feed(std::string_view bytes, const EventCallback& emit) = 0;
  // End of body: reports an incomplete stream (no finish seen) as an error.
  virtual Status finish(const EventCallback& emit) = 0;
};

struct ModelListing {
  std::string id;
  int64_t context = 0;
};

class WireAdapter {
 public:
  virtual ~WireAdapter() = default;
  virtual std::string name() const = 0;
  virtual Result<http::Request> build_chat(const ChatRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const;
  virtual Result<http::Request> build_fim(const FimRequest& req, const Endpoint& ep, const config::EndpointSpec& es) const;
  virtual std::unique_ptr<StreamDecoder> make_decoder(const std::string& provider, size_t max_line_bytes) const = 0;
};

// Looks up an adapter by wire name ("openai-chat", "anthropic", …); nullptr when unknown.
const WireAdapter* find_wire(std::string_view name);

// Common request plumbing shared by adapters: URL from base + path template, auth header, extra headers.
Result<http::Request> base_request(const Endpoint& ep, const config::EndpointSpec& es, const std::string& model);

// Turns an HTTP error response into an Error with the provider's own message and type, whatever shape
// the body has (OpenAI, Anthropic, Google RPC, Ollama, Mistral 422, plain text, empty).
Error parse_error_response(const std::string& provider, int status, std::string_view body,
                           const http::ResponseHead& head);
// Error from an error object found inside a stream (after HTTP 200).
Error stream_error(const std::string& provider, std::string message, std::string type, int status = 0);
// Retry-After (seconds or HTTP date), retry-after-ms, Google RetryInfo.retryDelay.
std::optional<std::chrono::milliseconds> parse_retry_after(const http::ResponseHead& head, std::string_view body);

// Parses a model list response of the given dialect ("openai", "anthropic", "gemini", "ollama").
Result<std::vector<ModelListing>> parse_model_list(std::string_view dialect, std::string_view body,
                                                   const std::string& provider);

}  // namespace byok::llm
