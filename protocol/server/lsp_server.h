// `byok lsp`: the LSP server. Owns the transport, the method table and the session; runs the read loop on
// the calling thread until the host sends `exit` or closes stdin.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/llm/engine.h"
#include "protocol/rpc/lsp_framing.h"

namespace byok::server {

struct LspServerOptions {
  int in_fd = 0, out_fd = 1;
  rpc::FramingLimits limits;
  std::string engine_version;
};

// Returns the process exit code: 0 after shutdown + exit or end of input, 1 for exit without shutdown (as
// LSP specifies), 2 when the input ended inside a message.
int run_lsp_server(const config::Config& cfg, llm::Engine& engine, const LspServerOptions& opts);

// Every method the LSP server handles: (name, "request" | "notification"). For `byok lsp --list-methods`
// and the contract test.
std::vector<std::pair<std::string, std::string>> lsp_methods();

}  // namespace byok::server
