// A redirect to another origin drops the credentials (real sockets: two loopback servers).
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <mutex>
#include <thread>

#include "core/config/config.h"
#include "core/llm/engine.h"

using namespace byok;

namespace {
// A loopback server on its own thread, stopped and joined on destruction.
class LoopbackServer {
 public:
  template <class Setup>
  explicit LoopbackServer(Setup setup) {
    setup(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};
}  // namespace

TEST_CASE("a redirect to another origin reaches it without the key") {
  std::mutex mu;
  std::vector<std::string> auth_seen_by_b;
  int b_hits = 0;
  LoopbackServer b([&](httplib::Server& s) {
    s.Get("/elsewhere/models", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      ++b_hits;
      if (req.has_header("Authorization")) auth_seen_by_b.push_back(req.get_header_value("Authorization"));
      res.set_content(R"({"object":"list","data":[{"id":"m1","object":"model"}]})", "application/json");
    });
  });
  const int b_port = b.port();
  LoopbackServer a([&](httplib::Server& s) {
    s.Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) {
      // "localhost" vs "127.0.0.1" and another port: a different origin.
      res.status = 307;
      res.set_header("Location", "http://localhost:" + std::to_string(b_port) + "/elsewhere/models");
    });
  });
  auto cfg = config::parse_config(
      {{"providers", {{"openai", {{"base_url", "http://127.0.0.1:" + std::to_string(a.port()) + "/v1"}}}}}}, "test");
  REQUIRE(cfg);
  llm::Endpoint ep{*cfg->provider("openai"), Secret("sk-redirect-canary-0123456789")};
  http::Pool pool;
  llm::Engine engine(pool);
  CancelSource cancel;
  auto opts = llm::CallOptions::from(*cfg);
  opts.retries.max_attempts = 1;
  auto r = engine.models(ep, cancel.token(), opts);
  std::lock_guard lock(mu);
  CHECK(b_hits == 1);  // the redirect was followed…
  CHECK(auth_seen_by_b.empty());  // …without the key
  if (r) CHECK(r->size() == 1);
}

TEST_CASE("configured credential headers are dropped on a redirect to another origin, other headers kept") {
  std::mutex mu;
  std::vector<std::string> seen_by_b;  // "name: value" of every header b received
  LoopbackServer b([&](httplib::Server& s) {
    s.Get("/elsewhere/models", [&](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lock(mu);
      for (const auto& [k, v] : req.headers) seen_by_b.push_back(k + ": " + v);
      res.set_content(R"({"object":"list","data":[{"id":"m1","object":"model"}]})", "application/json");
    });
  });
  const int b_port = b.port();
  LoopbackServer a([&](httplib::Server& s) {
    s.Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) {
      res.status = 307;
      res.set_header("Location", "http://localhost:" + std::to_string(b_port) + "/elsewhere/models");
    });
  });
  // A gateway authenticated by configured headers instead of a byok key.
  const std::string bearer = "Bearer sk-gateway-canary-0123456789", token = "tok-custom-canary-0123456789";
  auto cfg = config::parse_config(
      {{"providers",
        {{"openai",
          {{"base_url", "http://127.0.0.1:" + std::to_string(a.port()) + "/v1"},
           {"auth", "none"},
           {"headers", {{"Authorization", bearer}, {"X-Gateway-Token", token}, {"X-Title", "visible-title"}}}}}}}},
      "test");
  REQUIRE(cfg);
  llm::Endpoint ep{*cfg->provider("openai"), Secret()};
  http::Pool pool;
  llm::Engine engine(pool);
  CancelSource cancel;
  auto opts = llm::CallOptions::from(*cfg);
  opts.retries.max_attempts = 1;
  auto r = engine.models(ep, cancel.token(), opts);
  std::lock_guard lock(mu);
  std::string all;
  for (const auto& h : seen_by_b) all += h + "\n";
  INFO(all);
  CHECK_THAT(all, Catch::Contains("X-Title: visible-title"));  // the redirect was followed with ordinary headers…
  CHECK_THAT(all, !Catch::Contains("sk-gateway-canary") && !Catch::Contains("tok-custom-canary"));  // …not these
}
