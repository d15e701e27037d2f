// `byok nvim`: the engine as a Neovim RPC job (`jobstart({"byok", "nvim"}, {rpc = true})`), speaking
// msgpack-rpc on stdin/stdout. The plugin sends requests and notifications (byok/setup, byok/complete,
// byok/textChanged, byok/cursorMoved, …, plus every byok/* method the LSP server has); the engine calls
// Neovim's API itself (nvim_buf_get_lines, nvim_buf_set_extmark, nvim_buf_set_text, nvim_exec_lua).
//
// Never blocking Neovim: a plugin's rpcrequest() waits, so long methods can instead be sent as the
// notification `byok/request` {method, params, token}; the result comes back as a Lua call
// on_notify("byok/reply", {token, result | error}). Streamed pieces (byok/chatDelta, byok/rewriteDelta)
// are notifications to Neovim running the plugin's Lua handler: `nvim_exec_lua` with the handler named in
// byok/setup's `notify` (default `require('byok.engine').on_notify`), called as handler(method, params).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/config/config.h"
#include "core/llm/engine.h"

namespace byok::nvim {

struct NvimServerOptions {
  int in_fd = 0, out_fd = 1;
  std::string engine_version;
};

int run_nvim_server(const config::Config& cfg, llm::Engine& engine, const NvimServerOptions& opts);

// Every method `byok nvim` handles: (name, "request" | "notification").
std::vector<std::pair<std::string, std::string>> nvim_methods();

}  // namespace byok::nvim
