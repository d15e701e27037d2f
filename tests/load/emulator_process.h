// The provider emulator as a child process (the byok-emulator binary), for tests and benchmarks that must
// not share an address space with it: the load test measures the engine's own RSS, the benchmarks its own
// CPU. Scenarios are set through the emulator's control API with byok's own HTTP client.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/http/http.h"
#include "core/llm/wire.h"
#include "core/util/subprocess.h"

namespace byok::test {

class EmulatorProcess {
 public:
  // Starts `binary` with `extra_args` (e.g. {"--rtt-ms", "20"}); throws std::runtime_error if it does not
  // come up within 10 s. The child exits when this object goes away (stdin EOF, then SIGTERM).
  explicit EmulatorProcess(const std::string& binary, std::vector<std::string> extra_args = {}) {
    SpawnOptions so;
    so.argv = {binary, "--exit-on-stdin-eof"};
    so.argv.insert(so.argv.end(), extra_args.begin(), extra_args.end());
    so.pipe_stdin = true;
    so.pipe_stderr = false;
    auto child = Subprocess::spawn(so);
    if (!child) throw std::runtime_error("cannot start " + binary + ": " + child.error().message);
    child_.emplace(std::move(*child));
    auto line = child_->read_line(std::chrono::seconds(10));
    if (!line) throw std::runtime_error("emulator did not report its ports: " + line.error().message);
    auto j = nlohmann::json::parse(*line);
    http_url_ = j.at("http_url").get<std::string>();
    https_url_ = j.at("https_url").get<std::string>();
    ca_file_ = j.at("ca_file").get<std::string>();
  }

  const std::string& http_url() const { return http_url_; }
  const std::string& https_url() const { return https_url_; }
  const std::string& ca_file() const { return ca_file_; }
  pid_t pid() const { return child_->pid(); }

  // POST /_emu/scenario; throws on failure so a broken setup cannot pass for a measurement.
  void set_scenario(const std::string& model, const nlohmann::json& scenario) {
    // The control API is on both ports; with --no-http it is reached over HTTPS with the emulator's CA.
    auto url = http::Url::parse((http_url_.empty() ? https_url_ : http_url_) + "/_emu/scenario");
    if (!url) throw std::runtime_error("emulator control URL: " + url.error().message);
    http::Request r;
    r.url = *url;
    r.body = nlohmann::json{{"model", model}, {"scenario", scenario}}.dump();
    http::ClientOptions opts;
    opts.ca_file = ca_file_;
    http::Pool pool;
    auto res = pool.fetch(r, opts);
    if (!res || res->head.status != 200)
      throw std::runtime_error("emulator rejected scenario for " + model + ": " +
                               (res ? res->body : res.error().message));
  }

  // A provider preset pointed at this emulator over https (or http), with a fake key.
  llm::Endpoint endpoint(const std::string& preset, bool https = true) const {
    config::Config cfg;
    auto spec = cfg.provider(preset);
    if (!spec) throw std::runtime_error(spec.error().message);
    std::string path = spec->base_url.path == "/" ? "" : spec->base_url.path;
    spec->base_url = *http::Url::parse((https ? https_url_ : http_url_) + path);
    spec->ca_file = ca_file_;
    return llm::Endpoint{*spec, Secret("sk-load-test-0123456789")};
  }

 private:
  std::optional<Subprocess> child_;
  std::string http_url_, https_url_, ca_file_;
};

}  // namespace byok::test
