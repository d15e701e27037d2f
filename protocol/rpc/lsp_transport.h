// JSON-RPC 2.0 over LSP framing on a pair of file descriptors (stdin/stdout for `byok lsp`).
// Classifies each message (request, notification, response) and reports bad ones with the JSON-RPC error
// the spec asks for: invalid JSON → -32700 with id null; a valid object that is not a request, notification
// or response → -32600 (with its id when it has a usable one).
#pragma once

#include "protocol/rpc/lsp_framing.h"
#include "protocol/rpc/outbox.h"
#include "protocol/rpc/transport.h"

namespace byok::rpc {

class LspTransport final : public Transport {
 public:
  LspTransport(int in_fd, int out_fd, FramingLimits limits = {});
  void notify(std::string_view method, const json& params) override;
  void call(std::string_view method, const json& params, const json& id) override;
  void reply(const json& id, const Outcome& outcome) override;
  Status loop(MessageHandler& handler) override;
  void flush_and_close() override { out_.close(); }

 private:
  void send(const json& message, bool may_wait);
  LspFrameReader reader_;
  Outbox out_;
};

// Interprets one decoded JSON-RPC message and calls the handler; shared with tests.
bool dispatch_jsonrpc(const json& message, MessageHandler& handler);

}  // namespace byok::rpc
