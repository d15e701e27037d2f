// Faults after the answer has started: a 50 MB line without an end (capped, memory bounded), a stream that
// never ends (time cap), a server that stalls (read timeout) for every wire format. The text that arrived
// is always kept and the request is never retried (the user saw it; the provider billed it).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "tests/engine/harness.h"

using namespace byok;
using namespace byok::test;
using Clock = std::chrono::steady_clock;

namespace {
// Peak resident set of this process so far (VmHWM), in bytes.
size_t peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) * 1024;
  return 0;
}
}  // namespace

TEST_CASE("a 50 MB line without an end is capped with a clear error and bounded memory", "[faults][stream]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto opts = fast_options();  // default max_line_bytes: 8 MiB
  REQUIRE(opts.max_line_bytes == 8u << 20);
  for (std::string preset : {"openai", "ollama"}) {  // the SSE and the NDJSON decoder
    INFO(preset);
    emu.clear_requests();
    const size_t before = peak_rss_bytes();
    Collected got;
    auto start = Clock::now();
    auto r = engine.chat(endpoint_for(emu, preset), hello("emu-huge-line"), collector(got), {}, opts);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Stream);
    CHECK(r.error().provider == preset);
    CHECK_THAT(r.error().message, Catch::Contains("longer than 8388608 bytes"));
    CHECK(Clock::now() - start < std::chrono::seconds(20));
    // The cap bounds the line buffer; the rest of the 50 MB is never held. Allow the buffer's growth
    // (< 2 × cap) plus slack for the allocator and the in-process emulator.
    const size_t growth = peak_rss_bytes() - before;
    INFO("peak RSS growth " << growth / 1024 << " KiB");
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)  // shadow memory counts as RSS
    CHECK(growth < (24u << 20));
#endif
    REQUIRE(emu.wait_for_request_end(0, std::chrono::seconds(5)));
    CHECK(emu.requests()[0].client_closed_early);  // we hung up instead of draining 50 MB
    CHECK(emu.requests().size() == 1);
  }
}

TEST_CASE("a stream that never ends is cut at the total time limit, partial text kept", "[faults][stream]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  emu::Scenario endless;
  endless.kind = emu::Scenario::Kind::Endless;
  endless.token_ms = 5;
  emu.set_scenario("endless", endless);
  auto opts = fast_options();
  opts.timeouts.total_ms = 600;
  Collected got;
  auto start = Clock::now();
  auto r = engine.chat(endpoint_for(emu, "anthropic"), hello("endless"), collector(got), {}, opts);
  auto took = Clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Timeout);
  CHECK_THAT(r.error().message, Catch::Contains("total time limit"));
  CHECK(!got.text.empty());
  CHECK(took >= std::chrono::milliseconds(600));
  CHECK(took < std::chrono::seconds(5));
  REQUIRE(emu.wait_for_request_end(0, std::chrono::seconds(5)));
  CHECK(emu.requests()[0].client_closed_early);
  CHECK(emu.requests().size() == 1);
}

TEST_CASE("a stall mid-stream hits the read timeout for every wire format, partial text kept", "[faults][stream]") {
  emu::Emulator emu;
  emu.start();
  http::Pool pool;
  llm::Engine engine(pool);
  auto opts = fast_options();
  opts.timeouts.read_ms = 300;
  for (std::string preset : {"openai", "anthropic", "gemini", "ollama", "mistral"}) {
    INFO(preset);
    emu.clear_requests();
    Collected got;
    auto r = engine.chat(endpoint_for(emu, preset), hello("emu-stall"), collector(got), {}, opts);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Timeout);
    CHECK(r.error().provider == preset);
    CHECK_THAT(r.error().message, Catch::Contains("read timeout"));
    CHECK(!got.text.empty());
    CHECK(kDefaultReply.rfind(got.text, 0) == 0);  // what arrived is a clean prefix of the answer
    CHECK(emu.requests().size() == 1);
  }
}
