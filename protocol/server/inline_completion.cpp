// textDocument/inlineCompletion (LSP 3.18): ghost text at the cursor. A newer automatic request for the same
// document cancels the older one (its reply is RequestCancelled), so typing never queues stale work.
#include <map>
#include <mutex>

#include "protocol/server/completion_seam.h"
#include "protocol/server/handlers.h"
#include "protocol/server/lsp_types.h"

namespace byok::server {
namespace {

// The running automatic completion per document.
class Superseder {
 public:
  // Cancels the previous request for `uri` and remembers `cancel` as the current one; returns its ticket.
  uint64_t start(const std::string& uri, const CancelSource& cancel) {
    std::lock_guard lock(mu_);
    auto it = current_.find(uri);
    if (it != current_.end()) it->second.second.cancel();
    current_.insert_or_assign(uri, std::make_pair(++serial_, cancel));
    return serial_;
  }
  void done(const std::string& uri, uint64_t ticket) {
    std::lock_guard lock(mu_);
    auto it = current_.find(uri);
    if (it != current_.end() && it->second.first == ticket) current_.erase(it);
  }

 private:
  std::mutex mu_;
  uint64_t serial_ = 0;
  std::map<std::string, std::pair<uint64_t, CancelSource>> current_;
};

}  // namespace

void register_inline_completion(rpc::Dispatcher& d, Session& s) {
  auto superseder = std::make_shared<Superseder>();
  d.on_request("textDocument/inlineCompletion", rpc::Dispatcher::Run::Worker,
               [&s, superseder](const nlohmann::json& params, rpc::Reply reply, const CancelToken& cancel) {
    rpc::Params p(params);
    std::string uri = read_document_uri(p);
    docs::Position pos = read_position(p.object("position"));
    int64_t trigger = 1;
    if (auto c = p.opt_object("context")) trigger = c->opt_integer("triggerKind", 1).value_or(1);
    std::string model = p.opt_string("model").value_or("");
    if (!p.ok()) return reply.error(p.error());

    CompletionInput in;
    in.uri = uri;
    in.model = model;
    in.explicit_request = trigger == 1;
    auto settings = s.settings();
    auto snap = s.documents.with(uri, [&](const docs::Document& doc) -> Status {
      auto pre = doc.prefix(pos, settings.prefix_bytes);
      if (!pre) return pre.error();
      auto suf = doc.suffix(pos, settings.suffix_bytes);
      if (!suf) return suf.error();
      in.prefix = std::move(*pre);
      in.suffix = std::move(*suf);
      in.language_id = doc.language_id();
      return ok_status();
    });
    if (!snap) return reply.error(snap.error());
    if (!*snap) {
      Error e = snap->error();
      e.type = "position";
      return reply.error(e);
    }
    // Automatic requests for the same document supersede each other; explicit ones always run.
    CancelSource local;
    auto link = cancel.on_cancel([local]() mutable { local.cancel(); });
    uint64_t ticket = in.explicit_request ? 0 : superseder->start(uri, local);
    auto out = complete_at(s, in, local.token());
    if (ticket) superseder->done(uri, ticket);
    if (!out) return reply.error(out.error());
    nlohmann::json items = nlohmann::json::array();
    if (!out->text.empty())
      items.push_back({{"insertText", out->text}, {"range", to_json(docs::Range{pos, pos})}});
    reply(nlohmann::json{{"items", items}});
  });
}

}  // namespace byok::server
