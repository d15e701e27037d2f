// Emulator lifetime: certificates, the two cpp-httplib servers, their listener threads, and an orderly stop.
#include "tests/emulator/emulator.h"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "tests/emulator/request_log.h"
#include "tests/emulator/router.h"
#include "tests/emulator/scenario.h"
#include "tests/emulator/stop_signal.h"

namespace byok::emu {
namespace {

// Worker threads per server. cpp-httplib holds one thread per open connection (keep-alive included), and
// tests open many at once (stalled streams, pools of clients), so the default of 8 would make the 9th
// connection wait for a free thread.
constexpr size_t kWorkerThreads = 48;
constexpr time_t kKeepAliveTimeoutS = 60;
constexpr size_t kKeepAliveMaxCount = 10000;

std::string make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "byok-emulator-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("byok emulator: cannot create a temp dir for certs");
  return pattern;
}

}  // namespace

struct Emulator::Impl {
  explicit Impl(Options o) : options(std::move(o)) {}

  Options options;
  ScenarioBook scenarios;
  RequestLog log;
  StopSignal stop;
  std::atomic<std::uint64_t> next_id{0};
  ServerContext ctx{options, scenarios, log, stop, next_id};

  std::string cert_dir;
  bool owns_cert_dir = false;
  std::unique_ptr<httplib::Server> http;
  std::unique_ptr<httplib::SSLServer> https;
  int http_port = 0, https_port = 0;
  std::thread http_thread, https_thread;
  bool started = false, stopped = false;

  void configure(httplib::Server& server, bool tls) {
    // cpp-httplib takes ownership of the queue it is handed (it deletes it), hence the release().
    server.new_task_queue = [] { return std::make_unique<httplib::ThreadPool>(kWorkerThreads).release(); };
    server.set_keep_alive_max_count(kKeepAliveMaxCount);
    server.set_keep_alive_timeout(kKeepAliveTimeoutS);
    server.set_read_timeout(30);
    server.set_write_timeout(5);
    server.set_tcp_nodelay(true);  // stream chunks go out when written, as from real servers
    server.set_payload_max_length(64u << 20);
    auto handler = [this, tls](const httplib::Request& req, httplib::Response& res) { serve(ctx, req, res, tls); };
    for (const char* pattern : {R"(.*)"}) {
      server.Get(pattern, handler);
      server.Post(pattern, handler);
    }
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      std::string what = "unknown exception";
      try {
        if (ep) std::rethrow_exception(ep);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      res.status = 500;
      res.set_content(R"({"error":{"message":"byok emulator internal error: )" + what + R"(","type":"server_error"}})",
                      "application/json");
    });
  }

  int bind(httplib::Server& server, int port, const char* what) {
    const int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : (server.bind_to_port("127.0.0.1", port) ? port : -1);
    if (bound <= 0)
      throw std::runtime_error(std::string("byok emulator: cannot listen for ") + what + " on 127.0.0.1:" +
                               std::to_string(port) + " (port in use?)");
    return bound;
  }

  void start() {
    if (started) throw std::runtime_error("byok emulator: start() called twice");
    started = true;
    if (options.https) {
      cert_dir = options.cert_dir;
      if (cert_dir.empty()) {
        cert_dir = make_temp_dir();
        owns_cert_dir = true;
      }
      write_pki(make_test_pki(options.server_cert.value_or(CertSpec{})), cert_dir);
      const std::string cert = cert_dir + "/server.pem", key = cert_dir + "/server-key.pem";
      https = std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str());
      if (!https->is_valid()) throw std::runtime_error("byok emulator: cannot load the TLS cert/key from " + cert_dir);
      configure(*https, true);
      https_port = bind(*https, options.https_port, "HTTPS");
    }
    if (options.http) {
      http = std::make_unique<httplib::Server>();
      configure(*http, false);
      http_port = bind(*http, options.http_port, "HTTP");
    }
    if (http) http_thread = std::thread([this] { listen(*http); });
    if (https) https_thread = std::thread([this] { listen(*https); });
    // The sockets accept from bind on, but Server::stop() is a no-op until the accept loop runs: wait for
    // it, so that a quick start()/stop() cannot leave a listener behind that join() would wait for forever.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((http && !http->is_running()) || (https && !https->is_running())) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("byok emulator: servers did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  // Runs a server's accept loop. SIGPIPE is blocked first so that the worker threads, which cpp-httplib
  // creates from this thread and which inherit its signal mask, get EPIPE instead of a process-killing
  // signal when a client vanishes mid-write; the process-wide disposition is left alone.
  static void listen(httplib::Server& server) {
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    server.listen_after_bind();
  }

  void shutdown() {
    if (stopped) return;
    stopped = true;
    stop.request_stop();
    if (http) http->stop();
    if (https) https->stop();
    if (http_thread.joinable()) http_thread.join();
    if (https_thread.joinable()) https_thread.join();
    if (owns_cert_dir) {
      std::error_code ec;
      std::filesystem::remove_all(cert_dir, ec);
    }
  }
};

Emulator::Emulator(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Emulator::~Emulator() { impl_->shutdown(); }

void Emulator::start() {
  try {
    impl_->start();
  } catch (...) {
    impl_->shutdown();
    throw;
  }
}
void Emulator::stop() { impl_->shutdown(); }

int Emulator::http_port() const { return impl_->http_port; }
int Emulator::https_port() const { return impl_->https_port; }
std::string Emulator::http_url() const { return "http://127.0.0.1:" + std::to_string(impl_->http_port); }
std::string Emulator::https_url() const { return "https://localhost:" + std::to_string(impl_->https_port); }
std::string Emulator::ca_file() const { return impl_->cert_dir.empty() ? std::string() : impl_->cert_dir + "/ca.pem"; }

void Emulator::set_scenario(const std::string& model, Scenario s) { impl_->scenarios.set(model, std::move(s)); }
void Emulator::clear_scenarios() { impl_->scenarios.clear(); }

std::vector<RecordedRequest> Emulator::requests() const { return impl_->log.snapshot(); }
void Emulator::clear_requests() { impl_->log.clear(); }
int Emulator::connections_accepted() const { return impl_->log.connections(); }
int Emulator::tls_handshakes() const { return impl_->log.tls_connections(); }
bool Emulator::wait_for_request_end(size_t index, std::chrono::milliseconds timeout) const {
  return impl_->log.wait_for_end(index, timeout);
}

}  // namespace byok::emu
