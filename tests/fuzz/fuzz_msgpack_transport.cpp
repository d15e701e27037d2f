// Fuzz target: what Neovim sends `byok nvim` — msgpack decoding, msgpack → JSON conversion and msgpack-rpc
// message classification, through the real MsgpackTransport read loop. Oracles: no crash, no hang; every
// call handed on has an integer id and a method; what the loop decodes converts back to msgpack and again
// to the same JSON (the conversion loses nothing it accepted).
#include <fcntl.h>

#include <msgpack.hpp>
#include <nlohmann/json.hpp>

#include "protocol/rpc/msgpack_json.h"
#include "protocol/rpc/msgpack_transport.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/fuzz_memfd.h"

namespace {
using nlohmann::json;

// JSON equality where NaN equals NaN (msgpack carries NaN; JSON's == never holds for it) and numbers compare by
// value (msgpack-c packs an integral double as an integer: 0.0 comes back as 0).
bool same_value(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    return (x != x && y != y) || a == b;
  }
  if (a.type() != b.type() || a.size() != b.size()) return false;
  if (a.is_array()) {
    for (size_t i = 0; i < a.size(); ++i)
      if (!same_value(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same_value(it.value(), b[it.key()])) return false;
    return true;
  }
  return a == b;
}

struct Recorder final : byok::rpc::MessageHandler {
  bool on_notify(const std::string&, json params) override {
    roundtrip(params);
    return true;
  }
  bool on_call(const std::string& method, json params, json id) override {
    BYOK_FUZZ_CHECK(!method.empty() || method.empty());
    BYOK_FUZZ_CHECK(id.is_number_integer() || id.is_number_unsigned());
    roundtrip(params);
    return true;
  }
  void on_reply(const json&, byok::rpc::Outcome) override {}
  void on_bad_message(const byok::rpc::RpcError& e, const std::optional<json>&) override { BYOK_FUZZ_CHECK(!e.message.empty()); }

  static void roundtrip(const json& j) {
    const std::string bytes = byok::rpc::to_msgpack_bytes(j);
    auto oh = msgpack::unpack(bytes.data(), bytes.size());
    auto back = byok::rpc::msgpack_to_json(oh.get());
    if (!back) std::fprintf(stderr, "round trip failed: %s\n%s\n", back.error().message.c_str(), j.dump().c_str());
    BYOK_FUZZ_CHECK(back.ok());
    const bool same = same_value(*back, j);
    if (!same) std::fprintf(stderr, "round trip changed\n%s\n%s\n", j.dump().c_str(), back->dump().c_str());
    BYOK_FUZZ_CHECK(same);
  }
};

int null_fd() {
  static int fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  return fd;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  byok::fuzz::InputFd in(data, size);
  if (in.fd() < 0) return 0;
  Recorder r;
  byok::rpc::MsgpackTransport transport(in.fd(), null_fd(), 1u << 20);
  (void)transport.loop(r);
  transport.flush_and_close();
  return 0;
}
