// Neovim's msgpack-rpc over a pair of file descriptors (stdin/stdout of a `jobstart(cmd, {rpc = true})`
// child): [0, id, method, params] requests, [1, id, error, result] responses, [2, method, params]
// notifications, in both directions.
//
// Params are arrays in msgpack-rpc. Calls from a Neovim plugin pass one table (`rpcrequest(ch, "byok/chat",
// {prompt = "…"})`), so a one-element params array is unwrapped to that element and an empty one becomes
// {} (so does a lone empty array: Lua's {} packs as one); outgoing params that are not arrays are wrapped in one. Errors go out as Neovim's [type, message] (type
// 1 = validation for bad requests, 0 = exception otherwise; Neovim shows the message). msgpack has no resynchronisation point, so undecodable bytes end the connection (after an
// error notification); a well-formed message of the wrong shape is answered and skipped.
#pragma once

#include "protocol/rpc/outbox.h"
#include "protocol/rpc/transport.h"

namespace byok::rpc {

class MsgpackTransport final : public Transport {
 public:
  MsgpackTransport(int in_fd, int out_fd, size_t max_message_bytes = 64u << 20);
  void notify(std::string_view method, const json& params) override;
  void call(std::string_view method, const json& params, const json& id) override;
  void reply(const json& id, const Outcome& outcome) override;
  Status loop(MessageHandler& handler) override;
  void flush_and_close() override { out_.close(); }

 private:
  int in_fd_;
  size_t max_bytes_;
  Outbox out_;
};

// Interprets one decoded msgpack-rpc message (as JSON) and calls the handler; shared with tests.
bool dispatch_msgpack_rpc(const json& message, MessageHandler& handler);

}  // namespace byok::rpc
