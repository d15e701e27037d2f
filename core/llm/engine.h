// Runs one request against one provider: builds it with the provider's wire adapter, sends it through the
// pooled HTTP seam, decodes the stream into neutral events, and retries with jittered exponential backoff
// (honouring Retry-After) only while nothing of the answer has arrived. Knows nothing of hosts.
#pragma once

#include <chrono>
#include <functional>
#include <vector>

#include "core/config/config.h"
#include "core/http/http.h"
#include "core/llm/types.h"
#include "core/llm/wire.h"
#include "core/util/cancel.h"

namespace byok::llm {

struct CallOptions {
  config::RetryConfig retries;
  config::TimeoutConfig timeouts;
  size_t max_line_bytes = 8u << 20;
  size_t max_answer_bytes = 16u << 20;  // a stream that never ends is cut here
  // Told about each retry before its delay (for "retrying in 2 s" messages).
  std::function<void(const Error& why, std::chrono::milliseconds delay, int next_attempt)> on_retry;

  static CallOptions from(const config::Config& cfg);
};

class Engine {
 public:
  explicit Engine(http::Pool& pool) : pool_(pool) {}

  Result<StreamSummary> chat(const Endpoint& ep, const ChatRequest& req, const EventCallback& emit,
                             const CancelToken& cancel, const CallOptions& opts);
  Result<StreamSummary> fim(const Endpoint& ep, const FimRequest& req, const EventCallback& emit,
                            const CancelToken& cancel, const CallOptions& opts);
  Result<std::vector<ModelListing>> models(const Endpoint& ep, const CancelToken& cancel, const CallOptions& opts);
  // Warms the connection to the provider's chat or FIM origin (TCP + TLS) ahead of the first request.
  void preconnect(const Endpoint& ep, const CallOptions& opts);

  static Result<http::ClientOptions> client_options(const config::ProviderSpec& spec, const CallOptions& opts);

 private:
  Result<StreamSummary> run(const Endpoint& ep, const WireAdapter& wire, const http::Request& request,
                            const EventCallback& emit, const CancelToken& cancel, const CallOptions& opts);
  http::Pool& pool_;
};

}  // namespace byok::llm
