// The seam between a wire format and the code that handles messages (clangd's Transport/MessageHandler
// split): LspTransport (JSON-RPC with Content-Length framing) and MsgpackTransport (Neovim's msgpack-rpc)
// both turn bytes into these calls, so the method table and every handler are written once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/rpc/rpc_error.h"

namespace byok::rpc {

class MessageHandler {
 public:
  virtual ~MessageHandler() = default;
  // Return false to stop reading (after `exit`).
  virtual bool on_notify(const std::string& method, json params) = 0;
  virtual bool on_call(const std::string& method, json params, json id) = 0;
  virtual void on_reply(const json& id, Outcome outcome) = 0;
  // A message that could not be understood. `id` is set when the message's id could still be read, in
  // which case the peer is owed an error reply with it.
  virtual void on_bad_message(const RpcError& error, const std::optional<json>& id) = 0;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Thread-safe; never block on a slow peer for long (a bounded writer queue sits behind them).
  virtual void notify(std::string_view method, const json& params) = 0;
  virtual void call(std::string_view method, const json& params, const json& id) = 0;
  virtual void reply(const json& id, const Outcome& outcome) = 0;
  // Reads messages and hands them to `handler` until end of input, a framing error the reader cannot
  // recover from, or the handler returns false. Ok on a clean end; the error otherwise.
  virtual Status loop(MessageHandler& handler) = 0;
  // Writes whatever is queued and stops the writer.
  virtual void flush_and_close() = 0;
};

}  // namespace byok::rpc
