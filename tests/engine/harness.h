// Shared test harness: an in-process emulator and helpers to point a provider preset at it.
#pragma once

#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/llm/engine.h"
#include "tests/emulator/emulator.h"

namespace byok::test {

struct Collected {
  std::string text;
  std::optional<llm::Usage> usage;
  std::optional<llm::Finish> finish;
  std::vector<std::string> order;  // "delta", "usage", "finish"
};

inline llm::EventCallback collector(Collected& c) {
  return [&c](const llm::Event& ev) {
    if (auto* d = std::get_if<llm::TextDelta>(&ev)) {
      c.text += d->text;
      c.order.push_back("delta");
    } else if (auto* u = std::get_if<llm::Usage>(&ev)) {
      c.usage = *u;
      c.order.push_back("usage");
    } else if (auto* f = std::get_if<llm::Finish>(&ev)) {
      c.finish = *f;
      c.order.push_back("finish");
    }
  };
}

// A provider preset pointed at the emulator (https by default), with a fake key.
inline llm::Endpoint endpoint_for(const emu::Emulator& e, const std::string& preset, bool https = true) {
  config::Config cfg;
  auto spec = cfg.provider(preset);
  REQUIRE(spec.ok());
  std::string root = https ? e.https_url() : e.http_url();
  // Base URLs as each provider's SDK has them: OpenAI-style presets include their path prefix.
  std::string path = spec->base_url.path == "/" ? "" : spec->base_url.path;
  spec->base_url = *http::Url::parse(root + path);
  spec->ca_file = e.ca_file();
  return llm::Endpoint{*spec, Secret("sk-test-key-0123456789")};
}

inline llm::CallOptions fast_options() {
  llm::CallOptions o;
  o.retries.base_delay_ms = 20;
  o.retries.max_delay_ms = 100;
  o.timeouts.read_ms = 5000;
  return o;
}

inline llm::ChatRequest hello(const std::string& model) {
  llm::ChatRequest r;
  r.model = model;
  r.system = "You are terse.";
  r.messages.push_back({llm::Role::User, "Say hello"});
  r.max_tokens = 64;
  return r;
}

// A FIM request for `model` around a tiny Python function; the emulator answers with kFimMiddle.
inline llm::FimRequest fim_request(const std::string& model) {
  llm::FimRequest f;
  f.model = model;
  f.prefix = "def add(a, b):\n    ";
  f.suffix = "\n\nprint(add(1, 2))\n";
  f.max_tokens = 32;
  return f;
}

inline const std::string kFimMiddle = "return a + b;";

inline const std::string kDefaultReply = "Hello from the byok emulator — ünïcødé ✓ 👋.";

}  // namespace byok::test
