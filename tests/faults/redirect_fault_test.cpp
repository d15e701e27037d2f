// Redirects: a provider (or something pretending to be one) answering 307 to another origin must not get
// the key forwarded there; a same-origin redirect keeps it. The redirecting server is a tiny cpp-httplib
// server in the test; the redirect target is the emulator, which records the headers it received.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <thread>

#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;

namespace {
// This cpp-httplib has no wait_until_ready(): poll is_running() (set once listen_after_bind has started).
void wait_until_running(const httplib::Server& server) {
  for (int i = 0; i < 500 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

// Answers every POST with `status` and Location: `target` + the request path.
class Redirector {
 public:
  Redirector(int status, std::string target) {
    server_.Post(".*", [status, target = std::move(target)](const httplib::Request& req, httplib::Response& res) {
      res.status = status;
      res.set_header("Location", target + req.path);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    wait_until_running(server_);
  }
  ~Redirector() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

bool has_header(const emu::RecordedRequest& r, std::string name) {
  for (auto& [k, v] : r.headers) {
    std::string lower = k;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == name) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("a redirect to another origin drops the key", "[faults][redirect]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (std::string preset : {"openai", "anthropic", "gemini"}) {  // Bearer, x-api-key, x-goog-api-key
    INFO(preset);
    emu.clear_requests();
    Redirector redirector(307, emu.http_url());
    auto ep = endpoint_for(emu, preset, /*https=*/false);
    std::string path = ep.spec.base_url.path == "/" ? "" : ep.spec.base_url.path;
    ep.spec.base_url = *http::Url::parse(redirector.url() + path);
    Collected got;
    auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options());
      // The emulator, like Anthropic and Google, refuses a request without a key (401/403): the other
    // origin got none. (Its OpenAI flavour answers anyway.) What it recorded is checked below.
    INFO((r.ok() ? std::string("ok") : r.error().describe()));
    CHECK((r.ok() || r.error().status == 401 || r.error().status == 403));
    const auto requests = emu.requests();
    REQUIRE(requests.size() == 1);
    const auto& seen = requests[0];
    CHECK_FALSE(has_header(seen, "authorization"));
    CHECK_FALSE(has_header(seen, "x-api-key"));
    CHECK_FALSE(has_header(seen, "x-goog-api-key"));
    CHECK(seen.body.find("Say hello") != std::string::npos);  // 307 keeps method and body
    for (auto& [k, v] : seen.headers) CHECK(v.find("sk-test-key") == std::string::npos);
  }
}

TEST_CASE("a redirect within the same origin keeps the key", "[faults][redirect]") {
  emu::Emulator emu;  // only for endpoint_for's preset plumbing; never contacted
  emu.start();
  // One server that moves the endpoint within its own origin (a relative Location) and then answers.
  httplib::Server self;
  self.Post("/v1/chat/completions", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 308;
    res.set_header("Location", "/moved/v1/chat/completions");
  });
  std::string seen_auth;
  self.Post("/moved/v1/chat/completions", [&](const httplib::Request& req, httplib::Response& res) {
    seen_auth = req.get_header_value("Authorization");
    res.set_content("{\"error\":{\"message\":\"moved and answered\",\"type\":\"test\"}}", "application/json");
    res.status = 400;
  });
  int port = self.bind_to_any_port("127.0.0.1");
  std::thread t([&] { self.listen_after_bind(); });
  wait_until_running(self);
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai", false);
  ep.spec.base_url = *http::Url::parse("http://127.0.0.1:" + std::to_string(port) + "/v1");
  Collected got;
  auto r = engine.chat(ep, hello("gpt-4o-mini"), collector(got), {}, fast_options());
  self.stop();
  t.join();
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("moved and answered"));
  CHECK(seen_auth == "Bearer sk-test-key-0123456789");
}
