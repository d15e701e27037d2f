// Incremental document sync. Notifications cannot be answered, so a bad one is reported to the user with
// window/showMessage (and logged) and the document keeps its last good state.
#include "core/util/log.h"
#include "protocol/server/completion_service.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"

namespace byok::server {
namespace {

void report(Session& s, const std::string& method, const Error& e) {
  log::warn(method + ": " + e.message);
  s.notify("window/showMessage", {{"type", 1}, {"message", "byok: " + method + ": " + e.message}});
}

}  // namespace

void register_text_sync(rpc::Dispatcher& d, Session& s) {
  d.on_notification("textDocument/didOpen", [&s, &d](const nlohmann::json& params) {
    rpc::Params p(params);
    auto doc = p.object("textDocument");
    std::string uri = doc.string("uri");
    std::string lang = doc.opt_string("languageId").value_or("");
    int64_t version = doc.opt_integer("version").value_or(0);
    std::string text = doc.string("text");
    if (!p.ok()) return report(s, "textDocument/didOpen", p.error());
    s.documents.open(uri, lang, version, text);
    // Open (and handshake) the completion model's connection now, so the first suggestion pays no TLS
    // setup. Off the reader thread: resolving the key may run key_cmd. Once, not per opened file.
    if (s.completions().claim_warm_up()) d.spawn([&s] { s.completions().warm_up(); });
    // May it lend snippets to completions in other files? (.gitignore needs git: off this thread.)
    if (s.neighbours.enqueue(uri)) d.spawn([&s] { s.neighbours.vet_pending(); });
  });
  d.on_notification("textDocument/didChange", [&s](const nlohmann::json& params) {
    rpc::Params p(params);
    auto doc = p.object("textDocument");
    std::string uri = doc.string("uri");
    int64_t version = doc.opt_integer("version").value_or(0);
    std::vector<docs::ContentChange> changes;
    auto items = p.opt_object_array("contentChanges");
    if (p.ok() && !p.raw("contentChanges")) p.fail("contentChanges", "required");
    for (auto& c : items) {
      docs::ContentChange change;
      if (auto r = c.opt_object("range")) change.range = read_range(*r);
      change.text = c.string("text");
      changes.push_back(std::move(change));
    }
    if (!p.ok()) return report(s, "textDocument/didChange", p.error());
    if (auto st = s.documents.change(uri, version, changes); !st) report(s, "textDocument/didChange", st.error());
  });
  d.on_notification("textDocument/didClose", [&s](const nlohmann::json& params) {
    rpc::Params p(params);
    std::string uri = read_document_uri(p);
    if (!p.ok()) return report(s, "textDocument/didClose", p.error());
    s.documents.close(uri);
    s.neighbours.forget(uri);
  });
  d.on_notification("textDocument/didSave", [](const nlohmann::json&) {});
}

}  // namespace byok::server
