// The method table's guarantees, without a process: exactly one reply per request (also when a handler
// forgets or replies twice), param errors with paths, unknown methods, cancellation, server→client calls.
#include <catch2/catch.hpp>
#include <mutex>
#include <thread>

#include "protocol/rpc/dispatcher.h"
#include "protocol/rpc/params.h"

using namespace byok;
using namespace byok::rpc;

namespace {

struct RecordingTransport : Transport {
  std::mutex mu;
  std::vector<json> out;
  void notify(std::string_view m, const json& p) override { push({{"notify", m}, {"params", p}}); }
  void call(std::string_view m, const json& p, const json& id) override { push({{"call", m}, {"id", id}, {"params", p}}); }
  void reply(const json& id, const Outcome& o) override {
    if (auto* e = std::get_if<RpcError>(&o)) push({{"id", id}, {"error", error_to_json(*e)}});
    else push({{"id", id}, {"result", std::get<json>(o)}});
  }
  Status loop(MessageHandler&) override { return ok_status(); }
  void flush_and_close() override {}
  void push(json j) {
    std::lock_guard lock(mu);
    out.push_back(std::move(j));
  }
  std::vector<json> snapshot() {
    std::lock_guard lock(mu);
    return out;
  }
};

}  // namespace

TEST_CASE("dispatcher: every request gets exactly one reply") {
  RecordingTransport t;
  {
    Dispatcher d(t);
    d.on_request("forgets", Dispatcher::Run::Inline, [](const json&, Reply, const CancelToken&) {});
    d.on_request("twice", Dispatcher::Run::Inline, [](const json&, Reply r, const CancelToken&) {
      r(json("first"));
      r(json("second"));
    });
    d.on_request("worker", Dispatcher::Run::Worker, [](const json& p, Reply r, const CancelToken&) { r(p); });
    d.on_call("forgets", json::object(), 1);
    d.on_call("twice", json::object(), 2);
    d.on_call("nope", json::object(), 3);
    d.on_call("worker", json{{"x", 1}}, 4);
    d.join_workers();
  }
  auto out = t.snapshot();
  REQUIRE(out.size() == 4);
  CHECK(out[0] == json::parse(R"({"id":1,"error":{"code":-32603,"message":"forgets: the handler ended without a reply"}})"));
  CHECK(out[1] == json::parse(R"({"id":2,"result":"first"})"));
  CHECK(out[2] == json::parse(R"({"id":3,"error":{"code":-32601,"message":"unknown method: nope"}})"));
  CHECK(out[3] == json::parse(R"({"id":4,"result":{"x":1}})"));
}

TEST_CASE("dispatcher: cancel by id reaches the handler's token - duplicate ids are refused") {
  RecordingTransport t;
  Dispatcher d(t);
  d.on_request("wait", Dispatcher::Run::Worker, [](const json&, Reply r, const CancelToken& c) {
    while (!c.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    r.error(Error(ErrorKind::Cancelled, "stopped"));
  });
  d.on_call("wait", json::object(), "a");
  d.on_call("wait", json::object(), "a");
  d.cancel_request(json("a"));
  d.join_workers();
  auto out = t.snapshot();
  REQUIRE(out.size() == 2);
  CHECK(out[0]["error"]["message"] == "id \"a\" is already in use by a running request");
  CHECK(out[1]["error"]["code"] == code::kRequestCancelled);
}

TEST_CASE("dispatcher: server to client calls get their answers routed back") {
  RecordingTransport t;
  Dispatcher d(t);
  std::thread caller([&] {
    auto r = d.call("byok/secret", json{{"provider", "openai"}}, std::chrono::seconds(5));
    REQUIRE(r);
    CHECK((*r)["key"] == "k");
  });
  for (int i = 0; i < 500 && t.snapshot().empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  auto sent = t.snapshot();
  REQUIRE(sent.size() == 1);
  d.on_reply(sent[0]["id"], json{{"key", "k"}});
  caller.join();
  auto timed_out = d.call("x", json(), std::chrono::milliseconds(20));
  CHECK(timed_out.error().kind == ErrorKind::Timeout);
}

TEST_CASE("params: errors name the JSON path and the types") {
  json p = json::parse(R"({"textDocument":{"uri":5},"range":{"start":{"line":0,"character":"x"}},"models":["a",2]})");
  {
    Params r(p);
    r.object("textDocument").string("uri");
    CHECK(r.error().message == "textDocument.uri: expected string, got integer");
    CHECK(r.error().type == "textDocument.uri");
  }
  {
    Params r(p);
    r.object("range").object("start").integer("character");
    CHECK(r.error().message == "range.start.character: expected integer, got string");
  }
  {
    Params r(p);
    r.opt_string_array("models");
    CHECK(r.error().message == "models[1]: expected string, got integer");
  }
  {
    Params r(p);
    r.object("range").object("end");
    CHECK(r.error().message == "range.end: required");
  }
  {
    Params r(json::array());
    CHECK(r.error().message == "params: expected object, got array");
  }
}
