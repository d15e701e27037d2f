// Every fault the emulator can produce ends in a clear error naming the provider, with the text that
// already streamed kept.
#include <catch2/catch.hpp>

#include "tests/emulator/scenario.h"
#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;

namespace {
struct Outcome {
  Collected got;
  std::optional<Error> error;
  int attempts = 0;
};

// Runs one call (chat or FIM) and keeps what streamed, the error and the attempts.
template <class Call>
Outcome outcome_of(Call call) {
  Outcome o;
  auto r = call(collector(o.got));
  if (!r) o.error = r.error();
  else o.attempts = r->attempts;
  return o;
}

Outcome run(llm::Engine& engine, const llm::Endpoint& ep, const std::string& model, llm::CallOptions opts = fast_options()) {
  return outcome_of([&](const llm::EventCallback& cb) { return engine.chat(ep, hello(model), cb, {}, opts); });
}

Outcome run_fim(llm::Engine& engine, const llm::Endpoint& ep, const std::string& model, llm::CallOptions opts = fast_options()) {
  return outcome_of([&](const llm::EventCallback& cb) { return engine.fim(ep, fim_request(model), cb, {}, opts); });
}

// One preset per FIM wire format, and the other presets that share openai-completions.
const std::vector<std::string> kFimPresets = {"codestral", "openai", "deepseek", "vllm", "llamacpp", "ollama"};

// The model to ask for so that the emulator plays built-in scenario `name` (e.g. "emu-401"). llama.cpp's
// /infill body names no model (the server has one), so there the scenario is set for every model instead.
std::string arm(emu::Emulator& emu, const std::string& preset, const std::string& name) {
  emu.clear_scenarios();
  if (preset != "llamacpp") return name;
  emu.set_scenario("*", *emu::builtin_scenario(name));
  return "default";
}
}  // namespace

TEST_CASE("HTTP errors before streaming carry status and the provider's message", "[faults]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (std::string preset : {"openai", "anthropic", "gemini", "ollama"}) {
    for (int status : {401, 403, 404, 500, 503, 529}) {
      INFO(preset << " " << status);
      emu.clear_requests();
      auto ep = endpoint_for(emu, preset);
      auto o = run(engine, ep, "emu-" + std::to_string(status));
      REQUIRE(o.error);
      CHECK(o.error->kind == ErrorKind::Provider);
      CHECK(o.error->status == status);
      CHECK(o.error->provider == preset);
      CHECK(!o.error->message.empty());
      CHECK(o.error->message.find("HTTP") != 0);  // the provider's words, not ours
      CHECK(o.got.text.empty());
      bool retryable = status >= 500;
      CHECK(o.error->retryable == retryable);
      // Retryable statuses were retried (3 attempts), others were not.
      CHECK(emu.requests().size() == (retryable ? 3u : 1u));
    }
  }
}

TEST_CASE("mid-stream faults keep the partial text and name what went wrong", "[faults]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (std::string preset : {"openai", "anthropic", "gemini", "ollama"}) {
    INFO(preset);
    auto ep = endpoint_for(emu, preset);

    emu.clear_requests();
    auto mid = run(engine, ep, "emu-midstream-error");
    REQUIRE(mid.error);
    CHECK(mid.error->kind == ErrorKind::Provider);
    CHECK(!mid.got.text.empty());
    CHECK(kDefaultReply.rfind(mid.got.text, 0) == 0);
    CHECK(emu.requests().size() == 1);  // never retried after the first byte

    emu.clear_requests();
    auto reset = run(engine, ep, "emu-reset");
    REQUIRE(reset.error);
    CHECK((reset.error->kind == ErrorKind::Network || reset.error->kind == ErrorKind::Stream));
    CHECK(!reset.got.text.empty());
    CHECK(emu.requests().size() == 1);

    auto bad = run(engine, ep, "emu-malformed");
    REQUIRE(bad.error);
    CHECK(bad.error->kind == ErrorKind::Stream);
    CHECK_THAT(bad.error->message, Catch::Contains(preset));
    CHECK(!bad.got.text.empty());
  }
}

TEST_CASE("a huge single line is capped with a clear error and bounded memory", "[faults]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");
  auto opts = fast_options();
  opts.max_line_bytes = 1 << 20;
  emu::Scenario s;
  s.kind = emu::Scenario::Kind::HugeLine;
  s.huge_line_bytes = 8u << 20;
  emu.set_scenario("huge", s);
  auto o = run(engine, ep, "huge", opts);
  REQUIRE(o.error);
  CHECK(o.error->kind == ErrorKind::Stream);
  CHECK_THAT(o.error->message, Catch::Contains("longer than 1048576 bytes"));
}

TEST_CASE("a stream that never ends is cut at the answer cap", "[faults]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "openai");
  auto opts = fast_options();
  opts.max_answer_bytes = 4096;
  auto o = run(engine, ep, "emu-endless", opts);
  REQUIRE(o.error);
  CHECK_THAT(o.error->message, Catch::Contains("exceeded 4096 bytes"));
  CHECK(o.got.text.size() >= 4096);
  REQUIRE(emu.wait_for_request_end(0, std::chrono::seconds(5)));
  CHECK(emu.requests()[0].client_closed_early);
}

TEST_CASE("a stalled stream hits the read timeout and keeps the partial text", "[faults]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto ep = endpoint_for(emu, "anthropic");
  auto opts = fast_options();
  opts.timeouts.read_ms = 400;
  auto start = std::chrono::steady_clock::now();
  auto o = run(engine, ep, "emu-stall", opts);
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(o.error);
  CHECK(o.error->kind == ErrorKind::Timeout);
  CHECK_THAT(o.error->message, Catch::Contains("read timeout"));
  CHECK(!o.got.text.empty());
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("every FIM wire format reports HTTP errors with status, provider and retryability", "[faults][fim]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (const auto& preset : kFimPresets) {
    auto ep = endpoint_for(emu, preset);
    for (int status : {401, 500, 503, 529}) {
      INFO(preset << " " << status);
      emu.clear_requests();
      auto o = run_fim(engine, ep, arm(emu, preset, "emu-" + std::to_string(status)));
      REQUIRE(o.error);
      CHECK(o.error->kind == ErrorKind::Provider);
      CHECK(o.error->status == status);
      CHECK(o.error->provider == preset);
      CHECK(!o.error->message.empty());
      CHECK(o.got.text.empty());
      const bool retryable = status >= 500;
      CHECK(o.error->retryable == retryable);
      CHECK(emu.requests().size() == (retryable ? 3u : 1u));
    }
    // 429 carries Retry-After; one attempt so the test does not wait for it.
    INFO(preset << " 429");
    auto opts = fast_options();
    opts.retries.max_attempts = 1;
    auto limited = run_fim(engine, ep, arm(emu, preset, "emu-429"), opts);
    REQUIRE(limited.error);
    CHECK(limited.error->status == 429);
    CHECK(limited.error->provider == preset);
    CHECK(limited.error->retryable);
    REQUIRE(limited.error->retry_after);
    CHECK(*limited.error->retry_after == std::chrono::seconds(1));
  }
}

TEST_CASE("every FIM wire format keeps the partial middle on mid-stream faults", "[faults][fim]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  for (const auto& preset : kFimPresets) {
    INFO(preset);
    auto ep = endpoint_for(emu, preset);
    auto is_prefix_of_middle = [](const std::string& t) { return !t.empty() && kFimMiddle.rfind(t, 0) == 0; };

    emu.clear_requests();
    auto mid = run_fim(engine, ep, arm(emu, preset, "emu-midstream-error"));
    REQUIRE(mid.error);
    CHECK(mid.error->kind == ErrorKind::Provider);
    CHECK(mid.error->provider == preset);
    CHECK(is_prefix_of_middle(mid.got.text));
    CHECK(emu.requests().size() == 1);  // never retried after the first byte

    emu.clear_requests();
    auto reset = run_fim(engine, ep, arm(emu, preset, "emu-reset"));
    REQUIRE(reset.error);
    CHECK((reset.error->kind == ErrorKind::Network || reset.error->kind == ErrorKind::Stream));
    CHECK(is_prefix_of_middle(reset.got.text));
    CHECK(emu.requests().size() == 1);

    auto bad = run_fim(engine, ep, arm(emu, preset, "emu-malformed"));
    REQUIRE(bad.error);
    CHECK(bad.error->kind == ErrorKind::Stream);
    CHECK(bad.error->provider == preset);
    CHECK_THAT(bad.error->message, Catch::Contains(preset));
    CHECK(is_prefix_of_middle(bad.got.text));
  }
}
