// The one HTTP seam. Everything in byok that talks to a provider goes through Pool::send; only
// client.cpp includes cpp-httplib. The pool keeps one persistent keep-alive connection per origin (more
// only while requests to that origin overlap), verifies TLS against the system store or a configured CA,
// honours proxies, never follows a redirect with credentials to another origin, and closes the socket at
// once when the request's CancelToken fires.
#pragma once

#include <chrono>
#include <functional>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http/url.h"
#include "core/util/cancel.h"
#include "core/util/result.h"

namespace byok::http {

struct Header {
  std::string name;
  std::string value;
  bool sensitive = false;  // carries a key: redacted in logs, dropped on cross-origin redirects
};

struct Request {
  std::string method = "POST";
  Url url;
  std::vector<Header> headers;
  std::string body;
  std::string content_type = "application/json";
};

struct ResponseHead {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(std::string_view name) const;  // case-insensitive; "" when absent
};

struct Response {
  ResponseHead head;
  std::string body;
};

struct ProxyConfig {
  std::string host;
  int port = 0;
  std::string user, password;  // optional basic auth
};

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds read_timeout{120'000};  // longest silence between bytes
  std::string ca_file;                               // empty: system CA store (honours SSL_CERT_FILE)
  std::optional<ProxyConfig> proxy;                  // resolved by proxy_for(); nullopt: direct
  bool allow_plain_http = false;                     // http:// to non-loopback hosts
  int max_redirects = 5;
};

// Called with the status and headers (return false to abort), then with each piece of the body as it
// arrives (return false to abort). For non-2xx statuses the body goes to on_body as well.
struct StreamHandlers {
  std::function<bool(const ResponseHead&)> on_head;
  std::function<bool(std::string_view)> on_body;
};

struct PoolStats {
  int connections_opened = 0;  // new TCP (and TLS) connections made by this pool
  int requests = 0;
};

class Pool {
 public:
  Pool();
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  // Sends `req` and streams the response through `handlers`. Returns the response head once the body
  // has been fully delivered (or an error: network, TLS, timeout, cancelled).
  Result<ResponseHead> send(const Request& req, const ClientOptions& opts, const StreamHandlers& handlers,
                            const CancelToken& cancel = {});
  // Convenience: the whole body in memory (capped at `max_body` bytes).
  Result<Response> fetch(const Request& req, const ClientOptions& opts, const CancelToken& cancel = {},
                         size_t max_body = 16u << 20);
  // Opens (and for https, handshakes) a connection to `url`'s origin ahead of the first request, so the
  // first completion after start-up does not pay for it. Best effort, returns at once (runs on a thread).
  void preconnect(const Url& url, const ClientOptions& opts);
  PoolStats stats() const;
  void close_idle();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
  struct Warmer {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::mutex warmers_mu_;
  std::vector<Warmer> warmers_;  // preconnect threads; finished ones reaped, the rest joined on destruction
};

// Proxy for a target URL from the environment (HTTPS_PROXY/https_proxy, HTTP_PROXY/http_proxy, NO_PROXY/
// no_proxy) unless `configured` (from config) is set. Environment proxies skip loopback targets; a
// configured one applies to every target of its provider.
Result<std::optional<ProxyConfig>> proxy_for(const Url& target, std::string_view configured = {});

// Redacts sensitive header values for logging.
std::string describe_request(const Request& req);

}  // namespace byok::http
