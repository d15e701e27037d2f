// Registration of every method byok serves. Each feature lives in its own file and binds its methods to the
// dispatcher; lsp_server.cpp and nvim/ decide which sets a connection gets.
#pragma once

#include "protocol/rpc/dispatcher.h"
#include "protocol/server/session.h"

namespace byok::server {

// LSP document sync: textDocument/didOpen, didChange, didClose, didSave.
void register_text_sync(rpc::Dispatcher& d, Session& s);
// textDocument/inlineCompletion (LSP 3.18).
void register_inline_completion(rpc::Dispatcher& d, Session& s);
// byok/completionFeedback: shown / accepted / rejected suggestions, for LSP and Neovim alike.
void register_completion_feedback(rpc::Dispatcher& d, Session& s);
// textDocument/codeAction and workspace/executeCommand ("byok.rewrite").
void register_code_actions(rpc::Dispatcher& d, Session& s);

// The byok/* methods, shared by `byok lsp` and `byok nvim`.
void register_rewrite(rpc::Dispatcher& d, Session& s);
void register_chat(rpc::Dispatcher& d, Session& s);
void register_compare(rpc::Dispatcher& d, Session& s);
void register_conversations(rpc::Dispatcher& d, Session& s);
void register_models(rpc::Dispatcher& d, Session& s);
void register_usage(rpc::Dispatcher& d, Session& s);
void register_keys(rpc::Dispatcher& d, Session& s);
void register_estimate(rpc::Dispatcher& d, Session& s);
void register_actions(rpc::Dispatcher& d, Session& s);  // byok/actions, byok/runAction

inline void register_byok_methods(rpc::Dispatcher& d, Session& s) {
  register_rewrite(d, s);
  register_chat(d, s);
  register_compare(d, s);
  register_conversations(d, s);
  register_models(d, s);
  register_usage(d, s);
  register_keys(d, s);
  register_estimate(d, s);
  register_actions(d, s);
}

}  // namespace byok::server
