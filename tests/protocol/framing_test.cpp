// LSP framing and msgpack-rpc decoding, byte by byte: what a bad peer can send and what we make of it.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "protocol/rpc/lsp_framing.h"
#include "protocol/rpc/lsp_transport.h"
#include "protocol/rpc/msgpack_json.h"
#include "protocol/rpc/msgpack_transport.h"

using namespace byok::rpc;

namespace {

// Feeds `bytes` through a pipe (in a thread, so large inputs don't block) and collects the reader's items.
std::vector<LspFrameReader::Item> read_all(const std::string& bytes, FramingLimits limits = {}) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::thread writer([&] {
    size_t off = 0;
    while (off < bytes.size()) {
      ssize_t n = ::write(fds[1], bytes.data() + off, bytes.size() - off);
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  LspFrameReader reader(fds[0], limits);
  std::vector<LspFrameReader::Item> items;
  for (;;) {
    items.push_back(reader.next());
    if (std::holds_alternative<LspFrameReader::End>(items.back())) break;
  }
  writer.join();
  ::close(fds[0]);
  return items;
}

std::string body_of(const LspFrameReader::Item& i) { return std::get<LspFrameReader::Body>(i).bytes; }
std::string bad_of(const LspFrameReader::Item& i) { return std::get<LspFrameReader::BadFrame>(i).message; }

struct Recorder : MessageHandler {
  std::vector<std::string> log;
  bool on_notify(const std::string& m, json p) override { return log.push_back("notify " + m + " " + p.dump()), true; }
  bool on_call(const std::string& m, json p, json id) override {
    return log.push_back("call " + id.dump() + " " + m + " " + p.dump()), true;
  }
  void on_reply(const json& id, Outcome o) override {
    log.push_back("reply " + id.dump() + " " + (std::holds_alternative<json>(o) ? std::get<json>(o).dump() : std::get<RpcError>(o).message));
  }
  void on_bad_message(const RpcError& e, const std::optional<json>& id) override {
    log.push_back("bad " + std::to_string(e.code) + " " + (id ? id->dump() : "-") + " " + e.message);
  }
};

}  // namespace

TEST_CASE("framing: messages back to back - other headers ignored - LF-only lines accepted") {
  auto items = read_all(frame_lsp("{\"a\":1}") + "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n" +
                        "Content-Length: 7\r\n\r\n{\"b\":2}" + "Content-Length: 2\n\n{}");
  REQUIRE(items.size() == 4);
  CHECK(body_of(items[0]) == "{\"a\":1}");
  CHECK(body_of(items[1]) == "{\"b\":2}");
  CHECK(body_of(items[2]) == "{}");
  CHECK_FALSE(std::get<LspFrameReader::End>(items[3]).truncated);
}

TEST_CASE("framing: a header without Content-Length is reported and the next message still arrives") {
  auto items = read_all("Content-Type: x\r\n\r\n{\"lost\":true}\n" + frame_lsp("{\"ok\":1}"));
  REQUIRE(items.size() == 3);
  CHECK(bad_of(items[0]) == "message header without Content-Length");
  CHECK(body_of(items[1]) == "{\"ok\":1}");
}

TEST_CASE("framing: a non-numeric Content-Length names the value") {
  auto items = read_all("Content-Length: twelve\r\n\r\n{}" + frame_lsp("[1]"));
  CHECK(bad_of(items[0]) == "Content-Length is not a number: \"twelve\"");
  CHECK(body_of(items[1]) == "[1]");
}

TEST_CASE("framing: an oversized message is skipped unread and the connection goes on") {
  std::string big(5000, 'x');
  auto items = read_all(frame_lsp(big) + frame_lsp("{\"after\":1}"), FramingLimits{1000, 8192});
  REQUIRE(items.size() == 3);
  CHECK(bad_of(items[0]) == "message of 5000 bytes exceeds the limit of 1000 bytes; skipped");
  CHECK(body_of(items[1]) == "{\"after\":1}");
}

TEST_CASE("framing: a truncated body ends the reader with a reason") {
  auto items = read_all("Content-Length: 100\r\n\r\n{\"short\":");
  REQUIRE(items.size() == 1);
  CHECK(*std::get<LspFrameReader::End>(items[0]).truncated == "input ended inside a message body (9 of 100 bytes)");
}

TEST_CASE("framing: endless garbage without newlines does not grow memory and ends cleanly") {
  auto items = read_all(std::string(200000, 'g'));
  REQUIRE(items.size() == 1);
  CHECK(std::get<LspFrameReader::End>(items[0]).truncated);
}

TEST_CASE("jsonrpc: classification and invalid messages") {
  Recorder r;
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","id":1,"method":"m","params":{"x":1}})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","method":"n"})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","id":"s","result":[1]})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","id":2,"error":{"code":-1,"message":"no"}})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"1.0","id":3,"method":"m"})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","id":4,"method":7})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","id":5,"method":"m","params":"str"})"), r);
  dispatch_jsonrpc(json::parse(R"({"jsonrpc":"2.0","id":{"x":1},"method":"m"})"), r);
  dispatch_jsonrpc(json::parse(R"([1,2])"), r);
  std::vector<std::string> want = {
      R"(call 1 m {"x":1})",
      "notify n null",
      "reply \"s\" [1]",
      "reply 2 no",
      "bad -32600 3 jsonrpc: expected \"2.0\"",
      "bad -32600 4 method: expected string, got number",
      "bad -32600 5 params: expected object or array, got string",
      "bad -32600 null id: expected string or integer, got object",
      "bad -32600 null a JSON-RPC message must be an object, got array",
  };
  CHECK(r.log == want);
}

TEST_CASE("msgpack: messages of every type - Neovim EXT handles - params unwrapping") {
  Recorder r;
  dispatch_msgpack_rpc(json::array({0, 7, "byok/chat", json::array({json{{"prompt", "hi"}}})}), r);
  dispatch_msgpack_rpc(json::array({2, "byok/clear", json::array()}), r);
  dispatch_msgpack_rpc(json::array({1, 9, nullptr, json::array({"a", "b"})}), r);
  dispatch_msgpack_rpc(json::array({1, 10, json::array({0, "Invalid buffer id: 99"}), nullptr}), r);
  dispatch_msgpack_rpc(json::array({0, 8, "m"}), r);
  dispatch_msgpack_rpc(json::array({5, 1, 2}), r);
  std::vector<std::string> want = {
      R"(call 7 byok/chat {"prompt":"hi"})", "notify byok/clear {}", R"(reply 9 ["a","b"])",
      "reply 10 Invalid buffer id: 99",
      "bad -32600 - a request must have 4 elements [0, id, method, params], got 3",
      "bad -32600 - unknown msgpack-rpc message type 5",
  };
  CHECK(r.log == want);

  // A Buffer handle (EXT type 0 wrapping the integer 3) becomes the integer 3.
  msgpack::sbuffer sb;
  msgpack::packer<msgpack::sbuffer> pk(sb);
  pk.pack_ext(1, 0);
  char payload = 3;
  pk.pack_ext_body(&payload, 1);
  auto oh = msgpack::unpack(sb.data(), sb.size());
  auto j = msgpack_to_json(oh.get());
  REQUIRE(j);
  CHECK(*j == 3);
  // Round trip of text with multi-byte characters.
  json text = {{"t", "ünïcødé ✓ 👋 中文"}, {"n", -5}, {"f", 1.5}, {"a", {true, nullptr}}};
  auto bytes = to_msgpack_bytes(text);
  auto back = msgpack_to_json(msgpack::unpack(bytes.data(), bytes.size()).get());
  CHECK(*back == text);
}
