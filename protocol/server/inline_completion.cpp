// textDocument/inlineCompletion (LSP 3.18): ghost text at the cursor, from core/completion's engine (see
// completion_service.h): automatic requests are debounced adaptively and a newer one supersedes the older
// (its reply is RequestCancelled, its upstream socket closed); invoked ones run at once; the cache and
// typed-ahead answer without a request when they can.
//
// The handler runs inline, in message order: the document window is read before the next didChange can
// move it, and the request reaches the engine in the order the edits happened. The engine answers on its
// own threads, so nothing here blocks the reader.
//
// Each item carries `byokSuggestionId`, which hosts send back in byok/completionFeedback
// (shown / accepted / acceptedPartially / rejected) so the engine learns and the ledger counts acceptance.
#include <algorithm>

#include "protocol/server/completion_service.h"
#include "protocol/server/handlers.h"
#include "protocol/server/neighbours.h"
#include "protocol/server/lsp_types.h"

namespace byok::server {
namespace {

// The engine's prompt never exceeds its token budget (a few KiB); a window this large always covers it.
constexpr size_t kMinWindowBytes = 16 * 1024;

docs::Position to_docs(const completion::TextPosition& p) { return docs::Position{p.line, p.utf16_col}; }

std::optional<completion::Feedback::Kind> feedback_kind(const std::string& s) {
  using K = completion::Feedback::Kind;
  if (s == "shown") return K::Shown;
  if (s == "accepted") return K::Accepted;
  if (s == "acceptedPartially") return K::AcceptedPartially;
  if (s == "rejected") return K::Rejected;
  return std::nullopt;
}

}  // namespace

void register_inline_completion(rpc::Dispatcher& d, Session& s) {
  d.on_request("textDocument/inlineCompletion", rpc::Dispatcher::Run::Inline,
               [&s](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string uri = read_document_uri(p);
    docs::Position pos = read_position(p.object("position"));
    int64_t trigger = 1;  // InlineCompletionTriggerKind: 1 Invoked, 2 Automatic
    if (auto c = p.opt_object("context")) trigger = c->opt_integer("triggerKind", 1).value_or(1);
    std::string model = p.opt_string("model").value_or("");
    if (!p.ok()) return reply.error(p.error());

    CompletionRequest req;
    req.uri = uri;
    req.model = model;
    req.trigger = trigger == 2 ? completion::Trigger::Automatic : completion::Trigger::Invoked;
    req.cursor = {pos.line, pos.character};
    const auto settings = s.settings();
    auto snap = s.documents.with(uri, [&](const docs::Document& doc) -> Status {
      auto w = doc.window(pos, std::max(settings.prefix_bytes, kMinWindowBytes),
                          std::max(settings.suffix_bytes, kMinWindowBytes / 4));
      if (!w) return w.error();
      req.window = std::move(w->text);
      req.window_begin = w->begin;
      req.cursor_byte = w->cursor;
      req.document_size = w->document_size;
      req.language_id = doc.language_id();
      return ok_status();
    });
    if (!snap) return reply.error(snap.error());
    if (!*snap) {
      Error e = snap->error();
      e.type = "position";
      return reply.error(e);
    }
    req.neighbours = neighbour_snippets(s.documents, s.neighbours, uri, req.language_id);
    s.completions().request(std::move(req), cancel, [reply](Result<CompletionAnswer> r) {
      if (!r) return reply.error(r.error());
      nlohmann::json items = nlohmann::json::array();
      for (const auto& item : r->items) {
        items.push_back({{"insertText", item.text},
                         {"range", to_json(docs::Range{to_docs(item.range.begin), to_docs(item.range.end)})},
                         {"byokSuggestionId", item.id},
                         {"command", {{"title", "byok: suggestion accepted"},
                                      {"command", kCompletionAcceptedCommand},
                                      {"arguments", {item.id}}}}});
      }
      reply(nlohmann::json{{"items", items}, {"byok", {{"model", r->model}, {"source", r->source}}}});
    });
  });
}

void register_completion_feedback(rpc::Dispatcher& d, Session& s) {
  // {suggestionId, kind: "shown" | "accepted" | "acceptedPartially" | "rejected", acceptedChars?}
  d.on_notification("byok/completionFeedback", [&s](const nlohmann::json& params) {
    rpc::Params p(params);
    auto id = p.integer("suggestionId", 1);
    auto kind_name = p.one_of("kind", {"shown", "accepted", "acceptedPartially", "rejected"});
    auto chars = p.opt_integer("acceptedChars", 0).value_or(0);
    auto kind = feedback_kind(kind_name);
    // A notification has no reply: a bad one is reported the way unreadable messages are.
    Status st = p.ok() && kind ? s.completions().feedback(static_cast<uint64_t>(id), *kind, static_cast<size_t>(chars))
                               : Status(p.error());
    if (!st) {
      auto e = rpc::to_rpc_error(st.error());
      s.notify("byok/protocolError", {{"code", e.code}, {"message", "byok/completionFeedback: " + e.message}});
    }
  });

}

}  // namespace byok::server
