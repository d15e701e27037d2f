#include "core/llm/engine.h"

#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "core/llm/credential_scrub.h"
#include "core/util/log.h"

namespace byok::llm {
namespace {
using Clock = std::chrono::steady_clock;

std::chrono::milliseconds backoff(const config::RetryConfig& r, int attempt) {
  // Full jitter: uniform in [0, min(max, base * 2^(attempt-1))], at least 50 ms.
  int64_t cap = std::min<int64_t>(r.max_delay_ms, static_cast<int64_t>(r.base_delay_ms) << std::min(attempt - 1, 16));
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<int64_t> dist(std::min<int64_t>(50, cap), std::max<int64_t>(50, cap));
  return std::chrono::milliseconds(dist(rng));
}

// Sleeps for `d` unless cancelled first; returns false when cancelled.
bool cancellable_sleep(std::chrono::milliseconds d, const CancelToken& cancel) {
  auto until = Clock::now() + d;
  while (Clock::now() < until) {
    if (cancel.cancelled()) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(10), until - Clock::now()));
  }
  return !cancel.cancelled();
}

bool is_json_content(const std::string& ct) { return ct.rfind("application/json", 0) == 0; }
}  // namespace

CallOptions CallOptions::from(const config::Config& cfg) {
  CallOptions o;
  o.retries = cfg.retries;
  o.timeouts = cfg.timeouts;
  o.max_line_bytes = cfg.max_line_bytes;
  return o;
}

Result<http::ClientOptions> Engine::client_options(const config::ProviderSpec& spec, const CallOptions& opts) {
  http::ClientOptions c;
  c.connect_timeout = std::chrono::milliseconds(opts.timeouts.connect_ms);
  c.read_timeout = std::chrono::milliseconds(opts.timeouts.read_ms);
  c.ca_file = spec.ca_file;
  c.allow_plain_http = spec.allow_http;
  auto proxy = http::proxy_for(spec.base_url, spec.proxy);
  if (!proxy) {
    auto e = proxy.error();
    e.provider = spec.name;
    return e;
  }
  c.proxy = *proxy;
  return c;
}

Result<StreamSummary> Engine::chat(const Endpoint& ep, const ChatRequest& req, const EventCallback& emit,
                                   const CancelToken& cancel, const CallOptions& opts) {
  if (!ep.spec.chat.present())
    return Error(ErrorKind::Config, "provider '" + ep.spec.name + "' has no chat endpoint", ep.spec.name);
  const auto* wire = find_wire(ep.spec.chat.wire);
  if (!wire) return Error(ErrorKind::Config, "provider '" + ep.spec.name + "': unknown wire '" + ep.spec.chat.wire + "'", ep.spec.name);
  if (req.model.empty()) return Error(ErrorKind::Config, "no model given for provider '" + ep.spec.name + "'", ep.spec.name);
  auto request = wire->build_chat(req, ep, ep.spec.chat);
  if (!request) return request.error();
  return run(ep, *wire, *request, emit, cancel, opts);
}

Result<StreamSummary> Engine::fim(const Endpoint& ep, const FimRequest& req, const EventCallback& emit,
                                  const CancelToken& cancel, const CallOptions& opts) {
  if (!ep.spec.fim.present())
    return Error(ErrorKind::Config, "provider '" + ep.spec.name + "' has no fill-in-the-middle endpoint", ep.spec.name);
  const auto* wire = find_wire(ep.spec.fim.wire);
  if (!wire) return Error(ErrorKind::Config, "provider '" + ep.spec.name + "': unknown wire '" + ep.spec.fim.wire + "'", ep.spec.name);
  auto request = wire->build_fim(req, ep, ep.spec.fim);
  if (!request) return request.error();
  return run(ep, *wire, *request, emit, cancel, opts);
}

Result<StreamSummary> Engine::run(const Endpoint& ep, const WireAdapter& wire, const http::Request& request,
                                  const EventCallback& emit, const CancelToken& cancel, const CallOptions& opts) {
  const std::string& provider = ep.spec.name;
  const auto copts_result = client_options(ep.spec, opts);
  if (!copts_result) return copts_result.error();
  const http::ClientOptions& copts = *copts_result;
  const auto start = Clock::now();
  const auto deadline = opts.timeouts.total_ms > 0 ? start + std::chrono::milliseconds(opts.timeouts.total_ms)
                                                   : Clock::time_point::max();
  StreamSummary summary;
  log::debug("request: " + http::describe_request(request));
  const CredentialScrub scrub(ep.key, request);

  for (int attempt = 1;; ++attempt) {
    summary.attempts = attempt;
    auto decoder = wire.make_decoder(provider, opts.max_line_bytes);
    bool delivered = false;  // any body byte of a successful response reached the decoder
    bool error_mode = false, json_mode = false;
    int status = 0;
    std::string error_body;
    std::optional<Error> stream_failure;
    size_t answer_bytes = 0;

    EventCallback relay = [&](const Event& ev) {
      if (const auto* d = std::get_if<TextDelta>(&ev)) {
        if (summary.ttft_ms < 0)
          summary.ttft_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        answer_bytes += d->text.size();
      } else if (const auto* u = std::get_if<Usage>(&ev)) {
        summary.usage = *u;
      } else if (const auto* f = std::get_if<Finish>(&ev)) {
        summary.finish = *f;
      }
      emit(ev);
    };

    http::StreamHandlers h;
    h.on_head = [&](const http::ResponseHead& head) {
      status = head.status;
      error_mode = status < 200 || status >= 300;
      json_mode = !error_mode && is_json_content(head.header("Content-Type"));
      return true;
    };
    h.on_body = [&](std::string_view bytes) {
      if (error_mode || json_mode) {
        if (error_body.size() < (1u << 20)) error_body.append(bytes.substr(0, (1u << 20) - error_body.size()));
        return true;
      }
      delivered = true;
      if (Clock::now() > deadline) {
        stream_failure = Error(ErrorKind::Timeout, "answer from " + provider + " exceeded the total time limit (timeouts.total_ms)", provider);
        return false;
      }
      auto st = decoder->feed(bytes, relay);
      if (!st) {
        stream_failure = st.error();
        return false;
      }
      if (answer_bytes > opts.max_answer_bytes) {
        stream_failure = Error(ErrorKind::Stream, "answer from " + provider + " exceeded " +
                                                      std::to_string(opts.max_answer_bytes) + " bytes; stopped", provider);
        return false;
      }
      return true;
    };

    auto head = pool_.send(request, copts, h, cancel);
    Error failure;
    if (stream_failure) {
      failure = *stream_failure;
    } else if (!head) {
      failure = head.error();
      if (failure.provider.empty()) failure.provider = provider;
      if (failure.kind == ErrorKind::Cancelled) return failure;
    } else if (error_mode) {
      http::ResponseHead rh = *head;
      scrub.apply(error_body);  // before the message is cut to length, which could leave part of a key
      failure = parse_error_response(provider, status, error_body, rh);
    } else if (json_mode) {
      // A JSON body where a stream was expected: an error object, or a non-streamed answer we decode whole.
      auto j = nlohmann::json::parse(error_body, nullptr, false);
      if (j.is_object() && j.contains("error")) {
        scrub.apply(error_body);
        failure = parse_error_response(provider, status, error_body, *head);
        failure.retryable = false;
      } else {
        delivered = true;
        auto st = decoder->feed(error_body, relay);
        if (st) st = decoder->feed("\n\n", relay);
        if (st) st = decoder->finish(relay);
        if (!st) return scrub.apply(st.error());
        summary.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
        return summary;
      }
    } else {
      auto st = decoder->finish(relay);
      if (!st) return scrub.apply(st.error());
      summary.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
      return summary;
    }

    failure = scrub.apply(std::move(failure));

    // Never retry once any of the answer has arrived: the user has seen it and the provider billed it.
    if (delivered || !failure.retryable || attempt >= opts.retries.max_attempts) return failure;
    auto delay = failure.retry_after ? *failure.retry_after : backoff(opts.retries, attempt);
    if (failure.retry_after && *failure.retry_after > std::chrono::seconds(opts.retries.max_retry_after_s)) {
      failure.message += " (provider asks to retry after " +
                         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(*failure.retry_after).count()) + " s)";
      return failure;
    }
    if (Clock::now() + delay > deadline) return failure;
    log::info("retrying " + provider + " after " + failure.describe() + " in " + std::to_string(delay.count()) + " ms");
    if (opts.on_retry) opts.on_retry(failure, delay, attempt + 1);
    if (!cancellable_sleep(delay, cancel)) return Error(ErrorKind::Cancelled, "cancelled", provider);
  }
}

Result<std::vector<ModelListing>> Engine::models(const Endpoint& ep, const CancelToken& cancel, const CallOptions& opts) {
  if (!ep.spec.models_list.present())
    return Error(ErrorKind::Config, "provider '" + ep.spec.name + "' offers no model list endpoint; known models come from presets", ep.spec.name);
  auto req = base_request(ep, ep.spec.models_list, "");
  if (!req) return req.error();
  req->method = "GET";
  auto copts = client_options(ep.spec, opts);
  if (!copts) return copts.error();
  const CredentialScrub scrub(ep.key, *req);
  auto res = pool_.fetch(*req, *copts, cancel);
  if (!res) {
    auto e = res.error();
    if (e.provider.empty()) e.provider = ep.spec.name;
    return scrub.apply(std::move(e));
  }
  if (res->head.status < 200 || res->head.status >= 300) {
    scrub.apply(res->body);
    return scrub.apply(parse_error_response(ep.spec.name, res->head.status, res->body, res->head));
  }
  auto listing = parse_model_list(ep.spec.models_list.wire, res->body, ep.spec.name);
  if (!listing) return scrub.apply(listing.error());
  return listing;
}

void Engine::preconnect(const Endpoint& ep, const CallOptions& opts) {
  if (auto copts = client_options(ep.spec, opts)) pool_.preconnect(ep.spec.base_url, *copts);
}

}  // namespace byok::llm
