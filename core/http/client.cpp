// The only translation unit that includes cpp-httplib (see http.h for what the seam promises).
#include <httplib.h>
#include <netdb.h>
#include <openssl/x509.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "core/http/http.h"
#include "core/util/log.h"

namespace byok::http {
namespace {

using Clock = std::chrono::steady_clock;

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string pool_key(const Url& url, const ClientOptions& o) {
  std::string k = url.origin() + "|" + o.ca_file;
  if (o.proxy) k += "|" + o.proxy->host + ":" + std::to_string(o.proxy->port) + "|" + o.proxy->user;
  return k;
}

bool host_resolves(const std::string& host) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (res) ::freeaddrinfo(res);
  return rc == 0;
}

template <class D>
std::pair<time_t, time_t> split(D d) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  return {static_cast<time_t>(us / 1'000'000), static_cast<time_t>(us % 1'000'000)};
}

}  // namespace

struct Pool::Impl {
  mutable std::mutex mu;
  struct IdleClient {
    std::unique_ptr<httplib::Client> client;
    Clock::time_point since;
  };
  std::map<std::string, std::vector<IdleClient>> idle;
  PoolStats stats;
  // Servers close idle keep-alive connections (often after 5–60 s); older ones are not worth the risk of a
  // failed first write, so they are dropped instead of reused.
  static constexpr std::chrono::seconds kMaxIdle{20};

  std::unique_ptr<httplib::Client> acquire(const Url& url, const ClientOptions& o) {
    {
      std::lock_guard lock(mu);
      auto& list = idle[pool_key(url, o)];
      while (!list.empty()) {
        auto entry = std::move(list.back());
        list.pop_back();
        if (entry.client->is_socket_open() && Clock::now() - entry.since < kMaxIdle) return std::move(entry.client);
      }
    }
    auto c = std::make_unique<httplib::Client>(url.origin());
    c->set_keep_alive(true);
    c->set_follow_location(false);
    c->set_decompress(true);
    c->set_tcp_nodelay(true);
    c->enable_server_certificate_verification(true);
    if (!o.ca_file.empty()) c->set_ca_cert_path(o.ca_file);
    if (o.proxy) {
      c->set_proxy(o.proxy->host, o.proxy->port);
      if (!o.proxy->user.empty()) c->set_proxy_basic_auth(o.proxy->user, o.proxy->password);
    }
    return c;
  }

  void release(const Url& url, const ClientOptions& o, std::unique_ptr<httplib::Client> c) {
    if (!c || !c->is_socket_open()) return;
    std::lock_guard lock(mu);
    auto& list = idle[pool_key(url, o)];
    if (list.size() < 8) list.push_back({std::move(c), Clock::now()});
  }
};

Pool::Pool() : impl_(std::make_shared<Impl>()) {}
Pool::~Pool() {
  std::lock_guard lock(warmers_mu_);
  for (auto& w : warmers_) w.thread.join();
}

PoolStats Pool::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

void Pool::close_idle() {
  std::lock_guard lock(impl_->mu);
  impl_->idle.clear();
}

Result<ResponseHead> Pool::send(const Request& original, const ClientOptions& opts, const StreamHandlers& handlers,
                                const CancelToken& cancel) {
  Request req = original;
  for (int hop = 0;; ++hop) {
    const Url& url = req.url;
    if (!url.is_https() && !url.is_loopback() && !opts.allow_plain_http)
      return Error::make(ErrorKind::Config, "refusing plain http:// to non-loopback host " + url.host +
                                                " (keys would travel unencrypted); use https or set allow_http for "
                                                "this provider");
    if (cancel.cancelled()) return Error::make(ErrorKind::Cancelled, "cancelled");

    auto client = impl_->acquire(url, opts);
    bool fresh = client->is_socket_open() == 0;
    {
      std::lock_guard lock(impl_->mu);
      impl_->stats.requests++;
      if (fresh) impl_->stats.connections_opened++;
    }
    auto [cs, cus] = split(opts.connect_timeout);
    client->set_connection_timeout(cs, cus);
    auto [rs, rus] = split(opts.read_timeout);
    client->set_read_timeout(rs, rus);

    httplib::Request hreq;
    hreq.method = req.method;
    hreq.path = url.path;
    for (const auto& h : req.headers) hreq.headers.emplace(h.name, h.value);
    if (!req.body.empty() || req.method == "POST") {
      hreq.body = req.body;
      hreq.set_header("Content-Type", req.content_type);
    }

    ResponseHead head;
    bool redirect = false;
    std::atomic<Clock::rep> last_activity{Clock::now().time_since_epoch().count()};
    bool aborted_by_handler = false;

    hreq.response_handler = [&](const httplib::Response& res) {
      last_activity = Clock::now().time_since_epoch().count();
      head.status = res.status;
      head.headers.assign(res.headers.begin(), res.headers.end());
      if (is_redirect(res.status) && res.has_header("Location") && hop < opts.max_redirects) {
        redirect = true;
        return true;  // read (and drop) the body so the connection stays usable
      }
      if (cancel.cancelled()) return false;
      if (handlers.on_head && !handlers.on_head(head)) {
        aborted_by_handler = true;
        return false;
      }
      return true;
    };
    hreq.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
      last_activity = Clock::now().time_since_epoch().count();
      if (cancel.cancelled()) return false;
      if (redirect) return true;
      if (handlers.on_body && !handlers.on_body(std::string_view(data, len))) {
        aborted_by_handler = true;
        return false;
      }
      return true;
    };

    httplib::Response hres;
    httplib::Error herr = httplib::Error::Success;
    bool ok;
    {
      auto* raw = client.get();
      auto reg = cancel.on_cancel([raw] { raw->stop(); });
      ok = client->send(hreq, hres, herr);
    }

    if (cancel.cancelled()) return Error::make(ErrorKind::Cancelled, "cancelled");
    if (!ok || herr != httplib::Error::Success) {
      if (aborted_by_handler) {
        // The caller chose to stop (e.g. a stream decoding error): the connection is not reusable.
        return head;
      }
      Error e;
      e.kind = ErrorKind::Network;
      const std::string where = url.host_port();
      switch (herr) {
        case httplib::Error::Connection:
          if (opts.proxy) {
            // Through a proxy only the proxy is dialled (it resolves the target itself, often with DNS this
            // machine lacks), so a connection failure is about the proxy: name it, never the target's DNS.
            const std::string proxy = opts.proxy->host + ":" + std::to_string(opts.proxy->port);
            e.message = "cannot reach " + where + " via proxy " + proxy + ": " +
                        (host_resolves(opts.proxy->host)
                             ? std::string("cannot connect to the proxy (connection refused or unreachable)")
                             : "cannot resolve proxy host '" + opts.proxy->host + "'");
          } else if (!host_resolves(url.host)) {
            e.message = "cannot resolve host '" + url.host + "'";
          } else {
            e.message = "cannot connect to " + where + " (connection refused or unreachable)";
          }
          e.retryable = true;
          break;
        case httplib::Error::ConnectionTimeout:
          e.kind = ErrorKind::Timeout;
          e.message = "timed out connecting to " + where;
          e.retryable = true;
          break;
        case httplib::Error::SSLServerVerification: {
          e.kind = ErrorKind::Tls;
          long vr = client->get_openssl_verify_result();
          e.message = "TLS certificate of " + where + " rejected";
          if (vr != X509_V_OK) e.message += std::string(": ") + X509_verify_cert_error_string(vr);
          else e.message += ": the certificate does not match the host name";
          e.message += opts.ca_file.empty() ? " (verified against the system CA store; set ca_file for a private CA)"
                                            : " (verified against " + opts.ca_file + ")";
          break;
        }
        case httplib::Error::SSLConnection:
          e.kind = ErrorKind::Tls;
          e.message = "TLS handshake with " + where + " failed";
          if (opts.proxy) e.message += " (through proxy " + opts.proxy->host + ": the proxy may have refused CONNECT)";
          e.retryable = true;
          break;
        case httplib::Error::SSLLoadingCerts:
          e.kind = ErrorKind::Tls;
          e.message = "cannot load CA certificates" + (opts.ca_file.empty() ? std::string(" from the system store")
                                                                           : " from " + opts.ca_file);
          break;
        case httplib::Error::Read: {
          auto idle = Clock::now() - Clock::time_point(Clock::duration(last_activity.load()));
          if (idle + std::chrono::milliseconds(200) >= opts.read_timeout) {
            e.kind = ErrorKind::Timeout;
            e.message = "no data from " + where + " for " +
                        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(opts.read_timeout).count()) +
                        " s (read timeout)";
          } else {
            e.message = head.status ? "connection to " + where + " closed mid-response"
                                    : "connection to " + where + " closed before a response arrived";
          }
          e.retryable = head.status == 0;
          break;
        }
        case httplib::Error::Write:
          e.message = "connection to " + where + " failed while sending the request";
          e.retryable = true;
          break;
        default:
          e.message = "HTTP request to " + where + " failed: " + httplib::to_string(herr);
          break;
      }
      e.status = head.status;
      log::debug("http: " + e.message);
      return e;
    }

    if (redirect) {
      auto next = url.resolve(head.header("Location"));
      if (!next) return next.error();
      bool same_origin = next->origin() == url.origin();
      impl_->release(url, opts, std::move(client));
      if (!same_origin) {
        // Never forward credentials to another origin.
        std::erase_if(req.headers, [](const Header& h) { return h.sensitive; });
        log::info("http: redirect to another origin " + next->origin() + "; credentials dropped");
      }
      if (head.status == 303) {
        req.method = "GET";
        req.body.clear();
      }
      req.url = *next;
      continue;
    }
    impl_->release(url, opts, std::move(client));
    return head;
  }
}

Result<Response> Pool::fetch(const Request& req, const ClientOptions& opts, const CancelToken& cancel,
                             size_t max_body) {
  Response out;
  bool too_big = false;
  StreamHandlers h;
  h.on_body = [&](std::string_view piece) {
    if (out.body.size() + piece.size() > max_body) {
      too_big = true;
      return false;
    }
    out.body.append(piece);
    return true;
  };
  auto head = send(req, opts, h, cancel);
  if (!head) return head.error();
  if (too_big)
    return Error::make(ErrorKind::Stream, "response from " + req.url.host + " larger than " +
                                              std::to_string(max_body) + " bytes");
  out.head = std::move(*head);
  return out;
}

void Pool::preconnect(const Url& url, const ClientOptions& opts) {
  if (!url.is_https() && !url.is_loopback() && !opts.allow_plain_http) return;
  std::lock_guard lock(warmers_mu_);
  // Reap finished warmers so the list stays short in a long-lived engine.
  std::erase_if(warmers_, [](Warmer& w) {
    if (!w.done->load()) return false;
    w.thread.join();
    return true;
  });
  auto done = std::make_shared<std::atomic<bool>>(false);
  warmers_.push_back({std::thread([impl = impl_, url, opts, done] {
    struct MarkDone {
      std::atomic<bool>& flag;
      ~MarkDone() { flag = true; }
    } mark{*done};
    auto client = impl->acquire(url, opts);
    if (client->is_socket_open()) {
      impl->release(url, opts, std::move(client));
      return;
    }
    // A cheap request establishes TCP+TLS; the response itself does not matter.
    // Short limits: a warm-up must never hold up the engine's shutdown for long.
    auto [cs, cus] = split(std::min<std::chrono::milliseconds>(opts.connect_timeout, std::chrono::seconds(3)));
    client->set_connection_timeout(cs, cus);
    client->set_read_timeout(3, 0);
    auto res = client->Head("/");
    {
      std::lock_guard lock(impl->mu);
      impl->stats.connections_opened++;
    }
    if (res) impl->release(url, opts, std::move(client));
  }), done});
}

}  // namespace byok::http
